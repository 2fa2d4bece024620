"""`policydiff notice`: a header value is exactly one address, without control characters —
a CR/LF in --to was silently cut to its first address and the message sent (issue 8 audit)."""

from __future__ import annotations

import pytest
from test_hostile import one_error_line
from test_notice_smtp import NEW, OLD, smtp_server  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    "option, value",
    [
        ("--to", "b@x.invalid\r\nBcc: v@x.invalid"),
        ("--to", "b@x.invalid\nBcc: v@x.invalid"),
        ("--to", "a@x.invalid, b@y.invalid"),
        ("--to", "a@x.invalid b@y.invalid"),
        ("--from", "s@x.invalid\r\nBcc: v@x.invalid"),
        ("--from", "nobody"),
    ],  # fmt: skip
)
def test_an_injected_or_ambiguous_address_is_refused_and_nothing_is_sent(
    run_cli,
    smtp_server,  # noqa: F811
    option,
    value,
):
    ctl, inbox = smtp_server()
    args = ["--to", "ok@x.invalid", option, value] if option == "--from" else [option, value]
    code, out, err = run_cli("notice", OLD, NEW, "--effective-date", "2099-01-01", "--send",
                             "--smtp-host", "127.0.0.1", "--smtp-port", str(ctl.port), *args)  # fmt: skip
    line = one_error_line(code, out, err)
    assert line.startswith(f"policydiff: error: {option}: invalid address ")
    assert "\r" not in err and "Bcc: v@x.invalid\n" not in err
    assert inbox.envelopes == []


def test_a_line_break_in_a_configured_header_value_is_refused(run_cli, tmp_path):
    (tmp_path / "policydiff.toml").write_text(
        '[notice]\nsender = "s@x.invalid"\ncompany = "A\\r\\nBcc: v@x.invalid"\n', encoding="utf-8"
    )
    for p in (OLD, NEW):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    code, out, err = run_cli("notice", "old.md", "new.md", "--effective-date", "2099-01-01",
                             "-f", "eml", cwd=tmp_path)  # fmt: skip
    errors = [ln for ln in err.splitlines() if not ln.startswith("policydiff: warning:")]
    assert code == 2 and len(errors) == 1 and "notice.company" in errors[0], err


def test_a_named_address_is_still_accepted(run_cli, smtp_server):  # noqa: F811
    ctl, inbox = smtp_server()
    code, out, err = run_cli("notice", OLD, NEW, "--effective-date", "2099-01-01", "--send",
                             "--smtp-host", "127.0.0.1", "--smtp-port", str(ctl.port),
                             "--to", "利用者 <u@x.invalid>", "--from", "株式会社ミライテック <n@x.invalid>")  # fmt: skip
    assert code == 0, err
    assert inbox.envelopes and inbox.envelopes[0].rcpt_tos == ["u@x.invalid"]

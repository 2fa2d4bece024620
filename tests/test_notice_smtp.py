"""`policydiff notice --send`: end to end against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket
from pathlib import Path

import pytest

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OLD = REPO / "samples" / "articles-terms" / "old.md"
NEW = REPO / "samples" / "articles-terms" / "new.md"
SECRET = "s3cr3t-Pa55word-value"


def _errors(err: str) -> list[str]:
    """stderr without the settings warnings: an error must be exactly one line."""
    return [ln for ln in err.strip().splitlines() if not ln.startswith("policydiff: warning:")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"mirai"
        and auth_data.password == SECRET.encode()
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture
def smtp_server():
    def start(**kw):
        inbox = Inbox()
        ctl = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=_free_port(), **kw)
        ctl.start()
        started.append(ctl)
        return ctl, inbox

    started: list = []
    yield start
    for ctl in started:
        ctl.stop()


ARGS = ("notice", OLD, NEW, "--announce-date", "2027-01-04", "--effective-date", "2027-03-01",
        "--reason", "通知方法を定めるため", "--from", "ミライテック <notice@example.jp>")  # fmt: skip


def test_send_delivers_the_notice(run_cli, smtp_server, tmp_path):
    ctl, inbox = smtp_server()
    copy = tmp_path / "sent.eml"
    code, out, err = run_cli(*ARGS, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", ctl.port,
                             "--to", "user1@example.com", "--to", "user2@example.com", "-o", copy)  # fmt: skip
    assert code == 0, err
    assert out == ""
    assert (
        f"sent 「【重要】ミライノート利用規約改定のお知らせ」 to user1@example.com, user2@example.com via 127.0.0.1:{ctl.port}"
        in err
    )
    assert len(inbox.envelopes) == 1
    env = inbox.envelopes[0]
    assert env.mail_from == "notice@example.jp"
    assert env.rcpt_tos == ["user1@example.com", "user2@example.com"]
    msg = email.message_from_bytes(env.original_content, policy=email.policy.default)
    assert msg["Subject"] == "【重要】ミライノート利用規約改定のお知らせ"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "2027年3月1日（月）" in text and "通知方法を定めるため" in text
    assert "2027年3月1日（月）" in html
    assert copy.read_bytes().count(b"Message-ID:") == 1


def test_send_with_login_reads_the_password_from_the_environment(run_cli, smtp_server):
    ctl, inbox = smtp_server(
        authenticator=_authenticator,
        auth_require_tls=False,
    )
    base = (*ARGS, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", ctl.port, "--to", "u@example.com",
            "--smtp-user", "mirai", "--smtp-password-env", "PD_SMTP_PASSWORD")  # fmt: skip
    code, out, err = run_cli(*base, env={"PD_SMTP_PASSWORD": SECRET})
    assert code == 0, err
    assert len(inbox.envelopes) == 1
    assert SECRET not in out + err
    code, out, err = run_cli(*base, env={"PD_SMTP_PASSWORD": "wrong-" + SECRET})
    assert code == 2
    assert _errors(err) == [
        f"policydiff: error: SMTP authentication as 'mirai' failed at 127.0.0.1:{ctl.port} (535)"
    ]
    assert SECRET not in out + err and len(inbox.envelopes) == 1
    code, _, err = run_cli(*base, env={})
    assert code == 2 and "PD_SMTP_PASSWORD" in err and "not set" in err and len(_errors(err)) == 1


def test_connection_and_tls_failures_are_one_line(run_cli, smtp_server):
    port = _free_port()  # nothing listens there
    code, out, err = run_cli(
        *ARGS, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", port, "--to", "u@example.com"
    )
    assert code == 2 and out == ""
    assert _errors(err) == [
        f"policydiff: error: cannot connect to SMTP server 127.0.0.1:{port}: Connection refused"
    ]
    ctl, inbox = smtp_server()  # no TLS configured: STARTTLS is not offered
    code, _, err = run_cli(*ARGS, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", ctl.port, "--starttls", "--to", "u@example.com")  # fmt: skip
    assert code == 2 and len(_errors(err)) == 1
    assert _errors(err)[0].startswith(
        f"policydiff: error: SMTP server 127.0.0.1:{ctl.port} does not support STARTTLS"
    )
    assert inbox.envelopes == []


def test_send_needs_host_and_recipient(run_cli):
    code, _, err = run_cli(*ARGS, "--send", "--to", "u@example.com")
    assert code == 2 and "--smtp-host" in err
    code, _, err = run_cli(*ARGS, "--send", "--smtp-host", "127.0.0.1")
    assert code == 2 and "--to" in err
    code, _, err = run_cli(
        *ARGS, "--send", "--smtp-host", "127.0.0.1", "--to", "u@example.com", "--smtp-user", "x"
    )
    assert code == 2 and "--smtp-password-env" in err


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), trusted only where a test says so."""
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "cert.pem", d / "key.pem"


class TlsInbox(Inbox):
    async def handle_DATA(self, server, session, envelope):
        envelope.over_tls = session.ssl is not None
        return await super().handle_DATA(server, session, envelope)


def test_starttls_verified_and_refused(run_cli, certificate):
    import ssl

    cert, key = certificate
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert), str(key))
    inbox = TlsInbox()
    ctl = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=_free_port(), tls_context=ctx,
                                         require_starttls=True)  # fmt: skip
    ctl.start()
    try:
        base = (
            *ARGS,
            "--send",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            ctl.port,
            "--to",
            "u@example.com",
        )
        code, _, err = run_cli(*base, "--starttls", env={"SSL_CERT_FILE": str(cert)})
        assert code == 0, err
        assert len(inbox.envelopes) == 1 and inbox.envelopes[0].over_tls
        # the same server, its certificate not trusted: one line, exit 2, nothing sent
        code, _, err = run_cli(
            *base, "--starttls", env={"SSL_CERT_FILE": str(key.parent / "none.pem")}
        )
        assert code == 2
        assert _errors(err)[0].startswith(
            f"policydiff: error: TLS with 127.0.0.1:{ctl.port} failed:"
        )
        assert "CERTIFICATE_VERIFY_FAILED" in err and len(_errors(err)) == 1
        # without --starttls the server refuses the mail: one line, exit 2
        code, _, err = run_cli(*base)
        assert (
            code == 2
            and len(_errors(err)) == 1
            and _errors(err)
            == [
                f"policydiff: error: SMTP server 127.0.0.1:{ctl.port} answered 530 Must issue a STARTTLS command first"
            ]
        )
        assert len(inbox.envelopes) == 1
    finally:
        ctl.stop()

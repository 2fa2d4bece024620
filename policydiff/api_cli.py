"""What the CLI commands do, as plain functions (so they can be called and tested without typer)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from .errors import ExitCode


def run_compare(
    old: str,
    new: str,
    fmt: str,
    *,
    check: bool = False,
    config: Path | None = None,
    show_minor: bool = True,
    document_type: str | None = None,
    color: bool = False,
    debug: bool = False,
    read: tuple[str | None, str | None, tuple[str, ...]] = (None, None, ()),
) -> int:
    from .config import load_config
    from .errors import PolicydiffError
    from .load import read_policy
    from .pipeline import compare_policies
    from .render import render_text, to_json_text

    if document_type not in (None, "privacy", "terms"):
        raise PolicydiffError(f"--type must be privacy or terms, not {document_type!r}")
    if old == new == "-":
        raise PolicydiffError("OLD and NEW cannot both be - (standard input)")
    rules = load_config(config, files=(old, new))
    from .progress import on_terminal, stage

    with on_terminal(sys.stderr):  # a status line during a long run, on a terminal only
        report = compare_policies(
            read_input(old, read_policy),
            read_input(new, read_policy),
            rules=rules,
            document_type=document_type,
            read_options=read_options(*read),
        )
        _settled()
        stage("render")
        out = (
            to_json_text(report, show_minor=show_minor)
            if fmt == "json"
            else render_text(report, color=color, show_minor=show_minor)
        )
    sys.stdout.write(out)
    sys.stdout.flush()
    from .terminal import escape_line

    for w in report.warnings:
        print(f"policydiff: warning: {escape_line(w)}", file=sys.stderr)
    if debug:
        times = " ".join(f"{k}={v * 1000:.1f}ms" for k, v in report.timings.items())
        print(f"policydiff: timings: {times}", file=sys.stderr)
    if check and report.counts["material"]:
        return ExitCode.CHECK_FAILED
    return ExitCode.OK


def read_input(arg: str, read_file):
    """A policy argument: ``REV:path`` / ``:path`` through git, anything else via ``read_file``."""
    if ":" not in arg:  # never a revision (gitio says the same): no need to import it
        return read_file(arg)
    from .gitio import parse_revision_arg, read_revision_arg

    if parse_revision_arg(arg) is not None:
        return read_revision_arg(arg)
    return read_file(arg)


def run_parse(file: str, fmt: str, *, read: tuple = (None, None, ())) -> int:
    from .clauses import parse
    from .load import read_policy
    from .render import tree_chunks

    gc.disable()  # a large document is millions of objects, none of them in a cycle
    try:
        doc = parse(read_input(file, read_policy), read_options(*read))
    finally:
        gc.enable()
    _settled()
    for chunk in tree_chunks(doc, fmt=fmt):  # written as made: a large tree's JSON is big
        sys.stdout.write(chunk)
    if doc.fallback_reason:
        from .terminal import escape_line

        warning = escape_line(f"{doc.policy.source}: {doc.fallback_reason}")
        print(f"policydiff: warning: {warning}", file=sys.stderr)
    return ExitCode.OK


def _settled() -> None:
    """The result stays until the command ends: the collector leaves it alone from now on
    (it traversed a large document's millions of objects again and again while the output
    was rendered, most of the rendering time of 100 000 articles)."""
    gc.freeze()


def read_options(fmt: str | None, select: str | None, remove: tuple[str, ...]):
    from .readers import Format, ReadOptions

    return ReadOptions(Format(fmt) if fmt else None, select, tuple(remove))


def run_log(path: str, fmt: str, **options) -> int:
    from .history import run_log as history_log
    from .terminal import escape_controls, escape_json_text

    out = history_log(path, fmt, **options)
    sys.stdout.write(escape_json_text(out) if fmt == "json" else escape_controls(out))
    sys.stdout.flush()
    return ExitCode.OK


# --------------------------------------------------------------------------- notice / table


def _compare_for_notice(old: str, new: str, config: Path | None, document_type: str | None):
    from .config import load_config
    from .errors import PolicydiffError
    from .load import read_policy
    from .pipeline import compare_policies

    if document_type not in (None, "privacy", "terms"):
        raise PolicydiffError(f"--type must be privacy or terms, not {document_type!r}")
    rules = load_config(config, files=(old, new))
    return compare_policies(
        read_input(old, read_policy), read_input(new, read_policy),
        rules=rules, document_type=document_type,
    )  # fmt: skip


def _write(out: str | bytes, output: Path | None) -> None:
    data = out.encode("utf-8") if isinstance(out, str) else out
    if output is None:
        if isinstance(out, str):  # text, HTML or Markdown on stdout: control codes escaped
            from .terminal import escape_controls

            sys.stdout.write(escape_controls(out))
            sys.stdout.flush()
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    from .errors import InputError

    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _warn(lines) -> None:
    from .terminal import escape_line

    for w in lines:
        print(f"policydiff: warning: {escape_line(w)}", file=sys.stderr)


def run_notice(old: str, new: str, *, effective_date: str, announce_date: str | None = None,
               reason: str | None = None, fmt: str = "text", output: Path | None = None,
               force: bool = False, config: Path | None = None, template_dir: Path | None = None,
               document_type: str | None = None, settings: dict | None = None,
               to: list[str] | None = None, send: bool = False, smtp_host: str | None = None,
               smtp_port: int | None = None, starttls: bool = False, smtp_user: str | None = None,
               smtp_password_env: str | None = None) -> int:  # fmt: skip
    """``policydiff notice``: check the effective date, render the notice, optionally send it."""
    import datetime as dt

    from .config import load_notice_settings
    from .errors import PolicydiffError
    from .notices import LeadTimeError, lead_time, make_notice, parse_date, resolve

    if fmt not in ("text", "html", "markdown", "eml"):
        raise PolicydiffError(f"--format must be text, html, markdown or eml, not {fmt!r}")
    if send and not smtp_host:
        raise PolicydiffError("--send needs --smtp-host HOST")
    if smtp_user and not smtp_password_env:
        raise PolicydiffError(
            "--smtp-user needs --smtp-password-env VAR (the password is read only from the environment)"
        )
    effective = parse_date(effective_date, "--effective-date")
    announce = parse_date(announce_date, "--announce-date") if announce_date else dt.date.today()
    _check_target(output)
    report = _compare_for_notice(old, new, config, document_type)
    table, source = load_notice_settings(config, files=(old, new))
    s, warnings = resolve(report, table, settings or {}, source, email=fmt == "eml" or send)
    if not reason:
        from .wording import PLACEHOLDERS

        reason = PLACEHOLDERS["reason"]
        warnings.append(f"--reason is not given; the notice shows {reason}")
    if report.verdict == "identical":
        warnings.append(f"{old} and {new} are identical: the notice announces no change")
    recipients = list(to or []) or ([s.recipient] if s.recipient else [])
    if fmt == "eml" or send:
        _check_addresses(
            recipients, s.sender, bool(to), bool((settings or {}).get("sender")), source
        )
    if send and not recipients:
        raise PolicydiffError(
            "--send needs --to ADDRESS (or notice.recipient in the configuration)"
        )
    lt = lead_time(
        announce, effective, old=report.old, new=report.new, configured_days=s.min_lead_days
    )
    if not lt.ok:
        if not force:
            raise LeadTimeError(lt.problem())
        warnings.append(f"--force: {lt.problem().removesuffix('; --force overrides')}")
    want = ("text", "html") if fmt == "eml" or send else (fmt,)
    notice = make_notice(report, s, announce=announce, effective=effective, reason=reason,
                         template_dir=template_dir, formats=want)  # fmt: skip
    # the settings warnings only once the notice is out: a refusal (a failed send, an
    # unwritable -o) is then the one line the user reads, and a rerun shows the warnings
    code = _deliver(notice, s, warnings, recipients, fmt=fmt, output=output, send=send,
                    smtp=(smtp_host, smtp_port, starttls, smtp_user, smtp_password_env))  # fmt: skip
    return code


def _deliver(notice, s, warnings, recipients, *, fmt, output, send, smtp) -> int:
    smtp_host, smtp_port, starttls, smtp_user, smtp_password_env = smtp
    if fmt == "eml" or send:
        from .notices.mail import build_message, password_from_env
        from .notices.mail import send as smtp_send

        msg = build_message(notice.subject, notice.text, notice.html, sender=s.sender,
                            to=recipients, company=s.company)  # fmt: skip
        if send:
            password = password_from_env(smtp_password_env)
            where = smtp_send(msg, host=smtp_host, port=smtp_port, starttls=starttls,
                              user=smtp_user, password=password)  # fmt: skip
            _warn(warnings)
            print(
                f"policydiff: sent 「{notice.subject}」 to {', '.join(recipients)} via {where}",
                file=sys.stderr,
            )
            if output is not None:
                _write(msg.as_bytes(), output)
            return ExitCode.OK
        _write(msg.as_bytes(), output)
        _warn(warnings)
        return ExitCode.OK
    _write({"text": notice.text, "html": notice.html, "markdown": notice.markdown}[fmt], output)
    _warn(warnings)
    return ExitCode.OK


def _check_target(output: Path | None) -> None:
    """Refuse an -o that cannot be written before the comparison and the rendering."""
    if output is None:
        return
    from .errors import InputError

    target = Path(output)
    if target.is_dir():
        raise InputError(f"{output}: is a directory, expected an output file")
    if not target.parent.is_dir():
        raise InputError(f"{output}: cannot write: no such folder {str(target.parent)!r}")


def _check_addresses(recipients: list[str], sender: str, to_given: bool, from_given: bool,
                     source: str) -> None:  # fmt: skip
    from .notices.mail import check_address
    from .wording import PLACEHOLDERS

    where = source or "policydiff.toml [notice]"
    for r in recipients:
        check_address(r, "--to" if to_given else f"notice.recipient in {where}")
    check_address(sender, "--from" if from_given else f"notice.sender in {where}",
                  placeholder=PLACEHOLDERS["sender"])  # fmt: skip


def run_table(old: str, new: str, *, fmt: str = "html", output: Path | None = None,
              old_left: bool = False, full: bool = False, config: Path | None = None,
              template_dir: Path | None = None, document_type: str | None = None,
              document: str | None = None) -> int:  # fmt: skip
    """``policydiff table``: the 新旧対照表."""
    from .errors import PolicydiffError
    from .notices import make_table

    if fmt not in ("html", "markdown", "docx"):
        raise PolicydiffError(f"--format must be html, markdown or docx, not {fmt!r}")
    if fmt == "docx" and output is None and sys.stdout.isatty():
        raise PolicydiffError("--format docx writes a binary file: give -o FILE.docx")
    _check_target(output)
    report = _compare_for_notice(old, new, config, document_type)
    if not document:
        from .config import load_notice_settings

        document = load_notice_settings(config, files=(old, new))[0].get("document", "")
    out = make_table(report, fmt, old_left=old_left, full=full, document=document or "",
                     template_dir=template_dir)  # fmt: skip
    if report.verdict == "identical":
        _warn([f"{old} and {new} are identical: the table has no changed row"])
    _write(out, output)
    return ExitCode.OK

"""What the CLI commands do, as plain functions (so they can be called and tested without typer)."""

from __future__ import annotations

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
    report = compare_policies(
        read_input(old, read_policy), read_input(new, read_policy),
        rules=rules, document_type=document_type,
    )  # fmt: skip
    out = (
        to_json_text(report, show_minor=show_minor)
        if fmt == "json"
        else render_text(report, color=color, show_minor=show_minor)
    )
    sys.stdout.write(out)
    sys.stdout.flush()
    for w in report.warnings:
        print(f"policydiff: warning: {w}", file=sys.stderr)
    if debug:
        times = " ".join(f"{k}={v * 1000:.1f}ms" for k, v in report.timings.items())
        print(f"policydiff: timings: {times}", file=sys.stderr)
    if check and report.counts["material"]:
        return ExitCode.CHECK_FAILED
    return ExitCode.OK


def read_input(arg: str, read_file):
    """A policy argument: ``REV:path`` / ``:path`` through git, anything else via ``read_file``."""
    from .gitio import parse_revision_arg, read_revision_arg

    if parse_revision_arg(arg) is not None:
        return read_revision_arg(arg)
    return read_file(arg)


def run_parse(file: str, fmt: str) -> int:
    from .load import read_policy
    from .parse import parse
    from .render import render_tree

    doc = parse(read_input(file, read_policy))
    sys.stdout.write(render_tree(doc, fmt=fmt))
    if doc.fallback_reason:
        print(f"policydiff: warning: {file}: {doc.fallback_reason}", file=sys.stderr)
    return ExitCode.OK


def run_log(path: str, fmt: str, **options) -> int:
    from .history import run_log as history_log

    sys.stdout.write(history_log(path, fmt, **options))
    sys.stdout.flush()
    return ExitCode.OK

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
    read: tuple[str | None, str | None, tuple[str, ...]] = (None, None, ()),
) -> int:
    from .config import load_config
    from .load import read_policy
    from .pipeline import compare_policies
    from .render import render_text, to_json_text

    rules = load_config(config)
    if document_type not in (None, "privacy", "terms"):
        from .errors import PolicydiffError

        raise PolicydiffError(f"--type must be privacy or terms, not {document_type!r}")
    report = compare_policies(
        read_policy(old),
        read_policy(new),
        rules=rules,
        document_type=document_type,
        read_options=read_options(*read),
    )
    out = (
        to_json_text(report)
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


def run_parse(file: str, fmt: str, *, read: tuple = (None, None, ())) -> int:
    from .clauses import parse
    from .load import read_policy
    from .render import render_tree

    doc = parse(read_policy(file), read_options(*read))
    sys.stdout.write(render_tree(doc, fmt=fmt))
    if doc.fallback_reason:
        print(f"policydiff: warning: {file}: {doc.fallback_reason}", file=sys.stderr)
    return ExitCode.OK


def read_options(fmt: str | None, select: str | None, remove: tuple[str, ...]):
    from .readers import Format, ReadOptions

    return ReadOptions(Format(fmt) if fmt else None, select, tuple(remove))

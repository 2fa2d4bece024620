#!/usr/bin/env python3
"""``policydiff log`` over a long history of a real policy, against one compare of two of its
versions (issue 10: log ≤ 3× one compare).

The history is built in a temporary git repository with one ``git fast-import`` from the
saved versions v1…vK of a source under ``../shared/real/<source>/`` (or, without
``../shared``, the old and new text of the first sample pair), decoded (BOM dropped) with
``\n`` newlines. ``--history hunks`` (default) replays the real steps one line hunk per
commit, forth and back; ``--history versions`` walks the whole versions forth and back
(v1 … vK … v2, v1 …). Every commit has its own dated revision line (``2000年1月1日 改定``),
so every commit is a distinct blob and every step has changes.

Both figures are whole processes, bytecode cached (see ``bench.py``), median of ``--runs``
alternating runs: ``policydiff log policy.md --format json`` and
``policydiff compare old.md new.md --format json`` of the last two versions written as files.

    python3 benchmarks/log.py [--versions 100] [--source NAME] [--runs 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench import (  # noqa: E402
    Figure,
    add_command_options,
    command_from,
    find_default_pair,
    measure_pair,
    prepare_bytecode,
    print_figures,
    shared_dir,
)

NAME = "policy.md"
IDENTITY = "Bench <bench@example.invalid>"


def _step_key(p: Path) -> int:
    m = re.match(r"v(\d+)-v\d+$", p.name)
    return int(m.group(1)) if m else -1


def real_versions(source: Path) -> list[bytes]:
    """v1…vK of one source of ``real/``: the first step's old, then every step's new."""
    steps = sorted((p for p in source.iterdir() if _step_key(p) >= 0), key=_step_key)
    if not steps:
        return []
    old = next(steps[0].glob("old.*"))
    return [old.read_bytes()] + [next(s.glob("new.*")).read_bytes() for s in steps]


def real_sources() -> list[Path]:
    shared = shared_dir()
    root = shared / "real" if shared else None
    if root is None or not root.is_dir():
        return []
    return [d for d in sorted(root.iterdir()) if d.is_dir() and len(real_versions(d)) >= 2]


def default_source() -> Path | None:
    """The real source with the most versions, the larger one on a tie."""
    sources = real_sources()
    if not sources:
        return None
    return max(sources, key=lambda d: (len(real_versions(d)), sum(map(len, real_versions(d)))))


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp932")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def hunk_texts(versions: list[str], n: int) -> list[str]:
    """``n`` texts, each the one before with the next line hunk of a real step applied: the
    steps v1→v2 … are replayed one hunk per commit (top first), then undone the same way
    (vK → … → v1), and again, until there are ``n``; a small edit per commit, as committed
    by hand, each taken from the publisher's own revisions. Each commit also has its own
    dated revision line, as a policy's 改定日 changes with every revision: the walk back
    revisits texts, and a repeated blob would be analysed once, which no real history gives."""
    import difflib

    lines = versions[0].split("\n")
    out = ["\n".join(lines)]
    steps = list(zip(versions, versions[1:], strict=False))
    walk = steps + [(b, a) for a, b in reversed(steps)]
    while len(out) < n:
        for old, new in walk:
            a, b = old.split("\n"), new.split("\n")
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            shift = 0  # lines inserted minus removed so far in this step
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "equal":
                    continue
                lines[i1 + shift : i2 + shift] = b[j1:j2]
                shift += (j2 - j1) - (i2 - i1)
                out.append("\n".join(lines))
                if len(out) == n:
                    return [_dated(t, k) for k, t in enumerate(out)]
            lines = b[:]  # exactly the next version (the hunks rebuild it)
    return [_dated(t, k) for k, t in enumerate(out[:n])]


def _dated(text: str, k: int) -> str:
    """``text`` with the revision line of the k-th commit (one a month from January 2000)."""
    return text.rstrip("\n") + f"\n\n{2000 + k // 12}年{k % 12 + 1}月1日 改定\n"


def version_texts(versions: list[str], n: int) -> list[str]:
    """``n`` texts walking the whole versions forth and back, each with its own revision line
    (every commit a whole real revision: the stress case)."""
    order = list(range(len(versions))) + list(range(len(versions) - 2, 0, -1))
    return [_dated(versions[order[k % len(order)]], k) for k in range(n)]


def build_history(where: Path, texts: list[str], name: str = NAME) -> None:
    """One commit per text, oldest first, with a single ``git fast-import``."""
    subprocess.run(["git", "init", "-q", str(where)], check=True)
    stream = bytearray()
    for k, text in enumerate(texts, 1):
        data, msg = text.encode("utf-8"), f"version {k}".encode()
        stream += f"commit refs/heads/main\nmark :{k}\n".encode()
        stream += f"committer {IDENTITY} {946652400 + 86400 * k} +0900\n".encode()
        stream += b"data %d\n%s\n" % (len(msg), msg)
        if k > 1:
            stream += f"from :{k - 1}\n".encode()
        stream += f"M 100644 inline {name}\n".encode() + b"data %d\n%s\n" % (len(data), data)
    subprocess.run(["git", "fast-import", "--quiet"], input=bytes(stream), cwd=where, check=True)
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=where, check=True)
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=where, check=True)


def history_of(source: Path | None) -> tuple[str, list[str]]:
    """(label, decoded versions) of a real source, or of the sample pair without one."""
    if source is not None:
        return f"real/{source.name}", [_text(v) for v in real_versions(source)]
    old, new = find_default_pair()
    return f"samples/{old.parent.name}", [_text(old.read_bytes()), _text(new.read_bytes())]


HISTORIES = {"hunks": hunk_texts, "versions": version_texts}


def measure_log(tmp: Path, source: Path | None, n: int, runs: int, cmd: list[str],
                kind: str = "hunks") -> Figure:  # fmt: skip
    label, versions = history_of(source)
    texts = HISTORIES[kind](versions, n)
    repo = tmp / "history"
    build_history(repo, texts)
    old, new = tmp / "log-old.md", tmp / "log-new.md"
    old.write_text(texts[-2], encoding="utf-8")
    new.write_text(texts[-1], encoding="utf-8")
    return measure_pair(
        f"log, {n} commits ({kind}) of {label}",
        [*cmd, "log", NAME, "--format", "json"],
        [*cmd, "compare", str(old), str(new), "--format", "json"],
        runs,
        repo,
        target=3.0,
        floor_name="one compare of its last two versions",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", type=int, default=100)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--source", help="a source under ../shared/real (default: the longest)")
    ap.add_argument("--all", action="store_true", help="every real source, one after another")
    ap.add_argument("--history", choices=list(HISTORIES), default="hunks",
                    help="hunks: one real line hunk per commit (default); versions: one whole "
                    "real version per commit")  # fmt: skip
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    add_command_options(ap)
    args = ap.parse_args()
    cmd = command_from(args)
    print(prepare_bytecode(cmd))
    if args.all:
        sources: list[Path | None] = list(real_sources()) or [None]
    elif args.source:
        shared = shared_dir()
        src = shared / "real" / args.source if shared else None
        if src is None or not src.is_dir():
            ap.error(f"no source {args.source!r} under ../shared/real")
        sources = [src]
    else:
        sources = [default_source()]
    figures = []
    with tempfile.TemporaryDirectory(prefix="policydiff-log-bench-") as tmp:
        for k, src in enumerate(sources):
            where = Path(tmp) / str(k)
            where.mkdir()
            figures.append(measure_log(where, src, args.versions, args.runs, cmd, args.history))
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps([f.to_dict() for f in figures], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

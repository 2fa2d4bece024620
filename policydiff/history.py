"""A policy's history: every commit that touched it, each with a verdict (``policydiff log``).

The commits come from ``git log --follow`` (renames followed). Each distinct version (blob)
is decoded, parsed and tokenized once (:func:`policydiff.pipeline.prepare`) and consecutive
versions are compared, so a history of N versions costs N analyses and N-1 alignments.
The first version of the file is compared with an empty document.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .errors import GitError, InputError, PolicydiffError
from .load import fingerprint_of
from .model import Policy, Report
from .reuse import KEEP_ANALYSED

SCHEMA_VERSION = 1
_SEP, _FIELD = "\x1e", "\x1f"
_FORMAT = _SEP + _FIELD.join(("%H", "%P", "%aI", "%an", "%s"))


@dataclass(frozen=True)
class Revision:
    """One commit of the file's history, as ``git log --follow`` lists it."""

    commit: str
    date: str
    author: str
    subject: str
    path: str  # the file's name in this commit (renames followed)
    status: str  # A, M, R…, C…, D or "" (a merge without a status line)
    blob: str | None  # hex id of the file's blob in this commit; None when deleted
    parents: bool = True  # False for a root commit (no parent)


@dataclass(frozen=True)
class LogEntry:
    revision: Revision
    parent: str | None  # the commit of the previous version, which this one is compared with
    verdict: str  # identical | minor | material
    counts: dict[str, int] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    review: bool = False

    def to_dict(self) -> dict:
        r = self.revision
        return {
            "commit": r.commit,
            "parent": self.parent,
            "date": r.date,
            "author": r.author,
            "subject": r.subject,
            "verdict": self.verdict,
            "counts": dict(self.counts),
            "categories": list(self.categories),
            "review": self.review,
        }


# --------------------------------------------------------------------------- listing commits


def file_history(repo, path: str, *, since: str | None = None) -> list[Revision]:
    """Commits touching ``path`` (repository-relative), newest first, renames followed.

    ``git log --follow`` misses a rename whose content changed by more than half (a policy
    renamed and rewritten in one commit); such a commit is taken for a rename when it adds
    this file and deletes exactly one other file of the same kind (see :func:`_renamed_from`).
    """
    revisions = list(_parse_log(repo, _git_log(repo, path, since), path))
    seen: set[str] = set()
    while revisions and revisions[-1].status.startswith("A") and revisions[-1].commit not in seen:
        first = revisions[-1]
        seen.add(first.commit)
        old = _renamed_from(repo, first)
        if old is None:
            break
        older = list(_parse_log(repo, _git_log(repo, old, since, start=f"{first.commit}^"), old))
        if not older:
            break
        revisions[-1] = dataclasses.replace(first, status="R")
        revisions += older
    return revisions


def _git_log(repo, path: str, since: str | None, start: str | None = None) -> str:
    from .gitio import GitFailed

    # --raw names each version's blob, so no commit or tree is read per revision
    args = ["--follow", "-M", f"--format={_FORMAT}", "--raw", "--no-abbrev", *_since(since)]
    try:
        return repo.run(
            ["-c", "core.quotePath=false", "log", *args, *([start] if start else []), "--", path]
        )
    except GitFailed as exc:
        msg = " ".join(exc.stderr.replace("fatal:", "").split()) or str(exc.status)
        raise GitError(f"{path}: git log failed: {msg}") from None


def _renamed_from(repo, rev: Revision) -> str | None:
    """The file ``rev`` replaces: the one file of the same suffix its commit deletes, when the
    commit adds no other file of that suffix; else None."""
    if not rev.parents:
        return None
    out = repo.run(
        ["-c", "core.quotePath=false", "show", "--format=", "--name-status", "--no-renames",
         rev.commit]
    )  # fmt: skip
    suffix = PurePosixPath(rev.path).suffix.lower()
    changed = [ln.split("\t", 1) for ln in out.splitlines() if "\t" in ln]
    same = [(st, p) for st, p in changed if PurePosixPath(p).suffix.lower() == suffix]
    deleted = [p for st, p in same if st == "D"]
    added = [p for st, p in same if st == "A"]
    return deleted[0] if len(deleted) == 1 and added == [rev.path] else None


_NOW_WORDS = {"now", "today"}


def check_since(repo, since: str) -> None:
    """Refuse a --since that git would not read as a date. git's approxidate never fails: what
    it cannot read ("garbage", "--output=X") becomes the current time, which lists nothing —
    a silently empty log. A value that opens with '-' is never handed on."""
    import time

    bad = GitError(
        f"--since {since!r}: not a date (e.g. 2024-04-01, '2024-04-01 12:00', '3 months ago')"
    )
    text = since.strip()
    if not text or text.startswith("-"):
        raise bad
    if text.lower() in _NOW_WORDS:
        return
    before = int(time.time())
    out = repo.run(["rev-parse", f"--since={text}"])
    after = int(time.time())
    stamp = out.strip().removeprefix("--max-age=")
    if not stamp.isdigit() or before - 1 <= int(stamp) <= after + 1:
        raise bad


def _since(since: str | None) -> list[str]:
    return [f"--since={since}"] if since else []


def _parse_log(repo, out: str, path: str) -> Iterable[Revision]:
    current = path
    for block in out.split(_SEP)[1:]:
        header, _, rest = block.partition("\n")
        commit, parents, date, author, subject = header.split(_FIELD, 4)
        status, here, before, blob = _status(rest, current)
        if status.startswith("D"):
            blob = None
        elif blob is None:  # a merge lists no raw line: look the file up in its tree
            blob = _blob_id(repo, commit, here)
        yield Revision(commit, date, author, subject, here, status, blob, bool(parents.strip()))
        current = before


_GITLINK = "160000"  # a submodule: no file of ours


def _status(rest: str, current: str) -> tuple[str, str, str, str | None]:
    """(status, path in this commit, path in the commit before, blob in this commit or None
    when not listed) from ``--raw`` lines (``:mode mode old new STATUS\tpath[\tpath]``)."""
    for line in rest.splitlines():
        if not line.startswith(":"):
            continue
        meta, *paths = line.split("\t")
        fields = meta.split()
        if len(fields) < 5 or not paths:
            continue
        status, blob = fields[4], (None if fields[1] == _GITLINK else fields[3])
        if len(paths) == 2 and status[:1] in "RC":
            return status, paths[1], paths[0], blob
        return status, paths[0], paths[0], blob
    return "", current, current, None


def _blob_id(repo, commit: str, path: str) -> str | None:
    """The blob of ``path`` in ``commit``, or None when the commit has no such file."""
    out = repo.run(["ls-tree", "-z", "--full-tree", commit, "--", path])
    for line in out.split("\0"):
        meta, _, name = line.partition("\t")
        fields = meta.split()
        if name == path and len(fields) == 3 and fields[1] == "blob":
            return fields[2]
    return None


# --------------------------------------------------------------------------- verdicts


def select(
    revisions: list[Revision], shown_ids: set[str] | None, max_count: int | None
) -> list[int]:
    """Indexes (into ``revisions``, newest first) of the entries to show."""
    idx = [i for i, r in enumerate(revisions) if shown_ids is None or r.commit in shown_ids]
    return idx[:max_count] if max_count is not None else idx


def build_log(
    repo,
    revisions: list[Revision],
    indexes: list[int],
    *,
    rules=None,
    progress: Callable[[int, int], None] | None = None,
) -> list[LogEntry]:
    """One entry per selected revision, each compared with the version before it.

    The revisions are visited newest first; a version is needed by two consecutive steps,
    and again when a later commit reverts to it: the last KEEP_ANALYSED analyses are kept
    (a long history would otherwise hold every version's clause tree).
    """
    # the kept versions are let go before the collector is back (it would traverse them all)
    with _collector_paused():
        return _walk(repo, revisions, indexes, rules, progress)


def _walk(repo, revisions, indexes, rules, progress) -> list[LogEntry]:
    from .reuse import across_versions

    policies: dict[str | None, Policy] = {}
    blobs = _Blobs(repo, _wanted_blobs(revisions, indexes))

    def policy(rev: Revision | None) -> Policy:
        key = rev.blob if rev is not None else None
        if key not in policies:
            policies[key] = _policy(rev, blobs.read)
        return policies[key]

    with across_versions(KEEP_ANALYSED) as analyses:

        def analysed(rev: Revision | None):
            return analyses.prepared(rev.blob if rev is not None else None, lambda: policy(rev))

        return _entries(revisions, indexes, policy, analysed, rules, progress)


@contextmanager
def _collector_paused():
    """The cyclic garbage collector paused for the walk (restored after, also on error): the
    versions kept analysed are tens of thousands of objects, which it traversed again and
    again between the steps (4 % of a 100-commit log); none of them is in a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _entries(revisions, indexes, policy, analysed, rules, progress) -> list[LogEntry]:
    from .pipeline import compare_prepared, same_text_report

    entries = []
    for done, i in enumerate(indexes, 1):
        rev = revisions[i]
        prev = revisions[i + 1] if i + 1 < len(revisions) else None
        parent = prev.commit if prev is not None else None
        if (prev.blob if prev else None) == rev.blob:
            entries.append(LogEntry(rev, parent, "identical", {"material": 0, "minor": 0}))
        elif policy(prev).text == policy(rev).text:  # other bytes, same text (BOM, newlines)
            entries.append(_entry(rev, parent, same_text_report(policy(prev), policy(rev))))
        else:
            report = compare_prepared(analysed(prev), analysed(rev), rules=rules)
            entries.append(_entry(rev, parent, report))
        if progress:
            progress(done, len(indexes))
    return entries


def _wanted_blobs(revisions: list[Revision], indexes: list[int]) -> list[str]:
    """The blobs the entries at ``indexes`` read, in the order they read them."""
    out = []
    for i in indexes:
        rev = revisions[i]
        prev = revisions[i + 1] if i + 1 < len(revisions) else None
        if (prev.blob if prev else None) != rev.blob:
            out += [r.blob for r in (prev, rev) if r is not None and r.blob is not None]
    return list(dict.fromkeys(out))


class _Blobs:
    """Blob bytes read ``window`` at a time, in the order the entries want them, with one
    ``git cat-file --batch`` each (a blob at a time was a round trip to git per version)."""

    def __init__(self, repo, order: list[str], window: int = 32) -> None:
        self.repo, self.order, self.window = repo, order, window
        self.at = {b: k for k, b in enumerate(order)}
        self.kept: dict[str, bytes] = {}
        self.read_once: set[str] = set()

    def read(self, blob: str) -> bytes:
        from .gitio import read_blobs

        if blob not in self.kept:
            k = self.at.get(blob)
            ahead = [] if k is None else self.order[k : k + self.window]
            ahead = [b for b in ahead if b not in self.read_once]
            self.kept.update(read_blobs(self.repo, [blob, *ahead]))
        self.read_once.add(blob)
        return self.kept.pop(blob)


def _policy(rev: Revision | None, read: Callable[[str], bytes]) -> Policy:
    """A version as a Policy; no file (before the first commit, after a deletion) is empty."""
    from .load import decode_policy

    if rev is None or rev.blob is None:
        return empty_policy("(none)")
    source = f"{rev.commit[:7]}:{rev.path}"
    data = read(rev.blob)
    if not data.strip():
        return empty_policy(source)
    try:
        return decode_policy(data, source)
    except InputError as exc:
        raise GitError(str(exc)) from None


def empty_policy(source: str) -> Policy:
    """The empty document the first version of a file is compared with."""
    return Policy(source=source, text="", encoding="utf-8", fingerprint=fingerprint_of(b""))


def _entry(rev: Revision, parent: str | None, report: Report) -> LogEntry:
    cats: list[str] = []
    for c in report.changes:
        for cat in c.categories:
            if cat not in cats:
                cats.append(cat)
    review = any(bool(getattr(c, "review", False)) for c in report.changes)
    return LogEntry(rev, parent, report.verdict, dict(report.counts), tuple(cats), review)


# --------------------------------------------------------------------------- output


def to_json(path: str, entries: list[LogEntry]) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "path": path,
        "entries": [e.to_dict() for e in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_text(path: str, entries: list[LogEntry]) -> str:
    """One line per commit: date, short id, verdict, counts, subject, categories, review."""
    lines = []
    for e in entries:
        r = e.revision
        counts = f"{e.counts.get('material', 0)} material, {e.counts.get('minor', 0)} minor"
        tail = f"  [{', '.join(e.categories)}]" if e.categories else ""
        tail += "  review" if e.review else ""
        renamed = f"  ({r.path})" if r.path != path else ""
        lines.append(
            f"{r.date[:10]}  {r.commit[:7]}  {e.verdict:<9}  {counts:<22}  {r.subject}{renamed}{tail}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream=None, minimum: int = 3) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.minimum = minimum
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.minimum:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\rpolicydiff log: [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run_log(
    path: str,
    fmt: str = "text",
    *,
    reverse: bool = False,
    max_count: int | None = None,
    since: str | None = None,
    config=None,
    cwd: str | os.PathLike[str] | None = None,
) -> str:
    """The whole ``policydiff log`` as a function: returns the text to print."""
    from .config import load_config
    from .gitio import open_git_command_line, worktree_path

    if max_count is not None and max_count < 0:
        raise PolicydiffError(f"--max-count must be 0 or more, not {max_count}")
    rules = load_config(config)
    repo = open_git_command_line(cwd)
    if since is not None:
        check_since(repo, since)
    rel = worktree_path(repo, path, cwd)
    revisions = file_history(repo, rel)
    if not revisions:
        raise GitError(f"{path}: no commit touches this path")
    shown = {r.commit for r in file_history(repo, rel, since=since)} if since else None
    bar = Progress()
    try:
        entries = build_log(repo, revisions, select(revisions, shown, max_count), rules=rules,
                            progress=bar)  # fmt: skip
    finally:
        bar.close()
    if reverse:
        entries.reverse()
    return to_json(rel, entries) if fmt == "json" else to_text(rel, entries)

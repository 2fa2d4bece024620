"""markdown-it tokens of a document's sections, kept by their text while a memo is active.

``policydiff log`` reads every version of a policy, and most sections of a version are the
sections of the version before, byte for byte. Within :func:`active`, the Markdown reader
cuts the source before each ATX heading that starts a line after a blank line, parses each
section on its own, and keeps the tokens by the section's text: a section seen in an earlier
version is not parsed again (its tokens get their line numbers moved).

The cut changes nothing: a blank line closes every paragraph, table, quote and HTML block of
types 6–7, and a heading at column 0 closes every list, so each section parses the same alone
as in the whole (no section starts inside front matter). A document the cut could change is
parsed whole: one with a fence or a line
opening with ``<`` (code and HTML blocks run across blank lines), with a ``]:`` (a link
reference definition is seen by every section) or with a carriage return.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_UNSAFE = re.compile(r"^ {0,3}(?:```|~~~|<)|\]:|\r", re.MULTILINE)
MAX_ENTRIES = 20_000  # sections kept (a bound for long histories)

_memo: dict[str, list] | None = None


@contextmanager
def active() -> Iterator[None]:
    """Keep sections' tokens for the duration (nested uses share the outer memo)."""
    global _memo
    if _memo is not None:
        yield
        return
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def parse(md, src: str) -> list:
    """``md.parse(src)``, from kept sections where a memo is active and the cut is safe."""
    if _memo is None or _UNSAFE.search(src):
        return md.parse(src)
    lines = src.split("\n")
    after = _front_matter_end(lines)
    cuts = [] if after is None else [
        n for n in range(after + 1, len(lines))
        if _HEADING.match(lines[n]) and not lines[n - 1].strip(" \t")
    ]  # fmt: skip
    if not cuts:
        return md.parse(src)
    tokens: list = []
    lent: set[int] = set()  # sections already in this document (a repeated one is copied)
    for start, end in zip([0, *cuts], [*cuts, len(lines)], strict=True):
        section = "\n".join(lines[start:end])
        if end < len(lines):
            section += "\n"
        kept = _section(md, section)
        tokens += _placed(kept, start, copy=id(kept) in lent)
        lent.add(id(kept))
    return tokens


def _front_matter_end(lines: list[str]) -> int | None:
    """The line closing the front matter (0 when none opens), None when unsure.

    Front matter (mdit-py-plugins) opens with 3+ dashes on the first line and runs to the
    first line of as many dashes or of ``...``; no section may start inside it."""
    count = len(lines[0]) - len(lines[0].lstrip("-"))
    if count < 3:
        return 0
    for n in range(1, len(lines)):
        s = lines[n].lstrip(" ")
        if not s.startswith(("-", "...", "\t")):
            continue
        indent = len(lines[n]) - len(s)
        if s.startswith("...") and not indent and not s[3:].strip(" \t"):
            return n
        body = s.rstrip(" \t")
        if indent < 4 and set(body) == {"-"} and len(body) >= count:
            return n
        return None  # a line that might close it, or not: parse the document whole
    return None


def _section(md, text: str) -> list:
    """The section's tokens, kept with their line numbers as parsed (from 0)."""
    kept = _memo.get(text)
    if kept is None:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        toks = md.parse(text)
        kept = _memo[text] = [(t, (t.map[0], t.map[1]) if t.map else None) for t in toks]
    return kept


def _placed(kept: list, by: int, copy: bool) -> list:
    """The section's tokens with their line numbers moved ``by`` lines.

    The kept tokens are lent to one reading at a time (the reader reads them and lets them
    go), so their ``map`` is set in place; a section repeated within one document gets
    copies for its second and later places."""
    if copy:
        from markdown_it.token import Token

        return [
            t if base is None else Token(
                t.type, t.tag, t.nesting, t.attrs, [base[0] + by, base[1] + by], t.level,
                t.children, t.content, t.markup, t.info, t.meta, t.block, t.hidden,
            )
            for t, base in kept
        ]  # fmt: skip
    for t, base in kept:
        if base is not None:
            t.map = [base[0] + by, base[1] + by]
    return [t for t, _ in kept]

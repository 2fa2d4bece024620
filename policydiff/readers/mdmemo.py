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
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
# a line opening a fence or an HTML block (the other unsafe marks, 「]:」 and a carriage
# return, are looked for as substrings: one pattern for all three tried every position)
_UNSAFE_LINE = re.compile(r"^ {0,3}(?:```|~~~|<)", re.MULTILINE)
MAX_ENTRIES = 20_000  # sections kept (a bound for long histories)

_memo: dict[str, list] | None = None
_read: dict[str, tuple] | None = None  # section text → what the reader made of it alone


def is_active() -> bool:
    return _memo is not None


@contextmanager
def active() -> Iterator[None]:
    """Keep sections' tokens for the duration (nested uses share the outer memo)."""
    global _memo, _read
    if _memo is not None:
        yield
        return
    _memo, _read = {}, {}
    try:
        yield
    finally:
        _memo = _read = None


def section_starts(src: str) -> list[int] | None:
    """The lines where the sections of ``src`` start (the first is 0), or None when the
    document is one piece: the cut is unsafe (see the module) or there is nothing to cut."""
    if "]:" in src or "\r" in src or _UNSAFE_LINE.search(src):
        return None
    lines = src.split("\n")
    after = _front_matter_end(lines)
    if after is None:
        return None
    cuts = [
        n for n in range(after + 1, len(lines))
        if _HEADING.match(lines[n]) and not lines[n - 1].strip(" \t")
    ]  # fmt: skip
    return [0, *cuts] if cuts else None


def parse(md, src: str) -> list:
    """``md.parse(src)``, from kept sections where a memo is active and the cut is safe."""
    starts = section_starts(src) if _memo is not None else None
    if starts is None:
        return md.parse(src)
    lines = src.split("\n")
    tokens: list = []
    lent: set[int] = set()  # sections already in this document (a repeated one is copied)
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        section = "\n".join(lines[start:end])
        if end < len(lines):
            section += "\n"
        kept = _section(md, section)
        if kept is None:  # nested past the parser's limit: it skips to the end of its input
            return md.parse(src)
        tokens += _placed(kept, start, copy=id(kept) in lent)
        lent.add(id(kept))
    return tokens


def read_by_sections(text: str, read_alone: Callable[[str], tuple | None]):
    """The blocks of ``text``, its front matter and the shift of each block (see
    :class:`~policydiff.readers.Reading`), put together from what ``read_alone(section)``
    made of each section on its own, kept by the section's text; None when the document is
    one piece, or when a section does not read alone as within the whole (``read_alone``
    returns None: the reader's state runs on past its end).

    ``read_alone`` gives ``(blocks, metadata)``, the blocks' offsets counted from the
    section's start; they are given as they are, each with the offset of its section as
    its shift: a kept section that comes back at another offset (every section after an
    edit) is not copied block by block."""
    if _read is None:
        return None
    starts = section_starts(text)
    if starts is None:
        return None
    lines = text.split("\n")
    blocks: list = []
    shifts: list[int] = []
    metadata = ""
    offset = 0
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        section = "\n".join(lines[start:end])
        if end < len(lines):
            section += "\n"
        kept = _read.get(section)
        if kept is None:
            if len(_read) >= MAX_ENTRIES:
                _read.clear()
            got = read_alone(section)
            if got is None:
                return None
            kept = _read[section] = (got[0], got[1])  # blocks, metadata
        blocks += kept[0]
        shifts += [offset] * len(kept[0])
        metadata = metadata or kept[1]
        offset += len(section)
    return tuple(blocks), metadata, tuple(shifts)


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


def _section(md, text: str) -> list | None:
    """The section's tokens, kept with their line numbers as parsed (from 0); None when the
    parse reached the nesting limit (markdown-it then skips the rest of its input, which in
    the whole document is more than this section)."""
    kept = _memo.get(text)
    if kept is None:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        toks = md.parse(text)
        if any(t.level >= md.options.maxNesting - 2 for t in toks):
            return None
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

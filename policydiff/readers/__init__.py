"""Stage 1b — text to blocks: one reader per format (text, markdown, html).

Every reader turns a loaded :class:`~policydiff.model.Policy` into the same format-neutral
:class:`Reading`: a stream of :class:`Block` records, one per line of visible text, that
tile the reading text (the source itself for text and Markdown; for HTML, the visible
lines of the page). Each block carries its visible text, what the markup said about it
(heading level, list marker and depth, table cells and header, a gap before it) and its
inline markup (:class:`Mark`: links with their targets, anchors, emphasis).

The clause parser (:mod:`policydiff.clauses`) builds the tree from blocks and never sees
the markup itself. Readers are imported lazily: ``policydiff --help`` loads neither
markdown-it-py nor selectolax.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

from ..errors import InputError
from ..model import Mark, Policy


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class BlockKind(StrEnum):
    BLANK = "blank"  # a line with no visible text (blank line, markup only, front matter)
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item (its first line carries the marker)
    ROW = "row"  # a table row


@dataclass(frozen=True, slots=True)  # slots: one per line of a document
class Block:
    """One line of visible text with what the markup says about it.

    ``start``/``end`` index the reading text (``end`` includes the newline); ``raw`` is
    that line without its newline. A paragraph or item over several lines is several
    blocks; all but the first have ``gap=False`` and the kind of the first.
    """

    kind: BlockKind
    text: str  # visible text, marker excluded
    start: int
    end: int
    raw: str
    level: int = 0  # heading level 1–6
    indent: int = 0  # columns of indentation (list nesting for HTML)
    marker: str = ""  # list marker as written: "-", "*", "・", "1.", "1)"
    ordered: bool = False  # the marker is a number (ordered list)
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()  # the header cells of the table a row belongs to
    marks: tuple[Mark, ...] = ()
    gap: bool = True  # a block boundary (blank line, new element) precedes this line
    noise: bool = False  # a page number or separator: kept, never content


@dataclass(frozen=True)
class Reading:
    """What a reader made of one policy."""

    format: Format
    text: str  # the text the blocks tile
    blocks: tuple[Block, ...]
    metadata: str = ""  # front matter, as written (compared on its own, never a clause)
    # block k lies shifts[k] characters further on in ``text`` than its offsets say (blocks
    # kept by section across versions, mdmemo.py: not copied to each new place); () for none
    shifts: tuple[int, ...] = ()

    def visible(self) -> str:
        """The visible text, one line per non-blank block."""
        return "".join(b.text + "\n" for b in self.blocks if b.text)

    def placed(self) -> Reading:
        """The same reading with every block at its place in ``text`` (no shifts)."""
        if not any(self.shifts):
            return dataclasses.replace(self, shifts=())
        blocks = tuple(
            dataclasses.replace(b, start=b.start + d, end=b.end + d) if d else b
            for b, d in zip(self.blocks, self.shifts, strict=True)
        )
        return dataclasses.replace(self, blocks=blocks, shifts=())


@dataclass(frozen=True)
class ReadOptions:
    """How to read: a forced format, and CSS selectors for HTML pages."""

    format: Format | None = None
    select: str | None = None
    remove: tuple[str, ...] = ()


_EXT = {
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".mdown": Format.MARKDOWN,
    ".mkd": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
}


def detect_format(policy: Policy) -> Format:
    """The extension first (.md, .html …), then the content."""
    from .sniff import sniff

    ext = PurePath(policy.source).suffix.lower()
    return _EXT.get(ext) or sniff(policy.text)


def read(policy: Policy, options: ReadOptions | None = None) -> Reading:
    """Read a policy into blocks with the reader of its format."""
    options = options or ReadOptions()
    fmt = options.format or detect_format(policy)
    if not policy.text:  # the empty version a new file is compared with (the loader refuses
        return Reading(fmt, "", ())  # empty files, so this is no input a user gave)
    if (
        (options.select or options.remove)
        and options.format is None
        and _looks_like_markup(policy.text)
    ):
        fmt = Format.HTML  # CSS selectors are for pages
    if fmt is Format.HTML:
        from .html import read_html

        reading = read_html(policy.text, select=options.select, remove=options.remove)
    elif fmt is Format.MARKDOWN:
        from .markdown import read_markdown

        reading = read_markdown(policy.text)
    else:
        from .text import read_text

        reading = read_text(policy.text)
    if fmt is not Format.TEXT and not any(b.text.strip() for b in reading.blocks):
        raise InputError(f"{policy.source}: no readable text in this {fmt.value} document")
    return reading


def _looks_like_markup(text: str) -> bool:
    return "<" in text and "</" in text

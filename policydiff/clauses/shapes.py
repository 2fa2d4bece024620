"""What each block looks like before it is placed in the tree: heading, body line, plain.

A :class:`Shape` joins what the reader said (heading level, list marker, indentation) with
the Japanese numbering found in the visible text (:mod:`.markers`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum

from ..model import Kind, Mark
from ..readers import Block, BlockKind
from ..sharing import share
from .markers import ARTICLE, CHAPTER, DIGITS, KOU, body_marker, canon_number, title_of

TERMINAL = tuple("。．.、，,:：;；")


class ShapeKind(Enum):
    BLANK = "blank"  # no visible text (blank line, markup only, page number)
    HEADING = "heading"
    BODY = "body"  # a numbered or bulleted line (項, 号), a table row
    PLAIN = "plain"  # a line without a marker
    CAPTION = "caption"  # 「（目的）」 before the article it names
    CAPTION_AFTER = "caption_after"  # 「（目的）」 after a bare 「第1条」


@dataclass(slots=True)  # slots: one per line of a document
class Shape:
    kind: ShapeKind
    style: str = ""
    marker: str = ""
    number: str = ""
    content: str = ""  # text after the marker
    text: str = ""  # readable line: marker kept
    title: str = ""
    md_level: int = 0  # the heading level the markup gave (0: none)
    indent: int = 0
    node_kind: Kind = Kind.PARAGRAPH
    gap: bool = True  # a blank line or a block boundary before this line
    marks: tuple[Mark, ...] = field(default=())

    def promote(self, kind: Kind, style: str) -> None:
        """A body or plain line recognised as a heading: its words become the title."""
        self.kind, self.node_kind, self.style = ShapeKind.HEADING, kind, style
        self.title = self.content.strip()

    @property
    def is_blank(self) -> bool:
        return self.kind is ShapeKind.BLANK


MAX_KEPT = 50_000  # shapes kept while a history is walked (a bound for long histories)
_kept: dict[tuple, Shape] | None = None


@contextmanager
def kept_across_versions() -> Iterator[None]:
    """Keep each block's shape by what it says (its offsets aside) for the duration: most
    lines of a version are those of the version before (nested uses share the outer one)."""
    global _kept
    if _kept is not None:
        yield
        return
    _kept = {}
    try:
        yield
    finally:
        _kept = None


def shape_blocks(blocks: Sequence[Block]) -> list[Shape]:
    """The shape of every block, each a fresh one (the passes change them): recognised anew
    or copied from the shape kept for a block that says the same."""
    memo = _kept
    if memo is None:
        return [shape_block(b) for b in blocks]
    if len(memo) >= MAX_KEPT:
        memo.clear()
    out = []
    for b in blocks:
        key = (b.kind, b.text, b.level, b.indent, b.marker, b.ordered, b.gap, b.marks)
        sh = memo.get(key)
        if sh is None:
            sh = memo[key] = shape_block(b)
        out.append(_copy(sh))
    return out


def _copy(s: Shape) -> Shape:
    return Shape(s.kind, s.style, s.marker, s.number, s.content, s.text, s.title, s.md_level,
                 s.indent, s.node_kind, s.gap, s.marks)  # fmt: skip


def shape_block(b: Block) -> Shape:
    """Recognise one block (what it says: its offsets, raw line, cells and header aside)."""
    if b.kind is BlockKind.BLANK or not b.text.strip():
        return Shape(ShapeKind.BLANK, gap=b.gap)
    if b.kind is BlockKind.ROW:
        return Shape(ShapeKind.BODY, "table", "", "", b.text, b.text, "", 0, b.indent, Kind.ITEM,
                     b.gap, b.marks)  # fmt: skip
    md_level = b.level if b.kind is BlockKind.HEADING else 0
    bullet = b.marker if b.marker and not b.ordered else ""
    s = f"{b.marker} {b.text}" if b.ordered and b.marker else b.text
    s_clean = s.strip(" \t\u3000") if md_level or bullet else s.strip(" \t")
    inner = s_clean.lstrip("\u3000")
    sh = _numbered_heading(inner, s_clean, md_level, bool(bullet))
    if sh is None:
        sh = _body_or_plain(inner, s_clean, md_level, bullet, b.indent)
    else:
        sh.indent = b.indent
    sh.gap, sh.marks = b.gap, b.marks
    return sh


def _numbered_heading(inner: str, s_clean: str, md_level: int, bullet: bool) -> Shape | None:
    """第N章 / 第N条 / N項: a heading (or a 項 line) whatever the markup."""
    first = inner[:1]
    if first != "第" and first not in DIGITS:
        return None  # none of the three patterns can match
    m = CHAPTER.match(inner)
    if m and not bullet:
        rest = m.group(3).strip()
        title = title_of(rest) or (rest if len(rest) <= 40 and not rest.endswith(TERMINAL) else "")
        marker = inner[: len(inner) - len(rest)].rstrip() if rest else inner
        return Shape(ShapeKind.HEADING, f"chapter-{m.group(2)}", marker, canon_number(m.group(1)),
                     rest, s_clean, title, md_level, 0, Kind.CHAPTER)  # fmt: skip
    m = ARTICLE.match(inner)
    if m and not bullet:
        # 「第1条（適用）」, 「第一条　この規約は…」: the body may follow on the same line
        rest = m.group(3).strip()
        # shared: the versions compared write the same labels
        label = share(
            inner[: len(inner) - len(rest)].rstrip(" \t\u3000:：.．、") if rest else inner
        )
        title = title_of(rest) or (
            rest if rest and not rest.endswith(TERMINAL) and len(rest) <= 40 else ""
        )
        return Shape(ShapeKind.HEADING, "article", label, canon_number(m.group(1), m.group(2)),
                     rest, s_clean, title, md_level, 0, Kind.ARTICLE)  # fmt: skip
    m = KOU.match(inner)
    if m:
        rest = m.group(2)
        kind = ShapeKind.HEADING if md_level else ShapeKind.BODY
        return Shape(kind, "kou", inner[: len(inner) - len(rest)].rstrip(),
                     canon_number(m.group(1)), rest, s_clean, title_of(rest), md_level, 0,
                     Kind.PARAGRAPH)  # fmt: skip
    return None


def _body_or_plain(inner: str, s_clean: str, md_level: int, bullet: str, indent: int) -> Shape:
    bm = body_marker(inner)
    if md_level:
        if bm:
            return Shape(ShapeKind.HEADING, f"h-{bm.style}", bm.marker, bm.number, bm.rest,
                         s_clean, title_of(bm.rest) or bm.rest, md_level, indent,
                         Kind.SECTION)  # fmt: skip
        return Shape(ShapeKind.HEADING, f"md{md_level}", "", "", inner, s_clean, inner, md_level,
                     indent, Kind.SECTION)  # fmt: skip
    if bm:
        if bullet:
            indent += 1  # a marker after a bullet sits inside the bullet
        else:
            indent += 2 * (len(s_clean) - len(inner))  # full-width indentation
        paragraph = bm.style in ("num-dot1", "num-space", "num-close")
        return Shape(ShapeKind.BODY, bm.style, bm.marker, bm.number, bm.rest, s_clean, "", 0,
                     indent, Kind.PARAGRAPH if paragraph else Kind.ITEM)  # fmt: skip
    if bullet:
        # every bullet character is one style: nesting comes from indentation
        return Shape(ShapeKind.BODY, "bullet", bullet, "", inner, inner, "", 0, indent, Kind.ITEM)
    return Shape(ShapeKind.PLAIN, "", "", "", inner, s_clean, "", 0, indent)

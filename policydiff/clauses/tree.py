"""The tree builder: places each shaped line in the clause tree.

Headings close what they dominate (第N章 over 第N条, Markdown levels between headings); body
lines follow the classic style stack of legal numbering: a marker style seen before closes
everything opened after it, a new style opens a level below, indentation closes deeper
items. Every line belongs to exactly one node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..model import Clause, Kind, Line
from ..sharing import share
from .shapes import Shape, ShapeKind


class Tier(Enum):
    ROOT = "root"
    HEADING = "heading"  # a heading-level node: a unit of alignment
    BODY = "body"  # a 項 or 号 inside a heading


_RANK = {"chapter-編": 1, "chapter-章": 2, "chapter-節": 3, "chapter-款": 4}


@dataclass(slots=True)  # slots: one per clause of a document
class Builder:
    kind: Kind
    style: str
    tier: Tier
    indent: int
    md_level: int
    label: str = ""
    number: str = ""
    title: str = ""
    lines: list[Line] = field(default_factory=list)
    children: list[Builder] = field(default_factory=list)
    clause: Clause | None = None  # the frozen node, once the builder has closed it

    def build(self, depth: int = 0) -> Clause:
        """The frozen clause tree (iterative: lists may nest thousands of levels deep); the
        nodes the tree builder closed already are taken as they are."""
        done: dict[int, Clause] = {}
        stack: list[tuple[Builder, int, bool]] = [(self, depth, False)]
        while stack:
            b, d, expanded = stack.pop()
            if b.clause is not None:
                done[id(b)] = b.clause
                continue
            if not expanded:
                stack.append((b, d, True))
                stack.extend((c, d + 1, False) for c in reversed(b.children))
                continue
            done[id(b)] = b.freeze(d, [done.pop(id(c)) for c in b.children])
        return done[id(self)]

    def freeze(self, depth: int, children: list[Clause]) -> Clause:
        """This node as a clause; its lines and children are let go (the clause has them)."""
        clause = self.clause = Clause(
            kind=self.kind,
            # interned: the versions compared share one string for each title (titles repeat)
            label=self.label,
            number=self.number,
            title=share(self.title),
            depth=depth,
            lines=tuple(self.lines),
            children=tuple(children),
            style=self.style,
            heading=self.tier is Tier.HEADING,
        )
        self.lines, self.children = [], []
        return clause


def _dominates(a: Builder, b_style: str, b_md: int) -> bool:
    """Does an open heading ``a`` stay the parent of a new heading of style ``b_style``?"""
    if a.tier is Tier.ROOT:
        return True
    ra, rb = _RANK.get(a.style), _RANK.get(b_style)
    if ra is not None:
        return rb is None or ra < rb
    if rb is not None or a.style == "title":
        return False
    if a.md_level and not b_md:  # a numbered title line inside a Markdown section
        return True
    return bool(a.md_level and b_md) and a.md_level < b_md  # Markdown levels decide


def make_line(start: int, end: int, raw: str, sh: Shape) -> Line:
    """The line of a shaped block. Its strings are interned: a line as written, as it reads
    and its content are often the same words, and most lines of a revision are those of the
    version before (both stay in memory for the whole comparison)."""
    raw = share(raw)
    if sh.is_blank:
        return Line(start, end, raw, "", "", "")
    content = sh.content.strip(" \t\u3000") if sh.kind is not ShapeKind.PLAIN else sh.content
    text = share(sh.text.strip(" \t"))
    return Line(start, end, raw, share(content.strip(" \t")), sh.marker, text, sh.marks)


class TreeBuilder:
    """Feed it the shaped lines in order (:meth:`add`), then take :meth:`root`."""

    def __init__(self, has_headings: bool, trailer_at: int) -> None:
        self.has_headings = has_headings
        self.trailer_at = trailer_at
        self._root = Builder(Kind.ROOT, "root", Tier.ROOT, -1, 0)
        self.stack: list[Builder] = [self._root]
        self.pending: list[Line] = []  # blank lines before the first node
        self.body_styles: dict[str, str] = {}  # marker style → last number since the heading
        self.caption: Line | None = None  # 「（目的）」 waiting for its article line
        self.prev: Shape | None = None
        self.heading_styles: set[str] = set()  # the styles the document uses for headings
        # the open body nodes of each style, so that finding a sibling is not a walk down
        # a stack thousands of levels deep
        self._open: dict[str, list[int]] = {}

    # ------------------------------------------------------------------ stack primitives

    def _push(self, b: Builder) -> None:
        if self.stack[-1].style == "title" and b.style != "trailer":
            self._pop()  # a title owns only its own line
        self.stack[-1].children.append(b)
        self.stack.append(b)
        if b.tier is Tier.BODY:
            self._open.setdefault(b.style, []).append(len(self.stack) - 1)
        if self.pending:
            b.lines.extend(self.pending)
            self.pending.clear()

    def _pop(self) -> Builder:
        b = self.stack.pop()
        if b.tier is Tier.BODY:
            self._open[b.style].pop()
        # closed for good: frozen now, at its depth (its place on the stack), so that a large
        # document never holds a builder and a clause for every node at once
        b.freeze(len(self.stack), [c.clause for c in b.children])  # type: ignore[misc]
        return b

    def _truncate(self, n: int) -> None:
        while len(self.stack) > n:
            self._pop()

    def _open_node(self, kind: Kind, style: str, tier: Tier, line: Line, sh: Shape | None = None,
                   indent: int = 0) -> Builder:  # fmt: skip
        if sh is None:
            b = Builder(kind, style, tier, indent, 0)
        else:
            b = Builder(kind, style, tier, indent, sh.md_level, sh.marker, sh.number, sh.title)
        self._push(b)
        b.lines.append(line)
        return b

    # ------------------------------------------------------------------ one line

    def add(self, idx: int, line: Line, sh: Shape) -> None:
        if idx == self.trailer_at:
            self._truncate(1)
            self._open_node(Kind.TRAILER, "trailer", Tier.HEADING, line)
        elif sh.kind is ShapeKind.CAPTION:
            self.caption = line
            return
        elif sh.kind is ShapeKind.CAPTION_AFTER:
            self.stack[-1].lines.append(line)
            return
        elif idx > self.trailer_at or sh.is_blank:
            (self.stack[-1].lines if len(self.stack) > 1 else self.pending).append(line)
        elif sh.kind is ShapeKind.HEADING and self._item_marked_as_heading(sh):
            sh.kind, sh.style, sh.node_kind, sh.indent = ShapeKind.BODY, sh.style[2:], Kind.ITEM, 0
            self._body(line, sh)
        elif sh.kind is ShapeKind.HEADING:
            self.heading_styles.add(sh.style)
            self._heading(line, sh)
        elif sh.kind is ShapeKind.BODY:
            self._body(line, sh)
        else:
            self._plain(line, sh)
        self.prev = sh

    def _item_marked_as_heading(self, sh: Shape) -> bool:
        """「### （13）…」 right after items (1)–(12) of 「### 第2条」: an item marked up as a
        heading at its own article's level, so neither its child nor a sensible sibling.
        A heading deeper than the heading it sits under stays a heading (「### 3.」 after a
        list 1., 2. under 「# 方針」), and so does one of a numbering the document already
        uses for headings."""
        if not sh.style.startswith("h-") or sh.style in self.heading_styles:
            return False
        previous = self.body_styles.get(sh.style[2:])
        if previous is None:
            return False
        enclosing = self.stack[self._first_body_index() - 1].md_level
        if not enclosing or sh.md_level > enclosing:
            return False
        try:
            return int(sh.number) == int(previous) + 1
        except ValueError:
            return False

    def _heading(self, line: Line, sh: Shape) -> None:
        self.body_styles.clear()
        if sh.style == "title":
            self._truncate(1)
            self._open_node(sh.node_kind, sh.style, Tier.HEADING, line, sh)
            return
        while self.stack[-1].tier is Tier.BODY or self.stack[-1].style in ("preamble", "title"):
            self._pop()
        found = None
        for j in range(len(self.stack) - 1, 0, -1):
            if self.stack[j].style == sh.style:
                found = j
                break
            if _dominates(self.stack[j], sh.style, sh.md_level):
                break
        if found is not None:
            self._truncate(found)
        else:
            while len(self.stack) > 1 and not _dominates(self.stack[-1], sh.style, sh.md_level):
                self._pop()
        b = Builder(sh.node_kind, sh.style, Tier.HEADING, 0, sh.md_level, sh.marker, sh.number,
                    sh.title)  # fmt: skip
        self._push(b)
        if self.caption is not None:
            b.lines.append(self.caption)
            self.caption = None
        b.lines.append(line)

    def _open_preamble_if_needed(self) -> None:
        if len(self.stack) == 1 and self.has_headings:
            self._push(Builder(Kind.PREAMBLE, "preamble", Tier.HEADING, 0, 0))
        elif self.stack[-1].style == "title":
            self._pop()
            self._push(Builder(Kind.PREAMBLE, "preamble", Tier.HEADING, 0, 0))

    def _body(self, line: Line, sh: Shape) -> None:
        self.body_styles[sh.style] = sh.number
        self._open_preamble_if_needed()
        while self.stack[-1].tier is Tier.BODY and self.stack[-1].indent > sh.indent:
            self._pop()
        sibling = self._open_sibling(sh)
        if sibling is not None:
            self._truncate(sibling)
        b = Builder(sh.node_kind, sh.style, Tier.BODY, sh.indent, 0, sh.marker, sh.number, "")
        self._push(b)
        b.lines.append(line)

    def _open_sibling(self, sh: Shape) -> int | None:
        """The stack index of an open item of the same style at this indentation."""
        first_body = self._first_body_index()
        for j in reversed(self._open.get(sh.style, ())):
            if j < first_body:
                break
            if abs(self.stack[j].indent - sh.indent) <= 1:
                return j
            if self.stack[j].indent < sh.indent - 1:
                break  # deeper ones are gone; shallower ones are further out still
        return None

    def _first_body_index(self) -> int:
        """Index of the outermost open body node: body nodes always sit on top of headings."""
        return len(self.stack) - sum(len(v) for v in self._open.values())

    def _plain(self, line: Line, sh: Shape) -> None:
        top = self.stack[-1]
        if top.style == "title":
            self._pop()
            top = self.stack[-1]
        if len(self.stack) == 1:
            if self.has_headings:
                self._open_node(Kind.PREAMBLE, "preamble", Tier.HEADING, line)
            else:
                self._open_node(Kind.PARAGRAPH, "plain", Tier.BODY, line, indent=sh.indent)
            return
        prev = self.prev
        if self._continues(top, sh, prev):
            top.lines.append(line)
            return
        while self.stack[-1].tier is Tier.BODY:
            self._pop()
        if self.stack[-1].kind is Kind.PREAMBLE:
            self.stack[-1].lines.append(line)
        else:
            self._open_node(Kind.PARAGRAPH, "plain", Tier.BODY, line, indent=sh.indent)

    @staticmethod
    def _continues(top: Builder, sh: Shape, prev: Shape | None) -> bool:
        """Is a plain line the continuation of the open node rather than a new paragraph?"""
        if top.tier is Tier.BODY:
            if not sh.gap:
                return not (top.style == "plain" and _ends_sentence(prev))
            return sh.indent > top.indent  # indented continuation after a blank line
        return (
            top.tier is Tier.HEADING
            and top.kind is not Kind.PREAMBLE
            and bool(top.lines)
            and not sh.gap
            and not _ends_sentence(prev)
            and prev is not None
            and prev.kind is ShapeKind.PLAIN
        )

    def root(self) -> Builder:
        if self.pending:  # a text of blank lines only cannot reach here (the reader refuses it)
            self._root.children.append(
                Builder(Kind.PARAGRAPH, "plain", Tier.HEADING, 0, 0, lines=list(self.pending))
            )
        return self._root


def _ends_sentence(sh: Shape | None) -> bool:
    return sh is not None and sh.text.rstrip().endswith(("。", "．"))


def paragraph_tree(lines: list[Line], shapes: list[Shape]) -> Builder:
    """No structure: one paragraph per block separated by a gap."""
    root = Builder(Kind.ROOT, "root", Tier.ROOT, -1, 0)
    current: Builder | None = None
    for line, sh in zip(lines, shapes, strict=True):
        if current is None or (not sh.is_blank and sh.gap and current.lines):
            current = Builder(Kind.PARAGRAPH, "plain", Tier.HEADING, 0, 0)
            root.children.append(current)
        current.lines.append(line)
    return root

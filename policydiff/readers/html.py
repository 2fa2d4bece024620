"""The HTML reader: a saved policy page, read with selectolax (Lexbor, an HTML5 parser).

The policy is ``--select CSS`` when given, else ``<main>``, else ``<article>``, else the body
without header, nav, footer and aside; ``--remove CSS`` drops more. Script, style, template
and hidden elements are never read. Headings, lists (nesting and ``<ol>`` numbers), tables
(cells and header), ``<br>``, definition lists and ``<pre>`` become blocks; links, ids and
emphasis become marks. The reading text is the visible text, one line per block.

The walk is iterative, so a list nested thousands of levels deep costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Mark
from . import Block, BlockKind, Format, Reading
from .text import split_bullet

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "button",
        "select",
        "option",
        "datalist",
        "input",
        "textarea",
        "audio",
        "video",
        "map",
    ]
)
_PAGE_CHROME = "header, nav, footer, aside, [role=navigation], [role=banner], [role=contentinfo]"
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "hr",
        "form",
        "fieldset",
        "legend",
        "details",
        "summary",
        "center",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "body",
        "html",
    ]
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_EMPHASIS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "s": "del", "del": "del",
             "strike": "del", "u": "em", "mark": "em", "code": "code"}  # fmt: skip
_WS = re.compile(r"[ \t\n\r\f\v]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def read_html(text: str, *, select: str | None = None, remove: tuple[str, ...] = ()) -> Reading:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    for sel in remove:
        for node in _css(tree, sel, "--remove"):
            node.decompose()
    if select:
        roots = _css(tree, select, "--select")
        if not roots:
            raise InputError(f"--select {select!r} matches nothing in the page")
    else:
        root = tree.css_first("main") or tree.css_first("article")
        if root is None:
            for node in tree.css(_PAGE_CHROME):
                node.decompose()
            root = tree.body or tree.root
        roots = [root] if root is not None else []
    walker = _Walker()
    for root in roots:
        walker.walk(root)
    walker.flush(closing=True)
    return walker.reading()


def _css(tree, selector: str, option: str):
    try:
        return tree.css(selector)
    except Exception as exc:  # selectolax raises ValueError/SelectolaxError on a bad selector
        raise InputError(f"{option} {selector!r} is not a valid CSS selector ({exc})") from None


def html_line(fragment: str) -> list[Block]:
    """The blocks of one line of HTML inside a Markdown document (offsets left at 0)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(fragment)
    walker = _Walker()
    if tree.body is not None:
        walker.walk(tree.body)
    walker.flush(closing=True)
    return walker.blocks


@dataclass(slots=True)
class _Line:
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    marker: str = ""
    ordered: bool = False
    indent: int = 0
    gap: bool = True
    parts: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pos = 0
        self.line = _Line()
        self.lists: list[list] = []  # [ordered, next number]
        self.cells: list[str] | None = None  # the cells of the open table row
        self.cell: list[str] | None = None
        self.header: tuple[str, ...] = ()
        self.row_is_header = False
        self.pre = 0
        self.open_marks: list[tuple[str, str, int]] = []  # (kind, value, index into parts)

    # ------------------------------------------------------------------ the walk

    def walk(self, root) -> None:
        stack = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self.leave(node)
                continue
            tag = node.tag
            if tag == "-text":
                self.text(node.text_content or "")
                continue
            if tag in _SKIP or tag.startswith("-") or _hidden(node):
                continue
            self.enter(node)
            stack.append((node, True))
            children = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))

    def enter(self, node) -> None:
        tag = node.tag
        attrs = node.attributes
        if self.cell is not None and tag not in ("td", "th", "tr"):
            if tag == "br":
                self.cell.append(" ")
            return  # inside a cell everything is the cell's text
        if tag in _BLOCK or tag == "br":
            self.flush(gap=tag != "br")
        anchor = attrs.get("id") or (attrs.get("name") if tag == "a" else None)
        if anchor:
            self.line.marks.append(Mark("anchor", "", anchor))
        if tag in _HEADINGS:
            self.line.kind, self.line.level = BlockKind.HEADING, _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            start = attrs.get("start") or "1"
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "li":
            self._open_item()
        elif tag == "tr":
            self.cells, self.row_is_header = [], False
        elif tag in ("td", "th") and _layout_cell(node):
            pass  # a layout table: the cell's headings and paragraphs are read as blocks
        elif tag in ("td", "th"):
            if self.cells is None:
                self.cells = []
            self.cell = []
            self.row_is_header = self.row_is_header or tag == "th"
        elif tag == "pre":
            self.pre += 1
        elif tag == "a" and attrs.get("href") is not None:
            self.open_marks.append(("link", attrs.get("href") or "", len(self.line.parts)))
        elif tag in _EMPHASIS:
            self.open_marks.append((_EMPHASIS[tag], "", len(self.line.parts)))

    def leave(self, node) -> None:
        tag = node.tag
        if tag in ("td", "th") and self.cell is not None and self.cells is not None:
            self.cells.append(_collapse("".join(self.cell)))
            self.cell = None
            return
        if self.cell is not None:
            return
        if tag == "tr":
            self._close_row()
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre":
            self.pre -= 1
        elif (tag == "a" or tag in _EMPHASIS) and self.open_marks:
            kind, value, at = self.open_marks.pop()
            words = _collapse("".join(self.line.parts[at:]))
            if kind == "link" or words:
                self.line.marks.append(Mark(kind, words, value))
        if tag in _BLOCK:
            self.flush(gap=True, closing=True)

    def text(self, s: str) -> None:
        if self.cell is not None:
            self.cell.append(s)
        elif self.pre:
            first, *rest = s.split("\n")
            self.line.parts.append(first)
            for piece in rest:
                self.flush(gap=False, collapse=False)
                self.line.parts.append(piece)
        else:
            self._running_text(s)

    def _running_text(self, s: str) -> None:
        """Text of a paragraph or list item: a line break in the source starts a new line,
        as a soft break does in Markdown and a newline in plain text (「（1）…」 lines kept
        in one <p> by a Markdown converter stay items). A heading stays one line."""
        first, *rest = s.split("\n")
        self.line.parts.append(first)
        for piece in rest:
            if self.line.kind in _TYPED_BULLET_KINDS and "".join(self.line.parts).strip():
                self.flush(gap=False)
            self.line.parts.append(piece)

    # ------------------------------------------------------------------ lines

    def _open_item(self) -> None:
        depth = len(self.lists)
        ordered, number = self.lists[-1] if self.lists else (False, 1)
        if self.lists:
            self.lists[-1][1] += 1
        self.line = _Line(BlockKind.ITEM, 0, f"{number}." if ordered else "-", ordered,
                          2 * max(0, depth - 1), True, [], self.line.marks)  # fmt: skip

    def _close_row(self) -> None:
        cells = tuple(self.cells or ())
        self.cells = None
        if not any(cells):
            return
        if self.row_is_header:
            self.header = cells
        text = " | ".join(cells)
        self._emit(BlockKind.ROW, text, text, cells=cells, gap=True, marks=self.line.marks)
        self.line = _Line()

    def flush(self, gap: bool = True, collapse: bool = True, closing: bool = False) -> None:
        """End the current line. ``gap``: a block boundary (not a ``<br>``) follows."""
        ln = self.line
        joined = "".join(ln.parts)
        text = _collapse(joined) if collapse else joined.rstrip()
        if text:
            marker = ln.marker if ln.marker and not _has_own_marker(text) else ""
            raw = f"{marker} {text}" if marker else text
            kind, indent, ordered = ln.kind, ln.indent, ln.ordered and bool(marker)
            typed = split_bullet(text) if not marker and kind in _TYPED_BULLET_KINDS else None
            if typed:  # 「・氏名」 typed into a <p>: an item, as in plain text and Markdown
                marker, text, fw = typed
                kind, indent, ordered = BlockKind.ITEM, indent + 2 * fw, False
            self._emit(kind, text, raw, level=ln.level, marker=marker, ordered=ordered,
                       indent=indent, gap=ln.gap, marks=ln.marks)  # fmt: skip
            # after a <br> the words continue the same element, as a plain line
            self.line = _Line(indent=ln.indent if not gap else 0, gap=gap)
            self.open_marks = [(k, v, 0) for k, v, _ in self.open_marks]
        elif closing:  # an element ends with no text: its anchors go to the next line
            self.line = _Line(marks=ln.marks)
        else:  # an element opens: what an opening <li> or <hN> said waits for its words
            ln.parts = []
            ln.gap = ln.gap or gap

    def _emit(self, kind: BlockKind, text: str, raw: str, **kw) -> None:
        marks = tuple(kw.pop("marks", ()))
        end = self.pos + len(raw) + 1
        self.blocks.append(
            Block(
                kind,
                text,
                self.pos,
                end,
                raw,
                header=self.header if kind is BlockKind.ROW else (),
                marks=marks,
                **kw,
            )  # fmt: skip
        )
        self.pos = end

    def reading(self) -> Reading:
        text = "".join(b.raw + "\n" for b in self.blocks)
        return Reading(Format.HTML, text, tuple(self.blocks))


_TYPED_BULLET_KINDS = (BlockKind.PARAGRAPH, BlockKind.ITEM)


def _collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _hidden(node) -> bool:
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


_LAYOUT_CONTENT = ", ".join([*_HEADINGS, "table"])


def _layout_cell(node) -> bool:
    """A cell holding headings or a table of its own lays the page out: it is no data cell
    (old pages wrap the whole policy in <table><tr><td>)."""
    return node.css_first(_LAYOUT_CONTENT) is not None


def _has_own_marker(text: str) -> bool:
    """「（1）氏名」, 「第1条（目的）」, 「1. …」 in the text of a list item: the text is numbered
    itself. An item that only begins with a reference (「第6条（禁止事項）を犯した者」) is not."""
    from ..clauses.markers import ARTICLE, body_marker, title_of

    if body_marker(text) is not None:
        return True
    m = ARTICLE.match(text)
    return m is not None and (not m.group(3).strip() or bool(title_of(m.group(3))))

"""The Markdown reader: markdown-it-py (CommonMark, GFM tables, strikethrough) with
mdit-py-plugins (front matter, definition lists).

One block per source line, so the blocks tile the source: a heading line, the lines of a
paragraph or list item (the first carries the list marker), a table row, and blank blocks for
blank lines, front matter, table rules and markup-only lines. Attribute lists (kramdown
``{: #id }``, ``{#id .class}``) are taken out before parsing — replaced by spaces of the same
length, so offsets hold — and kept as anchors. HTML blocks are read line by line by the HTML
reader; inline HTML (``<a href>``, ``<br>``, ``<span id>``) becomes marks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..model import Mark
from . import Block, BlockKind, Format, Reading
from .text import indent_of, is_page_noise, split_bullet

MAX_NESTING = 64
CHUNK_CHARS = 1 << 16  # the source is parsed in pieces of about this size (see _parsed_chunks)
_LEAVES = frozenset(
    [
        "inline",
        "fence",
        "code_block",
        "html_block",
        "front_matter",
        "hr",
        "heading_open",
        "paragraph_open",
        "table_open",
    ]
)
_EMPHASIS = {"strong_open": "strong", "em_open": "em", "s_open": "del"}
_CLOSE = {"strong_close", "em_close", "s_close", "link_close"}


@functools.cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # past MAX_NESTING markdown-it stops reading a block (its parser recurses per level):
    # the lines it left are read as plain text (see _leftovers), so nothing is lost
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    return md.enable(["table", "strikethrough"]).use(front_matter_plugin).use(deflist_plugin)


@dataclass(slots=True)  # slots: one per line of a document
class _Info:
    kind: BlockKind
    text: str
    level: int = 0
    marker: str = ""
    ordered: bool = False
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    marks: list[Mark] = field(default_factory=list)
    gap: bool = True
    html: bool = False  # read from an HTML block


def read_markdown(text: str, chunk_chars: int = CHUNK_CHARS, plain_runs: bool = True) -> Reading:
    """Read a Markdown text. ``plain_runs=False`` hands every line to markdown-it (the tests
    compare both ways: a run of plain lines is read as markdown-it reads it)."""
    from . import mdmemo  # by sections kept across versions (log), when they read alone

    kept = mdmemo.read_by_sections(text, _read_alone) if plain_runs else None
    if kept is not None:
        return Reading(Format.MARKDOWN, text, *kept)
    blocks, walker = _read(text, chunk_chars, plain_runs)
    return Reading(Format.MARKDOWN, text, blocks, walker.metadata)


def _read(text: str, chunk_chars: int, plain_runs: bool) -> tuple[tuple[Block, ...], _Walker]:
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    clean, anchors = _strip_attribute_lists(lines)
    info: dict[int, _Info] = {}
    walker = _Walker(clean, info)
    for tokens, start, end in _pieces(clean, chunk_chars, plain_runs):
        if tokens is None and walker.item_marker is None:
            _read_plain(clean, start, end, info)
            continue
        if tokens is None:  # an empty item waits for its words: markdown-it decides
            tokens = _parse_lines(clean, start, end)
        walker.feed(tokens)
        _leftovers(tokens, clean, info, start, end)
        del tokens  # a chunk's token stream is dropped as soon as it is read
    for n, ids in anchors.items():
        target = info.get(n) or info.get(n - 1)
        if target is not None:
            target.marks.extend(Mark("anchor", "", i) for i in ids)
    return tuple(_blocks(text, lines, info)), walker


def _read_alone(section: str) -> tuple[tuple[Block, ...], str] | None:
    """A section of a document read on its own (offsets from its start), or None when the
    reader's state does not come to rest by its end: the next section would read otherwise
    than within the whole document."""
    blocks, walker = _read(section, len(section) + 1, True)
    return (blocks, walker.metadata) if walker.at_rest() else None


# --------------------------------------------------------------------------- chunks
#
# markdown-it holds the token stream of all it parses, about 20 bytes of tokens per byte of
# text: a 10 MB policy in one piece peaked at 200 MB. The source is parsed in chunks of about
# CHUNK_CHARS instead, cut only where a parse of the whole text would start afresh: at a line
# that opens no container after a blank line, so that no list, quote, table or paragraph runs
# across the cut. What a blank line cannot close (a fence or an HTML comment left open, a
# list nested past MAX_NESTING, which makes markdown-it skip the rest of the text) is seen in
# the chunk's own tokens, and the rest of the text is then parsed in one piece: the tokens,
# and so the blocks, are those of one parse of the whole text.

# a cut line must not open (or continue) a construct: list, quote, fence, code, HTML, table,
# definition, setext underline, front matter; nor may the text define link references
# (they are global to the document)
_NO_CUT_START = frozenset("-*+>`~:<|=_[!\\ \t0123456789")
_RUNS_ON = frozenset(["fence", "html_block"])


def _pieces(lines: list[str], chunk_chars: int, plain_runs: bool = True):
    """(tokens, start, end) of consecutive line spans; ``tokens`` is None for a run of plain
    lines (see :func:`_plain_runs`), read without markdown-it."""
    n = len(lines)
    refs = _has_references(lines)
    runs = _plain_runs(lines) if plain_runs and n and not refs else []
    pos = 0
    for a, b in [*runs, (n, n)]:
        if all(not lines[k].strip(" \t") for k in range(pos, a)):
            pos = a  # blank lines between two runs: nothing for markdown-it to read
        for tokens, start, end in _parsed_chunks(lines, chunk_chars, pos, a, refs):
            yield tokens, start, end
            if end > a:
                return  # the span left something open: the rest was parsed in one piece
        if a < b:
            yield None, a, b
        pos = b


def _parsed_chunks(lines: list[str], chunk_chars: int, lo: int, hi: int, refs: bool):
    """(tokens, start, end) of consecutive spans of lines[lo:hi], token maps shifted to the
    whole text; a span that leaves something open is parsed with all the lines after it."""
    n = len(lines)
    cuts = _cut_points(lines, chunk_chars, lo, hi) if hi > lo and not refs else iter(())
    start = lo
    while start < hi:
        end = next(cuts, hi)
        tokens = _parse_lines(lines, start, end)
        if end < n and _runs_past(tokens, lines, start, end):
            end = n  # the rest in one piece: what follows depends on this chunk
            tokens = _parse_lines(lines, start, end)
            cuts = iter(())
        yield tokens, start, end
        del tokens
        start = end


# A run of plain lines — between blank lines, each opening with an ordinary character and
# holding no character that inline Markdown reacts to — is one paragraph whose every line
# reads as written (spaces and tabs at its ends aside). Such a run is read without
# markdown-it: the bulk of a long policy, at a fraction of the cost. After a blank line no
# construct but those _runs_past sees (fences, HTML blocks, front matter) runs on into a line
# at column 0 that opens nothing; a definition list, which may take a term over one blank
# line, is kept out by looking at the line after the run.
_PLAIN_SPECIAL = frozenset("\\`~*_[]!<&|\x00\r")
_NOT_PLAIN_START = _NO_CUT_START | frozenset("#")


def _is_plain(line: str) -> bool:
    if not line or line[0] in _NOT_PLAIN_START or line[0].isspace():
        return False
    end = line.rstrip(" \t")
    return not end[-1].isspace() and _PLAIN_SPECIAL.isdisjoint(line)


def _plain_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of plain lines that form whole paragraphs on their own."""
    runs = []
    n = len(lines)
    k = 0
    while k < n:
        if not _is_plain(lines[k]) or (k and lines[k - 1].strip(" \t")):
            k += 1
            continue
        end = k + 1
        while end < n and _is_plain(lines[end]):
            end += 1
        nxt = end
        while nxt < n and not lines[nxt].strip(" \t"):
            nxt += 1
        after = lines[nxt].lstrip(" \t") if nxt < n else ""
        if (end == n or nxt > end) and not after.startswith((":", "~")):
            runs.append((k, end))
        k = end
    return runs


def _read_plain(lines: list[str], start: int, end: int, info: dict[int, _Info]) -> None:
    """A run of plain lines as markdown-it reads it: one paragraph, a line per block."""
    for n in range(start, end):
        info[n] = _Info(BlockKind.PARAGRAPH, lines[n].strip(" \t"), gap=n == start)


def _parse_lines(lines: list[str], start: int, end: int) -> list:
    from .mdmemo import parse  # whole, or by sections kept across versions (log)

    tokens = parse(_parser(), "\n".join(lines[start:end]) + "\n")
    if start:
        for tok in tokens:
            if tok.map:
                tok.map = [tok.map[0] + start, tok.map[1] + start]
    return tokens


def _cut_points(lines: list[str], chunk_chars: int, lo: int = 0, hi: int | None = None):
    """Line indexes in lo..hi where a chunk may start, about ``chunk_chars`` apart."""
    size = 0
    for k in range(lo, len(lines) if hi is None else hi):
        line = lines[k]
        if (
            size >= chunk_chars
            and line
            and line[0] not in _NO_CUT_START
            and not lines[k - 1].strip(" \t")
        ):
            size = 0
            yield k
        size += len(line) + 1


def _has_references(lines: list[str]) -> bool:
    return any("]:" in line for line in lines)


def _runs_past(tokens, lines: list[str], start: int, end: int) -> bool:
    """Does the parse of lines[start:end] leave something open that the next lines continue?
    A fence or HTML block that reaches the end (never closed), or lines markdown-it skipped
    (past MAX_NESTING it skips to the end of its input), a front matter not closed in it."""
    if any(t.type in _RUNS_ON and t.map and t.map[1] >= end for t in tokens):
        return True
    if (
        start == 0
        and lines[0].startswith("---")
        and not any(t.type == "front_matter" for t in tokens)
    ):
        return True  # a front matter closed only further on
    return bool(_unread(tokens, lines, start, end))


def _unread(tokens, lines: list[str], start: int, end: int) -> list[int]:
    """Lines with text that no block token of lines[start:end] read."""
    read = bytearray(end - start + 1)
    for tok in tokens:
        if tok.type in _LEAVES and tok.map:
            a, b = tok.map[0] - start, min(tok.map[1] - start, len(read))
            if b > a:
                read[a:b] = b"\x01" * (b - a)
    return [
        n
        for n in range(start, end)
        if not read[n - start] and lines[n].strip() and not _is_reference_definition(lines[n])
    ]


def _blocks(text: str, lines: list[str], info: dict[int, _Info]):
    pos = 0
    prev_blank = True
    for n, raw in enumerate(lines):
        end = min(pos + len(raw) + 1, len(text))
        i = info.pop(n, None)  # each line's record freed as its block is made
        if i is None or not i.text.strip() or is_page_noise(i.text):
            yield Block(BlockKind.BLANK, "", pos, end, raw, gap=prev_blank, noise=i is not None)
            prev_blank = True
        else:
            # as in plain text, a gap is a blank line (an HTML block says so itself)
            yield _block(i, raw, pos, end, gap=prev_blank or (i.gap and i.html))
            prev_blank = False
        pos = end


def _block(i: _Info, raw: str, start: int, end: int, gap: bool) -> Block:
    indent = indent_of(raw)
    kind, text, marker = i.kind, i.text, i.marker
    if kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) and not marker:
        # Japanese bullets and full-width indentation in the words, as in plain text
        typed = split_bullet(text)
        if typed:
            marker, text, fw = typed
            indent += 2 * fw
            kind = BlockKind.ITEM
    return Block(kind, text, start, end, raw, level=i.level, indent=indent, marker=marker,
                 ordered=i.ordered, cells=i.cells, header=i.header, marks=tuple(i.marks),
                 gap=gap)  # fmt: skip


def _leftovers(tokens, lines: list[str], info: dict[int, _Info], start: int, end: int) -> None:
    """Lines no block token read (a list nested past MAX_NESTING): read as plain text."""
    from .text import text_block

    for n in _unread(tokens, lines, start, end):
        b = text_block(lines[n], 0, 0, gap=n == 0 or not lines[n - 1].strip())
        if b.kind is not BlockKind.BLANK:
            info[n] = _Info(b.kind, b.text, marker=b.marker, gap=b.gap)


def _is_reference_definition(line: str) -> bool:
    s = line.strip()
    return s.startswith("[") and "]:" in s


def _strip_attribute_lists(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """Blank out ``{: …}`` / ``{#id …}`` / ``{.class}`` ending a line; keep the ids."""
    out, anchors = [], {}
    for n, line in enumerate(lines):
        s = line.rstrip()
        if s.endswith("}"):
            k = s.rfind("{")
            body = s[k + 1 : -1] if k >= 0 else ""
            if k >= 0 and body[:1] in (":", "#", ".") and "{" not in body:
                ids = [w[1:] for w in body.lstrip(":").split() if w.startswith("#") and len(w) > 1]
                if ids:
                    anchors[n] = ids
                line = s[:k] + " " * (len(line) - k)
        out.append(line)
    return out, anchors


class _Walker:
    """Reads block tokens into ``info`` (line → what it shows); fed one chunk after another,
    its state (open lists, a table, a marker waiting for its item) carries over."""

    def __init__(self, lines: list[str], info: dict[int, _Info]) -> None:
        self.lines, self.info = lines, info
        self.metadata = ""
        self.item_marker: tuple[str, bool] | None = None  # waiting for its item's first line
        self.lists: list[str] = []
        self.header: tuple[str, ...] = ()
        self.row: list[tuple[str, list[Mark]]] | None = None
        self.row_line = 0
        self.pending_kind = BlockKind.PARAGRAPH
        self.level = 0

    def at_rest(self) -> bool:
        """Nothing open (list, table row, a marker waiting for its item): the state it
        starts in, so what follows reads as it would on its own."""
        return (
            not self.lists
            and self.item_marker is None
            and self.row is None
            and self.header == ()
            and self.pending_kind is BlockKind.PARAGRAPH
            and self.level == 0
        )

    def feed(self, tokens) -> None:
        info, lists = self.info, self.lists
        for tok in tokens:
            t = tok.type
            if t == "front_matter":
                self.metadata = tok.content
            elif t in ("bullet_list_open", "ordered_list_open"):
                lists.append(t)
            elif t in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif t == "list_item_open":
                ordered = lists[-1] == "ordered_list_open" if lists else False
                self.item_marker = (f"{tok.info}{tok.markup}" if ordered else tok.markup, ordered)
            elif t == "heading_open":
                self.pending_kind, self.level = BlockKind.HEADING, int(tok.tag[1])
            elif t == "heading_close":
                self.pending_kind, self.level = BlockKind.PARAGRAPH, 0
            elif t == "tr_open":
                self.row, self.row_line = [], tok.map[0] if tok.map else 0
            elif t == "tr_close" and self.row is not None:
                self._close_row(tok)
            elif t == "table_close":
                self.header = ()
            elif t == "inline" and self.row is not None:
                segs = _segments(tok.children or [])
                self.row.append(
                    (" ".join(s for s, _ in segs).strip(), [m for _, ms in segs for m in ms])
                )
            elif t == "inline" and tok.map:
                kind = self.pending_kind
                marker = ("", False)
                if self.item_marker is not None and kind is BlockKind.PARAGRAPH:
                    kind, marker, self.item_marker = BlockKind.ITEM, self.item_marker, None
                _place(info, tok.map, _segments(tok.children or []), kind, self.level, marker)
            elif t in ("fence", "code_block") and tok.map:
                first = tok.map[0] + (1 if t == "fence" else 0)
                for k, line in enumerate(tok.content.split("\n")[: tok.map[1] - first]):
                    info[first + k] = _Info(BlockKind.PARAGRAPH, line.strip(), gap=k == 0)
            elif t == "html_block" and tok.map:
                _html_block(info, self.lines, tok.map, self.item_marker)
                self.item_marker = None

    def _close_row(self, tok) -> None:
        cells = tuple(c for c, _ in self.row)
        if tok.level <= 3 and self.header == () or _in_thead(tok):
            self.header = cells
        marks = [m for _, ms in self.row for m in ms]
        self.info[self.row_line] = _Info(BlockKind.ROW, " | ".join(cells), cells=cells,
                                         header=self.header, marks=marks)  # fmt: skip
        self.row = None


def _in_thead(tok) -> bool:
    return False


def _place(info, span, segs, kind, level, marker) -> None:
    first, last = span[0], max(span[0], span[1] - 1)
    if kind is BlockKind.HEADING and len(segs) == 1:
        last = first  # a setext underline is markup
    for k, (text, marks) in enumerate(segs):
        n = min(first + k, last)
        prev = info.get(n) if n > first or k else None
        if prev is not None and k:  # more breaks than lines: join into the last line
            prev.text += text
            prev.marks.extend(marks)
            continue
        i = _Info(kind if k == 0 else _cont(kind), text, level if k == 0 else 0, marks=marks,
                  gap=k == 0)  # fmt: skip
        if k == 0 and marker[0]:
            i.marker, i.ordered = marker
        info[n] = i


def _cont(kind: BlockKind) -> BlockKind:
    return BlockKind.PARAGRAPH if kind is not BlockKind.HEADING else BlockKind.PARAGRAPH


def _segments(children) -> list[tuple[str, list[Mark]]]:
    """The visible text and marks of each source line of an inline token."""
    segs: list[tuple[str, list[Mark]]] = []
    parts: list[str] = []
    marks: list[Mark] = []
    open_: list[tuple[str, str, int]] = []
    for c in children:
        t = c.type
        if t in ("softbreak", "hardbreak"):
            segs.append(("".join(parts), marks))
            parts, marks = [], []
            open_ = [(k, v, 0) for k, v, _ in open_]
        elif t == "text" or t == "code_inline":
            parts.append(c.content)
        elif t == "link_open":
            open_.append(("link", c.attrs.get("href", "") or "", len(parts)))
        elif t in _EMPHASIS:
            open_.append((_EMPHASIS[t], "", len(parts)))
        elif t in _CLOSE and open_:
            kind, value, at = open_.pop()
            words = "".join(parts[at:])
            if kind == "link" or words:
                marks.append(Mark(kind, words, str(value)))
        elif t == "html_inline":
            _inline_html(c.content, parts, marks, open_)
        elif t == "image":
            pass  # an image shows no words (its alt text is not read)
    segs.append(("".join(parts), marks))
    return [(s.strip(" \t"), m) for s, m in segs]


def _inline_html(tag: str, parts: list[str], marks: list[Mark], open_: list) -> None:
    """``<a href>``, ``</a>``, ``<span id>`` …: marks, never words."""
    s = tag.strip()
    if s.startswith("</"):
        name = s[2:].strip("> ").lower()
        if name == "a" and open_ and open_[-1][0] == "link":
            kind, value, at = open_.pop()
            marks.append(Mark(kind, "".join(parts[at:]), value))
        return
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(s).body
    el = node.child if node is not None else None
    if el is None or el.tag.startswith("-"):
        return
    attrs = el.attributes
    if attrs.get("id"):
        marks.append(Mark("anchor", "", attrs["id"] or ""))
    if el.tag == "a" and attrs.get("href") is not None and not s.endswith("/>"):
        open_.append(("link", attrs.get("href") or "", len(parts)))


def _html_block(info, lines, span, item_marker) -> None:
    """An HTML block: each source line read by the HTML reader."""
    from .html import html_line

    prev_text = False
    for n in range(span[0], min(span[1], len(lines))):
        blocks = html_line(lines[n])
        text = " ".join(b.text for b in blocks).strip()
        if not text:
            prev_text = False
            continue
        b = blocks[0]
        opens = (
            "<" in lines[n]
            and lines[n].lstrip().startswith("<")
            and not lines[n].lstrip().startswith("</")
        )
        i = _Info(b.kind if len(blocks) == 1 else BlockKind.PARAGRAPH, text, b.level,
                  b.marker if len(blocks) == 1 else "", b.ordered and len(blocks) == 1,
                  b.cells if len(blocks) == 1 else (), b.header,
                  [m for x in blocks for m in x.marks], gap=opens or not prev_text)  # fmt: skip
        i.html = True
        if i.kind is BlockKind.ITEM and i.marker:
            i.marker = i.marker if i.ordered else "-"
        info[n] = i
        prev_text = True

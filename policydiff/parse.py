"""Stage 2 — text to a clause tree.

The parser reads line by line. Each line is recognised as a heading (Markdown heading,
第N章/第N条, a short numbered title line, an unnumbered title line), a numbered or
bulleted body line (項/号 markers: ``1.``, ``１``, ``(1)``, ``（1）``, ``①``, ``一``, ``イ``,
``-``/``*``/``・``), a continuation line, or a blank line. Nesting follows the classic
style stack of legal numbering: a marker style seen before closes everything opened after
it; a new style opens a level below. Every line belongs to exactly one node.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .model import Clause, Document, Kind, Line, Policy
from .numerals import CIRCLED, IROHA, KANJI_NUMERAL_CHARS, to_int

_NUM = r"[0-9０-９]+"
_KNUM = f"[{KANJI_NUMERAL_CHARS}]+"
_ANYNUM = rf"(?:{_NUM}|{_KNUM})"

_MD_HEADING = re.compile(r"^(#{1,6})[ \t\u3000]+(.*?)(?:[ \t]+#+)?[ \t]*$|^(#{1,6})$")
_BULLET = re.compile(r"^([-*+•・●○◆◇■□▪►])[ \t\u3000]*(?=\S)")
_MD_ORDERED_BULLET = re.compile(r"^[-*+][ \t]+")
_QUOTE = re.compile(r"^>[ \t]?")
_EMPHASIS = re.compile(
    r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`|(?<![A-Za-z0-9_])_(?=\S)|(?<=\S)_(?![A-Za-z0-9_])"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_IAL = re.compile(
    r"^\s*\{:[^}]*\}\s*$|^\s*<!--.*-->\s*$|^\s*</?(?:table|tbody|thead|tr|td|th|div|section|article|hr|br)\b[^>]*>\s*$",
    re.I,
)
_TABLE_ROW = re.compile(r"^\s*\|.*\|?\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"<(https?://[^>\s]+)>|\[([^\]]*)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"</?(?:br|b|strong|em|i|u|p|span|div|font|center)\b[^>]*>", re.I)
_PAGE_NOISE = re.compile(
    r"^[\s\f]*(?:[-－―‐ー]\s*[0-9０-９]+\s*[-－―‐ー]|[0-9０-９]+\s*/\s*[0-9０-９]+|\f)[\s\f]*$"
)

_CHAPTER = re.compile(
    rf"^第[ \t\u3000]*({_ANYNUM})[ \t\u3000]*(編|章|節|款)(?=$|[ \t\u3000（(【「:：.．、])[ \t\u3000:：.．、]*(.*)$"
)
_ARTICLE = re.compile(
    rf"^第[ \t\u3000]*({_ANYNUM})[ \t\u3000]*条(?:[ \t\u3000]*の[ \t\u3000]*({_ANYNUM}))?(?=$|[ \t\u3000（(【「:：.．、])[ \t\u3000:：.．、]*(.*)$"
)
_KOU = re.compile(rf"^({_NUM})[ \t\u3000]*項[ \t\u3000]*((?:[（(【][^）)】]*[）)】])?)$")
_NUM_DOT = re.compile(rf"^({_NUM}(?:[.．]{_NUM})*)[.．](?![0-9０-９])[ \t\u3000]*(.*)$")
_NUM_MULTI = re.compile(rf"^({_NUM}(?:[.．]{_NUM})+)(?![.．0-9０-９])[ \t\u3000]+(.*)$")
_NUM_CLOSE = re.compile(rf"^({_NUM})[)）][ \t\u3000]*(.*)$")
_NUM_SPACE = re.compile(
    rf"^({_NUM})(?:\u3000+|[ \t]+(?![年月日条項号%％円歳か箇ヶ]))[ \t\u3000]*(\S.*)$"
)
_PAREN = re.compile(rf"^[(（]({_NUM})[)）][ \t\u3000]*(.*)$")
_PAREN_KANJI = re.compile(rf"^[(（]({_KNUM})[)）][ \t\u3000]*(.*)$")
_PAREN_ALPHA = re.compile(rf"^[(（]([a-zA-Zａ-ｚＡ-Ｚ]|[{IROHA}])[)）][ \t\u3000]*(.*)$")
_CIRCLED = re.compile(rf"^([{CIRCLED}])[ \t\u3000]*(.*)$")
_KANJI_ITEM = re.compile(rf"^([{KANJI_NUMERAL_CHARS[2:]}]{{1,3}})[ \t\u3000、．.]+(.*)$")
_IROHA_ITEM = re.compile(rf"^([{IROHA}])[ \t\u3000]+(.*)$")
_ALPHA_ITEM = re.compile(r"^([a-zA-Z])[.)][ \t]+(.*)$")

_CAPTION = re.compile(
    r"^[（(]([^（）()]{1,30})[）)]$"
)  # 「（目的）」 on its own line, as in statutes
_TERMINAL = tuple("。．.、，,:：;；")
_TRAILER_WORDS = re.compile(
    r"^(?:以上|附\s*則|付\s*則|改定履歴|改訂履歴|制定・改定|変更履歴|更新履歴|沿革|【?(?:制定|改定|改訂|施行|最終改定|最終更新|最終改訂|更新|発効|策定|効力発生)日?】?[\s:：]*)[\s　]*$"
)
_DATE = re.compile(
    r"(?:[0-9０-９]{4}|[〇一二三四五六七八九]{4}|令和|平成|昭和)[ \t\u3000]*(?:[0-9０-９元一二三四五六七八九十]+)?[ \t\u3000]*年[ \t\u3000]*[0-9０-９一二三四五六七八九十]+[ \t\u3000]*月"
    r"|[0-9０-９]{4}[-/.][0-9０-９]{1,2}[-/.][0-9０-９]{1,2}"
)
_DATE_CONTEXT = re.compile(
    r"制定|改定|改訂|施行|更新|策定|発効|適用|効力|作成|公表|追加|変更|から|より|日$|日[）)]?$"
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright|著作権)|All rights reserved", re.I)
_SIGNATURE = re.compile(
    r"(?:株式会社|合同会社|有限会社|一般社団法人|代表取締役|代表者|運営者|事務局|Inc\.|Co\.,? ?Ltd)"
)


@dataclass
class _Shape:
    """What a line looks like, before it is placed in the tree."""

    kind: str  # blank | heading | body | plain | noise
    style: str = ""
    marker: str = ""
    number: str = ""
    content: str = ""  # text after the marker, markup removed
    text: str = ""  # readable line: markup removed, marker kept
    title: str = ""
    md_level: int = 0
    indent: int = 0
    node_kind: Kind = Kind.PARAGRAPH


@dataclass
class _Builder:
    kind: Kind
    style: str
    tier: str  # "A" heading level, "B" body level, "R" root
    indent: int
    md_level: int
    label: str = ""
    number: str = ""
    title: str = ""
    lines: list[Line] = field(default_factory=list)
    children: list[_Builder] = field(default_factory=list)

    def build(self, depth: int) -> Clause:
        return Clause(
            kind=self.kind,
            label=self.label,
            number=self.number,
            title=self.title,
            depth=depth,
            lines=tuple(self.lines),
            children=tuple(c.build(depth + 1) for c in self.children),
            style=self.style,
            heading=self.tier == "A",
        )


def strip_markup(text: str) -> str:
    """Remove inline Markdown/HTML markup (bold, code, links, simple tags), keep the words."""
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _indent_of(raw: str) -> int:
    n = 0
    for c in raw:
        if c == " ":
            n += 1
        elif c == "\t":
            n += 4
        else:
            break
    return n


def _canon_number(*parts: str | None) -> str:
    out = []
    for p in parts:
        if p:
            v = to_int(p)
            out.append(str(v) if v is not None else unicodedata.normalize("NFKC", p))
    return "-".join(out)


def _body_marker(s: str) -> tuple[str, str, str, str] | None:
    """(style, marker, number, rest) of a numbered/bulleted body line, else None."""
    for style, rx in (
        ("paren", _PAREN),
        ("paren-kanji", _PAREN_KANJI),
        ("paren-alpha", _PAREN_ALPHA),
        ("circled", _CIRCLED),
        ("num-multi", _NUM_MULTI),
        ("num-dot", _NUM_DOT),
        ("num-close", _NUM_CLOSE),
        ("num-space", _NUM_SPACE),
        ("kanji", _KANJI_ITEM),
        ("iroha", _IROHA_ITEM),
        ("alpha", _ALPHA_ITEM),
    ):
        m = rx.match(s)
        if m:
            rest = m.group(2)
            marker = s[: len(s) - len(rest)].rstrip() if rest else s.rstrip()
            num = m.group(1)
            if style == "num-dot" or style == "num-multi":
                depth = num.count(".") + num.count("．") + 1
                style = f"num-dot{depth}"
                number = "-".join(_canon_number(p) for p in re.split(r"[.．]", num))
            else:
                number = (
                    _canon_number(num) if style not in ("paren-alpha", "iroha", "alpha") else num
                )
            return style, marker, number, rest
    return None


def shape_line(raw: str) -> _Shape:
    """Recognise one line (without its newline)."""
    if not raw.strip():
        return _Shape("blank")
    if _PAGE_NOISE.match(raw):
        return _Shape("noise", text="")
    if _IAL.match(raw) or _TABLE_RULE.match(raw) and "-" in raw:
        return _Shape("noise", text="")  # markup only: attribute lists, comments, table rules
    indent = _indent_of(raw)
    if _TABLE_ROW.match(raw) and raw.count("|") >= 2:
        cells = [strip_markup(c).strip() for c in raw.strip().strip("|").split("|")]
        content = " | ".join(c for c in cells)
        return _Shape("body", "table", "", "", content, content, "", 0, indent, Kind.ITEM)
    s = _ESCAPE.sub(r"\1", raw.strip(" \t"))
    md_level = 0
    bullet = ""
    m = _MD_HEADING.match(s)
    if m:
        md_level = len(m.group(1) or m.group(3))
        s = (m.group(2) or "").strip()
    else:
        while True:
            q = _QUOTE.match(s)
            if not q:
                break
            s = s[q.end() :]
        fw = len(s) - len(s.lstrip("\u3000"))  # full-width spaces used as indentation
        b = _BULLET.match(s[fw:])
        if b and not (b.group(1) in "*" and s[fw:].startswith("**")):
            bullet = b.group(1)
            s = s[fw + b.end() :]
            indent += 2 * fw
    s_clean = (
        strip_markup(s).strip(" \t\u3000") if md_level or bullet else strip_markup(s).strip(" \t")
    )
    inner = s_clean.lstrip("\u3000")

    m = _CHAPTER.match(inner)
    if m and not bullet:
        rest = m.group(3).strip()
        title = _title_of(rest) or (
            rest if len(rest) <= 40 and not rest.endswith(_TERMINAL) else ""
        )
        return _Shape(
            "heading",
            f"chapter-{m.group(2)}",
            inner[: len(inner) - len(rest)].rstrip() if rest else inner,
            _canon_number(m.group(1)),
            rest,
            s_clean,
            title,
            md_level,
            indent,
            Kind.CHAPTER,
        )
    m = _ARTICLE.match(inner)
    if m and not bullet:
        rest = m.group(3).strip()
        title = _title_of(rest)
        label_text = inner[: len(inner) - len(rest)].rstrip(" \t\u3000:：.．、") if rest else inner
        if True:  # 「第1条（適用）」, 「第一条　この規約は…」: the body may follow on the same line
            return _Shape(
                "heading",
                "article",
                label_text,
                _canon_number(m.group(1), m.group(2)),
                rest,
                s_clean,
                title
                if title
                else (rest if rest and not rest.endswith(_TERMINAL) and len(rest) <= 40 else ""),
                md_level,
                indent,
                Kind.ARTICLE,
            )
    m = _KOU.match(inner)
    if m:
        rest = m.group(2)
        return _Shape(
            "heading" if md_level else "body",
            "kou",
            inner[: len(inner) - len(rest)].rstrip(),
            _canon_number(m.group(1)),
            rest,
            s_clean,
            _title_of(rest),
            md_level,
            indent,
            Kind.PARAGRAPH,
        )
    bm = _body_marker(inner)
    if md_level:
        if bm:
            style, marker, number, rest = bm
            return _Shape(
                "heading",
                f"h-{style}",
                marker,
                number,
                rest,
                s_clean,
                _title_of(rest) or rest,
                md_level,
                indent,
                Kind.SECTION,
            )
        return _Shape(
            "heading",
            f"md{md_level}",
            "",
            "",
            inner,
            s_clean,
            inner,
            md_level,
            indent,
            Kind.SECTION,
        )
    if bm:
        style, marker, number, rest = bm
        if bullet:
            indent += 1  # a marker after a bullet sits inside the bullet
        else:
            indent += 2 * (len(s_clean) - len(inner))  # full-width indentation
        kind = Kind.ITEM if style not in ("num-dot1", "num-space", "num-close") else Kind.PARAGRAPH
        return _Shape(
            "body",
            style,
            marker,
            number,
            rest,
            s_clean if not bullet else s_clean,
            "",
            0,
            indent,
            kind,
        )
    if bullet:
        # every bullet character is one style: nesting comes from indentation
        return _Shape("body", "bullet", bullet, "", inner, inner, "", 0, indent, Kind.ITEM)
    return _Shape("plain", "", "", "", inner, s_clean, "", 0, indent)


def _title_of(rest: str) -> str:
    """「（適用）」 / 「(個人情報の取得)」 / 「【目的】」 → the title inside the brackets."""
    rest = rest.strip(" \t\u3000")
    m = re.match(r"^[（(【\[「]([^）)】\]」]{1,60})[）)】\]」]\s*$", rest)
    if m:
        return m.group(1).strip()
    return ""


def _looks_like_title(shape: _Shape) -> bool:
    c = shape.content.strip()
    return (
        bool(c)
        and len(c) <= 40
        and not c.endswith(_TERMINAL)
        and not any(ch in c for ch in "。：:")
        and not _SIGNATURE.search(c)
        and not _DATE.search(c)
    )


def _is_trailer_line(shape: _Shape) -> bool:
    c = shape.text.strip(" \t\u3000")
    if not c:
        return True
    if _TRAILER_WORDS.match(c) or _COPYRIGHT.search(c):
        return True
    if len(c) <= 60 and _DATE.search(c) and (_DATE_CONTEXT.search(c) or len(c) <= 20):
        return True
    return len(c) <= 40 and bool(_SIGNATURE.search(c)) and not c.endswith("。")


def _trailer_start(shapes: list[_Shape]) -> int:
    """Index of the first line of the trailing dates/signature block, or len(shapes)."""
    i = len(shapes)
    start = len(shapes)
    while i > 0:
        sh = shapes[i - 1]
        if sh.kind in ("blank", "noise"):
            i -= 1
            continue
        if (
            sh.kind == "heading"
            and sh.style not in ("md1", "md2", "md3", "md4", "md5", "md6")
            and not _TRAILER_WORDS.match(sh.content.strip())
        ):
            break
        if _is_trailer_line(sh) or (
            sh.kind == "heading" and _TRAILER_WORDS.match(sh.content.strip())
        ):
            i -= 1
            start = i
            continue
        break
    # a trailer needs at least one date or closing word, not only a signature
    if start < len(shapes) and not any(
        _DATE.search(s.text) or _TRAILER_WORDS.match(s.content.strip()) or _COPYRIGHT.search(s.text)
        for s in shapes[start:]
    ):
        return len(shapes)
    return start


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, raw) for each line; ``end`` includes the newline. Covers the text exactly."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        out.append((pos, end, text[pos : end if nl < 0 else nl]))
        pos = end
    return out


_RANK = {"chapter-編": 1, "chapter-章": 2, "chapter-節": 3, "chapter-款": 4}


def _dominates(a: _Builder, b_style: str, b_md: int) -> bool:
    """Does an open heading ``a`` stay the parent of a new heading of style ``b_style``?"""
    if a.tier == "R":
        return True
    ra, rb = _RANK.get(a.style), _RANK.get(b_style)
    if ra is not None:
        return rb is None or ra < rb
    if rb is not None:
        return False
    if a.style == "title":
        return False
    if a.md_level and b_md:  # two Markdown headings of different styles: levels decide
        return a.md_level < b_md
    return False


def parse(policy: Policy) -> Document:
    """Parse a loaded policy into a clause tree."""
    lines = split_lines(policy.text)
    shapes = [shape_line(raw) for _, _, raw in lines]
    trailer_at = _trailer_start(shapes)
    # an article caption on its own line, before 「（目的）/第一条　…」 or after 「第1条/（目的）」
    for i, sh in enumerate(shapes):
        if sh.kind != "plain" or not _CAPTION.match(sh.content.strip()):
            continue
        after = shapes[i + 1] if i + 1 < len(shapes) else None
        before = shapes[i - 1] if i else None
        cap = _CAPTION.match(sh.content.strip()).group(1).strip()
        if (
            after is not None
            and after.kind == "heading"
            and after.style == "article"
            and not after.title
        ):
            sh.kind, after.title = "caption", cap
        elif (
            before is not None
            and before.kind == "heading"
            and before.style == "article"
            and not before.title
            and not before.content.strip()
        ):
            sh.kind, before.title = "caption_after", cap

    # promote short numbered title lines and unnumbered title lines to headings
    nonblank = [i for i, s in enumerate(shapes) if s.kind not in ("blank", "noise")]
    nxt = {a: b for a, b in zip(nonblank, nonblank[1:], strict=False)}
    prev = {b: a for a, b in zip(nonblank, nonblank[1:], strict=False)}
    first = nonblank[0] if nonblank else None
    for i in nonblank:
        sh = shapes[i]
        if i >= trailer_at:
            break
        j = nxt.get(i)
        after = shapes[j] if j is not None else None
        numbered = sh.style in ("num-space", "num-close") or sh.style.startswith("num-dot")
        if (
            sh.kind == "body"
            and numbered
            and sh.indent == 0
            and not sh.text.startswith(("-", "*", "+"))
        ):
            # 「1. 用語の定義」 followed by body text (not by its next sibling) is a section title
            before = shapes[prev[i]] if i in prev else None
            in_list = before is not None and before.kind == "body" and before.style == sh.style
            if (
                _looks_like_title(sh)
                and after is not None
                and after.style != sh.style
                and not in_list
            ):
                _promote(sh, Kind.SECTION, f"sec-{sh.style}")
        elif (
            sh.kind == "plain"
            and sh.indent == 0
            and _looks_like_title(sh)
            and len(sh.content) <= 30
        ):
            blank_before = i == first or (i - 1 >= 0 and shapes[i - 1].kind in ("blank", "noise"))
            if i == first and after is not None:
                _promote(sh, Kind.TITLE, "title")
            elif (
                blank_before
                and after is not None
                and (after.content.rstrip().endswith("。") or after.kind == "body")
                and prev.get(i) is not None
            ):
                p = shapes[prev[i]]
                if p.kind != "body" or p.text.rstrip().endswith("。"):
                    _promote(sh, Kind.SECTION, "plainhead")
    if (
        first is not None
        and shapes[first].kind == "heading"
        and shapes[first].style.startswith("md")
        and not shapes[first].marker
    ):
        sh = shapes[first]
        if sh.md_level <= 2 or not any(
            s.kind == "heading" and s.style == sh.style for s in shapes[first + 1 :]
        ):
            _promote(sh, Kind.TITLE, "title")

    has_headings = any(s.kind == "heading" and s.style != "title" for s in shapes[:trailer_at])
    has_markers = any(s.kind in ("heading", "body") for s in shapes[:trailer_at])
    structure = "clauses" if (has_headings or has_markers) else "paragraphs"
    reason = (
        ""
        if structure == "clauses"
        else "no clause headings or numbering recognised; compared paragraph by paragraph"
    )

    root = _Builder(Kind.ROOT, "root", "R", -1, 0)
    stack: list[_Builder] = [root]
    prev_shape: _Shape | None = None

    pending: list[Line] = []  # blank lines before the first node
    body_styles: dict[
        str, str
    ] = {}  # marker style → last number used in the body since the last heading
    pending_caption: Line | None = None  # 「（目的）」 waiting for its article line

    def open_paragraph(line: Line, indent: int) -> None:
        b = _Builder(Kind.PARAGRAPH, "plain", "B", indent, 0)
        open_node(b)
        b.lines.append(line)

    def open_node(b: _Builder) -> None:
        if stack[-1].style == "title" and b.style != "trailer":
            stack.pop()  # a title owns only its own line
        stack[-1].children.append(b)
        stack.append(b)
        if pending:
            b.lines.extend(pending)
            pending.clear()

    for idx, ((start, end, raw), sh) in enumerate(zip(lines, shapes, strict=True)):
        line = _make_line(start, end, raw, sh)
        if idx == trailer_at:
            while len(stack) > 1:
                stack.pop()
            open_node(_Builder(Kind.TRAILER, "trailer", "A", 0, 0))
            stack[-1].lines.append(line)
            prev_shape = sh
            continue
        if sh.kind == "caption":
            pending_caption = line
            continue
        if sh.kind == "caption_after":
            stack[-1].lines.append(line)
            continue
        if idx > trailer_at or sh.kind in ("blank", "noise"):
            if len(stack) > 1:
                stack[-1].lines.append(line)
            else:
                pending.append(line)
            prev_shape = sh
            continue
        if (
            sh.kind == "heading"
            and sh.style.startswith("h-")
            and _continues(body_styles.get(sh.style[2:]), sh.number)
        ):
            sh.kind, sh.style, sh.node_kind, sh.indent = (
                "body",
                sh.style[2:],
                Kind.ITEM,
                0,
            )  # an item marked up as a heading
            line = _make_line(start, end, raw, sh)
        if sh.kind == "heading":
            body_styles.clear()
            b = _Builder(
                sh.node_kind, sh.style, "A", 0, sh.md_level, sh.marker, sh.number, sh.title
            )
            if sh.style == "title":
                while len(stack) > 1:
                    stack.pop()
                open_node(b)
                b.lines.append(line)
                prev_shape = sh
                continue
            while stack[-1].tier == "B" or stack[-1].style in ("preamble", "title"):
                stack.pop()
            found = None
            for j in range(len(stack) - 1, 0, -1):
                if stack[j].style == sh.style:
                    found = j
                    break
                if _dominates(stack[j], sh.style, sh.md_level):
                    break
            if found is not None:
                del stack[found:]
            else:
                while len(stack) > 1 and not _dominates(stack[-1], sh.style, sh.md_level):
                    stack.pop()
            open_node(b)
            if pending_caption is not None:
                b.lines.append(pending_caption)
                pending_caption = None
            b.lines.append(line)
        elif sh.kind == "body":
            body_styles[sh.style] = sh.number
            if len(stack) == 1 and has_headings:
                open_node(_Builder(Kind.PREAMBLE, "preamble", "A", 0, 0))
            elif stack[-1].style == "title":
                stack.pop()
                open_node(_Builder(Kind.PREAMBLE, "preamble", "A", 0, 0))
            while stack[-1].tier == "B" and stack[-1].indent > sh.indent:
                stack.pop()
            found = None
            for j in range(len(stack) - 1, 0, -1):
                if stack[j].tier != "B":
                    break
                if stack[j].style == sh.style and abs(stack[j].indent - sh.indent) <= 1:
                    found = j
                    break
            if found is not None:
                del stack[found:]
            b = _Builder(sh.node_kind, sh.style, "B", sh.indent, 0, sh.marker, sh.number, "")
            open_node(b)
            b.lines.append(line)
        else:  # plain text
            blank_before = idx > 0 and shapes[idx - 1].kind in ("blank", "noise")
            top = stack[-1]
            if top.style == "title":
                stack.pop()
                top = stack[-1]
            if len(stack) == 1:
                if has_headings:
                    open_node(_Builder(Kind.PREAMBLE, "preamble", "A", 0, 0))
                    stack[-1].lines.append(line)
                else:
                    open_paragraph(line, sh.indent)
            elif (
                top.tier == "B"
                and not blank_before
                and not (top.style == "plain" and _ends_sentence(prev_shape))
            ):
                top.lines.append(line)  # continuation of the item
            elif top.tier == "B" and blank_before and sh.indent > top.indent:
                top.lines.append(line)  # indented continuation after a blank line
            elif (
                top.tier == "A"
                and top.kind is not Kind.PREAMBLE
                and top.lines
                and not blank_before
                and not _ends_sentence(prev_shape)
                and prev_shape is not None
                and prev_shape.kind == "plain"
            ):
                top.lines.append(line)
            else:
                while stack[-1].tier == "B":
                    stack.pop()
                if stack[-1].kind is Kind.PREAMBLE:
                    stack[-1].lines.append(line)
                else:
                    open_paragraph(line, sh.indent)  # an unnumbered paragraph (項)
        prev_shape = sh
    if pending:  # a text of blank lines only cannot reach here (load refuses it)
        root.children.append(_Builder(Kind.PARAGRAPH, "plain", "A", 0, 0, lines=list(pending)))
    if structure == "paragraphs":
        root = _paragraph_fallback(lines, shapes)
    tree = root.build(0)
    return Document(policy=policy, root=tree, structure=structure, fallback_reason=reason)


def _promote(sh: _Shape, kind: Kind, style: str) -> None:
    """A body or plain line recognised as a heading: its words become the title."""
    sh.kind, sh.node_kind, sh.style, sh.title = "heading", kind, style, sh.content.strip()


def _continues(previous: str | None, number: str) -> bool:
    """Is ``number`` the next one after ``previous`` (an item (13) after (12))?"""
    if previous is None:
        return False
    try:
        return int(number) == int(previous) + 1
    except ValueError:
        return False


def _ends_sentence(sh: _Shape | None) -> bool:
    return sh is not None and sh.text.rstrip().endswith(("。", "．"))


def _make_line(start: int, end: int, raw: str, sh: _Shape) -> Line:
    if sh.kind in ("blank", "noise"):
        return Line(start, end, raw, "", "", "")
    return Line(
        start,
        end,
        raw,
        sh.content.strip(" \t\u3000") if sh.kind != "plain" else sh.content.strip(" \t"),
        sh.marker,
        sh.text.strip(" \t"),
    )


def _paragraph_fallback(lines: list[tuple[int, int, str]], shapes: list[_Shape]) -> _Builder:
    """No structure: one paragraph per blank-line-separated block."""
    root = _Builder(Kind.ROOT, "root", "R", -1, 0)
    current: _Builder | None = None
    for (start, end, raw), sh in zip(lines, shapes, strict=True):
        line = _make_line(start, end, raw, sh)
        if sh.kind in ("blank", "noise"):
            if current is None:
                current = _Builder(Kind.PARAGRAPH, "plain", "A", 0, 0)
                root.children.append(current)
            current.lines.append(line)
            continue
        if current is None or (current.lines and not current.lines[-1].content):
            current = _Builder(Kind.PARAGRAPH, "plain", "A", 0, 0)
            root.children.append(current)
        current.lines.append(line)
    return root

"""The named passes over the shapes, run in order before the tree is built.

1. :func:`trailer_start` — where the closing dates / 以上 / signature block begins;
2. :func:`attach_captions` — 「（目的）」 on its own line becomes the title of its article;
3. :func:`promote_titles` — short numbered title lines and unnumbered title lines become
   headings, the first line the document title;
4. :func:`decide_structure` — clauses, or paragraph by paragraph when nothing is numbered.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ..model import Kind
from .markers import CAPTION
from .shapes import TERMINAL, Shape, ShapeKind

_TRAILER_WORDS = re.compile(
    r"^(?:以上|附\s*+則|付\s*+則|改定履歴|改訂履歴|制定・改定|変更履歴|更新履歴|沿革|【?(?:制定|改定|改訂|施行|最終改定|最終更新|最終改訂|更新|発効|策定|効力発生)日?】?[\s:：]*+)[\s　]*+$"
)
DATE = re.compile(
    r"(?:[0-9０-９]{4}|[〇一二三四五六七八九]{4}|令和|平成|昭和)[ \t\u3000]*+(?:[0-9０-９元一二三四五六七八九十]++)?[ \t\u3000]*+年[ \t\u3000]*+[0-9０-９一二三四五六七八九十]++[ \t\u3000]*+月"
    r"|[0-9０-９]{4}[-/.][0-9０-９]{1,2}[-/.][0-9０-９]{1,2}"
)
_DATE_CONTEXT = re.compile(
    r"制定|改定|改訂|施行|更新|策定|発効|適用|効力|作成|公表|追加|変更|から|より|日$|日[）)]?$"
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright|著作権)|All rights reserved", re.I)
SIGNATURE = re.compile(
    r"(?:株式会社|合同会社|有限会社|一般社団法人|代表取締役|代表者|運営者|事務局|Inc\.|Co\.,? ?Ltd)"
)
_MD_STYLES = frozenset(f"md{n}" for n in range(1, 7))
_NUMBERED_TITLE_STYLES = ("num-space", "num-close")


class Structure(StrEnum):
    CLAUSES = "clauses"
    PARAGRAPHS = "paragraphs"


def looks_like_title(shape: Shape) -> bool:
    c = shape.content.strip()
    return (
        bool(c)
        and len(c) <= 40
        and not c.endswith(TERMINAL)
        and not any(ch in c for ch in "。：:")
        and not SIGNATURE.search(c)
        and not DATE.search(c)
    )


def _is_trailer_line(shape: Shape) -> bool:
    c = shape.text.strip(" \t\u3000")
    if not c:
        return True
    if _TRAILER_WORDS.match(c) or _COPYRIGHT.search(c):
        return True
    if len(c) <= 60 and DATE.search(c) and (_DATE_CONTEXT.search(c) or len(c) <= 20):
        return True
    return len(c) <= 40 and bool(SIGNATURE.search(c)) and not c.endswith("。")


def trailer_start(shapes: list[Shape]) -> int:
    """Index of the first line of the trailing dates/signature block, or len(shapes)."""
    i = start = len(shapes)
    while i > 0:
        sh = shapes[i - 1]
        if sh.is_blank:
            i -= 1
            continue
        closing = bool(_TRAILER_WORDS.match(sh.content.strip()))
        if sh.kind is ShapeKind.HEADING and sh.style not in _MD_STYLES and not closing:
            break
        if _is_trailer_line(sh) or (sh.kind is ShapeKind.HEADING and closing):
            i -= 1
            start = i
            continue
        break
    # a trailer needs at least one date or closing word, not only a signature
    if start < len(shapes) and not any(
        DATE.search(s.text) or _TRAILER_WORDS.match(s.content.strip()) or _COPYRIGHT.search(s.text)
        for s in shapes[start:]
    ):
        return len(shapes)
    return start


def attach_captions(shapes: list[Shape]) -> None:
    """「（目的）」 before 「第一条　…」 or after a bare 「第1条」 is the article's title."""
    for i, sh in enumerate(shapes):
        if sh.kind is not ShapeKind.PLAIN:
            continue
        m = CAPTION.match(sh.content.strip())
        if not m:
            continue
        cap = m.group(1).strip()
        after = shapes[i + 1] if i + 1 < len(shapes) else None
        before = shapes[i - 1] if i else None
        if _bare_article(after) and not after.title:
            sh.kind, after.title = ShapeKind.CAPTION, cap
        elif _bare_article(before) and not before.title and not before.content.strip():
            sh.kind, before.title = ShapeKind.CAPTION_AFTER, cap


def _bare_article(sh: Shape | None) -> bool:
    return sh is not None and sh.kind is ShapeKind.HEADING and sh.style == "article"


def promote_titles(shapes: list[Shape], trailer_at: int) -> None:
    """Numbered title lines become sections, short unnumbered ones headings or the title."""
    nonblank = [i for i, s in enumerate(shapes) if not s.is_blank]
    first = nonblank[0] if nonblank else None
    for k, i in enumerate(nonblank):
        if i >= trailer_at:
            break
        sh = shapes[i]
        after = shapes[nonblank[k + 1]] if k + 1 < len(nonblank) else None
        before = shapes[nonblank[k - 1]] if k else None
        if sh.kind is ShapeKind.BODY and _numbered(sh) and sh.indent == 0:
            _promote_numbered(sh, before, after)
        elif sh.kind is ShapeKind.PLAIN and sh.indent == 0 and _short_title(sh):
            _promote_plain(sh, i == first, before, after)
    if first is not None:
        _promote_first_heading(shapes, first)


def _short_title(sh: Shape) -> bool:
    return looks_like_title(sh) and len(sh.content) <= 30


def _numbered(sh: Shape) -> bool:
    return sh.style in _NUMBERED_TITLE_STYLES or sh.style.startswith("num-dot")


def _promote_numbered(sh: Shape, before: Shape | None, after: Shape | None) -> None:
    """「1. 用語の定義」 followed by body text (not by its next sibling) is a section title."""
    if sh.text.startswith(("-", "*", "+")):
        return
    in_list = before is not None and before.kind is ShapeKind.BODY and before.style == sh.style
    if looks_like_title(sh) and after is not None and after.style != sh.style and not in_list:
        sh.promote(Kind.SECTION, f"sec-{sh.style}")


def _promote_plain(sh: Shape, is_first: bool, before: Shape | None, after: Shape | None) -> None:
    if after is None:
        return
    if is_first:
        sh.promote(Kind.TITLE, "title")
        return
    opens_body = after.content.rstrip().endswith("。") or after.kind is ShapeKind.BODY
    # after body text (not right under a heading: the first words of a section are its body,
    # whether a blank line, a new <p> or nothing separates them from the heading)
    after_body = (
        before is not None
        and before.kind is not ShapeKind.HEADING
        and (before.kind is not ShapeKind.BODY or before.text.rstrip().endswith("。"))
    )
    if sh.gap and opens_body and after_body:
        sh.promote(Kind.SECTION, "plainhead")


def _promote_first_heading(shapes: list[Shape], first: int) -> None:
    """An opening unnumbered heading is the title when it is the top level or unique."""
    sh = shapes[first]
    if sh.kind is not ShapeKind.HEADING or not sh.style.startswith("md") or sh.marker:
        return
    if sh.md_level <= 2 or not any(
        s.kind is ShapeKind.HEADING and s.style == sh.style for s in shapes[first + 1 :]
    ):
        sh.promote(Kind.TITLE, "title")


def decide_structure(shapes: list[Shape], trailer_at: int) -> tuple[Structure, bool]:
    """(structure, has_headings): clauses when anything is a heading or numbered."""
    body = shapes[:trailer_at]
    has_headings = any(s.kind is ShapeKind.HEADING and s.style != "title" for s in body)
    has_markers = any(s.kind in (ShapeKind.HEADING, ShapeKind.BODY) for s in body)
    structure = Structure.CLAUSES if has_headings or has_markers else Structure.PARAGRAPHS
    return structure, has_headings


FALLBACK_REASON = "no clause headings or numbering recognised; compared paragraph by paragraph"

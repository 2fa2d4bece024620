"""The plain-text reader: one block per line, Japanese line-style recognition only.

Indentation (spaces, tabs, full-width spaces) and bullet characters (・ - * ● …) are what a
plain text says about structure; numbering (第N条, 1., (1), ①, 一) is recognised later by
:mod:`policydiff.clauses.markers`, the same way for every format.
"""

from __future__ import annotations

from . import Block, BlockKind, Format, Reading

BULLETS = frozenset("-*+•・●○◆◇■□▪►")
_DASHES = frozenset("-－―‐ー")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def read_text(text: str) -> Reading:
    blocks: list[Block] = []
    pos = 0
    gap = True
    for raw in text.split("\n"):
        end = pos + len(raw) + 1
        if pos >= len(text):
            break
        end = min(end, len(text))
        block = text_block(raw, pos, end, gap)
        blocks.append(block)
        gap = block.kind is BlockKind.BLANK
        pos = end
    return Reading(Format.TEXT, text, tuple(blocks))


def text_block(raw: str, start: int, end: int, gap: bool) -> Block:
    """Recognise one line of plain text (without its newline)."""
    if not raw.strip() or is_page_noise(raw):
        return Block(BlockKind.BLANK, "", start, end, raw, noise=bool(raw.strip()), gap=gap)
    indent = indent_of(raw)
    s = raw.strip(" \t")
    fw = len(s) - len(s.lstrip("\u3000"))  # full-width spaces used as indentation
    bullet = _bullet_at(s, fw)
    if bullet:
        rest = s[fw + 1 :].lstrip(" \t\u3000")
        return Block(
            BlockKind.ITEM, rest, start, end, raw, indent=indent + 2 * fw, marker=bullet, gap=gap
        )
    return Block(BlockKind.PARAGRAPH, s, start, end, raw, indent=indent, gap=gap)


def split_bullet(text: str) -> tuple[str, str, int] | None:
    """A bullet written in the words themselves (「・氏名」, 「- 氏名」, after full-width
    indentation): ``(marker, rest, full-width spaces before it)``, or None.

    Markdown paragraphs and HTML elements use it so that a bullet typed into the text is
    recognised the way the plain-text reader recognises it, whatever the format.
    """
    fw = len(text) - len(text.lstrip("\u3000"))
    bullet = _bullet_at(text, fw)
    if not bullet:
        return None
    return bullet, text[fw + 1 :].lstrip(" \t\u3000"), fw


def _bullet_at(s: str, i: int) -> str:
    if i >= len(s) or s[i] not in BULLETS or s.startswith("**", i):
        return ""
    rest = s[i + 1 :].lstrip(" \t\u3000")
    return s[i] if rest else ""


def indent_of(raw: str) -> int:
    n = 0
    for c in raw:
        if c == " ":
            n += 1
        elif c == "\t":
            n += 4
        else:
            break
    return n


def is_page_noise(raw: str) -> bool:
    """「- 3 -」, 「3 / 12」 or a form feed alone on a line (a page break in a pasted PDF)."""
    s = raw.strip().replace("\f", "")
    if not s:
        return "\f" in raw
    if s[0] in _DASHES and s[-1] in _DASHES and len(s) >= 3:
        inner = s[1:-1].strip()
        return bool(inner) and all(c in _DIGITS for c in inner)
    if "/" in s:
        a, _, b = s.partition("/")
        a, b = a.strip(), b.strip()
        return bool(a and b) and all(c in _DIGITS for c in a + b)
    return False

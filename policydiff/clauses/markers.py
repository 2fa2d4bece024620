"""Japanese legal numbering, recognised on visible text: knows nothing of file formats.

第N編/章/節/款 (chapters), 第N条 / 第N条のM (articles), N項, and the body markers of 項 and 号:
``1.``, ``1.2``, ``1)``, ``１　``, ``(1)``, ``（一）``, ``(a)``, ``①``, ``一``, ``イ``, ``a.``.
Every pattern is anchored and its quantifiers are possessive where runs could overlap, so
matching a line is linear in its length.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from sys import intern

from ..numerals import CIRCLED, IROHA, KANJI_NUMERAL_CHARS, to_int
from ..sharing import share

_NUM = r"[0-9０-９]++"
_KNUM = f"[{KANJI_NUMERAL_CHARS}]++"
_ANYNUM = rf"(?:{_NUM}|{_KNUM})"
_SP = r"[ \t\u3000]"

CHAPTER = re.compile(
    rf"^第{_SP}*+({_ANYNUM}){_SP}*+(編|章|節|款)(?=$|[ \t\u3000（(【「:：.．、])[ \t\u3000:：.．、]*+(.*)$"
)
ARTICLE = re.compile(
    rf"^第{_SP}*+({_ANYNUM}){_SP}*+条(?:{_SP}*+の{_SP}*+({_ANYNUM}))?(?=$|[ \t\u3000（(【「:：.．、])[ \t\u3000:：.．、]*+(.*)$"
)
KOU = re.compile(rf"^({_NUM}){_SP}*+項{_SP}*+((?:[（(【][^）)】]*+[）)】])?)$")
_NUM_DOT = re.compile(rf"^({_NUM}(?:[.．]{_NUM})*+)[.．](?![0-9０-９]){_SP}*+(.*)$")
_NUM_MULTI = re.compile(rf"^({_NUM}(?:[.．]{_NUM})++)(?![.．0-9０-９]){_SP}++(.*)$")
_NUM_CLOSE = re.compile(rf"^({_NUM})[)）]{_SP}*+(.*)$")
_NUM_SPACE = re.compile(
    rf"^({_NUM})(?:\u3000++|[ \t]++(?![年月日条項号%％円歳か箇ヶ])){_SP}*+(\S.*)$"
)
_PAREN = re.compile(rf"^[(（]({_NUM})[)）]{_SP}*+(.*)$")
_PAREN_KANJI = re.compile(rf"^[(（]({_KNUM})[)）]{_SP}*+(.*)$")
_PAREN_ALPHA = re.compile(rf"^[(（]([a-zA-Zａ-ｚＡ-Ｚ]|[{IROHA}])[)）]{_SP}*+(.*)$")
_CIRCLED = re.compile(rf"^([{CIRCLED}]){_SP}*+(.*)$")
_KANJI_ITEM = re.compile(rf"^([{KANJI_NUMERAL_CHARS[2:]}]{{1,3}})[ \t\u3000、．.]++(.*)$")
_IROHA_ITEM = re.compile(rf"^([{IROHA}]){_SP}++(.*)$")
_ALPHA_ITEM = re.compile(r"^([a-zA-Z])[.)][ \t]++(.*)$")
_TITLE = re.compile(r"^[（(【\[「]([^）)】\]」]{1,60})[）)】\]」]\s*+$")

CAPTION = re.compile(
    r"^[（(]([^（）()]{1,30})[）)]$"
)  # 「（目的）」 on its own line, as in statutes


class Style(StrEnum):
    """The numbering style of a body marker (two markers of one style are siblings)."""

    PAREN = "paren"
    PAREN_KANJI = "paren-kanji"
    PAREN_ALPHA = "paren-alpha"
    CIRCLED = "circled"
    NUM_MULTI = "num-multi"
    NUM_DOT = "num-dot"
    NUM_CLOSE = "num-close"
    NUM_SPACE = "num-space"
    KANJI = "kanji"
    IROHA = "iroha"
    ALPHA = "alpha"


_BODY_MARKERS = (
    (Style.PAREN, _PAREN),
    (Style.PAREN_KANJI, _PAREN_KANJI),
    (Style.PAREN_ALPHA, _PAREN_ALPHA),
    (Style.CIRCLED, _CIRCLED),
    (Style.NUM_MULTI, _NUM_MULTI),
    (Style.NUM_DOT, _NUM_DOT),
    (Style.NUM_CLOSE, _NUM_CLOSE),
    (Style.NUM_SPACE, _NUM_SPACE),
    (Style.KANJI, _KANJI_ITEM),
    (Style.IROHA, _IROHA_ITEM),
    (Style.ALPHA, _ALPHA_ITEM),
)
_LETTER_STYLES = (Style.PAREN_ALPHA, Style.IROHA, Style.ALPHA)
# the characters a body marker can open with (each pattern above is anchored on one of them):
# most lines open with none, and are then not matched against eleven patterns
DIGITS = frozenset("0123456789０１２３４５６７８９")
_MARKER_FIRST = (
    frozenset("(（" + CIRCLED + KANJI_NUMERAL_CHARS[2:] + IROHA)
    | DIGITS
    | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
)


@dataclass(frozen=True, slots=True)
class BodyMarker:
    style: str  # a Style value; dotted numbers carry their depth: "num-dot2"
    marker: str  # as written
    number: str  # canonical: "1", "1-2", "a"
    rest: str  # the text after the marker


@functools.lru_cache(maxsize=1 << 12)  # a document repeats its numbers: one string each
def canon_number(*parts: str | None) -> str:
    out = []
    for p in parts:
        if p:
            v = to_int(p)
            out.append(str(v) if v is not None else unicodedata.normalize("NFKC", p))
    return share("-".join(out))  # the versions compared share their numbers


def body_marker(s: str) -> BodyMarker | None:
    """The numbered marker opening ``s`` (a 項 or 号 line), else None."""
    if not s or s[0] not in _MARKER_FIRST:
        return None
    for style, rx in _BODY_MARKERS:
        m = rx.match(s)
        if not m:
            continue
        rest = m.group(2)
        # interned: a document writes the same few markers on thousands of lines
        marker = intern(s[: len(s) - len(rest)].rstrip() if rest else s.rstrip())
        num = m.group(1)
        if style in (Style.NUM_DOT, Style.NUM_MULTI):
            parts = num.replace("．", ".").split(".")
            return BodyMarker(
                f"num-dot{len(parts)}", marker, "-".join(canon_number(p) for p in parts), rest
            )
        number = num if style in _LETTER_STYLES else canon_number(num)
        return BodyMarker(style.value, marker, number, rest)
    return None


def title_of(rest: str) -> str:
    """「（適用）」 / 「(個人情報の取得)」 / 「【目的】」 → the title inside the brackets."""
    m = _TITLE.match(rest.strip(" \t\u3000"))
    return m.group(1).strip() if m else ""

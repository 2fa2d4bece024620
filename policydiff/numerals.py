"""Japanese numerals: kanji (十二, 二十一, 百五) and full-width digits to integers."""

from __future__ import annotations

import unicodedata

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラム"
# the longest numeral read as a number (int() refuses more than 4 300 digits; 10**18 is
# beyond any clause number, year or period)
MAX_DIGITS = 18
KANJI_NUMERAL_CHARS = "〇零一二三四五六七八九十百千"


def to_int(text: str) -> int | None:
    """'12', '１２', '十二', '二十一', '百五', '①' → int; None if not a numeral."""
    t = unicodedata.normalize("NFKC", text.strip())
    if not t or len(t) > MAX_DIGITS:
        return None  # no article, item or year runs to 19 digits: such a string is not counted
    if t.isdigit():
        return int(t)
    if text.strip() in CIRCLED:
        return CIRCLED.index(text.strip()) + 1
    if all(c in _DIGITS for c in t):  # positional: 二〇二四
        return int("".join(str(_DIGITS[c]) for c in t))
    total, current = 0, 0
    for c in t:
        if c in _DIGITS:
            current = _DIGITS[c]
        elif c in _UNITS:
            total += (current or 1) * _UNITS[c]
            current = 0
        else:
            return None
    return total + current

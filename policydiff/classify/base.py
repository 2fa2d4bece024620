"""What every part of classification shares: the context, the tokens of a side, text keys."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Token, Unit
from ..numerals import to_int
from ..rules import RuleSet, nfkc

PUNCT_POS = frozenset({"空白", "補助記号"})
MARKUP = frozenset("#*`>|_~")
WINDOW = 12  # characters of context around a hunk whose morphemes are read with it


@dataclass(frozen=True)
class Context:
    rules: RuleSet
    document_type: str  # privacy | terms
    renumbering: dict[str, str]
    # old article number → {old paragraph/item number → new one}, from alignment
    sub_renumbering: dict[str, dict[str, str]] | None = None
    # short names the documents define for a statute of the table (以下「個情法」といいます)
    law_names: tuple[str, ...] = ()
    # old number → (new number, title) of each section alignment renumbered with its title
    # kept: a body that cites 「9. お問い合わせ窓口」 by number and title follows it
    renumbered_titles: dict[str, tuple[str, str]] | None = None


@dataclass(frozen=True)
class Side:
    """One version of a clause with the tokens of its text (handed in, never computed here)."""

    unit: Unit | None
    tokens: Sequence[Token] = ()

    @property
    def text(self) -> str:
        return self.unit.text if self.unit is not None else ""

    def around(self, start: int, end: int, window: int = WINDOW) -> list[Token]:
        """The whole morphemes that touch start-window .. end+window."""
        lo, hi = max(0, start - window), end + window
        return [t for t in self.tokens if t.end > lo and t.start < hi]

    def within(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]


def side_offset(tokens: Sequence[Token], start: int, t: Token) -> int:
    """Where a hunk's morpheme ``t`` stands in its side's text. A hunk's own morphemes may
    count from another origin than its offsets; ``start`` is the hunk's offset and
    ``tokens`` its morphemes of that side."""
    return start + t.start - tokens[0].start


def squash(text: str) -> str:
    """NFKC, whitespace and markup characters removed: the basis of the format proof.
    (``split`` drops exactly the characters ``isspace`` names; no string per character, so a
    line of millions of characters costs little.)"""
    return "".join(nfkc(text).split()).translate(_NO_MARKUP)


_NO_MARKUP = dict.fromkeys(map(ord, MARKUP))


def no_punct(text: str) -> str:
    return "".join(
        c
        for c in squash(text)
        if not unicodedata.category(c).startswith(("P", "S")) or c in "%％円$¥"
    )


def sig(tokens: Sequence[Token]) -> list[Token]:
    """Tokens that carry words (no spaces, no punctuation). A symbol that stands for words
    or a number (㈱ for 株式会社, ① for 1) carries them."""
    return [t for t in tokens if t.pos not in PUNCT_POS or _wordy_symbol(t.surface)]


def _wordy_symbol(surface: str) -> bool:
    return any(c.isalnum() for c in nfkc(surface))


def is_number(t: Token) -> bool:
    return len(t.pos_detail) > 1 and t.pos_detail[1] == "数詞"


def number_value(t: Token) -> float | None:
    s = nfkc(t.surface).replace(",", "")
    try:
        return float(s)
    except ValueError:
        v = to_int(s)
        return float(v) if v is not None else None


def token_key(t: Token) -> str:
    """What a word is compared by: a number's value (一 = 1 = １), else its normalized form."""
    if is_number(t):
        v = number_value(t)
        if v is not None:
            return f"#{v:g}"
    return nfkc(t.normalized)


def numbers(tokens: Sequence[Token]) -> list[float | str]:
    """The numbers of a token run, as values (一 = 1 = １); unreadable numerals as text."""
    out: list[float | str] = []
    for t in tokens:
        if is_number(t) or any(c.isdigit() for c in nfkc(t.surface)):
            v = number_value(t)
            out.append(v if v is not None else nfkc(t.surface))
    return out


def count_word(word: str, text: str, bnds: set[int], offset: int = 0) -> int:
    n = 0
    kana_end = is_kana(word[-1]) if word else False
    start = text.find(word) if word else -1
    while start >= 0:
        s, e = start + offset, start + len(word) + offset
        if s in bnds and (kana_end or e in bnds):
            n += 1
        start = text.find(word, start + 1)
    return n


def is_kana(c: str) -> bool:
    return "\u3041" <= c <= "\u30ff"


def is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or c in "々〆"

"""Proofs from the grammar of Japanese: two spellings of one phrase that the grammar says
mean the same.

- A compound noun and the same two nouns joined by the attributive 「の」
  (安全確保 = 安全の確保, 当社サービス = 当社のサービス).
- The subject of an adnominal clause marked by 「が」 or by 「の」 (が・の交替):
  「当社が使用するクッキー」 = 「当社の使用するクッキー」. Only inside a clause that modifies a
  noun: the predicate after the particle is attributive (連体形) and a noun follows it.

Each proof reads whole Sudachi morphemes of the hunk (and, for the subject particle, of the
sentence after it); every other word must be the same on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Hunk, Token
from .base import Context, Side, is_number, side_offset, sig

ATTRIBUTIVE = "の"
SUBJECT_MARKERS = frozenset({"が", "の"})
PREDICATE_POS = frozenset({"動詞", "形容詞", "助動詞"})
PREDICATE_REACH = 4  # morphemes between the particle and the predicate it is the subject of


def _plain_noun(t: Token) -> bool:
    """A common noun (not a name, not a number): the words a compound is made of."""
    return (
        t.pos == "名詞"
        and len(t.pos_detail) > 1
        and t.pos_detail[1] == "普通名詞"
        and not (is_number(t))
    )


def _case_particle(t: Token, surface: str) -> bool:
    return t.pos == "助詞" and t.surface == surface and "格助詞" in t.pos_detail


def _joined(with_no: Sequence[Token], compound: Sequence[Token]) -> bool:
    """``with_no`` is noun + の + noun and ``compound`` is the same two nouns written as one
    compound (one morpheme, or the same two)."""
    if len(with_no) != 3 or not _case_particle(with_no[1], ATTRIBUTIVE):
        return False
    first, _, second = with_no
    if not (_plain_noun(first) and _plain_noun(second)):
        return False
    if not compound or not all(_plain_noun(t) for t in compound):
        return False
    if len(compound) == 1:
        return compound[0].surface == first.surface + second.surface
    return [t.surface for t in compound] == [first.surface, second.surface]


def noun_compound(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「安全確保」→「安全の確保」 (or back): a compound noun written as its two nouns joined by
    the attributive 「の」; nothing else in the hunk differs."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if _joined(b, a) or _joined(a, b):
        return True
    # the hunk is the の alone (リマインドの通知 → リマインド通知): the nouns around it
    if a and not b and _only_no(a):
        return _nouns_around(old, h.old_start, h.old_end) and _nouns_around(
            new, h.new_start, h.new_start
        )
    if b and not a and _only_no(b):
        return _nouns_around(new, h.new_start, h.new_end) and _nouns_around(
            old, h.old_start, h.old_start
        )
    return False


def _only_no(tokens: Sequence[Token]) -> bool:
    return len(tokens) == 1 and _case_particle(tokens[0], ATTRIBUTIVE)


def _nouns_around(side: Side, start: int, end: int) -> bool:
    """A common noun ends at ``start`` and another begins at ``end`` in the side's text."""
    before = next((t for t in side.tokens if t.end == start), None)
    after = next((t for t in side.tokens if t.start == end), None)
    return before is not None and after is not None and _plain_noun(before) and _plain_noun(after)


def _modifies_a_noun(tokens: Sequence[Token]) -> bool:
    """The morphemes after a subject particle: a predicate in its attributive form (連体形)
    within reach, with only words of its own before it, and a noun right after it."""
    for k, t in enumerate(tokens[:PREDICATE_REACH]):
        if t.pos == "助詞" or t.pos in ("補助記号", "空白"):
            return False
        if t.pos not in PREDICATE_POS:
            continue
        form = t.pos_detail[5] if len(t.pos_detail) > 5 else ""
        if not form.startswith("連体形"):
            continue  # 使用し|た: the clause goes on
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        return nxt is not None and nxt.pos == "名詞"
    return False


def subject_particle(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「当社の使用するクッキー」→「当社が使用するクッキー」 (or back): the subject of a clause
    that modifies a noun, marked by が instead of の. Exactly one morpheme differs, on both
    sides a case particle after a noun, and on both sides the clause after it ends in an
    attributive predicate that a noun follows."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if len(a) != len(b) or not a:
        return False
    differ = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x.surface != y.surface]
    if len(differ) != 1:
        return False
    x, y = a[differ[0]], b[differ[0]]
    if {x.surface, y.surface} != SUBJECT_MARKERS:
        return False
    if not all(_case_particle(t, t.surface) for t in (x, y)):
        return False
    at_old = side_offset(h.old_tokens, h.old_start, x)
    at_new = side_offset(h.new_tokens, h.new_start, y)
    return _subject_of_adnominal(old, at_old) and _subject_of_adnominal(new, at_new)


def _subject_of_adnominal(side: Side, at: int) -> bool:
    """The particle at offset ``at`` of the side's text follows a noun and is the subject of
    a clause that modifies a noun."""
    toks = list(side.tokens)
    k = next((i for i, t in enumerate(toks) if t.start == at), None)
    if k is None or k == 0 or toks[k - 1].pos not in ("名詞", "接尾辞", "代名詞"):
        return False
    return _modifies_a_noun(toks[k + 1 :])


__all__ = ["noun_compound", "subject_particle"]

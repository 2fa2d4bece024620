"""Words that describe a contact desk: 「開示・訂正等の請求窓口」 names what the desk receives,
not a right of the person. A changed word that stands in a noun phrase whose head is a desk
word (material.toml [[category]] contact ``desk_heads``) counts for the desk, not for the
category its cue would otherwise name (legal-notes M4: a desk renamed or described anew is
minor when nothing else changes)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Token
from ..rules import RuleSet, nfkc

# what may stand between a modifier and the desk word: nouns, the attributive の and the
# listing mark 「・」 (the listing words 等・及び come from the table)
_PHRASE_POS = frozenset({"名詞", "接頭辞", "接尾辞"})
_JOINERS = frozenset({"の", "・", "･"})


def _reaches_desk(tokens: Sequence[Token], k: int, rules: RuleSet) -> bool:
    """Does the noun phrase from ``tokens[k]`` run, through nouns, の, ・ and listing words
    only, to a desk word?"""
    lex = rules.lexicon
    for t in tokens[k:]:
        s = nfkc(t.surface)
        if s in lex.desk_heads:
            return True
        if t.pos in _PHRASE_POS or s in _JOINERS or s in lex.desk_listing:
            continue
        return False
    return False


def describes_desk(side_tokens: Sequence[Token], start: int, end: int, rules: RuleSet) -> set[int]:
    """Offsets (starts) of the morphemes in start..end of a side that describe a desk."""
    if not rules.lexicon.desk_heads:
        return set()
    out: set[int] = set()
    for k, t in enumerate(side_tokens):
        if t.start < start or t.end > end:
            continue
        if nfkc(t.surface) in rules.lexicon.desk_heads:
            continue  # the desk word itself names the desk: it stays
        if _reaches_desk(side_tokens, k, rules):
            out.add(t.start)
    return out


__all__ = ["describes_desk"]

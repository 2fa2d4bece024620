"""The same negation said another way: 「侵害せず、…違反しない」 ↔ 「侵害したり、…違反したりしない」.

Japanese negates a series of acts either predicate by predicate (「AせずBしない」) or once for
the whole series (「AしたりBしたりしない」: the 「…たり」 predicates take the polarity of the light
verb that closes the series). Both say "neither A nor B". The proof reads the sentence around
the hunk on each side as a sequence of keys: every word by its lemma, every predicate's
ending as one key (negated or not, with its other auxiliaries: passive, causative, past …),
politeness left out, and a focus particle 「も」 between a case particle and the predicate
(「規制にも違反しない」) left out. The hunk is proven when every word it touches is a
predicate ending (or such a 「も」) whose key is matched, unchanged, on the other side.
Whatever else the sentence changes is its own hunk, judged on its own.

The word lists (negating auxiliaries, the enumerative 「たり」, light verbs, politeness, focus
particles) are the [polarity] table of rules/editorial.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from ..model import Hunk, Token
from ..rules import Lexicon
from .base import Context, Side, sig, token_key

_ENDING = "述語"  # the key of a predicate ending: 述語+ / 述語- and its auxiliaries
_UNRESOLVED = "?"  # a 「…たり」 series that no light verb closes


def _is_light(t: Token, lex: Lexicon) -> bool:
    return t.pos == "動詞" and t.dictionary_form in lex.polarity_light_verbs


def _is_enumerative(t: Token, lex: Lexicon) -> bool:
    return t.pos == "助詞" and t.surface in lex.polarity_enumerative


class _Reading:
    """The keys of one sentence and, for each key, the tokens it was read from."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.sources: list[tuple[int, ...]] = []
        self.ending_tokens: set[int] = set()  # tokens read into a predicate ending
        self.heads: set[int] = set()  # verbs (their conjugated form may differ)
        self.dropped: set[int] = set()  # focus particles left out

    def add(self, key: str, src: Sequence[int]) -> int:
        self.keys.append(key)
        self.sources.append(tuple(src))
        return len(self.keys) - 1


def _read(toks: Sequence[Token], lex: Lexicon) -> _Reading:  # noqa: C901
    r = _Reading()
    pending: list[tuple[int, tuple[str, ...]]] = []  # 「…たり」 endings awaiting their polarity
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.pos == "動詞":
            if not _is_light(t, lex):
                r.add(token_key(t), (i,))  # the verb itself; its ending follows
                r.heads.add(i)
            src = [i] if _is_light(t, lex) else []
            neg, aux, enum, closed = 0, [], False, False
            j = i + 1
            while j < n:
                u = toks[j]
                if u.pos == "助動詞":
                    if u.dictionary_form in lex.polarity_negators:
                        neg += 1
                    elif u.dictionary_form not in lex.polarity_polite:
                        aux.append(u.dictionary_form)
                elif _is_enumerative(u, lex):
                    enum = True
                elif enum and _is_light(u, lex):
                    closed = True  # 「…したりしない」: the light verb that closes the series
                else:
                    break
                src.append(j)
                j += 1
            r.ending_tokens.update(src)
            if enum and not closed:
                pending.append((r.add(_ENDING, src), tuple(aux)))
            else:
                key = f"{_ENDING}{'-' if neg % 2 else '+'}{'|'.join(aux)}"
                if closed:
                    for k, own_aux in pending:
                        r.keys[k] = f"{_ENDING}{'-' if neg % 2 else '+'}{'|'.join(own_aux)}"
                    pending.clear()
                r.add(key, src)
            i = j
            continue
        if _focus_dropped(toks, i, lex):
            r.dropped.add(i)
            i += 1
            continue
        r.add(token_key(t), (i,))
        i += 1
    for k, _ in pending:
        r.keys[k] = _ENDING + _UNRESOLVED + str(k)  # never equal to anything
    return r


def _focus_dropped(toks: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """「規制にも違反しない」: も between a case particle and the predicate it stands before."""
    t = toks[i]
    if t.pos != "助詞" or t.surface not in lex.polarity_focus or i == 0 or i + 1 >= len(toks):
        return False
    prev, nxt = toks[i - 1], toks[i + 1]
    if not (prev.pos == "助詞" and len(prev.pos_detail) > 1 and prev.pos_detail[1] == "格助詞"):
        return False
    if nxt.pos == "動詞":
        return True
    # a サ変 noun and its light verb: 違反|し|ない
    return nxt.pos == "名詞" and i + 2 < len(toks) and _is_light(toks[i + 2], lex)


def _sentence(side: Side, start: int, end: int) -> list[Token]:
    """The word tokens of the sentence (up to 。 or a line break) that the span lies in."""
    text = side.text
    lo = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [p for p in (text.find("。", end), text.find("\n", end)) if p >= 0]
    hi = min(stops) if stops else len(text)
    return sig(side.within(lo, hi))


def _proven(reading: _Reading, own: set[int], matched: set[int]) -> bool:
    """Every token of the hunk is a predicate ending (or the verb before it) whose key is
    matched on the other side, or a dropped も."""
    for k in own:
        if k in reading.dropped:
            # the predicate the も stands before keeps its ending (and so its polarity)
            ending = next(
                (m for m, key in enumerate(reading.keys)
                 if key.startswith(_ENDING) and reading.sources[m] and min(reading.sources[m]) > k),
                None,
            )  # fmt: skip
            if ending is None or ending not in matched:
                return False
            continue
        if k not in reading.ending_tokens and k not in reading.heads:
            return False
        if not any(k in reading.sources[m] for m in matched):
            return False
    return True


def same_negation(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """The hunk only rewrites how the predicates of its sentence are negated (or drops a
    focus particle before one), and every predicate keeps its polarity."""
    lex = ctx.rules.lexicon
    if not lex.polarity_negators:
        return False
    a, b = _sentence(old, h.old_start, h.old_end), _sentence(new, h.new_start, h.new_end)
    own_a = {k for k, t in enumerate(a) if t.start < h.old_end and t.end > h.old_start}
    own_b = {k for k, t in enumerate(b) if t.start < h.new_end and t.end > h.new_start}
    # the hunk's words must all lie in the sentences read (nothing across a sentence end)
    if len(own_a) != len(sig(h.old_tokens)) or len(own_b) != len(sig(h.new_tokens)):
        return False
    if not own_a and not own_b:
        return False
    ra, rb = _read(a, lex), _read(b, lex)
    sm = SequenceMatcher(None, ra.keys, rb.keys, autojunk=False)
    matched_a: set[int] = set()
    matched_b: set[int] = set()
    for x, y, size in sm.get_matching_blocks():
        matched_a.update(range(x, x + size))
        matched_b.update(range(y, y + size))
    # at least one word of the hunk says how a predicate is negated (or is a dropped も)
    if not any(k in ra.ending_tokens | ra.dropped for k in own_a) and not any(
        k in rb.ending_tokens | rb.dropped for k in own_b
    ):
        return False
    return _proven(ra, own_a, matched_a) and _proven(rb, own_b, matched_b)

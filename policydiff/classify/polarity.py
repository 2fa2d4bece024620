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

from ..model import Hunk, Token
from ..rules import Lexicon
from .base import Context, Side, sig, token_key

_ENDING = "\ue000"  # marks a predicate key: head, ending sign (+ / -), other auxiliaries
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


def _read(toks: Sequence[Token], lex: Lexicon) -> _Reading:
    """The keys of a sentence. A predicate is one key: its head (the verb's lemma, or the
    サ変 noun before a light verb) with its ending, so that an ending is matched only with
    the ending of the same predicate on the other side."""
    r = _Reading()
    pending: list[tuple[int, str, str]] = []  # 「…たり」 predicates: key index, head, auxiliaries
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.pos != "動詞":
            if _focus_dropped(toks, i, lex):
                r.dropped.add(i)
            else:
                r.add(token_key(t), (i,))
            i += 1
            continue
        head, src = _head(r, toks, i, lex)
        j, neg, aux, enum, closed = _ending(toks, i + 1, lex)
        r.ending_tokens.update(range(i + 1, j))
        src += list(range(i + 1, j))
        if enum and not closed:
            pending.append((r.add("", src), head, aux))
        else:
            sign = "-" if neg % 2 else "+"
            if closed:  # the light verb that closes the series gives its polarity to all
                for k, own_head, own_aux in pending:
                    r.keys[k] = f"{own_head}{_ENDING}{sign}{own_aux}"
                pending.clear()
            r.add(f"{head}{_ENDING}{sign}{aux}", src)
        i = j
    for k, own_head, _ in pending:
        r.keys[k] = f"{own_head}{_ENDING}{_UNRESOLVED}{k}"  # never equal to anything
    return r


def _head(r: _Reading, toks: Sequence[Token], i: int, lex: Lexicon) -> tuple[str, list[int]]:
    """The head of the predicate whose verb is toks[i], and the tokens it is read from."""
    t = toks[i]
    if not _is_light(t, lex):
        r.heads.add(i)
        return token_key(t), [i]
    r.ending_tokens.add(i)
    if i > 0 and toks[i - 1].pos == "名詞" and r.sources and r.sources[-1] == (i - 1,):
        # 侵害|せ|ず: the サ変 noun and its light verb are one predicate
        r.keys.pop()
        r.sources.pop()
        r.heads.add(i - 1)
        return token_key(toks[i - 1]), [i - 1, i]
    return token_key(t), [i]


def _ending(toks: Sequence[Token], j: int, lex: Lexicon) -> tuple[int, int, str, bool, bool]:
    """Read a predicate's ending from toks[j]: (end, negations, other auxiliaries, whether it
    lists with 「たり」, whether a light verb closes that list)."""
    neg, aux, enum, closed = 0, [], False, False
    while j < len(toks):
        u = toks[j]
        if u.pos == "助動詞":
            if u.dictionary_form in lex.polarity_negators:
                neg += 1
            elif u.dictionary_form not in lex.polarity_polite:
                aux.append(u.dictionary_form)
        elif _is_enumerative(u, lex):
            enum = True
        elif enum and _is_light(u, lex):
            closed = True  # 「…したりしない」
        else:
            break
        j += 1
    return j, neg, "|".join(aux), enum, closed


def _focus_dropped(toks: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """「規制にも違反しない」: も between a case particle and the predicate it stands before."""
    t = toks[i]
    if t.pos != "助詞" or t.surface not in lex.polarity_focus or i == 0 or i + 1 >= len(toks):
        return False
    prev, nxt = toks[i - 1], toks[i + 1]
    if not (prev.pos == "助詞" and len(prev.pos_detail) > 1 and prev.pos_detail[1] == "格助詞"):
        return False
    if i >= 2 and toks[i - 2].pos == "代名詞":
        return False  # 誰にも・いずれにも: with a pronoun, も makes the negation universal
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
                 if _ENDING in key and reading.sources[m] and min(reading.sources[m]) > k),
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
    # at least one word of the hunk says how a predicate is negated (or is a dropped も);
    # asked before the sentences are matched (difflib is quadratic on one long sentence)
    if not any(k in ra.ending_tokens | ra.dropped for k in own_a) and not any(
        k in rb.ending_tokens | rb.dropped for k in own_b
    ):
        return False
    from difflib import SequenceMatcher  # only for a pair of sentences that may say one thing

    sm = SequenceMatcher(None, ra.keys, rb.keys, autojunk=False)
    matched_a: set[int] = set()
    matched_b: set[int] = set()
    for x, y, size in sm.get_matching_blocks():
        matched_a.update(range(x, x + size))
        matched_b.update(range(y, y + size))
    return _proven(ra, own_a, matched_a) and _proven(rb, own_b, matched_b)

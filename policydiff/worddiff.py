"""Stage 5 — word-level diff inside one clause pair.

Each distinct morpheme surface gets one code point of the supplementary private-use
planes (from U+F0000, so diff-match-patch's cleanup never mistakes one for whitespace or
punctuation; then the unassigned planes 4–13); diff-match-patch runs on those strings and the
result is mapped back. A clause pair with more distinct morphemes than that (only a
machine-made text has 786 000) is one hunk between its common first and last morphemes.
A hunk is a maximal run of non-equal operations: it never starts or ends inside a morpheme.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Sequence

from .model import Hunk, Token

DIFF_TIMEOUT = 2.0  # seconds; without a timeout two unrelated 9 KB texts take up to a minute
CONTEXT = 12  # characters of unchanged text kept on each side of a hunk


def _code_points():
    """The code points a morpheme may stand for, in order: the supplementary private-use
    planes 15 and 16, then the unassigned planes 4–13 (to diff-match-patch's cleanup both
    are neither letters nor whitespace); the two non-characters ending each plane skipped."""
    for plane in (15, 16, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13):
        yield from range(plane << 16, (plane << 16) + 0xFFFE)


class CodecFull(Exception):
    """More distinct morphemes in one clause pair than there are code points to encode them."""


class _Codec:
    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self._next = _code_points()

    def encode(self, tokens: Sequence[Token]) -> str:
        out = []
        for t in tokens:
            c = self.codes.get(t.surface)
            if c is None:
                cp = next(self._next, None)
                if cp is None:
                    raise CodecFull
                c = chr(cp)
                self.codes[t.surface] = c
            out.append(c)
        return "".join(out)


def make_hunk(
    old_text: str, new_text: str, o0: int, o1: int, n0: int, n1: int, old_tokens=(), new_tokens=()
) -> Hunk:
    """The hunk replacing old_text[o0:o1] by new_text[n0:n1], with its context on both sides."""
    return Hunk(
        old_text=old_text[o0:o1],
        new_text=new_text[n0:n1],
        old_start=o0,
        old_end=o1,
        new_start=n0,
        new_end=n1,
        old_tokens=tuple(old_tokens),
        new_tokens=tuple(new_tokens),
        before=old_text[max(0, o0 - CONTEXT) : o0],
        after=old_text[o1 : o1 + CONTEXT],
        new_before=new_text[max(0, n0 - CONTEXT) : n0],
        new_after=new_text[n1 : n1 + CONTEXT],
    )


def _token_hunk(old_tokens, new_tokens, old_text: str, new_text: str, o0, o1, n0, n1) -> Hunk:
    """The hunk replacing tokens ``old_tokens[o0:o1]`` by ``new_tokens[n0:n1]``."""
    ot, nt = old_tokens[o0:o1], new_tokens[n0:n1]
    os_ = ot[0].start if ot else (old_tokens[o0 - 1].end if o0 > 0 else 0)
    ns_ = nt[0].start if nt else (new_tokens[n0 - 1].end if n0 > 0 else 0)
    oe = ot[-1].end if ot else os_
    ne = nt[-1].end if nt else ns_
    return make_hunk(old_text, new_text, os_, oe, ns_, ne, ot, nt)


def _one_hunk(
    old_tokens: Sequence[Token], new_tokens: Sequence[Token], old_text: str, new_text: str
) -> list[Hunk]:
    """The whole difference as one hunk, between the morphemes both sides begin and end with."""
    no, nn = len(old_tokens), len(new_tokens)
    lo = 0
    while lo < min(no, nn) and old_tokens[lo].surface == new_tokens[lo].surface:
        lo += 1
    k = 0
    while k < min(no, nn) - lo and old_tokens[no - 1 - k].surface == new_tokens[nn - 1 - k].surface:
        k += 1
    if lo == no - k and lo == nn - k:
        return []
    return [_token_hunk(old_tokens, new_tokens, old_text, new_text, lo, no - k, lo, nn - k)]


def diff_tokens(
    old_tokens: Sequence[Token], new_tokens: Sequence[Token], old_text: str, new_text: str
) -> list[Hunk]:
    """Hunks turning ``old_text`` into ``new_text``; tokens must tile their texts."""
    from diff_match_patch import diff_match_patch

    codec = _Codec()
    try:
        a = codec.encode(old_tokens)
        b = codec.encode(new_tokens)
    except CodecFull:
        return _one_hunk(old_tokens, new_tokens, old_text, new_text)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    ops = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(ops)

    hunks: list[Hunk] = []
    oi = ni = 0  # token indices
    run: list[tuple[int, int, int, int]] | None = None  # token index ranges of the open hunk

    def close() -> None:
        nonlocal run
        if run is None:
            return
        hunks.append(_token_hunk(old_tokens, new_tokens, old_text, new_text, *run))
        run = None

    for op, data in ops:
        n = len(data)
        if op == 0:
            close()
            oi += n
            ni += n
        elif op == -1:
            run = run or (oi, oi, ni, ni)
            run = (run[0], oi + n, run[2], run[3])
            oi += n
        else:
            run = run or (oi, oi, ni, ni)
            run = (run[0], run[1], run[2], ni + n)
            ni += n
    close()
    return hunks


def apply_hunks(old_text: str, hunks: Sequence[Hunk]) -> str:
    """Rebuild the new text from the old text and the hunks (the lossless property)."""
    out = []
    pos = 0
    for h in hunks:
        out.append(old_text[pos : h.old_start])
        out.append(h.new_text)
        pos = h.old_end
    out.append(old_text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- line-aware diff

REWRAP_SIMILARITY = 0.8  # a changed region this similar as one text is diffed as one text
LINE_PAIR_SIMILARITY = 0.4  # two lines this similar are one modified line, not delete + insert


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl + 1
        spans.append((pos, end))
        pos = end
    return spans


@functools.lru_cache(maxsize=1 << 14)
def _squash(s: str) -> str:
    """A line as compared: NFKC, no whitespace (cached: the lines of the two versions of a
    clause are most often the same)."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _bigrams(s: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(len(s) - 1):
        k = s[i : i + 2]
        out[k] = out.get(k, 0) + 1
    if len(s) == 1:
        out[s] = 1
    return out


def _similarity(a: str, b: str) -> float:
    return _bigram_dice(_bigrams(a), _bigrams(b))


def _bigram_dice(ba: dict[str, int], bb: dict[str, int]) -> float:
    total = sum(ba.values()) + sum(bb.values())
    if not total:
        return 1.0
    common = sum(min(v, bb.get(k, 0)) for k, v in ba.items())
    return 2 * common / total


def _slice_tokens(tokens: Sequence[Token], start: int, end: int) -> list[Token] | None:
    """Tokens lying in start..end, re-based to 0; None if a token straddles the bounds."""
    from .tokens import shifted

    out = []
    # tokens tile their text in order: the first one ending after ``start`` is found by bisection
    k = bisect.bisect_right(tokens, start, key=_end)
    for t in tokens[k:] if k else tokens:
        if t.start >= end:
            break
        if t.start < start or t.end > end:
            return None
        out.append(shifted(t, -start))
    return out


def _end(t: Token) -> int:
    return t.end


def _shift(h: Hunk, old_base: int, new_base: int, old_text: str, new_text: str) -> Hunk:
    return make_hunk(
        old_text,
        new_text,
        h.old_start + old_base,
        h.old_end + old_base,
        h.new_start + new_base,
        h.new_end + new_base,
        h.old_tokens,
        h.new_tokens,
    )


def diff_texts(
    old_text: str, new_text: str, old_tokens: Sequence[Token], new_tokens: Sequence[Token]
) -> list[Hunk]:
    """Hunks for a clause pair: lines (paragraphs, items) are aligned first, words inside.

    An inserted or deleted item is one whole-line hunk; a modified item is diffed word by
    word; a region whose lines were only re-wrapped is diffed as one text.
    """
    import difflib

    ol, nl = _line_spans(old_text), _line_spans(new_text)
    okeys = [_squash(old_text[a:b]) for a, b in ol]
    nkeys = [_squash(new_text[a:b]) for a, b in nl]
    sm = difflib.SequenceMatcher(None, okeys, nkeys, autojunk=False)
    hunks: list[Hunk] = []

    def word_diff(o0: int, o1: int, n0: int, n1: int) -> None:
        ot = _slice_tokens(old_tokens, o0, o1)
        nt = _slice_tokens(new_tokens, n0, n1)
        if ot is None or nt is None:  # pragma: no cover - tokens always break at newlines
            raise _Fallback
        for h in diff_tokens(ot, nt, old_text[o0:o1], new_text[n0:n1]):
            hunks.append(_shift(h, o0, n0, old_text, new_text))

    def whole(o0: int, o1: int, n0: int, n1: int) -> None:
        ot = _slice_tokens(old_tokens, o0, o1) or []
        nt = _slice_tokens(new_tokens, n0, n1) or []
        hunks.append(make_hunk(old_text, new_text, o0, o1, n0, n1, ot, nt))

    try:
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    (a0, a1), (b0, b1) = ol[i1 + k], nl[j1 + k]
                    if old_text[a0:a1] != new_text[b0:b1]:
                        word_diff(a0, a1, b0, b1)  # the same words, other spacing or width
                continue
            o0 = ol[i1][0] if i1 < len(ol) else len(old_text)
            o1 = ol[i2 - 1][1] if i2 > i1 else o0
            n0 = nl[j1][0] if j1 < len(nl) else len(new_text)
            n1 = nl[j2 - 1][1] if j2 > j1 else n0
            if i1 == i2 or j1 == j2:
                whole(o0, o1, n0, n1)
                continue
            joined_old, joined_new = "".join(okeys[i1:i2]), "".join(nkeys[j1:j2])
            if joined_old == joined_new:
                whole(
                    o0, o1, n0, n1
                )  # only re-wrapped: one formatting change, not one per line break
                continue
            if _similarity(joined_old, joined_new) >= REWRAP_SIMILARITY:
                word_diff(o0, o1, n0, n1)
                continue
            _pair_lines(okeys, nkeys, ol, nl, i1, i2, j1, j2, word_diff, whole)
    except _Fallback:  # pragma: no cover
        return diff_tokens(old_tokens, new_tokens, old_text, new_text)
    return _merge_touching(hunks, old_text, new_text)


class _Fallback(Exception):
    pass


def _pair_lines(okeys, nkeys, ol, nl, i1, i2, j1, j2, word_diff, whole) -> None:
    """Monotone pairing of the changed lines by similarity (a small alignment DP)."""
    n, m = i2 - i1, j2 - j1
    # each line's bigrams once, not once per line it is weighed against
    old_bigrams = [_bigrams(okeys[i1 + a]) for a in range(n)]
    new_bigrams = [_bigrams(nkeys[j1 + b]) for b in range(m)]
    sim = [[_bigram_dice(ob, nb) for nb in new_bigrams] for ob in old_bigrams]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 pair, 1 skip old, 2 skip new
    for a in range(n + 1):
        for b in range(m + 1):
            if a == 0 and b == 0:
                continue
            best, mv = -1.0, 0
            if a and b and sim[a - 1][b - 1] >= LINE_PAIR_SIMILARITY:
                best, mv = score[a - 1][b - 1] + sim[a - 1][b - 1], 0
            if a and score[a - 1][b] > best:
                best, mv = score[a - 1][b], 1
            if b and score[a][b - 1] > best:
                best, mv = score[a][b - 1], 2
            score[a][b], move[a][b] = best, mv
    steps = []
    a, b = n, m
    while a or b:
        mv = move[a][b]
        steps.append((mv, a, b))
        if mv == 0:
            a, b = a - 1, b - 1
        elif mv == 1:
            a -= 1
        else:
            b -= 1
    steps.reverse()
    pend_old: list[int] = []
    pend_new: list[int] = []

    def flush() -> None:
        if not pend_old and not pend_new:
            return
        if pend_old:
            o0, o1 = ol[pend_old[0]][0], ol[pend_old[-1]][1]
        if pend_new:
            n0, n1 = nl[pend_new[0]][0], nl[pend_new[-1]][1]
        if not pend_old:
            o0 = o1 = ol[cur_old][0] if cur_old < len(ol) else ol[-1][1]
        if not pend_new:
            n0 = n1 = nl[cur_new][0] if cur_new < len(nl) else nl[-1][1]
        whole(o0, o1, n0, n1)
        pend_old.clear()
        pend_new.clear()

    cur_old, cur_new = i1, j1
    for mv, a, b in steps:
        if mv == 0:
            flush()
            (o0, o1), (n0, n1) = ol[i1 + a - 1], nl[j1 + b - 1]
            word_diff(o0, o1, n0, n1)
            cur_old, cur_new = i1 + a, j1 + b
        elif mv == 1:
            pend_old.append(i1 + a - 1)
            cur_old = i1 + a
        else:
            pend_new.append(j1 + b - 1)
            cur_new = j1 + b
    flush()


def _merge_touching(hunks: list[Hunk], old_text: str, new_text: str) -> list[Hunk]:
    """Hunks that touch on both sides (no unchanged text between) become one."""
    hunks.sort(key=lambda h: (h.old_start, h.new_start))
    out: list[Hunk] = []
    for h in hunks:
        if out and out[-1].old_end == h.old_start and out[-1].new_end == h.new_start:
            p = out.pop()
            h = make_hunk(
                old_text,
                new_text,
                p.old_start,
                h.old_end,
                p.new_start,
                h.new_end,
                p.old_tokens + h.old_tokens,
                p.new_tokens + h.new_tokens,
            )
        out.append(h)
    return out

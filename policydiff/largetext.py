"""Clauses far longer than any a policy has (a machine-made text, a document on one line).

A clause pair is compared piece by piece first: each text is cut after every sentence end
(「。」, a newline …, or every ``MAX_PIECE`` characters when it has none), the two sequences
of pieces are diffed (diff-match-patch over one code point per distinct piece), and only
the pieces that differ, with one equal piece of context on each side, are tokenized and
diffed word by word. A region starts and ends between whole pieces, so no morpheme of a
change is cut; a 10 MB line with one word inserted is a few hundred characters of
morphemes, not millions. Alignment weighs such clauses by the pieces they share instead of
their morphemes (:func:`piece_bag`), and an added or removed one is classified from the
morphemes of its head (:func:`head_tokens`).

Policies stay far below ``LARGE_CHARS`` (the longest clause of the samples and the shared
documents has 2 000 characters), so their reports never take this path.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence

from .model import Hunk, Token

LARGE_CHARS = 50_000  # a clause text at least this long is compared piece by piece
MAX_PIECE = 400  # characters of a piece without a sentence end
HEAD_CHARS = 4_000  # the head of a large added or removed clause read for its categories
PIECE_TIMEOUT = 1.0  # seconds diff-match-patch may spend on the order of the pieces


@functools.cache
def _piece_end() -> re.Pattern[str]:
    return re.compile(r"[。．！？!?\n]")  # compiled on first use, not on import


def is_large(text: str) -> bool:
    return len(text) >= LARGE_CHARS


def pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces that tile ``text``."""
    out = []
    pos = 0
    n = len(text)
    for m in _piece_end().finditer(text):
        end = m.end()
        while end - pos > MAX_PIECE:
            out.append((pos, pos + MAX_PIECE))
            pos += MAX_PIECE
        out.append((pos, end))
        pos = end
    while pos < n:
        out.append((pos, min(n, pos + MAX_PIECE)))
        pos += MAX_PIECE
    return out


def piece_bag(text: str) -> Counter[str]:
    """The pieces of ``text`` as a bag, spaces removed: what alignment weighs a large clause by."""
    return Counter("".join(text[a:b].split()) for a, b in pieces(text))


def head_tokens(text: str, tokenize: Callable[[str], list[Token]]) -> list[Token]:
    """The morphemes of the first whole pieces of ``text``, up to about HEAD_CHARS."""
    end = 0
    for _, b in pieces(text[: HEAD_CHARS + MAX_PIECE]):
        if b > HEAD_CHARS and end:
            break
        end = b
    return tokenize(text[:end])


def changed_regions(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """(o0, o1, n0, n1): the spans of ``old`` and ``new`` that differ, each widened by one
    equal piece on both sides; outside them the two texts are equal piece for piece."""
    from diff_match_patch import diff_match_patch

    op, np_ = pieces(old), pieces(new)
    symbols: dict[str, str] = {}

    def encode(text: str, spans) -> str | None:
        out = []
        for a, b in spans:
            c = symbols.get(text[a:b])
            if c is None:
                if len(symbols) >= 0x10FFFF - 0x10000:
                    return None
                c = symbols[text[a:b]] = chr(0x10000 + len(symbols))
            out.append(c)
        return "".join(out)

    a, b = encode(old, op), encode(new, np_)
    if a is None or b is None:  # more distinct pieces than code points: one region
        return [(0, len(old), 0, len(new))]
    dmp = diff_match_patch()
    dmp.Diff_Timeout = PIECE_TIMEOUT
    spans: list[list[int]] = []  # piece index ranges [i0, i1, j0, j1] of the changed runs
    i = j = 0
    open_ = False
    for kind, data in dmp.diff_main(a, b, False):
        n = len(data)
        if kind == 0:
            i, j, open_ = i + n, j + n, False
            continue
        if not open_:
            spans.append([i, i, j, j])
            open_ = True
        if kind < 0:
            i += n
        else:
            j += n
        spans[-1][1], spans[-1][3] = i, j
    return _widened(spans, op, np_, len(old), len(new))


def _widened(spans, op, np_, old_len: int, new_len: int) -> list[tuple[int, int, int, int]]:
    """Piece ranges widened by one piece each side (merged when they meet), as offsets."""
    out: list[list[int]] = []
    for i0, i1, j0, j1 in spans:
        i0, j0 = max(0, i0 - 1), max(0, j0 - 1)
        i1, j1 = min(len(op), i1 + 1), min(len(np_), j1 + 1)
        if out and (i0 <= out[-1][1] or j0 <= out[-1][3]):
            out[-1][1], out[-1][3] = max(out[-1][1], i1), max(out[-1][3], j1)
        else:
            out.append([i0, i1, j0, j1])

    def at(spans_, k: int, length: int) -> int:
        return spans_[k][0] if k < len(spans_) else length

    return [
        (at(op, i0, old_len), at(op, i1, old_len), at(np_, j0, new_len), at(np_, j1, new_len))
        for i0, i1, j0, j1 in out
    ]


def region_hunks(
    old: str,
    new: str,
    tokenize: Callable[[str], list[Token]],
    diff: Callable[[str, str, Sequence[Token], Sequence[Token]], list[Hunk]],
) -> tuple[list[Hunk], list[Token], list[Token]]:
    """The hunks of a large clause pair, and the tokens of its changed regions (offsets into
    the whole texts): every region is tokenized on its own and diffed with ``diff``."""
    from .tokens import shifted
    from .worddiff import make_hunk

    hunks: list[Hunk] = []
    old_tokens: list[Token] = []
    new_tokens: list[Token] = []
    for o0, o1, n0, n1 in changed_regions(old, new):
        ot, nt = tokenize(old[o0:o1]), tokenize(new[n0:n1])
        for h in diff(old[o0:o1], new[n0:n1], ot, nt):
            # the hunk's own tokens stay as the diff made them (as worddiff shifts hunks)
            hunks.append(make_hunk(old, new, h.old_start + o0, h.old_end + o0, h.new_start + n0,
                                   h.new_end + n0, h.old_tokens, h.new_tokens))  # fmt: skip
        old_tokens.extend(shifted(t, o0) for t in ot)
        new_tokens.extend(shifted(t, n0) for t in nt)
    return hunks, old_tokens, new_tokens

"""Stage 5 — word-level diff inside one clause pair.

Each distinct morpheme surface gets one code point of the supplementary private-use
planes (from U+F0000, so diff-match-patch's cleanup never mistakes one for whitespace or
punctuation); diff-match-patch runs on those strings and the result is mapped back.
A hunk is a maximal run of non-equal operations: it never starts or ends inside a morpheme.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Hunk, Token

DIFF_TIMEOUT = 2.0  # seconds; without a timeout two unrelated 9 KB texts take up to a minute
_PUA_START = 0xF0000
_PUA_END = 0x10FFFD
CONTEXT = 12  # characters of unchanged text kept on each side of a hunk


class _Codec:
    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def encode(self, tokens: Sequence[Token]) -> str:
        out = []
        for t in tokens:
            c = self.codes.get(t.surface)
            if c is None:
                cp = _PUA_START + len(self.codes)
                if cp > _PUA_END:  # pragma: no cover - more than 131k distinct morphemes
                    raise OverflowError("too many distinct morphemes for one diff")
                if 0xFFFFE <= cp <= 0xFFFFF:
                    cp += 2  # skip the two non-characters at the end of plane 15
                c = chr(cp)
                self.codes[t.surface] = c
            out.append(c)
        return "".join(out)


def diff_tokens(
    old_tokens: Sequence[Token], new_tokens: Sequence[Token], old_text: str, new_text: str
) -> list[Hunk]:
    """Hunks turning ``old_text`` into ``new_text``; tokens must tile their texts."""
    from diff_match_patch import diff_match_patch

    codec = _Codec()
    a = codec.encode(old_tokens)
    b = codec.encode(new_tokens)
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
        o0, o1, n0, n1 = run
        ot, nt = old_tokens[o0:o1], new_tokens[n0:n1]
        os_ = ot[0].start if ot else (old_tokens[o0 - 1].end if o0 > 0 else 0)
        ns_ = nt[0].start if nt else (new_tokens[n0 - 1].end if n0 > 0 else 0)
        oe = ot[-1].end if ot else os_
        ne = nt[-1].end if nt else ns_
        hunks.append(
            Hunk(
                old_text=old_text[os_:oe],
                new_text=new_text[ns_:ne],
                old_start=os_,
                old_end=oe,
                new_start=ns_,
                new_end=ne,
                old_tokens=tuple(ot),
                new_tokens=tuple(nt),
                before=old_text[max(0, os_ - CONTEXT) : os_],
                after=old_text[oe : oe + CONTEXT],
                new_before=new_text[max(0, ns_ - CONTEXT) : ns_],
                new_after=new_text[ne : ne + CONTEXT],
            )
        )
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

"""Stage 2 — text to a clause tree (kept for its import path: the parser is
:mod:`policydiff.clauses`, the readers :mod:`policydiff.readers`)."""

from __future__ import annotations

from .clauses import parse

__all__ = ["parse", "split_lines"]


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, raw) for each line; ``end`` includes the newline. Covers the text exactly."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        out.append((pos, end, text[pos : end if nl < 0 else nl]))
        pos = end
    return out

"""Lines that move between clauses: a whole line deleted from one clause and inserted,
unchanged, into another (an item taken from the prohibited acts into the grounds for
refusing registration) is one ``moved`` change at its new place, not a deletion in one
clause and an addition in the other.

Within one clause pair a reordered list is handled by ``stage._reordered``; this module
pairs lines across the clause pairs of a whole comparison. The text compares by ``squash``
(NFKC, whitespace and markup removed), so a re-indented or re-marked item still pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ClausePair, Hunk, Unit
from .base import squash


@dataclass(frozen=True)
class Arrival:
    """An inserted line that left another clause: where it came from and how it read."""

    source: Unit
    old_text: str


def _starts_line(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] == "\n"


def _whole_line_hunk(text: str, start: int, piece: str) -> bool:
    return bool(squash(piece)) and piece.endswith("\n") and _starts_line(text, start)


def _line_pieces(h: Hunk) -> list[tuple[int, int]]:
    """The (start, end) offsets of each line of a deletion hunk, in the old unit text."""
    out, at = [], h.old_start
    for line in h.old_text.splitlines(keepends=True):
        out.append((at, at + len(line)))
        at += len(line)
    return out


def _sub_hunk(h: Hunk, unit_text: str, new_text: str, a: int, b: int) -> Hunk:
    from ..worddiff import make_hunk

    toks = [t for t in h.old_tokens if a <= t.start < b]
    return make_hunk(unit_text, new_text, a, b, h.new_start, h.new_start, toks, ())


def cross_clause_moves(
    diffed: Sequence[tuple[ClausePair, list[Hunk]]],
) -> tuple[list[list[Hunk]], list[dict[tuple[int, str], Arrival]]]:
    """For each clause pair, its hunks with the departed lines cut out of its deletions, and
    its insertions that are arrivals (keyed by the hunk's new offset and text)."""
    # every whole inserted line of a pure insertion, by its squashed text
    wanted: dict[str, list[tuple[int, Hunk]]] = {}
    for p, (pair, hunks) in enumerate(diffed):
        for h in hunks:
            if h.old_text or not _whole_line_hunk(pair.new.text, h.new_start, h.new_text):
                continue
            if h.new_text.count("\n") == 1:
                wanted.setdefault(squash(h.new_text), []).append((p, h))
    out_hunks = [list(hunks) for _, hunks in diffed]
    arrivals: list[dict[tuple[int, str], Arrival]] = [{} for _ in diffed]
    if not wanted:
        return out_hunks, arrivals
    for p, (pair, hunks) in enumerate(diffed):
        rebuilt: list[Hunk] = []
        for h in hunks:
            if h.new_text or not _whole_line_hunk(pair.old.text, h.old_start, h.old_text):
                rebuilt.append(h)
                continue
            rebuilt.extend(_depart(h, p, pair, diffed, wanted, arrivals))
        out_hunks[p] = rebuilt
    return out_hunks, arrivals


def _depart(h, p, pair, diffed, wanted, arrivals) -> list[Hunk]:
    """The deletion ``h`` of pair ``p`` without the lines that arrive in another clause."""
    kept: list[tuple[int, int]] = []
    pieces = _line_pieces(h)
    for a, b in pieces:
        line = pair.old.text[a:b]
        cands = [(q, g) for q, g in wanted.get(squash(line), ()) if q != p]
        if not cands:
            kept.append((a, b))
            continue
        q, g = cands[0]
        wanted[squash(line)].remove((q, g))
        arrivals[q][(g.new_start, g.new_text)] = Arrival(pair.old, line)
    if len(kept) == len(pieces):
        return [h]
    runs: list[list[int]] = []
    for a, b in kept:  # adjacent kept lines stay one deletion
        if runs and runs[-1][1] == a:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    return [_sub_hunk(h, pair.old.text, pair.new.text, a, b) for a, b in runs]

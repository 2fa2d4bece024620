"""The 新旧対照表: 改定後 | 改定前 | 備考, changed words underlined in both columns.

Government order by default (改定後 on the left); ``old_left`` swaps the first two columns as
many private-sector notices do. Unchanged clauses collapse to （略） unless ``full``; a clause
that only got a new number shows its heading, the number underlined, and 繰下げ/繰上げ.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Report, Severity, Unit
from ..numerals import to_int
from ..wording import (
    COLUMN_NEW,
    COLUMN_NOTE,
    COLUMN_OLD,
    NOTE_ORTHOGRAPHY,
    PLACEHOLDER_ADDED,
    PLACEHOLDER_OMITTED,
    PLACEHOLDER_REMOVED,
    RENUMBER_DOWN,
    RENUMBER_UP,
    TABLE_CAPTION,
    TABLE_TITLE,
    TYPE_NAMES,
)
from .content import PairChanges, group_changes, is_review, minor_note
from .lines import Segment, segments, shown_lines

Cell = tuple[tuple[Segment, ...], ...]  # lines of segments


@dataclass(frozen=True)
class Row:
    new: Cell
    old: Cell
    note: str
    kind: str  # omitted | same | renumbered | modified | added | removed | moved

    def cells(self, old_left: bool) -> tuple[Cell, Cell]:
        return (self.old, self.new) if old_left else (self.new, self.old)


def _placeholder(text: str) -> Cell:
    return ((Segment(text),),)


def _cell(unit: Unit, ranges, *, label_changed: bool, collapse: bool) -> Cell:
    lines = shown_lines(unit)
    if collapse:
        head = lines[:1] if unit.clause.heading else []
        out = [tuple(segments(ln, [], prefix_changed=label_changed)) for ln in head]
        return (*out, (Segment(PLACEHOLDER_OMITTED),))
    out = []
    for k, ln in enumerate(lines):
        out.append(tuple(segments(ln, ranges, prefix_changed=label_changed and k == 0)))
    return tuple(out)


def _renumber_note(old: Unit, new: Unit) -> str:
    a, b = to_int(old.clause.number.split("の")[0]), to_int(new.clause.number.split("の")[0])
    word = RENUMBER_UP if a is not None and b is not None and b < a else RENUMBER_DOWN
    return f"{old.clause.label}を{new.clause.label}に{word}"


def _row(pc: PairChanges, full: bool) -> Row | None:
    p = pc.pair
    if p.status == "added" or p.old is None:
        ch = _cell(p.new, [(0, len(p.new.text))], label_changed=True, collapse=False)
        return Row(ch, _placeholder(PLACEHOLDER_ADDED), TYPE_NAMES["added"], "added")
    if p.status == "removed" or p.new is None:
        ch = _cell(p.old, [(0, len(p.old.text))], label_changed=True, collapse=False)
        return Row(_placeholder(PLACEHOLDER_REMOVED), ch, TYPE_NAMES["removed"], "removed")
    relabelled = bool(p.old.clause.label) and p.old.clause.label != p.new.clause.label
    notes: list[str] = []
    for c in pc.changes:
        note = TYPE_NAMES[c.type] if c.severity is Severity.MATERIAL else minor_note(c)
        if c.type == "moved" and p.old.clause.label and p.new.clause.label:
            note = f"{p.old.clause.label}から{p.new.clause.label}に{TYPE_NAMES['moved']}"
        if is_review(c):
            note += "（要確認）"
        notes.append(note)
    if relabelled and p.status != "moved":
        renumbered = p.old.clause.number != p.new.clause.number
        notes.append(_renumber_note(p.old, p.new) if renumbered else NOTE_ORTHOGRAPHY)
    if not pc.changes and not relabelled:
        if not full:
            return None  # collapsed with its neighbours into one （略） row
        return Row(
            _cell(p.new, [], label_changed=False, collapse=False),
            _cell(p.old, [], label_changed=False, collapse=False),
            "",
            "same",
        )
    collapse = not pc.changes and not full
    kind = "moved" if p.status == "moved" else "modified" if pc.changes else "renumbered"
    return Row(
        _cell(p.new, pc.ranges("new"), label_changed=relabelled, collapse=collapse),
        _cell(p.old, pc.ranges("old"), label_changed=relabelled, collapse=collapse),
        "、".join(dict.fromkeys(notes)),
        kind,
    )


def table_rows(report: Report, *, full: bool = False) -> list[Row]:
    rows: list[Row] = []
    for pc in group_changes(report):
        row = _row(pc, full)
        if row is None:
            if not rows or rows[-1].kind != "omitted":
                omitted = _placeholder(PLACEHOLDER_OMITTED)
                rows.append(Row(omitted, omitted, "", "omitted"))
            continue
        rows.append(row)
    return rows


def table_context(
    report: Report, *, old_left: bool = False, full: bool = False, document: str = ""
) -> dict:
    """Every variable the table templates read (README lists them)."""
    rows = table_rows(report, full=full)
    headers = [COLUMN_OLD, COLUMN_NEW] if old_left else [COLUMN_NEW, COLUMN_OLD]
    name = document or report.new.title or report.old.title
    return {
        "title": f"{name} {TABLE_TITLE}" if name else TABLE_TITLE,
        "document": name,
        "caption": TABLE_CAPTION,
        "headers": [*headers, COLUMN_NOTE],
        "old_left": old_left,
        "full": full,
        "rows": [
            {
                "left": r.cells(old_left)[0],
                "right": r.cells(old_left)[1],
                "note": r.note,
                "kind": r.kind,
            }
            for r in rows
        ],
        "old_source": report.old.policy.source,
        "new_source": report.new.policy.source,
    }

"""What the notice and the table say, read from the report (nothing is recomputed here).

Changes are grouped by the clause pair they belong to; each side gets the ranges of its
changed text, so the notice can quote the 改定前/改定後 wording and the table can underline it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Change, ClausePair, Kind, Report, Severity, Unit
from ..wording import (
    LABEL_MATERIAL,
    LABEL_MINOR,
    LABEL_REVIEW,
    NO_TEXT,
    PLACEHOLDER_ADDED,
    PLACEHOLDER_REMOVED,
    PROOF_NOTES,
    SUBJECT_IMPORTANT,
    SUBJECT_SUFFIX,
    TYPE_NAMES,
    VERDICT_SENTENCES,
    document_type_name,
    format_date,
)
from .lines import Segment, ShownLine, segments, shown_lines, touched
from .settings import NoticeSettings

_KIND_NAMES = {Kind.PREAMBLE: "前文", Kind.TITLE: "表題", Kind.TRAILER: "末尾"}


def clause_name(u: Unit) -> str:
    """第11条（本規約の変更）, 2. 利用目的, 前文 …: how a clause is named to a reader."""
    c = u.clause
    if c.label and c.title:
        return f"{c.label}（{c.title}）" if c.kind is Kind.ARTICLE else f"{c.label} {c.title}"
    if c.label:
        return c.label
    return _KIND_NAMES.get(c.kind) or c.name


def is_review(c: Change) -> bool:
    """``review`` is added to Change by the classifier rewrite; read it defensively."""
    return bool(getattr(c, "review", False))


def needs_consent(c: Change) -> bool:
    return c.severity is Severity.MATERIAL and any("同意" in d for d in c.duties)


def severity_label(c: Change) -> str:
    if c.severity is Severity.MINOR:
        return LABEL_MINOR
    return LABEL_REVIEW if is_review(c) else LABEL_MATERIAL


def minor_note(c: Change) -> str:
    rule = c.rule_ids[0] if c.rule_ids else ""
    return PROOF_NOTES.get(rule, TYPE_NAMES.get(c.type, TYPE_NAMES["modified"]))


@dataclass(frozen=True)
class PairChanges:
    pair: ClausePair
    changes: tuple[Change, ...]

    def ranges(self, side: str, *, for_quote: bool = False) -> list[tuple[int, int]]:
        """Changed ranges of ``side`` ("old"/"new") in its Unit.text. ``for_quote`` leaves out
        the empty range a whole inserted line leaves on the other side."""
        unit = self.pair.old if side == "old" else self.pair.new
        out: list[tuple[int, int]] = []
        for c in self.changes:
            h = c.hunk
            if h is None:
                if c.type in ("added", "removed") and unit is not None:
                    out.append((0, len(unit.text)))
                continue
            a, b = (h.old_start, h.old_end) if side == "old" else (h.new_start, h.new_end)
            other = h.new_text if side == "old" else h.old_text
            if a == b and for_quote and other.endswith("\n"):
                continue
            out.append((a, b))
        return out


def group_changes(report: Report) -> list[PairChanges]:
    """Every pair, in document order, with the changes that belong to it."""
    by: dict[tuple[int, int], list[Change]] = {}
    for c in report.changes:
        by.setdefault((id(c.old_unit), id(c.new_unit)), []).append(c)
    return [PairChanges(p, tuple(by.get((id(p.old), id(p.new)), ()))) for p in report.pairs]


def line_segments(
    unit: Unit | None, lines: list[ShownLine], ranges, whole: bool = False
) -> list[list[Segment]]:
    """``whole``: an added or removed clause, its numbers underlined too."""
    return [segments(ln, ranges, prefix_changed=whole) for ln in lines] if unit is not None else []


def _item(pc: PairChanges) -> dict:
    p = pc.pair
    material = [c for c in pc.changes if c.severity is Severity.MATERIAL]
    sides = {}
    for side, unit in (("old", p.old), ("new", p.new)):
        if unit is None:
            sides[side] = []
            continue
        lines = shown_lines(unit)
        whole = any(c.type in ("added", "removed") for c in material)
        quote = lines if whole else touched(lines, pc.ranges(side, for_quote=True))
        sides[side] = line_segments(unit, quote, pc.ranges(side), whole)
    where = clause_name(p.new or p.old)
    where_old = (
        clause_name(p.old) if p.old and p.new and p.old.clause.label != p.new.clause.label else ""
    )
    types = list(dict.fromkeys(TYPE_NAMES[c.type] for c in material))
    return {
        "where": where,
        "where_old": where_old,
        "type": material[0].type,
        "type_name": "・".join(types),
        "summary": list(dict.fromkeys(c.reasons[0] for c in material)),
        "old_lines": sides["old"],
        "new_lines": sides["new"],
        "old_text": "\n".join("".join(s.text for s in ln) for ln in sides["old"]),
        "new_text": "\n".join("".join(s.text for s in ln) for ln in sides["new"]),
        "consent": any(needs_consent(c) for c in material),
        "review": any(is_review(c) for c in material),
        "categories": list(dict.fromkeys(k for c in material for k in c.categories)),
        "duties": list(dict.fromkeys(d for c in material for d in c.duties)),
        "ids": [c.id for c in material],
    }


def minor_summary(report: Report) -> tuple[list[str], int]:
    minors = [c for c in report.changes if c.severity is Severity.MINOR]
    return list(dict.fromkeys(minor_note(c) for c in minors)), len(minors)


def notice_context(
    report: Report,
    s: NoticeSettings,
    *,
    announce: dt.date,
    effective: dt.date,
    reason: str,
    lead_days: int,
) -> dict:
    """Every variable the notice templates read (README lists them)."""
    items = [
        _item(pc)
        for pc in group_changes(report)
        if any(c.severity is Severity.MATERIAL for c in pc.changes)
    ]
    kinds, n_minor = minor_summary(report)
    material = report.counts["material"] > 0
    subject = f"{SUBJECT_IMPORTANT if material else ''}{s.document}{SUBJECT_SUFFIX}"
    consent = [i["where"] for i in items if i["consent"]]
    return {
        "subject": subject,
        "company": s.company,
        "service": s.service,
        "document": s.document,
        "document_url": s.document_url,
        "document_type": report.document_type,
        "document_type_name": document_type_name(report.document_type),
        "contact": s.contact,
        "sender": s.sender,
        "reason": reason,
        "announce_date": format_date(announce),
        "effective_date": format_date(effective),
        "announce_date_iso": announce.isoformat(),
        "effective_date_iso": effective.isoformat(),
        "last_day_before": format_date(effective - dt.timedelta(days=1)),
        "lead_days": lead_days,
        "material": material,
        "verdict": report.verdict,
        "verdict_sentence": VERDICT_SENTENCES[report.verdict],
        "changes": items,
        "minor_count": n_minor,
        "minor_kinds": kinds,
        "consent_required": bool(consent),
        "consent_clauses": consent,
        "words": {"added": PLACEHOLDER_ADDED, "removed": PLACEHOLDER_REMOVED, "no_text": NO_TEXT},
    }

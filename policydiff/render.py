"""Stage 7 — reports to outputs: JSON (report-schema.md) and the text redline.

Rendering never recomputes anything: it only formats the Report it is given.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections import Counter

from .model import Change, Kind, Report, Severity, Unit
from .terminal import escape_controls, escape_controls_keep_colour, escape_json_text
from .terminal import escape_line as one_line
from .wording import (
    LABEL_MATERIAL,
    LABEL_MINOR,
    LABEL_REVIEW,
    TYPE_NAMES,
    VERDICT_SENTENCES,
    document_type_name,
)

SCHEMA_VERSION = 1
KIND_NAMES = {Kind.PREAMBLE: "前文", Kind.TITLE: "表題", Kind.TRAILER: "末尾（日付・署名）"}


def clause_label(u: Unit) -> str:
    c = u.clause
    if c.label:
        return c.label
    return KIND_NAMES.get(c.kind) or c.name


def clause_dict(u: Unit | None) -> dict | None:
    if u is None:
        return None
    return {"label": clause_label(u), "title": u.clause.title, "path": list(u.path)}


def change_dict(c: Change) -> dict:
    return {
        "id": c.id,
        "type": c.type,
        "classification": c.severity.value,
        "categories": list(c.categories),
        "old_clause": clause_dict(c.old_unit),
        "new_clause": clause_dict(c.new_unit),
        "old_text": c.old_text,
        "new_text": c.new_text,
        "reasons": list(c.reasons),
        "legal_refs": list(c.legal_refs),
        "duties": list(c.duties),
        "rules": list(c.rule_ids),
        "review": c.review,
    }


def duty_rollup(report: Report) -> list[dict]:
    """Each duty with the changes that call for it, in the order of legal-notes.md §7 severity."""
    by: dict[str, list[str]] = {}
    for c in report.changes:
        for d in c.duties:
            by.setdefault(d, []).append(c.id)
    return [{"duty": d, "count": len(ids), "changes": ids} for d, ids in by.items()]


def without_minor(report: Report) -> Report:
    """The report with its minor changes left out (``--no-minor``); the verdict stays true."""
    kept = tuple(c for c in report.changes if c.severity is not Severity.MINOR)
    if len(kept) == len(report.changes):
        return report
    return dataclasses.replace(report, changes=kept)


def report_to_dict(report: Report, *, show_minor: bool = True) -> dict:
    """The JSON report; with ``show_minor=False`` the minor changes are left out (and the
    counts are those of the listed changes), the verdict is that of the whole comparison."""
    verdict = report.verdict
    if not show_minor:
        report = without_minor(report)

    def side(doc, units_count: int) -> dict:
        return {
            "source": doc.policy.source,
            "title": doc.title,
            "clauses": units_count,
            "encoding": doc.policy.encoding,
            "structure": doc.structure,
            "format": doc.format,
        }

    old_units = {id(p.old): p.old for p in report.pairs if p.old is not None}
    new_units = {id(p.new): p.new for p in report.pairs if p.new is not None}
    return {
        "schema_version": SCHEMA_VERSION,
        "old": side(report.old, len(old_units)),
        "new": side(report.new, len(new_units)),
        "verdict": verdict,
        "counts": report.counts,
        "document_type": report.document_type,
        "changes": [change_dict(c) for c in report.changes],
        "duties": duty_rollup(report),
        "warnings": list(report.warnings),
    }


def to_json_text(report: Report, *, show_minor: bool = True) -> str:
    """The report as JSON text (``json.dumps(…, ensure_ascii=False, indent=2)``, escaped),
    written piece by piece: the list of all pieces ``dumps`` joins, and the copies of the
    whole text, were 60 MiB for the 15 000 changes of two unrelated 2 MB documents."""
    import io

    data = report_to_dict(report, show_minor=show_minor)
    out = io.StringIO()
    batch: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        batch.append(piece)
        if len(batch) >= 4096:  # escaped character by character: the same in batches
            out.write(escape_json_text("".join(batch)))
            batch.clear()
    out.write(escape_json_text("".join(batch)) + "\n")
    return out.getvalue()


# --------------------------------------------------------------------------- text


class Style:
    """policydiff's own colour codes; what they wrap is escaped first (see terminal.py)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, s: str) -> str:
        s = escape_controls(s)
        return f"\x1b[{code}m{s}\x1b[0m" if self.color and s else s

    def removed(self, s: str) -> str:
        if not s:
            return ""
        return self._wrap("31;9", s) if self.color else f"[-{escape_controls(s)}-]"

    def added(self, s: str) -> str:
        if not s:
            return ""
        return self._wrap("32;4", s) if self.color else f"{{+{escape_controls(s)}+}}"

    def bold(self, s: str) -> str:
        return self._wrap("1", s)

    def material(self, s: str) -> str:
        return self._wrap("1;31", s)

    def minor(self, s: str) -> str:
        return self._wrap("2", s)


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _where(c: Change) -> str:
    o = " > ".join(c.old_unit.path) if c.old_unit else ""
    n = " > ".join(c.new_unit.path) if c.new_unit else ""
    if o and n and o != n:
        return f"{o} → {n}"
    return n or o


def _one_line(s: str) -> str:
    return escape_controls(s.replace("\n", "⏎"))


def _redline(c: Change, st: Style) -> str:
    h = c.hunk
    if h is None:  # a change of the markup (link target, anchor): old → new as they are
        return f"{st.removed(_one_line(c.old_text))}{st.added(_one_line(c.new_text))}"
    before = _one_line(h.new_before.rsplit("\n", 1)[-1])
    after = _one_line(h.new_after.split("\n", 1)[0])
    return f"…{before}{st.removed(_one_line(h.old_text))}{st.added(_one_line(h.new_text))}{after}…"


DUTY_PREFIX = "必要な対応:"


def category_label(cid: str) -> str:
    """The Japanese name of a report category (ids stay in JSON)."""
    if cid == "editorial":
        return "記載の訂正"
    from .rules import default_rules

    try:
        return default_rules().category(cid).label
    except KeyError:
        return cid


def _change_lines(c: Change, st: Style) -> list[str]:
    """The body of one change in the text report: redline or text, reasons, duty, basis."""
    out: list[str] = []
    if c.type == "modified":
        if c.hunk is not None:
            out.append(f"    {_redline(c, st)}")
        else:  # a whole-clause change without a word diff (formatting only)
            out.extend(f"    {st.removed(line)}" for line in c.old_text.split("\n") if line)
            out.extend(f"    {st.added(line)}" for line in c.new_text.split("\n") if line)
    elif c.type == "added":
        out.extend(f"    {st.added(line)}" for line in c.new_text.split("\n"))
    elif c.type == "removed":
        out.extend(f"    {st.removed(line)}" for line in c.old_text.split("\n"))
    else:
        out.append(f"    {escape_controls(c.new_text.split(chr(10))[0])}")
    for r in c.reasons:
        r = escape_controls(r)
        if r.startswith(DUTY_PREFIX):
            out.append(f"    {DUTY_PREFIX} {r[len(DUTY_PREFIX) :].strip()}")
        else:
            out.append(f"    理由: {r}")
    if c.legal_refs:
        out.append(f"    根拠: {escape_controls('、'.join(c.legal_refs))}")
    return out


def render_text(report: Report, *, color: bool = False, show_minor: bool = True) -> str:
    st = Style(color)
    out: list[str] = []
    d = report_to_dict(report)
    e = escape_controls
    out.append(
        st.bold(f"policydiff: {one_line(d['old']['source'])} → {one_line(d['new']['source'])}")
    )
    title = d["new"]["title"] or d["old"]["title"]
    doc_type = document_type_name(report.document_type)
    if not report.pairs:  # equal texts: answered without parsing
        out.append(f"文書: {e(title) or '(表題なし)'}（文言が同一のため解析を省略）")
    else:
        out.append(
            f"文書: {e(title) or '(表題なし)'}（{doc_type}として判定）  条項: {d['old']['clauses']} → {d['new']['clauses']}"
        )
    for w in report.warnings:
        out.append(f"注意: {e(w)}")
    out.append("")
    last_where = None
    for c in report.changes:
        if c.severity is Severity.MINOR and not show_minor:
            continue
        where = _where(c)
        if where != last_where:
            out.append(st.bold(f"■ {where}"))
            last_where = where
        label = (
            st.minor(f"[{LABEL_MINOR}]")
            if c.severity is not Severity.MATERIAL
            else st.material(f"[{LABEL_REVIEW if c.review else LABEL_MATERIAL}]")
        )
        cats = "・".join(category_label(k) for k in c.categories)
        out.append(f"  {c.id} {label} {TYPE_NAMES[c.type]}（{cats}）")
        out.extend(_change_lines(c, st))
    counts = report.counts
    out.append("")
    verdict = VERDICT_SENTENCES[report.verdict]
    out.append(
        st.bold(f"結果: {verdict}（重要 {counts['material']}件 / 軽微 {counts['minor']}件）")
    )
    kinds = Counter(c.type for c in report.changes)
    if kinds:
        out.append("内訳: " + " / ".join(f"{TYPE_NAMES[k]} {n}件" for k, n in kinds.items()))
    rollup = duty_rollup(report)
    if rollup:
        out.append("必要な対応:")
        width = max(display_width(r["duty"]) for r in rollup)
        for r in rollup:
            pad = " " * (width - display_width(r["duty"]))
            out.append(f"  {e(r['duty'])}:{pad} {r['count']}件 ({', '.join(r['changes'])})")
    text = "\n".join(out) + "\n"
    return escape_controls_keep_colour(text) if color else escape_controls(text)


def render_tree(doc, *, fmt: str = "text") -> str:
    """The clause tree of one document (``policydiff parse``)."""
    return "".join(tree_chunks(doc, fmt=fmt))


class _Lazy(list):
    """A JSON array whose items are made while it is written (the pure-Python encoder, which
    ``indent`` selects, iterates it once): a large tree is never a dict in memory at once."""

    def __init__(self, items, empty: bool) -> None:
        super().__init__([] if empty else [None])  # only its truth value is read
        self._items = items

    def __iter__(self):
        return iter(self._items)


def tree_chunks(doc, *, fmt: str = "text"):
    """:func:`render_tree` piece by piece (``policydiff parse`` writes them as they come)."""

    def node_dict(n) -> dict:
        return {
            "kind": n.kind.value,
            "label": n.label,
            "number": n.number,
            "title": n.title,
            "style": n.style,
            "heading": n.heading,
            "start": n.lines[0].start if n.lines else None,
            "end": n.lines[-1].end if n.lines else None,
            "text": "\n".join(ln.text for ln in n.lines if ln.text),
            "children": _Lazy((node_dict(c) for c in n.children), not n.children),
        }

    if fmt == "json":
        kids = doc.root.children
        data = {
            "source": doc.policy.source,
            "encoding": doc.policy.encoding,
            "title": doc.title,
            "structure": doc.structure,
            "fallback_reason": doc.fallback_reason,
            "clauses": _Lazy((node_dict(c) for c in kids), not kids),
        }
        # the same text as json.dumps(data, ensure_ascii=False, indent=2), in pieces
        batch: list[str] = []
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            batch.append(chunk)
            if len(batch) >= 4096:
                yield escape_json_text("".join(batch))
                batch.clear()
        yield escape_json_text("".join(batch)) + "\n"
        return
    out = [f"{one_line(doc.policy.source)}  ({doc.policy.encoding}, {doc.structure})"]
    if doc.fallback_reason:
        out.append(f"注意: {doc.fallback_reason}")

    def line_of(n, depth: int) -> str:
        first = next((ln.content for ln in n.lines if ln.content), "")
        label = n.label or KIND_NAMES.get(n.kind, "")
        head = f"{'  ' * depth}{label}"
        if n.title:
            head += f"（{n.title}）" if label else n.title
        snippet = first if not n.title or first != n.title else ""
        if len(snippet) > 40:
            snippet = snippet[:40] + "…"
        return f"{head} [{n.kind.value}] {snippet}".rstrip()

    stack = [(c, 0) for c in reversed(doc.root.children)]  # iterative: lists nest deeply
    while stack:
        n, depth = stack.pop()
        out.append(line_of(n, depth))
        stack.extend((c, depth + 1) for c in reversed(n.children))
    yield escape_controls("\n".join(out) + "\n")

"""Wires the stages together: load → parse → tokens → align → worddiff → classify.

Nothing here decides anything; each stage owns its decisions. Timings per stage are
recorded in the report for the benchmark and ``--debug``.
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager

from .align import align
from .classify import Context, classify_hunk, classify_whole, detect_document_type
from .clauses import parse
from .markup import markup_changes, metadata_changes, syntax_change
from .model import Change, Policy, Report, Token, Unit
from .readers import ReadOptions
from .rules import RuleSet, default_rules
from .units import document_units


class _Timer:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - t0


def compare_policies(
    old: Policy,
    new: Policy,
    *,
    rules: RuleSet | None = None,
    document_type: str | None = None,
    read_options: ReadOptions | None = None,
) -> Report:
    """Compare two loaded policies (``read_options``: forced format, CSS selectors)."""
    timer = _Timer()
    rules = rules or default_rules()
    with timer.stage("parse"):
        old_doc, new_doc = parse(old, read_options), parse(new, read_options)
        old_units, new_units = document_units(old_doc), document_units(new_doc)
    with timer.stage("tokenize"):
        from .tokens import tokenize

        cache: dict[tuple[int, int], list[Token]] = {}
        for side, units in ((0, old_units), (1, new_units)):
            for u in units:
                cache[side, u.index] = tokenize(u.text)
        old_ids = {id(u) for u in old_units}

        def tokens_of(u: Unit) -> list[Token]:
            return cache[0 if id(u) in old_ids else 1, u.index]

    with timer.stage("align"):
        alignment = align(old_units, new_units, tokens_of)
    doc_type = document_type or detect_document_type(new_doc.title or old_doc.title, new.text)
    ctx = Context(rules=rules, document_type=doc_type, renumbering=alignment.renumbering)
    changes: list[Change] = []
    diff_time = 0.0
    with timer.stage("classify+diff"):
        from .worddiff import diff_texts

        for pair in alignment.pairs:
            if pair.status in ("added", "removed", "moved"):
                changes.append(classify_whole(pair, ctx))
            if pair.status in ("modified", "moved") and pair.old.text != pair.new.text:
                t0 = time.perf_counter()
                hunks = diff_texts(
                    pair.old.text, pair.new.text, tokens_of(pair.old), tokens_of(pair.new)
                )
                diff_time += time.perf_counter() - t0
                changes.extend(classify_hunk(h, pair, ctx) for h in hunks)
            changes.extend(markup_changes(pair))  # link targets, anchors: compared on their own
        both = next((p for p in alignment.pairs if p.old is not None and p.new is not None), None)
        changes.extend(metadata_changes(old_doc, new_doc, both))
        if not changes:
            changes.extend(syntax_change(old_doc, new_doc, both))
    timer.times["diff"] = diff_time
    timer.times["classify"] = timer.times.pop("classify+diff") - diff_time
    numbered = tuple(dataclasses.replace(c, id=f"c{k}") for k, c in enumerate(changes, 1))
    warnings = tuple(
        f"{d.policy.source}: {d.fallback_reason}"
        for d in (old_doc, new_doc)
        if d.structure != "clauses"
    )
    return Report(
        old=old_doc,
        new=new_doc,
        pairs=alignment.pairs,
        changes=numbered,
        document_type=doc_type,
        warnings=warnings,
        timings=timer.times,
    )

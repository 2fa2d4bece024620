"""Wires the stages together: load → parse → tokens → align → worddiff → classify.

Nothing here decides anything; each stage owns its decisions. Timings per stage are
recorded in the report for the benchmark and ``--debug``.
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from dataclasses import dataclass

from .align import align
from .classify import Context, classify_hunk, classify_whole, detect_document_type
from .model import Change, Document, Policy, Report, Token, Unit
from .parse import parse
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


@dataclass(frozen=True)
class Prepared:
    """One version analysed once: parsed, cut into units, tokenized.

    ``log`` prepares every version of a history once and compares consecutive ones, so a
    history of N versions costs N parses, not 2(N-1).
    """

    policy: Policy
    doc: Document
    units: tuple[Unit, ...]
    tokens: tuple[tuple[Token, ...], ...]  # tokens[k] belongs to units[k]


def prepare(policy: Policy, timer: _Timer | None = None) -> Prepared:
    """Parse and tokenize one version (timings go to ``timer`` when given)."""
    timer = timer or _Timer()
    with timer.stage("parse"):
        doc = parse(policy)
        units = tuple(document_units(doc))
    with timer.stage("tokenize"):
        from .tokens import tokenize

        tokens = tuple(tuple(tokenize(u.text)) for u in units)
    return Prepared(policy=policy, doc=doc, units=units, tokens=tokens)


def compare_policies(
    old: Policy, new: Policy, *, rules: RuleSet | None = None, document_type: str | None = None
) -> Report:
    """Compare two loaded policies."""
    timer = _Timer()
    old_p, new_p = prepare(old, timer), prepare(new, timer)
    return compare_prepared(old_p, new_p, rules=rules, document_type=document_type, timer=timer)


def compare_prepared(
    old_p: Prepared,
    new_p: Prepared,
    *,
    rules: RuleSet | None = None,
    document_type: str | None = None,
    timer: _Timer | None = None,
) -> Report:
    """Compare two versions already analysed by :func:`prepare`."""
    timer = timer or _Timer()
    rules = rules or default_rules()
    new = new_p.policy
    old_doc, new_doc = old_p.doc, new_p.doc
    old_units, new_units = list(old_p.units), list(new_p.units)
    by_id: dict[int, list[Token]] = {}
    for prep in (old_p, new_p):
        for u, toks in zip(prep.units, prep.tokens, strict=True):
            by_id[id(u)] = list(toks)

    def tokens_of(u: Unit) -> list[Token]:
        return by_id[id(u)]

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

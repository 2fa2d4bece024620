"""Wires the stages together: load → parse → tokens → align → worddiff → classify.

Nothing here decides anything; each stage owns its decisions. Timings per stage are
recorded in the report for the benchmark and ``--debug``.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import time
from collections.abc import Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field

from . import progress
from .align import CONTENT_THRESHOLD, LARGE_DOCUMENT_CHARS, align, bag, child_numbers
from .classify import Context, classify_hunks, classify_whole, detect_document_type
from .classify.editorial import defined_law_names, renumbered_titles
from .classify.moves import cross_clause_moves
from .clauses import parse
from .largetext import head_tokens, is_large, region_hunks
from .markup import markup_changes, metadata_changes, syntax_change
from .model import Change, Document, Hunk, Policy, Report, Severity, Token, Unit
from .readers import ReadOptions
from .rules import RuleSet, default_rules
from .sharing import strings_shared
from .units import document_units


class _Timer:
    """Seconds per stage, each stage's own: a stage timed inside another (tokenizing on
    demand inside the alignment) is taken out of the enclosing one."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._open: list[str] = []

    @contextmanager
    def stage(self, name: str):
        progress.stage(name)  # named on a terminal's status line during a long run
        t0 = time.perf_counter()
        self._open.append(name)
        try:
            yield
        finally:
            self._open.pop()
            spent = time.perf_counter() - t0
            self.times[name] = self.times.get(name, 0.0) + spent
            if self._open:
                outer = self._open[-1]
                self.times[outer] = self.times.get(outer, 0.0) - spent


def _gc_paused(fn):
    """Run ``fn`` with the cyclic garbage collector paused (restored after, also on error).

    A large document allocates millions of small objects that all live until the report is
    made (tokens, lines, clauses, bags); the collector traversed them again and again, half
    of the time of 100 000 tiny articles. The stages create no reference cycles of note, and
    the collector runs as usual once the call returns.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@dataclass(frozen=True)
class Prepared:
    """One version analysed once: parsed and cut into units; tokens come on demand.

    ``log`` prepares every version of a history once and compares consecutive ones, so a
    history of N versions costs N parses, not 2(N-1). Tokens are kept in ``memo`` by the
    text they come from: the versions that share a memo tokenize each clause text once,
    and only the texts a comparison truly needs (a clause the same on both sides never).
    """

    policy: Policy
    doc: Document
    units: tuple[Unit, ...]
    memo: dict[str, tuple[Token, ...]] = field(default_factory=dict, compare=False, repr=False)
    # unit text → its masked morpheme bag as alignment keys it, shared like ``memo``
    bags: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)
    # what is worked out once per version, whichever version it is compared with
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def tokens(self) -> tuple[tuple[Token, ...], ...]:
        """The tokens of every unit (tokens[k] belongs to units[k]), computed if need be."""
        return tuple(tokens_for(u.text, self.memo) for u in self.units)


def tokens_for(text: str, memo: dict[str, tuple[Token, ...]]) -> tuple[Token, ...]:
    """The tokens of ``text``, from ``memo`` or tokenized once and kept there."""
    toks = memo.get(text)
    if toks is None:
        from .tokens import tokenize

        toks = memo[text] = tuple(tokenize(text))
    return toks


@_gc_paused
def prepare(
    policy: Policy,
    timer: _Timer | None = None,
    memo: dict[str, tuple[Token, ...]] | None = None,
    read_options: ReadOptions | None = None,
    bags: dict[str, tuple] | None = None,
) -> Prepared:
    """Parse one version (timings go to ``timer`` when given); nothing is tokenized yet.

    Pass the same ``memo`` (clause text → tokens) to the versions compared with each other
    (the two of a comparison, all of a history) and a clause text is tokenized at most once
    for all of them, and only when a comparison needs its morphemes; the same ``bags``
    (clause text → the bag alignment compares) and a bag is counted once.
    """
    timer = timer or _Timer()
    memo = {} if memo is None else memo
    bags = {} if bags is None else bags
    with timer.stage("parse"):
        doc = parse(policy, read_options)
        units = tuple(document_units(doc))
    # tokens come on demand, during the comparison; the stage keeps its place in the timings
    timer.times.setdefault("tokenize", 0.0)
    return Prepared(policy=policy, doc=doc, units=units, memo=memo, bags=bags)


def _side_tokens(pair, tokens_of) -> tuple[list[Token], list[Token]]:
    """The tokens of both clauses of a pair (empty for a missing side); of a clause longer
    than any policy's, the tokens of its head (largetext.py)."""
    return _unit_tokens(pair.old, tokens_of), _unit_tokens(pair.new, tokens_of)


def _unit_tokens(u: Unit | None, tokens_of) -> list[Token]:
    if u is None:
        return []
    if is_large(u.text):
        from .tokens import tokenize

        return head_tokens(u.text, tokenize)
    return tokens_of(u)


def _pair_hunks(pair, tokens_of, timer: _Timer):
    """(hunks, old tokens, new tokens) of a modified pair: a large one region by region."""
    from .worddiff import diff_texts

    old, new = pair.old.text, pair.new.text
    if not (is_large(old) or is_large(new)):
        ot, nt = _side_tokens(pair, tokens_of)
        return diff_texts(old, new, ot, nt), ot, nt
    from .tokens import tokenize

    def timed_tokenize(text: str) -> list[Token]:
        with timer.stage("tokenize"):
            return tokenize(text)

    return region_hunks(old, new, timed_tokenize, diff_texts)


def _tokens_on_demand(old_p: Prepared, new_p: Prepared, timer: _Timer):
    """``tokens_of(unit)`` for a comparison: looked up by the unit's text in the versions'
    memos, tokenized (and timed as ``tokenize``) only on the first request for that text."""
    memos = [old_p.memo] if new_p.memo is old_p.memo else [old_p.memo, new_p.memo]

    def tokens_of(u: Unit) -> list[Token]:
        for memo in memos:
            toks = memo.get(u.text)
            if toks is not None:
                break
        else:
            with timer.stage("tokenize"):
                toks = tokens_for(u.text, memos[0])
            for memo in memos[1:]:
                memo[u.text] = toks
        return list(toks)  # a list of its own: callers may keep or slice it

    return tokens_of


def _bag_keys(old_p: Prepared, new_p: Prepared, tokens_of):
    """``bag_key(unit)`` for a comparison: the unit's bag as sorted (word, count) pairs,
    kept by the unit's text in the versions' ``bags`` (a history counts each text once)."""
    stores = [old_p.bags] if new_p.bags is old_p.bags else [old_p.bags, new_p.bags]

    def bag_key(u: Unit) -> tuple:
        for store in stores:
            key = store.get(u.text)
            if key is not None:
                return key
        key = tuple(sorted(bag(tokens_of(u)).items()))
        for store in stores:
            store[u.text] = key
        return key

    return bag_key


def per_unit(name, compute, *versions: Prepared):
    """``compute(unit)``, kept in the version the unit belongs to (by its index there): a
    version of a history is compared twice, once with the version before, once after."""

    def get(u: Unit):
        for p in versions:
            if u.index < len(p.units) and p.units[u.index] is u:
                store = p.derived.setdefault(name, {})
                value = store.get(u.index)
                if value is None:
                    value = store[u.index] = compute(u)
                return value
        return compute(u)

    return get


def child_numbers_of(u: Unit) -> dict:
    return child_numbers(u.clause)


def law_names(old_p: Prepared, new_p: Prepared, rules: RuleSet) -> tuple[str, ...]:
    """The short names of statutes the two versions define (:func:`defined_law_names` of
    both texts), each version's worked out once: a history compares it twice."""
    found = set(_law_names_of(old_p, rules)) | set(_law_names_of(new_p, rules))
    return tuple(sorted(found))


def _law_names_of(p: Prepared, rules: RuleSet) -> tuple[str, ...]:
    kept = p.derived.get("law_names")
    if kept is None or kept[0] is not rules:
        kept = p.derived["law_names"] = (
            rules,
            defined_law_names((nfkc_by_line(p.policy.text),), rules),
        )
    return kept[1]


def nfkc_by_line(text: str) -> str:
    """``NFKC(text)``, line by line (a newline is a stable character: no normalisation
    reaches across it), each distinct line normalised once: most lines of a version are
    those of the version before."""
    return "\n".join(map(_nfkc_line, text.split("\n")))


@functools.lru_cache(maxsize=1 << 15)
def _nfkc_line(line: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", line)


@_gc_paused
def compare_policies(
    old: Policy,
    new: Policy,
    *,
    rules: RuleSet | None = None,
    document_type: str | None = None,
    read_options: ReadOptions | None = None,
) -> Report:
    """Compare two loaded policies (``read_options``: a forced format, CSS selectors)."""
    timer = _Timer()
    if old.text == new.text:  # same bytes, or the same text in other bytes (BOM, newlines …)
        return same_text_report(old, new, document_type)
    if len(old.text) + len(new.text) >= LEAN_DICTIONARY_CHARS:
        from .tokens import load_lean

        load_lean()  # before the parse: its load no longer adds to the peak (tokens.py)
    memo: dict[str, tuple[Token, ...]] = {}
    bags: dict[str, tuple] = {}
    # the versions share their strings, not a table of them after
    with _read_once(old, new), strings_shared():
        old_p = prepare(old, timer, memo, read_options, bags)
        new_p = prepare(new, timer, memo, read_options, bags)
    old_p = dataclasses.replace(old_p, derived=_Once())
    new_p = dataclasses.replace(new_p, derived=_Once())
    return compare_prepared(old_p, new_p, rules=rules, document_type=document_type, timer=timer)


LEAN_DICTIONARY_CHARS = 1_000_000  # both versions together: a machine-made size (align.py)


def _read_once(old: Policy, new: Policy):
    """Most sections and lines of the new version are those of the old: within this, they are
    read once (log's memo, reuse.py). Not for documents of a machine-made size: the memo
    holds the parser's tokens of every section, which the reader otherwise lets go chunk by
    chunk (10 MB: 290 → 340 MiB peak)."""
    if len(old.text) + len(new.text) >= LARGE_DOCUMENT_CHARS:
        return nullcontext()
    from .clauses.shapes import kept_across_versions
    from .readers import mdmemo

    stack = ExitStack()
    stack.enter_context(mdmemo.active())
    stack.enter_context(kept_across_versions())
    return stack


class _Once(dict):
    """The ``derived`` store of a version compared once: nothing is kept for a comparison that
    never comes (the lines as written and the children of 100 000 units were 80 MiB)."""

    def setdefault(self, key, default=None):
        return default

    def __setitem__(self, key, value) -> None:
        pass


@_gc_paused
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
    old, new = old_p.policy, new_p.policy
    if old.text == new.text:  # same bytes, or the same text in other bytes (BOM, newlines …)
        return same_text_report(old, new, document_type)
    old_doc, new_doc = old_p.doc, new_p.doc
    old_units, new_units = list(old_p.units), list(new_p.units)
    timer.times.setdefault("tokenize", 0.0)  # reported even when no text needs tokens
    tokens_of = _tokens_on_demand(old_p, new_p, timer)

    with timer.stage("align"):
        alignment = align(
            old_units,
            new_units,
            tokens_of,
            _bag_keys(old_p, new_p, tokens_of),
            per_unit("children", child_numbers_of, old_p, new_p),
        )
    doc_type = document_type or detect_document_type(
        new_doc.title or old_doc.title, new.text, rules
    )
    ctx = Context(
        rules=rules,
        document_type=doc_type,
        renumbering=alignment.renumbering,
        sub_renumbering=alignment.sub_renumbering,
        law_names=law_names(old_p, new_p, rules),
        renumbered_titles=renumbered_titles(alignment.pairs),
    )
    changes: list[Change] = []
    diff_time = 0.0
    as_written = old_doc.format == "text"
    raw_text = per_unit(("raw", as_written), lambda u: _raw_text(u, as_written), old_p, new_p)
    with timer.stage("classify+diff"):
        diffed: dict[int, tuple[list[Hunk], Sequence[Token], Sequence[Token]]] = {}
        for i, pair in enumerate(alignment.pairs):
            if pair.status in ("modified", "moved") and pair.old.text != pair.new.text:
                t0, tok0 = time.perf_counter(), timer.times["tokenize"]
                diffed[i] = _pair_hunks(pair, tokens_of, timer)
                diff_time += time.perf_counter() - t0 - (timer.times["tokenize"] - tok0)
        order = list(diffed)
        cut, came = cross_clause_moves([(alignment.pairs[i], diffed[i][0]) for i in order])
        arrivals = {i: came[k] for k, i in enumerate(order)}
        for k, i in enumerate(order):
            diffed[i] = (cut[k], *diffed[i][1:])
        for i, pair in enumerate(alignment.pairs):
            # link targets, anchors, emphasis: compared on their own (markup.py)
            markup = markup_changes(pair)
            if pair.status == "same" and not markup:  # same words; the layout may have changed
                changes.extend(formatting_changes((pair,), ctx, as_written, raw_text))
            if pair.status in ("added", "removed", "moved"):
                changes.append(classify_whole(pair, ctx, *_side_tokens(pair, tokens_of)))
            if i in diffed:
                hunks, ot, nt = diffed[i]
                changes.extend(classify_hunks(hunks, pair, ctx, ot, nt, arrivals[i]))
            changes.extend(markup)
        opening = (old_units[0], new_units[0]) if old_units and new_units else None
        changes.extend(metadata_changes(old_doc, new_doc, opening))
        if not changes:
            changes.extend(syntax_change(old_doc, new_doc, opening))
    timer.times["diff"] = diff_time
    timer.times["classify"] = timer.times.pop("classify+diff") - diff_time
    numbered = tuple(dataclasses.replace(c, id=f"c{k}") for k, c in enumerate(changes, 1))
    warnings = tuple(
        f"{d.policy.source}: {d.fallback_reason}"
        for d in (old_doc, new_doc)
        if d.structure != "clauses"
    ) + unrelated_warning(alignment.pairs)
    return Report(
        old=old_doc,
        new=new_doc,
        pairs=alignment.pairs,
        changes=numbered,
        document_type=doc_type,
        warnings=warnings,
        timings=timer.times,
    )


# Below this share of text in clause pairs of at least CONTENT_THRESHOLD similarity, two
# documents are not versions of one policy. Measured: consecutive versions of the real
# histories in ../shared share 0.44–1.0, the policies of different publishers 0.0–0.18.
UNRELATED_SHARE = 0.25
# below this many characters (both sides) no warning: a sentence or two rewritten is a
# revision too. It was 2 000, which let a 10-article policy against 1 000 random characters
# pass silently; the lowest share of any real revision we hold is 44 %.
UNRELATED_MIN_CHARS = 400


def same_text_report(old: Policy, new: Policy, document_type: str | None = None) -> Report:
    """Equal texts are answered without parsing (and without loading the dictionary): the
    verdict is ``identical`` for equal bytes, ``minor`` when only the bytes differ (a BOM,
    the newlines, the encoding), which the warnings then name."""
    from .model import Clause, Document, Kind, Line

    title = _title_of(new)

    def doc(p: Policy) -> Document:
        # the title alone, from the head of the text; the clauses are not counted (0)
        root = Clause(Kind.ROOT, "", "", "", 0, ())
        if title:
            line = Line(0, len(title), title, title, text=title)
            root = Clause(
                Kind.ROOT, "", "", "", 0, (), (Clause(Kind.TITLE, "", "", title, 0, (line,)),)
            )
        return Document(policy=p, root=root, structure="unparsed")

    warnings: tuple[str, ...] = ()
    if old.fingerprint != new.fingerprint:
        diffs = [
            f"{name} {a} → {b}"
            for name, a, b in (
                ("encoding", old.encoding, new.encoding),
                ("byte-order mark", old.had_bom, new.had_bom),
                ("newlines", repr(old.newline), repr(new.newline)),
            )
            if a != b
        ]
        warnings = (
            "formatting only: the texts are the same, the files differ in their bytes"
            + (f" ({', '.join(diffs)})" if diffs else ""),
        )
    return Report(
        old=doc(old),
        new=doc(new),
        pairs=(),
        changes=(),
        document_type=document_type or detect_document_type(title, new.text),
        warnings=warnings,
        timings={},
    )


HEAD_CHARS = 4000  # the part of an unparsed document its title is taken from


def _title_of(p: Policy) -> str:
    """The title the parser finds in the head of the text (cheap: a few lines are parsed)."""
    head = p.text[:HEAD_CHARS]
    if len(p.text) > HEAD_CHARS and "\n" in head:
        head = head[: head.rindex("\n") + 1]
    if not head.strip():
        return ""
    return parse(dataclasses.replace(p, text=head)).title


def formatting_changes(pairs, ctx: Context, as_written: bool = True, raw_text=None) -> list[Change]:
    """Clauses whose words are the same but whose lines as written differ (markup, layout).
    ``as_written=False`` (Markdown, HTML): the changed lines are shown as they read.
    ``raw_text(unit)``: :func:`_raw_text` of the unit (kept per version by the pipeline)."""
    raw_text = raw_text or (lambda u: _raw_text(u, as_written))
    proof = ctx.rules.proofs["M-format"]
    out = []
    for pair in pairs:
        if pair.status != "same":
            continue
        old_raw, new_raw = raw_text(pair.old), raw_text(pair.new)
        if old_raw == new_raw or _layout(pair.old) == _layout(pair.new):
            continue  # renumbering (the markers) is the alignment's business, not formatting
        if not as_written:
            old_raw, new_raw = _shown(pair.old, pair.new), _shown(pair.new, pair.old)
        out.append(
            Change(
                id="",
                type="modified",
                severity=Severity.MINOR,
                categories=("editorial",),
                old_unit=pair.old,
                new_unit=pair.new,
                old_text=old_raw,
                new_text=new_raw,
                reasons=(proof.reason,),
                rule_ids=(proof.id,),
            )
        )
    return out


def _layout(u: Unit) -> list[str]:
    """The unit's lines as written with their numbers (markers) masked."""
    return [ln.raw.replace(ln.marker, "#", 1) if ln.marker else ln.raw for ln in _raw_lines(u)]


def _shown(u: Unit, other: Unit) -> str:
    """The lines of ``u`` whose writing differs from ``other``'s, as they read: markup is
    never shown as changed words."""
    theirs = {ln.raw for ln in _raw_lines(other) if ln.text}
    return "\n".join(ln.text for ln in _raw_lines(u) if ln.text and ln.raw not in theirs)


def _raw_text(u: Unit, as_written: bool = True) -> str:
    """The unit as written; for Markdown and HTML only its lines with visible words (front
    matter, attribute lists and table rules are compared by markup.py, or not at all)."""
    return "\n".join(ln.raw for ln in _raw_lines(u) if as_written or ln.text)


def _raw_lines(u: Unit) -> list:
    """The unit's non-blank lines as written (markup included), heading-level sub-clauses
    (units of their own) excluded."""
    body = u.body if u.clause.heading else ()
    if body:
        # a heading's body is these very lines, in document order (units.py): no second
        # walk (most units of a version are compared as they were, in every step of a log)
        return [ln for ln in body if ln.raw.strip()]
    return _walked_raw_lines(u)


def _walked_raw_lines(u: Unit) -> list:
    """:func:`_raw_lines` by a walk of the unit's clause (any unit)."""
    lines = []
    # depth first, in document order, without recursion (no closure cycle per call, no
    # recursion limit on a deep tree)
    stack = [(u.clause, True)]
    while stack:
        node, top = stack.pop()
        if not top and node.heading and u.clause.heading:  # a unit of its own (units.py)
            continue
        lines.extend(node.lines)
        stack.extend((child, False) for child in reversed(node.children))
    # blank lines between clauses are spacing, not a change of the clause
    return sorted((ln for ln in lines if ln.raw.strip()), key=lambda ln: ln.start)


def unrelated_warning(pairs) -> tuple[str, ...]:
    """A warning when the two documents share too little to be versions of one policy."""
    total = common = 0.0
    for p in pairs:
        size = (len(p.old.text) if p.old else 0) + (len(p.new.text) if p.new else 0)
        total += size
        sim = 1.0 if p.status == "same" else p.similarity
        if p.old is not None and p.new is not None and sim >= CONTENT_THRESHOLD:
            common += size * sim
    if total < UNRELATED_MIN_CHARS or common >= UNRELATED_SHARE * total:
        return ()
    return (
        f"the two documents share only {100 * common / total:.0f}% of their text: "
        "they do not look like two versions of one policy",
    )

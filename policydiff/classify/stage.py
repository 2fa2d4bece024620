"""Classify one hunk or one whole clause: proofs first, then cues, category and reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Change, ClausePair, Hunk, Severity, Token, Unit
from ..rules import Category, LegalRow, nfkc
from ..wording import EDIT_NAMES, TYPE_NAMES
from . import cues
from .addresses import join_within_addresses
from .base import Context, Side, side_offset, squash
from .desk import describes_desk
from .editorial import all_date_lines, editorial_proof
from .moves import Arrival
from .topic import categorize, table_header, topic_scores, word_scores

PARTY_WEIGHT = 3.0  # where a named party stands outweighs a passing cue word
MONEY_WEIGHT = 6.0  # an amount in 円 changed
PURPOSE_WEIGHT = 6.0  # an item that reads 「…のため」 added or removed
ROW_COUNTRY_WEIGHT = 10.0  # the table row names a foreign country
ROLE_REACH = 40  # characters after a named party read for what the sentence says it does
ROLE_FACTOR = 2.0


def classify_hunk(
    h: Hunk,
    pair: ClausePair,
    ctx: Context,
    old_tokens: Sequence[Token],
    new_tokens: Sequence[Token],
) -> Change:
    """A hunk inside an aligned clause pair; ``old_tokens``/``new_tokens`` are the tokens of
    the two clauses' texts."""
    old, new = Side(pair.old, old_tokens), Side(pair.new, new_tokens)
    forced = _forced_material(pair.new or pair.old, ctx)
    proof = editorial_proof(h, old, new, ctx)
    if proof and not forced:
        return _minor(proof, "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h)
    found = cues.find(h, old, new, ctx)
    words = _not_describing_a_desk(h.old_tokens, h.old_start, old, ctx) + [
        _shifted(t, len(old.text) + 1)
        for t in _not_describing_a_desk(h.new_tokens, h.new_start, new, ctx)
    ]
    header = table_header(pair.new, h.new_start, h.new_end) or table_header(
        pair.old, h.old_start, h.old_end
    )
    units = (pair.new, pair.old)
    side, at = (new, h.new_start) if h.new_text else (old, h.old_start)
    row_country = bool(header) and cues.row_names_country(side, at, ctx)
    found.abroad = row_country
    role = _party_role(h, pair, ctx) if found.party else ""
    cats = _categories(words, units, header, found, ctx, row_country, role)
    if not forced and _contact_desk(found, words, cats, units, header, ctx):
        return _minor("M-contact", "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h)
    return _material(cats, "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h, found)


def classify_hunks(
    hunks: Sequence[Hunk],
    pair: ClausePair,
    ctx: Context,
    old_tokens: Sequence[Token],
    new_tokens: Sequence[Token],
    arrivals: Mapping[tuple[int, str], Arrival] | None = None,
) -> list[Change]:
    """All hunks of a clause pair; a line deleted in one place and inserted unchanged in
    another (a reordered list) is one move, not a deletion plus an addition. ``arrivals``
    are the inserted lines that left another clause (``moves.cross_clause_moves``)."""
    hunks = join_within_addresses(
        hunks, pair.old.text if pair.old else "", pair.new.text if pair.new else "",
        old_tokens, new_tokens,
    )  # fmt: skip
    moved = _reordered(hunks)
    out = []
    for k, h in enumerate(hunks):
        came = (arrivals or {}).get((h.new_start, h.new_text)) if not h.old_text else None
        if came is not None:
            out.append(_arrival(h, came, pair, ctx))
            continue
        if k in moved:
            if moved[k] is not None:
                o = h if h.old_text else hunks[moved[k]]
                out.append(
                    _minor("M-reorder", "moved", o.old_text, o.old_text, pair.old, pair.new, ctx)
                )
            continue
        out.append(classify_hunk(h, pair, ctx, old_tokens, new_tokens))
    return out


def _arrival(h: Hunk, came: Arrival, pair: ClausePair, ctx: Context) -> Change:
    """A line moved into this clause from another one: its clause, and so the provision it
    belongs to, changed (a prohibited act becoming a ground for refusing registration)."""
    cats = _categories(list(h.new_tokens), (pair.new, came.source), "", None, ctx)
    return _material(
        cats,
        "moved",
        came.old_text,
        h.new_text,
        came.source,
        pair.new,
        ctx,
        extra_reason=ctx.rules.lexicon.reasons["moved_parent"],
    )


def _reordered(hunks: Sequence[Hunk]) -> dict[int, int | None]:
    """Pairs of a whole-line deletion and a whole-line insertion of the same text: the first
    of each pair maps to the other, the other to None."""
    out: dict[int, int | None] = {}
    for k, h in enumerate(hunks):
        if k in out or h.new_text or not _whole_lines(h.old_text):
            continue
        key = squash(h.old_text)
        for m, g in enumerate(hunks):
            if m in out or m == k or g.old_text or not _whole_lines(g.new_text):
                continue
            if squash(g.new_text) == key:
                first, second = sorted((k, m))
                out[first], out[second] = second, None
                break
    return out


def _whole_lines(text: str) -> bool:
    return bool(squash(text)) and text.endswith("\n")


def classify_whole(
    pair: ClausePair,
    ctx: Context,
    old_tokens: Sequence[Token] = (),
    new_tokens: Sequence[Token] = (),
) -> Change:
    """An added, removed or moved clause."""
    if pair.status in ("added", "removed"):
        u = pair.new if pair.status == "added" else pair.old
        toks = new_tokens if pair.status == "added" else old_tokens
        old_text, new_text = ("", u.full_text) if pair.status == "added" else (u.full_text, "")
        uo, un = (None, u) if pair.status == "added" else (u, None)
        if all_date_lines(u, ctx.rules):
            return _minor("M-date", pair.status, old_text, new_text, uo, un, ctx)
        if not _has_operative_text(u.text, ctx):
            return _minor("M-empty", pair.status, old_text, new_text, uo, un, ctx)
        cats = _categories(list(toks), (u,), "", None, ctx)
        return _material(cats, pair.status, old_text, new_text, uo, un, ctx)
    o, n = pair.old, pair.new
    if o.parent_key == n.parent_key and not _forced_material(n, ctx):
        return _minor("M-move", "moved", o.full_text, n.full_text, o, n, ctx)
    cats = _categories(list(new_tokens), (n,), "", None, ctx)
    return _material(
        cats,
        "moved",
        o.full_text,
        n.full_text,
        o,
        n,
        ctx,
        extra_reason=ctx.rules.lexicon.reasons["moved_parent"],
    )


# --------------------------------------------------------------------------- helpers


def _not_describing_a_desk(
    tokens: Sequence[Token], start: int, side: Side, ctx: Context
) -> list[Token]:
    """The hunk's morphemes of one side without those that describe a contact desk
    (「開示・訂正等の請求窓口」): they name what the desk receives, not a category of their own."""
    if not tokens:
        return []
    desk = describes_desk(
        side.tokens,
        start,
        side_offset(tokens, start, tokens[-1]) + len(tokens[-1].surface),
        ctx.rules,
    )
    return [t for t in tokens if side_offset(tokens, start, t) not in desk]


def _shifted(t: Token, by: int) -> Token:
    import dataclasses

    return dataclasses.replace(t, start=t.start + by, end=t.end + by)


def _categories(  # noqa: PLR0913
    words: Sequence[Token],
    units: Sequence[Unit | None],
    header: str,
    found: cues.Findings | None,
    ctx: Context,
    row_country: bool = False,
    role: str = "",
) -> list[Category]:
    extra: dict[str, float] = {}
    if found is not None and found.party:
        # a named party belongs to the category of where it stands
        lex = ctx.rules.lexicon

        topic = topic_scores(units, header, ctx)
        top = max(topic.values(), default=0.0)
        holders = [
            c
            for c in sorted(topic, key=lambda k: -topic[k])
            if c in lex.party_holders and topic[c] >= top / 2
        ]
        # the party is what changed in a replaced word; in a passage it is one word of many
        w = PARTY_WEIGHT * (1 if found.content else 4)
        if role or holders or not topic:
            # what the sentence says the party does; else a recipient, processor, joint user
            # or desk of the topic; with no topic at all, the operator
            where = role or (holders[0] if holders else lex.party_default)
            # the sentence's own word for the party's role outweighs the clause's title
            extra[where] = extra.get(where, 0.0) + w * (ROLE_FACTOR if role else 1)
        # else: a service or product named in a clause about something else (fees, liability
        # …) stands in that clause's category, which the topic gives
        if found.countries:
            extra["foreign_transfer"] = extra.get("foreign_transfer", 0.0) + w * 0.9
    if found is not None:
        # an amount of money changed is a price or a fee; a row of a table about a foreign
        # recipient concerns the transfer abroad
        # an item that ends in 「…のため」 names a purpose, whatever clause it stands in
        added = "".join(t.surface for t in words).strip().rstrip("。.、")
        if found.content and added.endswith(ctx.rules.lexicon.purpose_endings):
            extra["purpose_of_use"] = extra.get("purpose_of_use", 0.0) + PURPOSE_WEIGHT
        money = ctx.rules.lexicon.money_units
        amounts = [q for side in found.quantities for q in side if q.unit in money]
        if amounts:
            extra["fees"] = extra.get("fees", 0.0) + MONEY_WEIGHT
        if row_country:
            extra["foreign_transfer"] = extra.get("foreign_transfer", 0.0) + ROW_COUNTRY_WEIGHT
    body = "\n".join(u.clause.title + "\n" + u.text[:400] for u in units if u is not None)
    cats = categorize(words, units, header, body, ctx, extra)
    if found is not None and found.countries:
        cats = _with_abroad(cats, ctx)
    return cats


def _with_abroad(cats: list[Category], ctx: Context) -> list[Category]:
    """A foreign country named, added or removed: whatever clause it stands in (a processor,
    a recipient), the change concerns provision abroad (APPI 28, legal-notes P9b/P11), so
    foreign_transfer is among the categories reported, next to the leading one."""
    abroad = ctx.rules.category("foreign_transfer")
    if abroad in cats:
        return cats
    return [*cats[:1], abroad, *cats[1:]][: max(len(cats), 2)]


def _party_role(h: Hunk, pair: ClausePair, ctx: Context) -> str:
    """The category the sentence gives a named party: the first phrase of material.toml
    [parties] roles right after the hunk, before the next 、 or 。 (「…株式会社に提供します」)."""
    u, end = (pair.new, h.new_end) if h.new_text else (pair.old, h.old_end)
    if u is None:
        return ""
    rest = nfkc(u.text[end : end + ROLE_REACH])
    for stop in "、。\n":
        rest = rest.split(stop, 1)[0]
    best, first = "", len(rest) + 1
    for phrases, category in ctx.rules.lexicon.party_roles:
        for p in phrases:
            k = rest.find(p)
            if 0 <= k < first:
                best, first = category, k
    return best


def _contact_desk(  # noqa: PLR0913
    found: cues.Findings,
    words,
    cats: list[Category],
    units: Sequence[Unit | None],
    header: str,
    ctx: Context,
) -> bool:
    """A contact desk renamed or its address changed (legal-notes M4): the change stands in
    the contact category, whose row is Minor, and no other cue is found — no named party,
    no number, no negation, no modality or scope word (but the words that list what the desk
    handles: 「苦情・相談等の窓口」), no cue of a material category in its words. The
    operator's address or name is an Art. 32 item, so a changed number is material."""
    if not cats or cats[0].row(ctx.document_type).klass != "Minor":
        return False
    if found.party or found.numbers_changed or found.negation or found.domain_changed:
        return False  # a party, a number (an address, a telephone number), negation, an
        # address moved to another registered domain
    if found.modal and not set(found.modal_words) <= ctx.rules.lexicon.desk_listing:
        return False

    def minor(cid: str) -> bool:
        return ctx.rules.category(cid).row(ctx.document_type).klass == "Minor"

    # the clause is about the desk: a contact phrase added to a processor's or a recipient's
    # clause (「…の電話受付業務を…事業者に」 in 第N条（委託）) is not a desk renamed
    topic = topic_scores(units, header, ctx)
    if topic and not minor(max(topic, key=lambda k: topic[k])):
        return False
    own = word_scores(words, ctx)
    if not topic and not own:
        return False  # the desk is only named somewhere in the body: no desk changed here
    return all(minor(c) for c in own)


def _row(cat: Category, found: cues.Findings | None, ctx: Context) -> LegalRow:
    row = cat.row(ctx.document_type)
    if row.klass == "Minor" and found is not None and (found.party or found.domain_changed):
        lex = ctx.rules.lexicon
        party_row = lex.party_terms if ctx.document_type == "terms" else lex.party_privacy
        return party_row or row
    return row


def _material(
    cats: list[Category],
    kind: str,
    old: str,
    new: str,
    unit_old: Unit | None,
    unit_new: Unit | None,
    ctx: Context,
    h: Hunk | None = None,
    found: cues.Findings | None = None,
    extra_reason: str = "",
) -> Change:
    lex = ctx.rules.lexicon
    primary = cats[0]
    row = _row(primary, found, ctx)
    reasons = [_clause_reason(primary, kind, h, extra_reason, ctx)]
    review = False
    if found is not None:
        reasons += found.reasons
        own = word_scores(list(h.old_tokens) + list(h.new_tokens) if h is not None else [], ctx)
        if not found.any and not own:
            review = True
            reasons.append(lex.review_reason)
    refs = _category_refs(cats, row, found, old, new, ctx)
    if ctx.document_type == "terms" and row.klass in ("M-terms", "Risk"):
        refs = _terms_direction(refs, reasons, h, old, new, found, ctx)
    reasons.append(lex.reasons["duty"].format(duty=row.duty, timing=row.timing))
    duties = [ctx.rules.duty_class.get(row.klass, row.klass)]
    if found is not None and (found.countries or found.abroad) and primary.id != "foreign_transfer":
        _add_abroad_duty(reasons, refs, duties, ctx)
    rule_ids = [f"{primary.id}:{row.row}:{row.klass}"]
    if found is not None and found.party:
        rule_ids.append("R-party")
    if review:
        rule_ids.append(lex.review_rule)
    return Change(
        id="",
        type=kind,
        severity=Severity.MATERIAL,
        categories=tuple(c.id for c in cats),
        old_unit=unit_old,
        new_unit=unit_new,
        old_text=old,
        new_text=new,
        reasons=tuple(dict.fromkeys(reasons)),
        legal_refs=tuple(dict.fromkeys(refs)),
        duties=tuple(dict.fromkeys(duties)),
        hunk=h,
        rule_ids=tuple(rule_ids),
        review=review,
    )


def _clause_reason(
    primary: Category, kind: str, h: Hunk | None, extra_reason: str, ctx: Context
) -> str:
    """「利用目的に関する記載の追加」: the category and what the edit did."""
    verb = TYPE_NAMES.get(kind, TYPE_NAMES["modified"])
    if h is not None:
        edit = (
            "insert"
            if not h.old_text.strip()
            else "delete"
            if not h.new_text.strip()
            else "replace"
        )
        verb = EDIT_NAMES[edit]
    first = ctx.rules.lexicon.reasons["clause"].format(label=primary.label, verb=verb)
    return first + (f"（{extra_reason}）" if extra_reason else "")


def _category_refs(
    cats: list[Category],
    row: LegalRow,
    found: cues.Findings | None,
    old: str,
    new: str,
    ctx: Context,
) -> list[str]:
    """The primary row's statutes, the other categories' (civil-code rows aside), and the
    statutes that words of the hunk call for (匿名加工情報 → 43条 …)."""
    refs = list(row.refs)
    for c in cats[1:]:
        skip = ctx.rules.lexicon.secondary_skip
        refs += [x for x in _row(c, found, ctx).refs if not x.startswith(skip)]
    text = nfkc(old + "\n" + new)
    for sc in ctx.rules.lexicon.statute_cues:
        if (not sc.only or sc.only == ctx.document_type) and any(w in text for w in sc.words):
            refs += sc.refs
    return refs


def _terms_direction(
    refs: list[str],
    reasons: list[str],
    h: Hunk | None,
    old: str,
    new: str,
    found: cues.Findings | None,
    ctx: Context,
) -> list[str]:
    """A terms change read as beneficial (民法548条の4第1項第1号) or adverse (第2号, 第3項)."""
    lex = ctx.rules.lexicon
    if cues.direction(h, old, new, found, ctx.rules) == "beneficial":
        reasons.append(lex.reasons["beneficial"])
        return list(lex.beneficial_refs) + [x for x in refs if x not in lex.adverse_refs]
    reasons.append(lex.reasons["adverse"])
    return refs + [x for x in lex.adverse_refs if x not in refs]


def _add_abroad_duty(reasons: list[str], refs: list[str], duties: list[str], ctx: Context) -> None:
    """A country named: the transfer abroad brings its own duty (APPI 28, legal-notes P9b/P11)."""
    abroad = ctx.rules.category("foreign_transfer").row(ctx.document_type)
    reasons.append(ctx.rules.lexicon.reasons["duty"].format(duty=abroad.duty, timing=abroad.timing))
    refs += [x for x in abroad.refs if x not in refs]
    duties.append(ctx.rules.duty_class.get(abroad.klass, abroad.klass))


def _minor(
    proof_id: str,
    kind: str,
    old: str,
    new: str,
    unit_old: Unit | None,
    unit_new: Unit | None,
    ctx: Context,
    h: Hunk | None = None,
) -> Change:
    proof = ctx.rules.proofs[proof_id]
    return Change(
        id="",
        type=kind,
        severity=Severity.MINOR,
        categories=("editorial",),
        old_unit=unit_old,
        new_unit=unit_new,
        old_text=old,
        new_text=new,
        reasons=(proof.reason,),
        legal_refs=(),
        duties=(),
        hunk=h,
        rule_ids=(proof_id,),
    )


def _forced_material(u: Unit | None, ctx: Context) -> bool:
    if u is None or not ctx.rules.material_sections:
        return False
    names = {nfkc(u.clause.title), nfkc(u.clause.label), *(nfkc(p) for p in u.path)}
    return any(nfkc(s) in names for s in ctx.rules.material_sections)


def _has_operative_text(text: str, ctx: Context) -> bool:
    lex = ctx.rules.lexicon
    s = squash(text)
    return len(s) >= lex.operative_min or any(m in s for m in lex.operative_markers)

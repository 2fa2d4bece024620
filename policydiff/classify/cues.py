"""Material cues: what a hunk changes, read from its morphemes — numbers as quantities,
negation, modality, named parties — each with a reason that is true of the hunk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Hunk, Token
from ..rules import Lexicon, RuleSet, nfkc
from .addresses import touched_domains
from .base import Context, Side, count_word, is_number, number_value, sig, squash

PHRASE_MAX = 24  # characters of a phrase quoted in a reason
LONG_INSERT = 20  # an inserted or deleted text this long is content, not a flip of a word


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    text: str  # as written: 30日, 一か月
    before: bool = False  # 「10日前」: a point that many days before an event (a deadline)

    @property
    def key(self) -> tuple[float, str]:
        return self.value, self.unit


@dataclass(frozen=True)
class Party:
    name: str
    country: bool = False


@dataclass
class Findings:
    """What the cues found in one hunk."""

    content: bool = False  # a whole passage added or removed (not a word replaced)
    abroad: bool = False  # the table row the hunk stands in names a foreign country
    reasons: list[str] = field(default_factory=list)
    quantities: tuple[list[Quantity], list[Quantity]] = field(default_factory=lambda: ([], []))
    negation: bool = False
    modal: bool = False
    domain_changed: bool = False
    modal_words: tuple[str, ...] = ()  # the modality and scope words added or removed
    numbers_changed: bool = False
    notice: bool = False  # the hunk's sentence is about the operator's notice (a notice period)
    parties_added: list[Party] = field(default_factory=list)
    parties_removed: list[Party] = field(default_factory=list)

    @property
    def party(self) -> bool:
        return bool(self.parties_added or self.parties_removed)

    @property
    def countries(self) -> list[Party]:
        return [p for p in self.parties_added + self.parties_removed if p.country]

    @property
    def any(self) -> bool:
        return bool(self.reasons)


# --------------------------------------------------------------------------- quantities


def quantities(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicon) -> list[Quantity]:
    """Numbers that start inside lo..hi, each with the unit that follows it."""
    out = []
    toks = list(tokens)
    for k, t in enumerate(toks):
        if t.start < lo or t.start >= hi or not (is_number(t) or nfkc(t.surface).isdigit()):
            continue
        if _in_reference(toks, k):
            continue  # 第二条 第七項: a reference, not a quantity
        v = number_value(t)
        if v is None:
            continue
        unit, text, j = "", t.surface, k  # j: the last token read with the number
        if k + 1 < len(toks) and toks[k + 1].pos not in ("補助記号", "空白"):
            nxt = toks[k + 1]
            cand = nfkc(nxt.surface)
            if cand in lex.period_days or cand in lex.units:
                unit, text, j = cand, text + nxt.surface, k + 1
                if k + 2 < len(toks) and nfkc(toks[k + 2].surface) == "間":
                    unit, text, j = unit + "間", text + toks[k + 2].surface, k + 2
        before = bool(unit) and j + 1 < len(toks) and toks[j + 1].surface in lex.before_words
        out.append(Quantity(v, unit, text, before))
    return out


def _in_reference(toks: Sequence[Token], k: int) -> bool:
    prev = next((t for t in reversed(toks[:k]) if t.pos != "空白"), None)
    nxt = next((t for t in toks[k + 1 :] if t.pos != "空白"), None)
    return (prev is not None and prev.surface == "第") or (
        nxt is not None and nfkc(nxt.surface)[:1] in ("条", "項", "号", "章", "節")
    )


def _days(q: Quantity, lex: Lexicon) -> float | None:
    d = lex.period_days.get(q.unit)
    return q.value * d if d is not None else None


def notice_period(sentence: str, rules: RuleSet) -> bool:
    """A period in a sentence about the operator's notice (通知, 周知 …) is a notice period:
    not when the user gives it (「お客様からの更新拒絶の通知」: a deadline for the user)."""
    lex = rules.lexicon
    if not any(w in sentence for w in lex.notice_words):
        return False
    return not any(f"{u}から" in sentence for u in lex.user_words)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (between 。 or line ends) that start–end lies in, NFKC."""
    cut = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    return nfkc(text[cut : min(stops) if stops else len(text)])


def _quantity_reason(a: list[Quantity], b: list[Quantity], rules: RuleSet, notice: bool) -> str:
    """「30日→14日（短縮）」; a deadline counted back from an event that is no notice period
    reads 「5日前→10日前（より早い時点に）」 (more days is an earlier deadline)."""
    lex = rules.lexicon
    r = lex.reasons
    deadline = not notice and len(a) == len(b) == 1 and a[0].before and b[0].before
    back = "前" if deadline else ""
    left = "・".join(q.text + back for q in a) or "なし"
    right = "・".join(q.text + back for q in b) or "なし"
    reason = r["number"].format(old=left, new=right)
    if len(a) == 1 and len(b) == 1:
        da, db = _days(a[0], lex), _days(b[0], lex)
        if da is not None and db is not None and da != db and deadline:
            reason += r["earlier"] if db > da else r["later"]  # 5日前まで → 10日前まで
        elif da is not None and db is not None and da != db:
            reason += r["longer"] if db > da else r["shorter"]
        elif a[0].unit == b[0].unit and a[0].value != b[0].value:
            reason += r["higher"] if b[0].value > a[0].value else r["lower"]
    return reason


# --------------------------------------------------------------------------- negation, modality


def _is_negation(t: Token, rules: RuleSet) -> bool:
    words = set(rules.negation)
    if t.pos in ("助動詞", "形容詞"):
        return t.dictionary_form in words or nfkc(t.normalized) in words or t.surface in words
    if t.pos == "接頭辞":
        return t.surface in rules.lexicon.negation_prefixes
    return t.surface in words or t.dictionary_form in words


def _phrase(tokens: Sequence[Token], start: int, end: int) -> str:
    """The hunk's words completed to the predicate they belong to (する|ない → しない)."""
    toks = list(tokens)
    idx = [k for k, t in enumerate(toks) if t.end > start and t.start < end]
    if not idx:  # a pure insertion point: the morphemes on both sides of it
        idx = [k for k, t in enumerate(toks) if t.end == start or t.start == end]
        if not idx:
            return ""
    lo, hi = idx[0], idx[-1]
    if (
        lo > 0
        and toks[lo].pos in ("助動詞", "助詞", "動詞", "接尾辞")
        and toks[lo - 1].pos != "補助記号"
    ):
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].pos == "助動詞" and hi - idx[-1] < 3:
        hi += 1
    phrase = "".join(t.surface for t in toks[lo : hi + 1]).strip()
    return phrase if len(phrase) <= PHRASE_MAX else phrase[: PHRASE_MAX - 1] + "…"


def _modal_words(tokens: Sequence[Token], rules: RuleSet) -> tuple[dict[str, int], dict[str, str]]:
    """Modality and scope words in a token run: how often each occurs, and how it reads
    (the word completed to its dictionary form: でき|ます → できる, ことがあ|ります → ことがある)."""
    if not tokens:
        return {}, {}
    base = tokens[0].start
    text = "".join(
        nfkc(t.surface) if len(nfkc(t.surface)) == len(t.surface) else t.surface for t in tokens
    )
    bnds = {t.start - base for t in tokens} | {t.end - base for t in tokens}
    counts, shown = {}, {}
    for w in rules.modal:
        n = count_word(w, text, bnds)
        if n:
            counts[w] = n
            shown[w] = _as_read(w, text, bnds, tokens, base)
    return counts, shown


def _as_read(w: str, text: str, bnds: set[int], tokens: Sequence[Token], base: int) -> str:
    start = text.find(w)
    while start >= 0 and start not in bnds:
        start = text.find(w, start + 1)
    if start < 0:
        return w
    end = start + len(w)
    for t in tokens:
        s, e = t.start - base, t.end - base
        if s < end <= e:
            if t.pos in ("動詞", "助動詞", "形容詞") and t.dictionary_form and s >= start:
                return text[start:s] + t.dictionary_form
            return text[start:e] if e - end <= 2 else w
    return w


def _near(tokens: Sequence[Token], start: int, end: int, n: int = 2) -> list[Token]:
    toks = list(tokens)
    idx = [k for k, t in enumerate(toks) if t.end > start and t.start < end]
    if not idx:
        idx = [k for k, t in enumerate(toks) if t.end == start or t.start == end][:1]
        if not idx:
            return []
    return toks[max(0, idx[0] - n) : idx[-1] + n + 1]


def _maximal(words: set[str]) -> list[str]:
    """Drop a word contained in a longer one of the set (努め inside 努める)."""
    kept = (w for w in words if not any(w != x and w in x for x in words))
    return sorted(kept, key=lambda w: (len(w), w))  # a fixed order: sets iterate by hash


# --------------------------------------------------------------------------- parties


def _is_name(t: Token, lex: Lexicon) -> bool:
    d = t.pos_detail
    if len(d) > 1 and d[1] == "固有名詞":
        return True
    s = nfkc(t.surface)
    if s in lex.company_forms:
        return True
    # a Latin-script name the dictionary does not know: Capitalised, not an acronym
    return (
        t.oov
        and s.isascii()
        and s[:1].isupper()
        and any(c.islower() for c in s)
        and sum(c.isalpha() for c in s) >= 3
    )


def _is_country(t: Token) -> bool:
    d = t.pos_detail
    return len(d) > 3 and d[1] == "固有名詞" and d[2] == "地名" and d[3] == "国"


def parties(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicon) -> list[Party]:  # noqa: C901
    """Named parties whose name touches lo..hi: runs of nouns holding a proper noun, a
    company-form word or a Latin-script name the dictionary does not know."""
    out: list[Party] = []
    run: list[Token] = []

    def flush() -> None:
        named = [k for k, t in enumerate(run) if _is_name(t, lex)]
        if named:
            touches = any(t.end > lo and t.start < hi for t in run)
            if touches or (lo == hi and run[0].start <= lo <= run[-1].end):
                # a company name is the whole compound (株式会社ミライテック); any other name is
                # its proper-noun words (DataSign in 「DataSign サポート窓口」)
                company = any(nfkc(t.surface) in lex.company_forms for t in run)
                part = run if company else run[named[0] : named[-1] + 1]
                name = "".join(t.surface for t in part).strip()
                country = any(
                    _is_country(t) and nfkc(t.surface) not in lex.home_countries for t in part
                )
                home = all(nfkc(t.surface) in lex.home_countries for t in part if _is_name(t, lex))
                if not home:
                    out.append(Party(name, country=country))
        run.clear()

    for t in tokens:
        noun = t.pos in ("名詞", "接頭辞", "接尾辞") or _is_name(t, lex)
        joiner = (
            t.pos == "空白" and "\n" not in t.surface and run and nfkc(run[-1].surface).isascii()
        )
        if (noun and not is_number(t)) or joiner:
            run.append(t)
        else:
            flush()
    flush()
    return out


# --------------------------------------------------------------------------- all cues


def find(h: Hunk, old: Side, new: Side, ctx: Context) -> Findings:
    rules, lex = ctx.rules, ctx.rules.lexicon
    r = lex.reasons
    f = Findings()
    wo = old.around(h.old_start, h.old_end)
    wn = new.around(h.new_start, h.new_end)
    a, b = squash(h.old_text), squash(h.new_text)
    # a passage or a whole line (a list item) added or removed: its words are content, not
    # a flip of the sentence around it
    whole_line = (h.old_text or h.new_text).endswith("\n")
    content = (not a or not b) and (len(a + b) > LONG_INSERT or whole_line)
    f.content = content

    # named parties
    po = {p.name: p for p in parties(wo, h.old_start, h.old_end, lex)} if h.old_text else {}
    pn = {p.name: p for p in parties(wn, h.new_start, h.new_end, lex)} if h.new_text else {}
    pr = lex.party_reasons
    # a party is added when the old clause does not name it, removed when the new one no
    # longer does (a sentence about the operator rewritten is not a new operator)
    old_all, new_all = nfkc(old.text), nfkc(new.text)
    removed = [
        p for k, p in po.items() if nfkc(k) not in {nfkc(x) for x in pn} and nfkc(k) not in new_all
    ]
    added = [
        p for k, p in pn.items() if nfkc(k) not in {nfkc(x) for x in po} and nfkc(k) not in old_all
    ]
    f.parties_added, f.parties_removed = added, removed
    if len(added) == 1 and len(removed) == 1:
        f.reasons.append(pr["reason_replaced"].format(old=removed[0].name, new=added[0].name))
    else:
        f.reasons += [pr["reason_added"].format(new=p.name) for p in added]
        f.reasons += [pr["reason_removed"].format(old=p.name) for p in removed]
    for p in f.countries:
        f.reasons.append(pr["country_reason"].format(name=p.name))

    # a web or mail address moved to another registered domain: another operator's address
    # may now receive the user's mail or data (the same domain is M-address's)
    da = touched_domains(old.text, h.old_start, h.old_end, rules)
    db = touched_domains(new.text, h.new_start, h.new_end, rules)
    if da and db and {d for _, d in da} != {d for _, d in db}:
        f.domain_changed = True
        f.reasons.append(
            r["domain"].format(old="・".join(a for a, _ in da), new="・".join(a for a, _ in db))
        )

    # numbers, compared as quantities
    qa = quantities(old.tokens, h.old_start, h.old_end, lex) if h.old_text else []
    qb = quantities(new.tokens, h.new_start, h.new_end, lex) if h.new_text else []
    f.quantities = (qa, qb)
    if [q.key for q in qa] != [q.key for q in qb] and not content:
        f.numbers_changed = True
        f.notice = notice_period(_sentence(old.text, h.old_start, h.old_end), rules)
        f.reasons.append(_quantity_reason(qa, qb, rules, f.notice))

    if content:
        return f
    # negation: one side negative, the other not (ぬ→ない is no change); counted on the
    # hunk's own morphemes, so that a neighbouring edit is not read into this one
    na = sum(_is_negation(t, rules) for t in sig(h.old_tokens))
    nb = sum(_is_negation(t, rules) for t in sig(h.new_tokens))
    if na != nb:
        f.negation = True
        f.reasons.append(
            r["negation"].format(
                old=_phrase(old.tokens, h.old_start, h.old_end),
                new=_phrase(new.tokens, h.new_start, h.new_end),
            )
        )
    # modality and scope words: the hunk and two morphemes on each side (ことが|あります)
    wo, wn = _near(old.tokens, h.old_start, h.old_end), _near(new.tokens, h.new_start, h.new_end)
    (ma, sa), (mb, sb) = _modal_words(wo, rules), _modal_words(wn, rules)
    gone = _maximal({sa[w] for w in ma if ma[w] > mb.get(w, 0)})
    came = _maximal({sb[w] for w in mb if mb[w] > ma.get(w, 0)})
    if gone or came:
        f.modal = True
        f.modal_words = (*gone, *came)
        if len(gone) == 1 and len(came) == 1:
            f.reasons.append(r["modal_replaced"].format(old=gone[0], new=came[0]))
        else:
            f.reasons += [r["modal_added"].format(word=w) for w in came]
            f.reasons += [r["modal_removed"].format(word=w) for w in gone]
    return f


def direction(h: Hunk | None, old: str, new: str, f: Findings | None, rules: RuleSet) -> str:
    """adverse | beneficial for a terms change (民法548条の4第1項第2号 / 第1号)."""
    d = rules.direction
    lex = rules.lexicon
    if h is not None:
        a, b = nfkc(h.before + old + h.after), nfkc(h.before + new + h.after)
    else:
        a, b = nfkc(old), nfkc(new)
    adverse = sum(w in b and w not in a for w in d["adverse_added"]) + sum(
        w in a and w not in b for w in d["adverse_removed"]
    )
    good = sum(w in b and w not in a for w in d["beneficial_added"]) + sum(
        w in a and w not in b for w in d["beneficial_removed"]
    )
    if f is not None:
        qa, qb = f.quantities
        if len(qa) == 1 and len(qb) == 1 and qa[0].key != qb[0].key:
            da, db = _days(qa[0], lex), _days(qb[0], lex)
            if da is not None and db is not None and f.notice:
                # a notice period: longer benefits the user
                adverse, good = (adverse, good + 2) if db > da else (adverse + 2, good)
            elif any(w in a or w in b for w in d["fee_words"]):
                # a price: higher is adverse, lower beneficial
                adverse, good = (
                    (adverse + 2, good) if qb[0].value > qa[0].value else (adverse, good + 2)
                )
    return "beneficial" if good > adverse else "adverse"


def row_names_country(side: Side, start: int, ctx: Context) -> bool:
    """The table row (the line at ``start``) names a foreign country."""
    text = side.text
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    le = len(text) if le < 0 else le
    home = ctx.rules.lexicon.home_countries
    return any(
        _is_country(t) and nfkc(t.surface) not in home
        for t in side.tokens
        if t.start >= ls and t.end <= le
    )

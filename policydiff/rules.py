"""The rule tables (``policydiff/rules/*.toml``) loaded into typed records.

The tables are data a lawyer can read and a team can extend from its config; this module
only reads and validates them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from .errors import ConfigError

CATEGORIES = (
    "purpose_of_use", "data_collected", "third_party", "joint_use", "foreign_transfer",
    "outsourcing", "sensitive_data", "retention", "user_rights", "security",
    "cookies_tracking", "contact", "policy_change", "liability", "fees",
    "term_termination", "prohibited_acts", "service_change", "governing_law",
    "definitions", "editorial", "other",
)  # fmt: skip
MATERIALITY_CLASSES = ("M-consent", "M-advance", "M-publish", "M-terms", "Risk", "Minor")


@dataclass(frozen=True)
class LegalRow:
    row: str
    klass: str
    refs: tuple[str, ...]
    duty: str
    timing: str


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    cues: tuple[str, ...]
    privacy: LegalRow
    terms: LegalRow

    def row(self, document_type: str) -> LegalRow:
        return self.terms if document_type == "terms" else self.privacy


@dataclass(frozen=True)
class Proof:
    id: str
    reason: str
    note: str


@dataclass(frozen=True)
class StatuteCue:
    words: tuple[str, ...]
    refs: tuple[str, ...]
    only: str = ""  # "privacy" | "terms" | "" (both)


@dataclass(frozen=True)
class Lexicon:
    """The word lists and sentences of the tables that are not category cues."""

    date_words: tuple[str, ...] = ()
    # the date grammar ([dates]): a date anywhere; a changed piece of a date line; a 附則 line
    # 「本規約は、2025年4月1日から施行します。」; an operative sentence end
    date_expr: re.Pattern[str] = re.compile(r"(?!)")
    date_fragment: re.Pattern[str] = re.compile(r"(?!)")
    effective_line: re.Pattern[str] = re.compile(r"(?!)")
    operative_end: re.Pattern[str] = re.compile(r"(?!)")
    trailer_words: frozenset[str] = frozenset()
    date_labels: tuple[str, ...] = ()
    history_titles: tuple[str, ...] = ()
    date_label_slack: int = 4
    history_max: int = 80
    role_particles: frozenset[str] = frozenset()
    case_particles: frozenset[str] = frozenset()
    connectives: tuple[str, ...] = ()
    documentation_domains: tuple[str, ...] = ()  # longest first
    definition_verbs: tuple[str, ...] = ()  # 以下「法」といいます
    company_forms: tuple[str, ...] = ()
    party_default: str = "contact"
    party_holders: tuple[str, ...] = ()
    # (phrases right after a name, the category they put it in): に提供 → third_party
    party_roles: tuple[tuple[tuple[str, ...], str], ...] = ()
    home_countries: frozenset[str] = frozenset()
    party_reasons: dict[str, str] = field(default_factory=dict)
    party_privacy: LegalRow | None = None
    party_terms: LegalRow | None = None
    review_rule: str = "R-review"
    review_reason: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    beneficial_refs: tuple[str, ...] = ()
    adverse_refs: tuple[str, ...] = ()
    period_days: dict[str, float] = field(default_factory=dict)
    before_words: frozenset[str] = frozenset()  # 「5日前」: a point counted back from an event
    user_words: tuple[str, ...] = ()  # the user as the sender of a notice (お客様から)
    notice_words: tuple[str, ...] = ()
    statute_cues: tuple[StatuteCue, ...] = ()
    doc_type: dict[str, tuple[str, ...]] = field(default_factory=dict)
    negation_prefixes: frozenset[str] = frozenset()
    honorific_prefixes: frozenset[str] = frozenset()
    honorific_normalized: frozenset[str] = frozenset()
    honorific_humble: dict[str, str] = field(default_factory=dict)
    honorific_persons: dict[str, str] = field(default_factory=dict)  # 者 → 方
    honorific_suffixes: frozenset[str] = frozenset()  # 様: 利用者様 = 利用者
    equivalent_phrases: tuple[tuple[str, ...], ...] = ()
    reference_phrases: tuple[str, ...] = ()  # 「7.3に定める」: words that cite a section
    # M-homophone: (words that follow, part-of-speech fields the word before them needs)
    homophone_needs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    desk_listing: frozenset[str] = frozenset()
    desk_heads: frozenset[str] = frozenset()  # 窓口: the head of a phrase describing a desk
    units: frozenset[str] = frozenset()
    money_units: frozenset[str] = frozenset()
    purpose_endings: tuple[str, ...] = ()
    secondary_skip: tuple[str, ...] = ()
    operative_min: int = 12
    operative_markers: tuple[str, ...] = ()
    # the same negation said another way (M-polarity)
    polarity_negators: frozenset[str] = frozenset()
    polarity_enumerative: frozenset[str] = frozenset()
    polarity_light_verbs: frozenset[str] = frozenset()
    polarity_polite: frozenset[str] = frozenset()
    polarity_focus: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleSet:
    categories: tuple[Category, ...]
    proofs: dict[str, Proof]
    confusion: tuple[tuple[str, str], ...]
    statute_laws: tuple[str, ...]
    statute_map: dict[str, str]
    statute_preceded_by: tuple[str, ...]
    negation: tuple[str, ...]
    modal: tuple[str, ...]
    direction: dict[str, tuple[str, ...]]
    duty_class: dict[str, str]
    polite: tuple[str, ...] = ()
    editorial_patterns: tuple[str, ...] = ()  # from config: spans that are always minor
    material_sections: tuple[str, ...] = ()  # from config: clause titles/labels always material
    editorial_sources: tuple[str, ...] = ()  # where each editorial pattern was configured
    lexicon: Lexicon = field(default_factory=Lexicon)

    def category(self, cid: str) -> Category:
        for c in self.categories:
            if c.id == cid:
                return c
        raise KeyError(cid)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _row(data: dict, where: str) -> LegalRow:
    try:
        klass = data["class"]
        if klass not in MATERIALITY_CLASSES:
            raise ConfigError(
                f"{where}: class {klass!r} is not one of {', '.join(MATERIALITY_CLASSES)}"
            )
        return LegalRow(
            str(data.get("row", "")),
            klass,
            tuple(data.get("refs", ())),
            str(data["duty"]),
            str(data["timing"]),
        )
    except KeyError as exc:
        raise ConfigError(f"{where}: missing key {exc.args[0]!r}") from None


def _load_tables(*names: str) -> list[dict]:
    """The bundled tables as tomllib reads them; parsed once per package version and content
    and kept in the user's cache directory (policydiff.cache), so a run reads them back."""
    from . import cache

    raw = [resources.files("policydiff").joinpath("rules", n).read_bytes() for n in names]
    key = cache.content_key(*raw)
    tables = cache.load("rules", key)
    if isinstance(tables, list) and len(tables) == len(names):
        return tables
    import tomllib

    tables = [tomllib.loads(r.decode("utf-8")) for r in raw]
    cache.store("rules", key, tables)
    return tables


@functools.cache
def default_rules() -> RuleSet:
    material, editorial = _load_tables("material.toml", "editorial.toml")
    cats = []
    for c in material["category"]:
        where = f"material.toml category {c.get('id')!r}"
        if c["id"] not in CATEGORIES:
            raise ConfigError(f"{where}: not a report-schema category")
        cats.append(
            Category(
                c["id"], c["label"], tuple(nfkc(w) for w in c.get("cues", ())),
                _row(c["privacy"], where + " privacy"), _row(c["terms"], where + " terms"),
            )
        )  # fmt: skip
    proofs = {p["id"]: Proof(p["id"], p["reason"], p.get("note", "")) for p in editorial["proof"]}
    rules = RuleSet(
        categories=tuple(cats),
        proofs=proofs,
        confusion=tuple((nfkc(a), nfkc(b)) for a, b in editorial["confusion"]["pairs"]),
        statute_laws=tuple(editorial["statute"]["laws"]),
        statute_map=dict(editorial["statute"]["appi_2022"]),
        statute_preceded_by=tuple(editorial["statute"].get("preceded_by", ())),
        negation=tuple(material["modality"]["negation"]),
        modal=tuple(material["modality"]["modal"]),
        direction={k: tuple(nfkc(w) for w in v) for k, v in material["direction"].items()},
        duty_class=dict(material["duty_class"]),
        polite=tuple(editorial["endings"]["polite"]),
        lexicon=_lexicon(material, editorial),
    )
    from .classify.editorial import check_proof_table

    check_proof_table(rules)  # the proof order and the declared proofs name the same ids
    return rules


def _alternation(words) -> str:
    # longest first; words of one length in a fixed order (a set's order changes with the
    # hash seed: the pattern would differ from run to run, and so miss the regex cache)
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _date_grammar(editorial: dict) -> dict:
    """The compiled date grammar: [dates] patterns (their group names dropped, tried in
    order), the characters and words a changed piece of a date line may hold, and the 附則
    sentence 「…は、<date>から施行します。」."""
    dates, dl = editorial["dates"], editorial["date_line"]
    try:
        alts = [re.sub(r"\(\?P<\w+>", "(?:", p) for p in dates["patterns"]]
        expr = "|".join(f"(?:{a})" for a in alts)
        re.compile(expr)
    except re.error as exc:
        raise ConfigError(f"editorial.toml [dates]: a date pattern is not valid: {exc}") from None
    words = [*dl["revision_words"], *dl["labels"], *dates["era_offsets"], *dl["trailer_words"]]
    chars = re.escape(dates["fragment_chars"])
    verbs = _alternation(dl["effective_verbs"])
    endings = _alternation(dl["effective_endings"])
    return {
        "date_expr": re.compile(expr),
        "date_fragment": re.compile(rf"^(?:[{chars}\s]|{_alternation(words)})*$"),
        "effective_line": re.compile(
            rf"^(?:附\s*則\s*)?[^、。\s]{{0,24}}は[、,]?\s*(?P<date>.+?)\s*"
            rf"(?:{_alternation(dl['effective_from'])})?\s*(?:{verbs})(?:{endings})*[。.]?$"
        ),
        "operative_end": re.compile(rf"(?:{_alternation(dl['operative_endings'])})[。.]?$"),
        "trailer_words": frozenset(nfkc(w) for w in dl["trailer_words"]),
    }


def _bundled_date_grammar(editorial: dict) -> dict:
    from .cache import static_patterns

    with static_patterns():  # the bundled tables' own patterns: kept between runs
        return _date_grammar(editorial)


def _polarity(table: dict) -> dict[str, frozenset[str]]:
    keys = ("negators", "enumerative", "light_verbs", "polite", "focus")
    return {f"polarity_{k}": frozenset(nfkc(w) for w in table[k]) for k in keys}


def _lexicon(material: dict, editorial: dict) -> Lexicon:
    try:
        dl, pa, rv = editorial["date_line"], material["parties"], material["reasons"]
        return Lexicon(
            date_words=tuple(dl["revision_words"]),
            date_labels=tuple(dl["labels"]),
            history_titles=tuple(nfkc(w) for w in dl["history_titles"]),
            date_label_slack=int(dl["label_slack"]),
            history_max=int(dl["summary_max"]),
            role_particles=frozenset(editorial["particles"]["role"]),
            case_particles=frozenset(editorial["particles"]["case"]),
            connectives=tuple(editorial["connectives"]["additive"]),
            definition_verbs=tuple(editorial["statute"]["definition_verbs"]),
            documentation_domains=tuple(
                sorted(
                    (d.lower() for d in editorial["addresses"]["documentation_domains"]),
                    key=len,
                    reverse=True,
                )
            ),
            company_forms=tuple(nfkc(w) for w in pa["company_forms"]),
            party_default=str(pa["default_category"]),
            party_holders=tuple(pa["holders"]),
            party_roles=tuple(
                (tuple(nfkc(w) for w in r["after"]), str(r["category"]))
                for r in pa.get("roles", ())
            ),
            home_countries=frozenset(nfkc(w) for w in pa["home_countries"]),
            party_reasons={
                k: pa[k]
                for k in ("reason_added", "reason_removed", "reason_replaced", "country_reason")
            },
            party_privacy=_row(pa["privacy"], "material.toml parties privacy"),
            party_terms=_row(pa["terms"], "material.toml parties terms"),
            review_rule=str(material["review"]["rule"]),
            review_reason=str(material["review"]["reason"]),
            reasons={k: v for k, v in rv.items() if isinstance(v, str)},
            beneficial_refs=tuple(rv["beneficial_refs"]),
            adverse_refs=tuple(rv["adverse_refs"]),
            period_days={nfkc(k): float(v) for k, v in material["quantities"]["days"].items()},
            before_words=frozenset(material["quantities"].get("before", ())),
            user_words=tuple(material["quantities"].get("user_senders", ())),
            notice_words=tuple(material["quantities"]["notice_words"]),
            statute_cues=tuple(
                StatuteCue(tuple(nfkc(w) for w in c["words"]), tuple(c["refs"]), c.get("only", ""))
                for c in material.get("statute_cue", ())
            ),
            doc_type={k: tuple(v) for k, v in material["document_type"].items()},
            negation_prefixes=frozenset(material["modality"]["negation_prefixes"]),
            honorific_prefixes=frozenset(editorial["honorifics"]["prefixes"]),
            honorific_normalized=frozenset(editorial["honorifics"]["normalized"]),
            honorific_humble=dict(editorial["honorifics"]["humble"]),
            honorific_persons=dict(editorial["honorifics"].get("persons", {})),
            honorific_suffixes=frozenset(editorial["honorifics"].get("suffixes", ())),
            homophone_needs=tuple(
                (frozenset(r["after"]), frozenset(r["pos"]))
                for r in editorial.get("homophones", {}).get("needs", ())
            ),
            reference_phrases=tuple(editorial.get("crossref", {}).get("cited_by", ())),
            equivalent_phrases=tuple(
                tuple(nfkc(w) for w in g)
                for g in editorial.get("equivalents", {}).get("groups", ())
            ),
            desk_listing=frozenset(
                nfkc(w) for c in material["category"] for w in c.get("desk_listing", ())
            ),
            desk_heads=frozenset(
                nfkc(w) for c in material["category"] for w in c.get("desk_heads", ())
            ),
            units=frozenset(nfkc(w) for w in material["quantities"]["units"]),
            money_units=frozenset(nfkc(w) for w in material["quantities"]["money_units"]),
            purpose_endings=tuple(material["purpose_items"]["endings"]),
            secondary_skip=tuple(material["secondary_refs"]["skip_prefixes"]),
            operative_min=int(material["operative_text"]["min_chars"]),
            operative_markers=tuple(material["operative_text"]["markers"]),
            **_polarity(editorial["polarity"]),
            **_bundled_date_grammar(editorial),
        )
    except KeyError as exc:
        raise ConfigError(f"rule tables: missing key {exc.args[0]!r}") from None

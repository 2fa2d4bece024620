"""The rule tables (rules/material.toml, rules/editorial.toml) and the cue words they hold.

Every report-schema category has a rule with cue words and a legal row per document type;
every editorial proof is both declared and used; every cue word, added to an article, makes
the change material in a category of its own.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from importlib import resources

import pytest
from conftest import SCHEMA_CATEGORY_ORDER as SCHEMA_CATEGORIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff import Severity
from policydiff.classify import PROOF_ORDER, WHOLE_CLAUSE_PROOFS, check_proof_table
from policydiff.errors import ConfigError
from policydiff.rules import CATEGORIES, MATERIALITY_CLASSES, default_rules


def table(name: str) -> dict:
    with resources.files("policydiff").joinpath("rules", name).open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def material() -> dict:
    return table("material.toml")


@pytest.fixture(scope="module")
def editorial() -> dict:
    return table("editorial.toml")


# --------------------------------------------------------------------------- loading


def test_tables_load():
    rules = default_rules()
    assert rules.categories and rules.proofs
    assert rules.confusion and rules.statute_map and rules.statute_laws
    assert rules.negation and rules.modal and rules.polite
    assert rules.editorial_patterns == () and rules.material_sections == ()


def test_schema_categories_are_the_package_categories():
    assert tuple(CATEGORIES) == SCHEMA_CATEGORIES


# --------------------------------------------------------------------------- material.toml


def test_every_category_but_editorial_has_one_entry(material):
    ids = [c["id"] for c in material["category"]]
    assert len(ids) == len(set(ids)), "a category appears twice"
    assert set(ids) == set(SCHEMA_CATEGORIES) - {"editorial"}


@pytest.mark.parametrize("cid", [c for c in SCHEMA_CATEGORIES if c != "editorial"])
def test_category_entry(cid, material):
    (entry,) = [c for c in material["category"] if c["id"] == cid]
    assert entry["label"].strip()
    cues = entry.get("cues", [])
    assert all(isinstance(w, str) and w.strip() for w in cues)
    assert len(cues) == len(set(cues)), "a cue word appears twice"
    if cid == "other":
        assert cues == []
    else:
        assert cues, f"{cid} has no cue words"
    for doc_type in ("privacy", "terms"):
        row = entry[doc_type]
        assert row["class"] in MATERIALITY_CLASSES
        assert row["duty"].strip() and row["timing"].strip()
        assert isinstance(row.get("refs", []), list)
        assert all(isinstance(r, str) and r.strip() for r in row.get("refs", []))


def test_loaded_categories_match_the_table(material):
    rules = default_rules()
    assert [c.id for c in rules.categories] == [c["id"] for c in material["category"]]
    for cat in rules.categories:
        assert cat.row("privacy") is cat.privacy
        assert cat.row("terms") is cat.terms


def test_every_material_row_cites_a_statute():
    missing = [
        (c.id, doc_type)
        for c in default_rules().categories
        for doc_type in ("privacy", "terms")
        if c.row(doc_type).klass != "Minor" and not c.row(doc_type).refs
    ]
    assert missing == []


def test_terms_rows_rest_on_civil_code_548_4():
    for c in default_rules().categories:
        row = c.terms
        if row.klass in ("M-terms", "Risk"):
            assert any(r.startswith("民法 第548条の4") for r in row.refs), c.id


def test_duty_class_covers_every_class(material):
    assert set(material["duty_class"]) == set(MATERIALITY_CLASSES)


def test_direction_and_modality_tables(material):
    assert set(material["direction"]) == {
        "adverse_added",
        "adverse_removed",
        "beneficial_added",
        "beneficial_removed",
        "fee_words",
    }
    for words in material["direction"].values():
        assert words and all(isinstance(w, str) and w for w in words)
    for key in ("negation", "modal"):
        words = material["modality"][key]
        assert words and all(isinstance(w, str) and w for w in words)
    # the modality words the near misses of test_classify rely on
    for w in ("できる", "ことがある", "努める", "以上", "以下", "可能", "同意"):
        assert w in material["modality"]["modal"]


# --------------------------------------------------------------------------- editorial.toml


def _proof_ids_tried() -> set[str]:
    """The ids of the proof-order tables of classify/editorial.py."""
    return {pid for pid, _ in PROOF_ORDER} | set(WHOLE_CLAUSE_PROOFS)


def test_proofs_declared(editorial):
    ids = [p["id"] for p in editorial["proof"]]
    assert len(ids) == len(set(ids))
    for p in editorial["proof"]:
        assert re.fullmatch(r"M-[a-z]+", p["id"])
        assert p["reason"].strip()
        assert p["note"].strip()


def test_every_proof_tried_is_declared(editorial):
    declared = {p["id"] for p in editorial["proof"]}
    assert _proof_ids_tried() - declared == set()


def test_every_declared_proof_is_tried(editorial):
    declared = {p["id"] for p in editorial["proof"]}
    assert declared - _proof_ids_tried() == set()


def test_proof_table_is_checked_against_the_toml():
    """A proof id missing from editorial.toml stops the rules from loading."""
    rules = default_rules()
    proofs = dict(rules.proofs)
    proofs.pop("M-numeral")
    with pytest.raises(ConfigError, match="M-numeral"):
        check_proof_table(dataclasses.replace(rules, proofs=proofs))
    check_proof_table(rules)


def test_configured_patterns_have_their_own_reason(editorial):
    """A team's editorial_patterns match is not reported as a misprint of the confusion table."""
    reasons = {p["id"]: p["reason"] for p in editorial["proof"]}
    assert reasons["M-configured"] != reasons["M-confusion"]
    assert "editorial_patterns" in reasons["M-configured"]


def test_confusion_pairs(editorial):
    for pair in editorial["confusion"]["pairs"]:
        assert len(pair) == 2 and all(isinstance(w, str) and w for w in pair), pair


def test_statute_map_has_the_2022_renumbering(editorial):
    # legal-notes §4.3: old article → new article of the 2022 APPI
    expected = {
        "15": "17", "16": "18", "17": "20", "18": "21", "20": "23", "22-2": "26",
        "23": "27", "24": "28", "26-2": "31", "27": "32", "28": "33", "29": "34",
    }  # fmt: skip
    mapping = editorial["statute"]["appi_2022"]
    assert {k: mapping.get(k) for k in expected} == expected
    assert "個人情報保護法" in editorial["statute"]["laws"]


# --------------------------------------------------------------------------- the cue words at work

COMPANY = "株式会社ミライテック"
ARTICLES = [
    ("目的", f"本書は、{COMPANY}（以下「当社」といいます。）のサービスに適用されます。"),
    ("基本方針", "当社は、本書の定めに従ってサービスを運営します。"),
    ("雑則", "本書に定めのない事項は、当社が別に定めます。"),
]
TITLES = {"privacy": "プライバシーポリシー", "terms": "ミライノート利用規約"}
CARRIERS = (
    "当社は、新たに{cue}に関する事項を定めます。",
    "{cue}については、当社が別に定める方法によります。",
    "当社は、{cue}を本書の対象に加えます。",
)


def doc(articles, title: str) -> str:
    out = [title, ""]
    for k, (head, body) in enumerate(articles, 1):
        out += [f"第{k}条（{head}）", body, ""]
    return "\n".join(out) + "\n"


def add_sentence(cue: str, *, doc_type: str = "privacy", article: int = 2, carrier: int = 0):
    """The one change of adding a sentence with ``cue`` to 第``article``条."""
    new = list(ARTICLES)
    head, body = new[article - 1]
    new[article - 1] = (head, body + CARRIERS[carrier].format(cue=cue))
    report = policydiff.compare(doc(ARTICLES, TITLES[doc_type]), doc(new, TITLES[doc_type]))
    assert report.document_type == doc_type
    assert len(report.changes) == 1, [(c.type, c.new_text) for c in report.changes]
    return report.changes[0]


def test_carrier_sentence_alone_has_no_category():
    """Without a cue the carrier text falls to 'other': the cue decides the category below."""
    change = add_sentence("次の事項")
    assert change.severity is Severity.MATERIAL
    assert change.categories == ("other",)


def _cues(skip: tuple[str, ...] = ()) -> list:
    return [
        pytest.param(c.id, cue, id=f"{c.id}:{cue}")
        for c in default_rules().categories
        for cue in c.cues
        if c.id not in skip
    ]


def _row_class(cid: str, doc_type: str) -> str:
    return default_rules().category(cid).row(doc_type).klass


@pytest.mark.parametrize("doc_type", ["privacy", "terms"])
@pytest.mark.parametrize(("cid", "cue"), _cues(skip=("contact",)))
def test_cue_added_is_material_in_its_category(cid, cue, doc_type):
    change = add_sentence(cue, doc_type=doc_type)
    assert change.severity is Severity.MATERIAL
    assert change.categories and set(change.categories) <= set(SCHEMA_CATEGORIES)
    assert cid in change.categories
    assert any("必要な対応" in r for r in change.reasons)


def _contact_only_cues() -> list:
    """Contact cues that no other category shares (住所 and メールアドレス are also data_collected)."""
    others = [w for c in default_rules().categories if c.id != "contact" for w in c.cues]
    return [
        p
        for p in _cues()
        if p.values[0] == "contact"
        and not any(p.values[1] in w or w in p.values[1] for w in others)
    ]


@pytest.mark.parametrize("doc_type", ["privacy", "terms"])
@pytest.mark.parametrize(("cid", "cue"), _contact_only_cues())
def test_contact_cue_alone_is_minor(cid, cue, doc_type):
    """The contact row is class Minor (legal-notes M4): a contact-only addition is M-contact."""
    assert _row_class(cid, doc_type) == "Minor"
    change = add_sentence(cue, doc_type=doc_type)
    assert change.severity is Severity.MINOR
    assert change.rule_ids == ("M-contact",)


ALL_CUES = [(c.id, cue) for c in default_rules().categories for cue in c.cues if c.id != "contact"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ALL_CUES),
    st.sampled_from(sorted(TITLES)),
    st.integers(min_value=1, max_value=len(ARTICLES)),
    st.integers(min_value=0, max_value=len(CARRIERS) - 1),
)
def test_property_cue_sentence_added_is_material(cue_of, doc_type, article, carrier):
    _, cue = cue_of
    change = add_sentence(cue, doc_type=doc_type, article=article, carrier=carrier)
    assert change.severity is Severity.MATERIAL
    assert change.categories
    assert set(change.categories) <= set(SCHEMA_CATEGORIES) - {"editorial"}
    assert change.rule_ids and ":" in change.rule_ids[0]
    assert change.duties

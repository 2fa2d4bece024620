"""References that a renumbering explains: statute citations after the APPI 2022
renumbering, with the law named by a short name the document defines (M-statute).

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import PRIVACY, build, compare_bodies, compare_docs, minor_only, the_material

DEFINED_HERE = (
    "当社は、個人情報の保護に関する法律（以下「法」といいます。）第{n}条第5項各号に該当する"
    "場合を除き、個人情報を第三者に提供しません。"
)
SHORT_NAME = (
    "本ポリシーは、個人情報の保護に関する法律（以下「個情法」といいます。）に基づき定めます。"
)


def _short_name_doc(citation: str) -> str:
    arts = [(PRIVACY[0][0], SHORT_NAME), *PRIVACY[1:]]
    body = f"当社は、{citation}に該当する場合を除き、個人情報を第三者に提供しません。"
    return build([*arts[:2], (arts[2][0], body), *arts[3:]])


def test_definition_between_the_law_and_the_article_number():
    r = compare_bodies(3, DEFINED_HERE.format(n=23), DEFINED_HERE.format(n=27))
    minor_only(r)
    assert [c.rule_ids for c in r.changes] == [("M-statute",)]


def test_definition_between_the_law_and_a_number_the_table_does_not_give():
    c = the_material(compare_bodies(3, DEFINED_HERE.format(n=23), DEFINED_HERE.format(n=28)))
    assert "M-statute" not in c.rule_ids


def test_a_short_name_defined_elsewhere_in_the_document_cites_the_law():
    r = compare_docs(
        _short_name_doc("個情法第23条第5項各号"), _short_name_doc("個情法第27条第5項各号")
    )
    minor_only(r)
    assert [c.rule_ids for c in r.changes] == [("M-statute",)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the short name is defined for another law: its article 23 is not APPI's
        (
            "電気通信事業法（以下「事業法」といいます。）第23条",
            "電気通信事業法（以下「事業法」といいます。）第27条",
        ),
        # a short name the document never defines
        ("個保法第23条第5項各号", "個保法第27条第5項各号"),
    ],
)
def test_another_law_or_an_undefined_short_name_is_no_statute_proof(old, new):
    body = "当社は、{}に該当する場合を除き、個人情報を第三者に提供しません。"
    c = the_material(compare_bodies(3, body.format(old), body.format(new)))
    assert "M-statute" not in c.rule_ids

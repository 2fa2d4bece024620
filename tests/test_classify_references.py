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


def test_the_law_named_after_sono_ta_ends_the_phrase_before_it():
    body = "当社は、法令に基づく場合その他個人情報保護法第{n}条第1項各号に掲げる場合を除き、個人情報を第三者に提供しません。"
    r = compare_bodies(3, body.format(n=23), body.format(n=27))
    minor_only(r)
    assert [c.rule_ids for c in r.changes] == [("M-statute",)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the tail of another law's name: the administrative organs' act numbers its own
        ("行政機関個人情報保護法第23条", "行政機関個人情報保護法第27条"),
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


# --------------------------------------------------------------------------- dotted sections

SECTIONS_OLD = """ミライノート法人向け利用約款

1. 総則
1.1 本約款は、株式会社ミライテック（以下「当社」といいます。）が提供するミライノート法人版の利用条件を定めます。
2. 顧客データ
2.1 当社は、顧客データを善良な管理者の注意をもって管理します。
2.2 当社は、顧客データを暗号化して保管します。
3. 契約の終了
3.1 契約が終了した場合、当社は、{ref}の定めに従い顧客データを消去します。
"""
INSERTED = "2.2 当社は、契約者の指示がある場合に限り、顧客データを複製します。\n"


def _sections(new_ref: str):
    old = SECTIONS_OLD.format(ref="第2.2項")
    new = SECTIONS_OLD.format(ref=new_ref).replace(
        "2.2 当社は、顧客データを暗号化", "2.3 当社は、顧客データを暗号化"
    )
    new = new.replace("2.3 当社は、顧客データを暗号化", INSERTED + "2.3 当社は、顧客データを暗号化")
    return compare_docs(old, new)


def _reference_change(report):
    return [c for c in report.changes if c.new_unit is not None and "消去" in c.new_unit.text]


def test_dotted_reference_follows_the_renumbered_section():
    found = _reference_change(_sections("第2.3項"))
    assert [c.rule_ids for c in found] == [("M-crossref",)]


def test_dotted_reference_to_another_section_is_material():
    found = _reference_change(_sections("第2.1項"))
    assert len(found) == 1 and "M-crossref" not in found[0].rule_ids
    assert found[0].severity.value == "material"


def _bare_sections(old_ref: str, new_ref: str):
    old = SECTIONS_OLD.format(ref="第2.2項").replace("第2.2項の定めに従い", old_ref)
    new = SECTIONS_OLD.format(ref="第2.2項").replace("第2.2項の定めに従い", new_ref)
    new = new.replace("2.2 当社は、顧客データを暗号化", INSERTED + "2.3 当社は、顧客データを暗号化")
    return compare_docs(old, new)


def test_a_bare_dotted_number_that_cites_a_section_follows_its_renumbering():
    found = _reference_change(_bare_sections("2.2の定めに従い", "2.3の定めに従い"))
    assert [c.rule_ids for c in found] == [("M-crossref",)]


def test_a_bare_dotted_number_without_citing_words_is_no_reference():
    # 「2.2倍」 is a quantity: the same renumbering proves nothing about it
    found = _reference_change(_bare_sections("2.2倍の速さで", "2.3倍の速さで"))
    assert len(found) == 1 and found[0].severity.value == "material"
    # a cited section that does not follow the renumbering
    found = _reference_change(_bare_sections("2.2の定めに従い", "2.1の定めに従い"))
    assert len(found) == 1 and found[0].severity.value == "material"


# --------------------------------------------------------------------------- sections cited by title


def _titled_sections(extra: bool, cite: str) -> str:
    parts = [
        "# 個人情報保護方針",
        "",
        "1. 取得する情報",
        "",
        "当社は、氏名及び連絡先を取得します。",
        "",
    ]
    if extra:
        parts += ["2. 利用目的", "", "当社は、サービスの提供のために利用します。", ""]
    n = 3 if extra else 2
    parts += [
        f"{n}. 開示等の請求",
        "",
        f"開示等の請求は、「{cite}」に記載の窓口で受け付けます。",
        "",
        f"{n + 1}. お問い合わせ窓口",
        "",
        "株式会社ミライテック お客様相談室",
        "",
    ]
    return "\n".join(parts)


def test_a_section_cited_by_number_and_title_follows_its_renumbering():
    r = compare_docs(
        _titled_sections(False, "3. お問い合わせ窓口"),
        _titled_sections(True, "4. お問い合わせ窓口"),
    )
    crossrefs = [c for c in r.changes if "4" in c.new_text and "M-crossref" in c.rule_ids]
    assert crossrefs, [(c.old_text, c.new_text, c.rule_ids) for c in r.changes]
    assert [c.type for c in r.changes if c.severity.value == "material"] == ["added"]


def test_a_cited_number_that_does_not_follow_the_renumbering_is_material():
    # the section is now 4., the citation says 5.
    r = compare_docs(
        _titled_sections(False, "3. お問い合わせ窓口"),
        _titled_sections(True, "5. お問い合わせ窓口"),
    )
    assert any(c.severity.value == "material" and c.type == "modified" for c in r.changes)
    # a number before another title than the renumbered section's
    r = compare_docs(_titled_sections(False, "3. 窓口一覧"), _titled_sections(True, "4. 窓口一覧"))
    assert any(c.severity.value == "material" and c.type == "modified" for c in r.changes)


def test_a_renumbered_citation_beside_another_edit_is_judged_on_its_own():
    """The window read around a citation holds only this hunk's change: a word fixed in the
    same sentence is its own change and does not hide the renumbering."""
    old = "当社及び子会社（以下「当社グループ」）は、個人情報の保護に関する法律第23条第5項第3号に基づき共同利用します。"
    new = "当社及び子会社（以下「当社ぐるーぷ」）は、個人情報の保護に関する法律第27条第5項第3号に基づき共同利用します。"
    r = compare_bodies(3, old, new)
    assert any(c.rule_ids == ("M-statute",) for c in r.changes), [
        (c.old_text, c.new_text, c.rule_ids) for c in r.changes
    ]

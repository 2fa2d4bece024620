"""Spellings of one word or phrase: okurigana the kanji already reads (従がって = 従って),
kanji written in kana (御利用下さい = ご利用ください), phrases of one meaning (この限りでない =
この限りではない, 税別 = 税抜, a statute's title = its short name); and a top section cited by
its number and dot (「7.に記載」) that follows the renumbering.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import compare_bodies, minor_only

import policydiff

PROVISION = "当社は、個人情報を、本規約に{}適切に取り扱います。"


def _one(report):
    assert len(report.changes) == 1, [(c.rule_ids, c.old_text, c.new_text) for c in report.changes]
    return report.changes[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("本ポリシーに従がって", "本ポリシーに従って"),
        ("本ポリシーに従って", "本ポリシーに従がって"),
        ("業務を行なう事業者を通じて", "業務を行う事業者を通じて"),
        ("意思を表わす方法により", "意思を表す方法により"),
    ],
)
def test_okurigana_that_the_kanji_already_reads(old, new):
    r = compare_bodies(4, PROVISION.format(old), PROVISION.format(new))
    minor_only(r)
    assert _one(r).rule_ids == ("M-orthography",)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("本ポリシーに従がって", "本ポリシーに従わずに"),  # another conjugation: negated
        ("本ポリシーに従がって", "本ポリシーを守って"),  # another verb
    ],
)
def test_another_word_is_no_okurigana(old, new):
    r = compare_bodies(4, PROVISION.format(old), PROVISION.format(new))
    assert r.verdict == "material"
    assert all("M-orthography" not in c.rule_ids for c in r.changes)


def test_kanji_written_in_kana_with_the_same_reading():
    old = "詳しくはお問い合わせ窓口を御利用下さい。"
    r = compare_bodies(4, old, old.replace("御利用下さい", "ご利用ください"))
    minor_only(r)
    assert _one(r).rule_ids == ("M-orthography",)


def test_another_kanji_of_the_same_reading_is_no_kana_spelling():
    old = "当社は、個人情報の安全を保障下さい。"
    r = compare_bodies(4, old, old.replace("保障下さい", "保証ください"))
    assert r.verdict == "material"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("法令に定める場合は、この限りではありません。", "法令に定める場合は、この限りでありません。"),
        ("法令に定める場合は、この限りでない。", "法令に定める場合は、この限りではない。"),
        ("月額300円（税別）とします。", "月額300円（税抜）とします。"),
        ("月額300円（税込）とします。", "月額300円（税込み）とします。"),
        (
            "当社は、個人情報保護法に基づき、個人情報を取り扱います。",
            "当社は、個人情報の保護に関する法律に基づき、個人情報を取り扱います。",
        ),
    ],
)  # fmt: skip
def test_phrases_of_one_meaning(old, new):
    r = compare_bodies(4, old, new)
    minor_only(r)
    # は put back and 込み's okurigana have proofs of their own; the rest are equivalents
    assert _one(r).rule_ids in {("M-equivalent",), ("M-particle",), ("M-orthography",)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("月額300円（税別）とします。", "月額300円（税込）とします。"),
        ("法令に定める場合は、この限りでない。", "法令に定める場合も、同様とする。"),
        (
            "当社は、個人情報保護法に基づき、個人情報を取り扱います。",
            "当社は、電気通信事業法に基づき、個人情報を取り扱います。",
        ),
    ],
)  # fmt: skip
def test_phrases_of_another_meaning(old, new):
    assert compare_bodies(4, old, new).verdict == "material"


SECTIONS = """プライバシーポリシー

1. 取得する情報
当社は、氏名及びメールアドレスを取得します。

2. 共同利用
管理責任者：株式会社ミライテック（住所及び代表者は{ref}に記載のとおりです。）
{extra}
{n}. お問い合わせ窓口
東京都千代田区一丁目1番1号 株式会社ミライテック 代表取締役 未来太郎

2024年4月1日 制定
"""
INSERTED = "\n3. 保存期間\n当社は、個人情報を退会後30日間保存します。\n"


def _sections(old_ref: str, new_ref: str, inserted: bool = True):
    old = SECTIONS.format(ref=old_ref, extra="", n=3)
    new = SECTIONS.format(ref=new_ref, extra=INSERTED if inserted else "", n=4 if inserted else 3)
    report = policydiff.compare(old, new)
    return [c for c in report.changes if "記載のとおり" in (c.new_unit or c.old_unit).text]


def test_a_top_section_cited_by_its_number_follows_its_renumbering():
    found = _sections("3.", "4.")
    assert [c.rule_ids for c in found] == [("M-crossref",)]


def test_a_top_section_cited_by_a_number_that_does_not_follow_is_material():
    found = _sections("3.", "1.")
    assert len(found) == 1 and found[0].severity.value == "material"
    found = _sections("3.", "4.", inserted=False)
    assert len(found) == 1 and found[0].severity.value == "material"

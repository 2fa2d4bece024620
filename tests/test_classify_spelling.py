"""Spellings of one word or phrase: okurigana the kanji already reads (従がって = 従って),
kanji written in kana (御利用下さい = ご利用ください), phrases of one meaning (この限りでない =
この限りではない, 税別 = 税抜, a statute's title = its short name); and a top section cited by
its number and dot (「7.に記載」) that follows the renumbering.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import build, compare_bodies, minor_only

import policydiff

PROVISION = "当社は、個人情報を、本規約に{}適切に取り扱います。"


def _one(report):
    assert len(report.changes) == 1, [(c.rule_ids, c.old_text, c.new_text) for c in report.changes]
    return report.changes[0]


def _proven(old: str, new: str, proof: str, n: int = 4) -> None:
    """第n条's body ``old`` → ``new`` is one minor change, by ``proof``."""
    r = compare_bodies(n, old, new)
    minor_only(r)
    assert _one(r).rule_ids == (proof,)


def _not_proven(old: str, new: str, proof: str, n: int = 4) -> None:
    """第n条's body ``old`` → ``new`` is material, and ``proof`` proves none of it."""
    r = compare_bodies(n, old, new)
    assert r.verdict == "material"
    assert all(proof not in c.rule_ids for c in r.changes)


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
    _proven(PROVISION.format(old), PROVISION.format(new), "M-orthography")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("本ポリシーに従がって", "本ポリシーに従わずに"),  # another conjugation: negated
        ("本ポリシーに従がって", "本ポリシーを守って"),  # another verb
    ],
)
def test_another_word_is_no_okurigana(old, new):
    _not_proven(PROVISION.format(old), PROVISION.format(new), "M-orthography")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("法令に定める場合は、この限りではありません。", "法令に定める場合は、この限りでありません。"),
        ("法令に定める場合は、この限りでない。", "法令に定める場合は、この限りではない。"),
        ("月額300円（税別）とします。", "月額300円（税抜）とします。"),
        ("月額300円（税込）とします。", "月額300円（税込み）とします。"),
        ("当社は、Eメールで通知します。", "当社は、電子メールで通知します。"),
        ("当社は、ホームページで公表します。", "当社は、ウェブサイトで公表します。"),
        ("当社は、下記の目的で利用します。", "当社は、以下の目的で利用します。"),
        ("当社は、事前の通知なく本サービスを変更できます。", "当社は、事前の通知なく本サービスを変更することができます。"),
        ("利用者は、パスワードを開示してはなりません。", "利用者は、パスワードを開示してはならないものとします。"),
        ("当社は、違反した場合、利用を停止します。", "当社は、違反したときは、利用を停止します。"),
        ("当社は、利用目的の範囲内で取り扱います。", "当社は、利用目的の範囲内において取り扱います。"),
        ("当社は、法令に基づく場合を除いて、提供しません。", "当社は、法令に基づく場合を除き、提供しません。"),
        ("当社は、次に掲げる場合を除き、提供しません。", "当社は、次の場合を除き、提供しません。"),
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
        ("当社は、Eメールで通知します。", "当社は、郵便で通知します。"),
        ("当社は、事前の通知なく本サービスを変更できます。", "当社は、事前の通知なく本サービスを変更することができません。"),
        ("当社は、利用目的の範囲内で取り扱います。", "当社は、利用目的の範囲外において取り扱います。"),
        ("当社は、次に掲げる場合を除き、提供しません。", "当社は、次の場合に限り、提供しません。"),
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


def test_a_company_form_with_a_character_dropped_restored():
    old = "当社は、商品の配送をミライ運輸株式社に委託します。"
    _proven(old, old.replace("株式社", "株式会社"), "M-typo")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("ミライ運輸株式社", "ミライ通運株式会社"),  # the name changed too
        ("一般社団法人ミライ協会", "一般財団法人ミライ協会"),  # another kind of entity
    ],
)
def test_another_party_or_form_is_no_company_form_typo(old, new):
    body = f"当社は、商品の配送を{old}に委託します。"
    _not_proven(body, body.replace(old, new), "M-typo")


def test_the_attributive_no_alone_between_two_nouns():
    old = "当社は、予約日時の前日にリマインドの通知を送信します。"
    _proven(old, old.replace("リマインドの通知", "リマインド通知"), "M-compound", n=2)


def test_no_removed_before_a_name_is_no_compound():
    old = "当社は、配送を日本郵便の窓口で受け付けます。"
    r = compare_bodies(2, old, old.replace("日本郵便の窓口", "日本郵便窓口"))
    assert all("M-compound" not in c.rule_ids for c in r.changes)


SECTION_REFS = """ミライノート利用規約

1. 適用
本規約は、本サービスの利用に適用されます。
{extra}
{n}. 免責
当社は、当社に故意又は重大な過失がある場合を除き、責任を負いません。

{m}. 損害賠償
当社の責任は、当社は第{ref}項に定める範囲で負うものとします。

2024年4月1日 制定
"""


def _section_refs(ref_old: str, ref_new: str, inserted: bool):
    extra = "\n2. 利用料金\n利用者は、所定の利用料金を支払うものとします。\n" if inserted else ""
    old = SECTION_REFS.format(extra="", n=2, m=3, ref=ref_old)
    new = SECTION_REFS.format(
        extra=extra, n=3 if inserted else 2, m=4 if inserted else 3, ref=ref_new
    )
    report = policydiff.compare(old, new)
    return [c for c in report.changes if "定める範囲" in (c.new_unit or c.old_unit).text]


def test_sections_the_text_calls_ko_follow_their_renumbering():
    found = _section_refs("2", "3", inserted=True)
    assert [c.rule_ids for c in found] == [("M-crossref",)]


def test_a_section_called_ko_that_does_not_follow_is_material():
    found = _section_refs("2", "3", inserted=False)
    assert len(found) == 1 and found[0].severity.value == "material"


RELATIVE = [
    ("目的", "本ポリシーは、個人情報の取扱いを定めます。"),
    ("利用目的", "当社は、個人情報をサービスの提供のために利用します。"),
    ("第三者提供", "当社は、{ref}に定める目的の範囲で個人情報を取り扱います。"),
    ("保存期間", "当社は、個人情報を退会後30日間保存します。"),
]


def _relative(old_ref: str, new_ref: str):
    old = [(t, b.format(ref=old_ref)) for t, b in RELATIVE]
    new = [(t, b.format(ref=new_ref)) for t, b in RELATIVE]
    return policydiff.compare(build(old), build(new))


@pytest.mark.parametrize(("old", "new"), [("前条", "第2条"), ("第2条", "前条")])
def test_the_article_before_cited_by_its_number(old, new):
    r = _relative(old, new)
    minor_only(r)
    assert [c.rule_ids for c in r.changes] == [("M-crossref",)]


@pytest.mark.parametrize(("old", "new"), [("前条", "第1条"), ("次条", "第2条")])
def test_another_article_than_the_one_before_is_material(old, new):
    assert _relative(old, new).verdict == "material"


# (body of 第4条, the words changed, their new spelling, the proof): one word spelt another
# way is minor by the proof; a near miss of each is material
SPELT = [
    ("詳しくはお問い合わせ窓口を御利用下さい。", "御利用下さい", "ご利用ください", "M-orthography"),
    (
        "本サービスの利用を希望する者は、本規約に同意するものとします。",
        "する者は",
        "する方は",
        "M-honorific",
    ),
    ("当社は、利用者様の個人情報を適切に管理します。", "利用者様", "利用者", "M-honorific"),
    # a name in Latin letters the dictionary does not know, corrected into one it knows
    ("当社は、Goolgeの解析ツールを利用します。", "Goolge", "Google", "M-typo"),
]
NOT_SPELT = [
    # another kanji of the same reading
    ("当社は、個人情報の安全を保障下さい。", "保障下さい", "保証ください", "M-orthography"),
    # 利用者 → 利用方 is no politeness: the suffix 者 makes another word
    ("当社は、利用者の個人情報を適切に管理します。", "利用者", "利用方", "M-honorific"),
    # a known name for another known name: another party, however close the letters
    ("当社は、Googleの解析ツールを利用します。", "Google", "Yahoo", "M-typo"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "a", "b", "proof"), SPELT)
def test_one_word_spelt_another_way(body, a, b, proof):
    _proven(body, body.replace(a, b), proof)


@pytest.mark.parametrize(("body", "a", "b", "proof"), NOT_SPELT)
def test_another_word_is_no_spelling(body, a, b, proof):
    _not_proven(body, body.replace(a, b), proof)

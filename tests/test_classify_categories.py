"""Categories that follow general rules of the tables: a foreign country named in a change
is a transfer abroad, wherever it stands.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import PRIVACY, TERMS, TERMS_TITLE, build, compare_docs, the_material

OUTSOURCING = "当社は、サーバーの運用業務を国内の事業者に委託しています。"


def _outsourcing(new_body: str):
    """The one material change when the processor clause (第5条（委託）) becomes new_body."""
    arts = [*PRIVACY[:4], ("委託", OUTSOURCING), PRIVACY[4]]
    new = [*PRIVACY[:4], ("委託", new_body), PRIVACY[4]]
    return the_material(compare_docs(build(arts), build(new)))


def test_a_foreign_country_added_in_a_processor_clause_is_a_transfer_abroad():
    # the added words also carry cues of the contact desk (お問い合わせ, 窓口, 電話): the country still counts
    c = _outsourcing(
        OUTSOURCING.replace(
            "国内の事業者に",
            "国内の事業者に、お問い合わせ窓口の電話受付業務をベトナム社会主義共和国所在の事業者に",
        )
    )
    assert "foreign_transfer" in c.categories, c.categories
    assert any("第28条" in x for x in c.legal_refs)


def test_a_domestic_processor_added_is_no_transfer_abroad():
    c = _outsourcing(
        OUTSOURCING.replace(
            "国内の事業者に", "国内の事業者に、お問い合わせ窓口の電話受付業務を日本国内の事業者に"
        )
    )
    assert "foreign_transfer" not in c.categories, c.categories
    assert "M-contact" not in c.rule_ids  # a processor added, not a desk renamed


# --------------------------------------------------------------------------- cue tables

SLA = (
    "サービスレベル",
    "当社は、本サービスの月間稼働率99.9%以上を目標として本サービスを運用します。",
)
SALES_FEE = (
    "販売手数料",
    "出品者は、販売価格の10%に相当する額を販売手数料として当社に支払うものとします。",
)
PAYOUT = ("売上金の振込", "振込の申請は、売上金が確定した日から180日以内に行うものとします。")
CANCEL = ("解約", "利用者は、解約を希望する日の30日前までに当社に申し出るものとします。")
DISCLOSURE = (
    "開示等の請求",
    "保有個人データの開示の請求1件につき、手数料として1,000円をいただきます。",
)


def _terms_change(article, old, new):
    arts = [TERMS[0], article, *TERMS[1:]]
    edited = [TERMS[0], (article[0], article[1].replace(old, new)), *TERMS[1:]]
    return the_material(compare_docs(build(arts, TERMS_TITLE), build(edited, TERMS_TITLE)))


def test_a_service_level_is_a_service_change_not_a_fee():
    c = _terms_change(SLA, "99.9%", "99.5%")
    assert c.categories[0] == "service_change", c.categories
    assert "fees" not in c.categories


def test_a_percentage_of_a_price_is_still_a_fee():
    c = _terms_change(SALES_FEE, "10%", "12.5%")
    assert c.categories[0] == "fees", c.categories
    assert "user_rights" not in c.categories  # a fee of a terms sale is no disclosure request


def test_a_payout_of_proceeds_is_a_fee():
    c = _terms_change(PAYOUT, "180日", "90日")
    assert c.categories[0] == "fees", c.categories


def test_a_cancellation_period_is_not_a_fee():
    c = _terms_change(CANCEL, "30日前", "60日前")
    assert "fees" not in c.categories, c.categories


RETURNS = (
    "返品",
    "お客様は、商品到着後8日以内に当社に連絡した場合に限り、未使用の商品を返品することができます。",
)
REFUND = ("返金", "当社は、返金を行う場合、お客様の指定する口座に30日以内に振り込みます。")
WITHDRAW = (
    "取消し及び返金",
    "支援者は、募集期間の終了日の7日前までに申し出た場合に限り、支援を取り消すことができます。",
)
CONSENT = ("同意", "本人は、いつでも、前項の同意を撤回することができます。")


def test_a_return_period_is_the_ending_of_the_sale():
    c = _terms_change(RETURNS, "8日以内", "7日以内")
    assert c.categories[0] == "term_termination", c.categories


def test_a_cancellation_before_a_deadline_is_termination_beside_the_refund():
    c = _terms_change(WITHDRAW, "7日前", "3日前")
    assert "term_termination" in c.categories, c.categories


def test_a_refund_transfer_period_is_a_fee_not_termination():
    c = _terms_change(REFUND, "30日以内", "60日以内")
    assert c.categories[0] == "fees", c.categories
    assert "term_termination" not in c.categories


def test_withdrawing_a_consent_is_a_right_of_the_person():
    arts = [*PRIVACY[:4], CONSENT, PRIVACY[4]]
    edited = [
        *PRIVACY[:4],
        (CONSENT[0], "本人は、前項の同意を撤回することができます。"),
        PRIVACY[4],
    ]
    c = the_material(compare_docs(build(arts), build(edited)))
    assert c.categories[0] == "user_rights", c.categories
    assert "term_termination" not in c.categories


def test_a_disclosure_fee_is_both_a_right_and_a_fee():
    arts = [*PRIVACY[:4], DISCLOSURE, PRIVACY[4]]
    edited = [
        *PRIVACY[:4],
        (DISCLOSURE[0], DISCLOSURE[1].replace("1,000円", "2,000円")),
        PRIVACY[4],
    ]
    c = the_material(compare_docs(build(arts), build(edited)))
    assert {"user_rights", "fees"} <= set(c.categories), c.categories


PLAIN = "{}\n\n当社は、会員の情報を販売することはありません。\n\n2024年4月1日 制定\n"


def _plain_paragraph(old: str, new: str):
    title = "ミライ日記 プライバシーポリシー"
    return the_material(compare_docs(PLAIN.format(title) + old, PLAIN.format(title) + new))


def test_a_recipient_denied_the_data_is_third_party_provision():
    c = _plain_paragraph("\n当社は、会員の情報を広告事業者には提供しません。\n", "")
    assert "third_party" in c.categories, c.categories


def test_a_service_provided_to_members_is_not_third_party_provision():
    c = _plain_paragraph(
        "\n当社は、日記の機能を会員に提供します。\n",
        "\n当社は、日記の機能を有料会員に提供します。\n",
    )
    assert "third_party" not in c.categories, c.categories


def _contact_clause(new_body: str):
    desk = "個人情報の取扱いに関するお問い合わせは、当社お客様相談室までご連絡ください。"
    arts = [*PRIVACY[:4], ("お問い合わせ窓口", desk)]
    new = [*PRIVACY[:4], ("お問い合わせ窓口", desk + new_body)]
    return compare_docs(build(arts), build(new))


def test_a_business_succession_stated_in_the_contact_clause_is_material():
    """legal-notes P10: a merger changes who holds the data; it is no contact desk renamed."""
    c = the_material(
        _contact_clause("なお、当社は株式会社ミライテックの事業を吸収分割により承継しました。")
    )
    assert "third_party" in c.categories and "M-contact" not in c.rule_ids


def test_expulsion_of_a_member_is_termination():
    arts = [
        *TERMS[:3],
        (
            "除名",
            "当社は、会員が本規約に違反した場合、弁明の機会を与えた上で、除名することができます。",
        ),
    ]
    new = [
        *TERMS[:3],
        ("除名", "当社は、会員が本規約に違反した場合、通知することなく、除名することができます。"),
    ]
    c = the_material(compare_docs(build(arts, title=TERMS_TITLE), build(new, title=TERMS_TITLE)))
    assert c.categories[0] == "term_termination", c.categories


SERVICE = (
    "本サービスの内容",
    "当社は、会員の氏名及び連絡先を、提携先であるミライ保険株式会社に提供します。",
)


@pytest.mark.parametrize(
    ("verb", "category"),
    [("に提供します", "third_party"), ("に委託します", "outsourcing")],
)
def test_a_party_replaced_stands_where_its_sentence_puts_it(verb, category):
    # the clause's title names the service; the sentence says what the party receives
    body = SERVICE[1].replace("に提供します", verb)
    c = _terms_change((SERVICE[0], body), "ミライ保険株式会社", "アスカ損保株式会社")
    assert c.categories[0] == category, c.categories


def test_a_party_without_a_role_in_its_sentence_stands_in_the_topic():
    body = "本サービスは、ミライ保険株式会社が引き受ける保険の申込みを取り次ぐものです。"
    c = _terms_change((SERVICE[0], body), "ミライ保険株式会社", "アスカ損保株式会社")
    assert "third_party" not in c.categories and "outsourcing" not in c.categories


def test_a_developmental_disability_is_sensitive_data():
    arts = [
        *PRIVACY[:1],
        ("取得する情報", "当社は、生徒の氏名及び学習の記録を取得します。"),
        *PRIVACY[2:],
    ]
    new = [
        *arts[:1],
        ("取得する情報", "当社は、生徒の氏名、学習の記録及び発達障害の有無を取得します。"),
        *arts[2:],
    ]
    r = compare_docs(build(arts), build(new))
    added = [c for c in r.changes if "発達障害" in c.new_text]
    assert added and "sensitive_data" in added[0].categories, [c.categories for c in r.changes]


def test_return_shipping_is_a_fee():
    c = _terms_change(
        RETURNS,
        "未使用の商品を返品することができます",
        "未使用の商品を返品することができます。返送料はお客様の負担とします",
    )
    assert "fees" in c.categories, c.categories

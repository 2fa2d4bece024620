"""The material cues, categories and proofs that must hold on any document: named parties,
quantities, negation, whole-word cues, revision histories, renumbered paragraph references,
the APPI 2022 renumbering, the direction of a notice period, statute rows, contact desks.

Each rule has a positive and a negative example; every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import (
    PRIVACY,
    TERMS,
    TERMS_TITLE,
    build,
    compare_bodies,
    compare_docs,
    compare_edit,
    the_material,
)

from policydiff import Severity

REVIEW = "記載の訂正等の軽微な変更と確認できない文言の変更です"


def only(report):
    assert len(report.changes) == 1, [(c.type, c.rule_ids, c.new_text) for c in report.changes]
    return report.changes[0]


def doc(articles, title="プライバシーポリシー"):
    out = [title, ""]
    for k, (head, body) in enumerate(articles, 1):
        out += [f"第{k}条（{head}）", body, ""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- named parties

PROCESSORS = (
    "当社は、次の事業者に個人情報の取扱いを委託します。\n委託先 | 委託する業務\n{who} | 配送業務\n"
)


def processors(who: str) -> str:
    return doc([PRIVACY[0], ("委託先", PROCESSORS.format(who=who)), PRIVACY[4]])


def test_processor_replaced_in_a_table_row_is_material_outsourcing():
    c = only(compare_docs(processors("ミライ物流株式会社"), processors("ミライ運輸株式会社")))
    assert c.severity is Severity.MATERIAL and not c.review
    assert c.categories[0] == "outsourcing"
    assert "R-party" in c.rule_ids
    assert any("当事者・名称の変更" in r for r in c.reasons), c.reasons


def test_processor_abroad_is_also_a_foreign_transfer_with_article_28():
    c = only(
        compare_docs(processors("ミライ物流株式会社"), processors("ミライ物流株式会社（米国）"))
    )
    assert c.categories[:2] == ("outsourcing", "foreign_transfer")
    assert any("第28条" in r for r in c.legal_refs)
    assert any("米国" in r for r in c.reasons)
    assert "同意取得が必要" in c.duties  # legal-notes P9b: a foreign processor needs consent


def test_japan_is_not_a_foreign_country():
    c = only(
        compare_docs(processors("ミライ物流株式会社"), processors("ミライ物流株式会社（日本）"))
    )
    assert "foreign_transfer" not in c.categories


def test_operator_replaced_in_the_terms_is_material():
    old = TERMS[0][1]
    new = old.replace("株式会社ミライテック", "ミライノート運営委員会")
    c = the_material(compare_bodies(1, old, new, articles=TERMS, title=TERMS_TITLE))
    assert "R-party" in c.rule_ids and c.categories[0] == "contact"
    assert "民法 第539条の2" in c.legal_refs


def test_a_party_the_clause_already_names_is_not_added():
    """Rewording a sentence around the operator's name is no new operator."""
    body = "株式会社ミライテックは、個人情報を適切に管理します。"
    new = (
        "株式会社ミライテックは、株式会社ミライテックの定める規程に従い個人情報を適切に管理します。"
    )
    c = the_material(compare_bodies(1, body, new))
    assert "R-party" not in c.rule_ids


# --------------------------------------------------------------------------- quantities


def test_a_shorter_period_in_other_units_says_so():
    old = "当社は、本規約を変更する場合、効力発生日の1か月前までに周知します。"
    c = the_material(
        compare_bodies(5, old, old.replace("1か月", "2週間"), articles=TERMS, title=TERMS_TITLE)
    )
    assert "1か月→2週間（短縮）" in c.reasons
    assert "民法 第548条の4第1項第2号" in c.legal_refs  # a shorter notice is not beneficial


def test_a_longer_notice_period_is_beneficial():
    old = "当社は、本規約を変更する場合、効力発生日の14日前までに周知します。"
    c = the_material(
        compare_bodies(5, old, old.replace("14日", "30日"), articles=TERMS, title=TERMS_TITLE)
    )
    assert "14日→30日（延長）" in c.reasons
    assert c.legal_refs[0] == "民法 第548条の4第1項第1号"


@pytest.mark.parametrize(
    "old",
    [
        "会員は、解約を希望する場合、更新日の5日前までに当社に申し出るものとします。",
        "本契約は、満了日の5日前までにお客様からの更新拒絶の通知があった場合を除き、更新されます。",
    ],
)
def test_a_deadline_of_the_user_moved_earlier_is_adverse(old):
    """More days before an event is an earlier deadline for the user's own act, never a
    longer notice period (the user gives that notice, or none is given)."""
    c = the_material(
        compare_bodies(5, old, old.replace("5日前", "10日前"), articles=TERMS, title=TERMS_TITLE)
    )
    assert "5日前→10日前（より早い時点に）" in c.reasons, c.reasons
    assert "民法 第548条の4第1項第2号" in c.legal_refs, c.legal_refs


def test_a_notice_posted_on_the_site_is_a_notice_period():
    old = "当社は、本規約を変更する場合、効力発生日の14日前までに、変更後の内容を当社ウェブサイトに掲載します。"
    c = the_material(
        compare_bodies(5, old, old.replace("14日", "30日"), articles=TERMS, title=TERMS_TITLE)
    )
    assert "14日→30日（延長）" in c.reasons, c.reasons
    assert c.legal_refs[0] == "民法 第548条の4第1項第1号"


def test_the_same_period_in_kanji_digits_is_minor():
    c = only(compare_edit(4, "30日間", "三十日間"))
    assert c.severity is Severity.MINOR and c.rule_ids == ("M-numeral",)


def test_a_reference_number_is_not_a_quantity():
    c = the_material(
        compare_bodies(
            4,
            "当社は、個人情報を削除します。",
            "当社は、個人情報保護法第二条第七項に定める個人データを削除します。",
        )
    )
    assert not any("→" in r and "二" in r for r in c.reasons), c.reasons


# --------------------------------------------------------------------------- negation, cues in words


def test_negation_added_names_the_words():
    old = "当社は、定めた目的の範囲で個人情報を利用します。"
    c = the_material(compare_bodies(2, old, old.replace("定めた", "定めのない")))
    assert any("否定の有無の変更" in r for r in c.reasons), c.reasons


def test_two_negative_forms_are_no_negation_change():
    old = "当社は、個人情報を第三者に提供せぬものとします。"
    c = only(compare_bodies(3, old, old.replace("提供せぬ", "提供しない")))
    assert not any("否定の有無" in r for r in c.reasons), c.reasons
    # both endings negate the same act: the same negation said another way
    assert c.rule_ids == ("M-polarity",), c.rule_ids


def test_a_cue_inside_another_word_does_not_count():
    """円 inside 円滑 is no fee."""
    old = "当社は、サービスを提供します。"
    c = the_material(compare_bodies(1, old, "当社は、サービスを円滑に提供します。"))
    assert "fees" not in c.categories
    assert c.review and REVIEW in c.reasons


def test_an_amount_is_a_fee():
    old = "本人は、開示を請求することができます。"
    new = "本人は、1回につき1,000円の手数料を支払い、開示を請求することができます。"
    c = the_material(compare_bodies(4, old, new))
    assert "fees" in c.categories
    assert "個人情報保護法 第38条" in c.legal_refs


def test_anonymised_information_cites_article_43():
    old = "当社は、個人情報を統計的に処理します。"
    new = "当社は、個人情報を統計的に処理し、匿名加工情報を作成します。"
    c = the_material(compare_bodies(2, old, new))
    assert "個人情報保護法 第43条" in c.legal_refs


# --------------------------------------------------------------------------- modality reasons


def test_modality_reason_names_the_word():
    old = "当社は、個人情報を適切に管理します。"
    c = the_material(compare_bodies(4, old, "当社は、個人情報を適切に管理するよう努めます。"))
    assert "「努める」が追加" in c.reasons, c.reasons
    assert len(c.reasons) == len(set(c.reasons))


def test_a_plain_added_purpose_has_no_modality_reason():
    old = "当社は、個人情報を次の目的のために利用します。\n(1) サービスの提供のため"
    c = the_material(compare_bodies(2, old, old + "\n(2) 新商品の企画及び開発のため"))
    assert c.categories[0] == "purpose_of_use"
    assert not any("が追加" in r or "が削除" in r for r in c.reasons), c.reasons


# --------------------------------------------------------------------------- revision histories


def history(entries: list[str]) -> str:
    return doc([*PRIVACY, ("改定履歴", "\n".join(entries))])


def test_a_revision_history_entry_with_its_summary_is_minor():
    old = history(["2023年4月1日 制定"])
    new = history(["2023年4月1日 制定", "2024年10月1日 改定（外部送信に関する記載の追加）"])
    c = only(compare_docs(old, new))
    assert c.severity is Severity.MINOR and c.rule_ids == ("M-date",)


def test_a_dated_line_in_the_trailer_with_a_summary_is_minor():
    base = doc(PRIVACY) + "2023年4月1日 制定\n"
    c = only(compare_docs(base, base + "2024年10月1日 改定（第3条の変更）\n"))
    assert c.severity is Severity.MINOR


def test_an_operative_dated_sentence_is_not_a_history_entry():
    old = doc(PRIVACY)
    body = PRIVACY[3][1] + "2025年4月1日以降に取得した個人情報は、退会後1年間保存します。"
    new = doc([*PRIVACY[:3], (PRIVACY[3][0], body), PRIVACY[4]])
    assert compare_docs(old, new).verdict == "material"


# --------------------------------------------------------------------------- references


def refs_doc(paragraphs: str, ref: str) -> str:
    return doc(
        [
            PRIVACY[0],
            ("保存期間", paragraphs),
            ("削除", f"当社は、{ref}に定める期間の経過後、個人情報を削除します。"),
        ]
    )


TWO = "1 当社は、個人情報を適切に保存します。\n2 保存期間は、退会後30日間とします。"
THREE = "1 当社は、個人情報を適切に保存します。\n2 当社は、保存する個人情報を暗号化します。\n3 保存期間は、退会後30日間とします。"


@pytest.mark.parametrize(
    ("old_ref", "new_ref"), [("第2条第2項", "第2条第3項"), ("第二条第二項", "第二条第三項")]
)
def test_a_paragraph_reference_that_follows_the_renumbering_is_minor(old_ref, new_ref):
    report = compare_docs(refs_doc(TWO, old_ref), refs_doc(THREE, new_ref))
    assert any(c.rule_ids == ("M-crossref",) for c in report.changes), [
        (c.rule_ids, c.new_text) for c in report.changes
    ]


def test_a_paragraph_reference_changed_without_renumbering_is_material():
    report = compare_docs(refs_doc(TWO, "第2条第1項"), refs_doc(TWO, "第2条第2項"))
    assert report.verdict == "material"


def test_appi_2022_exemption_article_76_became_57():
    old = "報道機関への提供については、個人情報保護法第76条の定めによります。"
    c = only(compare_bodies(3, old, old.replace("76", "57")))
    assert c.rule_ids == ("M-statute",)
    assert compare_bodies(3, old, old.replace("76", "58")).verdict == "material"


# --------------------------------------------------------------------------- contact desks


def test_a_contact_desk_renamed_is_minor():
    c = only(compare_edit(5, "お客様相談室", "サポートセンター"))
    assert c.rule_ids == ("M-contact",)


def test_a_desk_that_lists_what_it_handles_is_still_a_desk():
    c = only(compare_edit(5, "お客様相談室", "苦情・相談等の窓口"))
    assert c.rule_ids == ("M-contact",)
    c = only(compare_edit(5, "お客様相談室", "お客様相談室及びサポートセンター"))
    assert c.rule_ids == ("M-contact",)


DESK = "開示等の請求及びお問い合わせの窓口は、当社のお客様相談室です。"


def _desk(old: str, new: str):
    arts = [*PRIVACY[:4], ("お問い合わせ窓口", old)]
    return compare_docs(build(arts), build([*arts[:4], ("お問い合わせ窓口", new)]))


def test_the_requests_a_desk_receives_describe_the_desk():
    # 開示・訂正 stand in the noun phrase headed by 窓口: they say what the desk receives
    c = only(_desk(DESK, DESK.replace("開示等の請求", "開示・訂正・利用停止等の請求")))
    assert c.rule_ids == ("M-contact",)
    c = only(_desk(DESK, DESK.replace("開示等の請求及び", "")))
    assert c.rule_ids == ("M-contact",)


def test_a_request_word_outside_the_desk_phrase_is_a_right():
    # the same words, but as what the person may do: no desk phrase, a right of the person
    new = DESK + "本人は、保有個人データの利用停止を請求することができます。"
    c = the_material(_desk(DESK, new))
    assert c.categories[0] == "user_rights", c.categories
    # the desk words in another clause than the contact desk's: the clause's topic decides
    arts = [*PRIVACY[:4], ("開示等の請求", DESK), PRIVACY[4]]
    edited = [*arts[:4], ("開示等の請求", DESK.replace("開示等", "開示・利用停止等")), arts[5]]
    c = the_material(compare_docs(build(arts), build(edited)))
    assert "user_rights" in c.categories, c.categories


def test_a_desk_change_with_another_scope_word_is_material():
    # のみ is no word that lists a desk's remit: it narrows who may ask
    c = the_material(compare_edit(5, "当社のお客様相談室", "会員のみ当社のお客様相談室"))
    assert c.categories[0] == "contact"
    # a listing word beside a recipient: the change names a third party
    c = the_material(compare_edit(5, "お客様相談室", "お客様相談室及び提携先"))
    assert "third_party" in c.categories


def test_the_operator_address_changed_is_material():
    old = "本ポリシーに関するお問い合わせは、当社のお客様相談室（東京都千代田区1-2-3）までご連絡ください。"
    c = the_material(compare_bodies(5, old, old.replace("1-2-3", "4-5-6")))
    assert c.categories[0] == "contact"


# --------------------------------------------------------------------------- categories from the topic


def test_category_from_the_parent_title():
    """An item under a chapter about termination, in a paragraph titled only 期間."""
    text_old = "ミライノート利用規約\n\n第1章（利用停止・アカウント削除）\n\n第1条（期間）\n停止の期間は、7日間とします。\n"
    text_new = text_old.replace("7日間", "30日間")
    c = the_material(compare_docs(text_old, text_new))
    assert c.categories[0] == "term_termination"


def test_longest_cue_wins():
    """利用停止 is a termination cue, not also 停止 (service change)."""
    old = "当社は、利用者に通知します。"
    new = "当社は、利用停止の前に利用者に通知します。"
    c = the_material(compare_bodies(3, old, new, articles=TERMS, title=TERMS_TITLE))
    assert "service_change" not in c.categories


def test_a_supplementary_provision_with_only_the_effective_date_is_minor():
    base = doc(PRIVACY)
    new = doc([*PRIVACY, ("附則", "本ポリシーは、2025年4月1日から施行します。")])
    report = compare_docs(base, new)
    assert report.verdict == "minor"
    assert all(c.rule_ids == ("M-date",) for c in report.changes)


def test_a_supplementary_provision_with_a_transition_rule_is_material():
    base = doc(PRIVACY)
    rule = "本ポリシーは、2025年4月1日以降に取得した個人情報に適用します。"
    assert compare_docs(base, doc([*PRIVACY, ("附則", rule)])).verdict == "material"


def test_orthography_read_over_the_line():
    """A variant that the dictionary cuts into other morphemes still compares equal."""
    body = "当社は、個人情報取扱事業者として、個人情報を適切に管理します。"
    c = only(compare_bodies(4, body, body.replace("取扱事業者", "取り扱い事業者")))
    assert c.severity is Severity.MINOR


@pytest.mark.parametrize(
    ("new", "minor"),
    [("support@mirai-tech.example.jp", True), ("privacy@partner.example.com", False)],
)
def test_a_mailbox_renamed_at_the_same_domain_is_minor(new, minor):
    old = "お問い合わせは privacy@mirai-tech.example.jp までご連絡ください。"
    report = compare_bodies(5, old, old.replace("privacy@mirai-tech.example.jp", new))
    assert (report.verdict == "minor") is minor


def test_a_request_title_is_no_fee():
    """請求 in the title 開示等の請求 is a user right, not a price."""
    articles = [
        *PRIVACY[:4],
        ("開示等の請求", "本人は、保有個人データの開示を求めることができます。"),
    ]
    old = articles[4][1]
    c = the_material(compare_bodies(5, old, old.replace("開示", "開示及び訂正"), articles=articles))
    assert c.categories[0] == "user_rights" and "fees" not in c.categories


def test_a_service_named_in_a_fee_clause_stands_in_the_fee_category():
    old = "利用者は、当社が別途定める利用料金を当社に支払うものとします。"
    new = "利用者は、ミライノートPlusについて、当社が別途定める利用料金を当社に支払うものとします。"
    c = the_material(compare_bodies(2, old, new, articles=TERMS, title=TERMS_TITLE))
    assert c.categories[0] == "fees", c.categories


def test_classification_never_calls_the_tokenizer(monkeypatch):
    """classify is a pure function of its inputs: the pipeline hands it the tokens."""
    import ast
    from pathlib import Path

    import policydiff.classify as pkg

    for path in Path(pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module not in ("tokens", "policydiff.tokens"), path
                assert not (node.level and node.module and node.module.endswith("tokens")), path


def test_a_sentence_that_starts_with_a_date_is_not_a_history_entry():
    from policydiff.classify.editorial import is_history_entry
    from policydiff.rules import default_rules

    rules = default_rules()
    assert is_history_entry("2024年10月1日 改定（外部送信に関する記載の追加）", rules)
    assert is_history_entry("・2024年10月1日：一部改定", rules)
    assert not is_history_entry("2025年4月1日以降の自動更新について", rules)
    assert not is_history_entry("2025年4月1日から料金を改定します。", rules)


# --------------------------------------------------------------------------- purpose items, passages, columns

COLLECTED = "当社は、次の情報を取得します。\n(1) 氏名\n(2) メールアドレス"


@pytest.mark.parametrize(("item", "purpose"), [("サービス改善のため", True), ("生年月日", False)])
def test_an_item_that_reads_for_a_purpose_is_a_purpose(item, purpose):
    articles = [PRIVACY[0], ("取得する情報", COLLECTED), *PRIVACY[2:]]
    c = the_material(compare_bodies(2, COLLECTED, COLLECTED + f"\n(3) {item}", articles=articles))
    assert ("purpose_of_use" in c.categories) is purpose, c.categories


def test_a_passage_may_name_three_categories_a_sentence_two():
    old = "当社は、個人情報を適切に管理します。"
    passage = (
        old
        + "\n当社は、個人情報を米国のクラウドサービスに保存します。"
        + "\n当社は、退会後1年間、個人情報を保存します。"
        + "\n当社は、広告配信のために個人情報を利用します。"
    )
    many = the_material(compare_bodies(4, old, passage))
    # three by weight, and each line's own topic (the purpose of the last line) besides
    assert 3 <= len(many.categories) <= 5, many.categories
    assert {"retention", "foreign_transfer", "purpose_of_use"} <= set(many.categories)
    one = the_material(
        compare_bodies(4, old, old + "当社は、広告配信のために個人情報を米国で保存します。")
    )
    assert len(one.categories) <= 2


PROC_TABLE = (
    "当社は、次の事業者を利用します。\n事業者 | 委託する業務 | 所在国\n{who} | {work} | {where}\n"
)


def proc(who="ミライ物流株式会社", work="配送業務", where="日本"):
    return doc([PRIVACY[0], ("外部事業者", PROC_TABLE.format(who=who, work=work, where=where))])


def test_the_column_header_gives_the_category():
    c = the_material(compare_docs(proc(), proc(work="配送業務及び決済業務")))
    assert c.categories[0] == "outsourcing", c.categories


def test_a_row_naming_a_foreign_country_concerns_the_transfer_abroad():
    c = the_material(
        compare_docs(proc(where="米国"), proc(work="配送業務及び決済業務", where="米国"))
    )
    assert "foreign_transfer" in c.categories
    c = the_material(compare_docs(proc(), proc(work="配送業務及び決済業務")))
    assert "foreign_transfer" not in c.categories


def test_an_item_reference_follows_the_renumbering():
    items_old = (
        "当社は、次の場合に個人情報を削除します。\n(1) 退会した場合\n(2) 利用目的を達成した場合"
    )
    items_new = "当社は、次の場合に個人情報を削除します。\n(1) 本人から求めがあった場合\n(2) 退会した場合\n(3) 利用目的を達成した場合"

    def d(items, ref):
        return doc(
            [
                PRIVACY[0],
                ("削除", items),
                ("例外", f"第2条第{ref}号の場合でも、法令に基づく保存は妨げられません。"),
            ]
        )

    report = compare_docs(d(items_old, "2"), d(items_new, "3"))
    assert any(c.rule_ids == ("M-crossref",) for c in report.changes), [
        (c.rule_ids, c.old_text, c.new_text) for c in report.changes
    ]
    assert compare_docs(d(items_old, "2"), d(items_old, "1")).verdict == "material"


@pytest.mark.parametrize(
    ("body", "minor"),
    [
        ("本ポリシー（{y}年4月1日改定）は、当社の個人情報の取扱いを定めます。", True),
        ("本ポリシー（最終更新日：{y}年4月1日）は、当社の個人情報の取扱いを定めます。", True),
        ("本ポリシーは、{y}年4月1日以降に取得した個人情報に適用します。", False),
    ],
)
def test_a_labelled_revision_date_inside_a_sentence_is_minor(body, minor):
    report = compare_bodies(1, body.format(y=2024), body.format(y=2025))
    assert (report.verdict == "minor") is minor, [(c.rule_ids, c.old_text) for c in report.changes]


def test_a_browsing_history_clause_is_no_revision_history():
    """閲覧履歴 ends in 履歴 but is data: changes there are not history entries."""
    articles = [*PRIVACY[:4], ("閲覧履歴", "当社は、閲覧履歴を30日間保存します。")]
    report = compare_bodies(
        5, articles[4][1], "当社は、閲覧履歴を1年間保存します。", articles=articles
    )
    assert report.verdict == "material"
    report = compare_bodies(5, articles[4][1], "2024年4月1日 改定", articles=articles)
    assert report.verdict == "material"

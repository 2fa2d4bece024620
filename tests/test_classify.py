"""Classification of changes: every editorial proof, its near misses, and the material cues.

Each editorial proof of ``rules/editorial.toml`` has a positive example (the change is
minor and carries that proof id) and a negative one (a near miss that must be material).
All policy texts are our own, written for the fictional company 株式会社ミライテック.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from conftest import SCHEMA_CATEGORIES

import policydiff
from policydiff import Report, Severity
from policydiff.config import apply_config
from policydiff.rules import default_rules

ADVERSE = "民法 第548条の4第1項第2号"
BENEFICIAL = "民法 第548条の4第1項第1号"

# --------------------------------------------------------------------------- the documents

Articles = Sequence[tuple[str, str]]

PRIVACY_TITLE = "プライバシーポリシー"
TERMS_TITLE = "ミライノート利用規約"
TRAILER = "2024年4月1日 制定"

PRIVACY: list[tuple[str, str]] = [
    ("目的", "本ポリシーは、株式会社ミライテック（以下「当社」といいます。）が提供するサービスにおける個人情報の取扱いについて定めるものです。"),
    ("利用目的", "当社は、取得した個人情報を次の目的のために利用します。\n(1) サービスの提供のため\n(2) 本人確認のため"),
    ("第三者提供", "当社は、法令に基づく場合を除き、あらかじめ本人の同意を得ることなく、個人情報を第三者に提供しません。"),
    ("保存期間", "当社は、個人情報を退会後30日間保存し、その後速やかに削除します。"),
    ("お問い合わせ窓口", "本ポリシーに関するお問い合わせは、当社のお客様相談室までご連絡ください。"),
]  # fmt: skip

TERMS: list[tuple[str, str]] = [
    ("適用", "本規約は、株式会社ミライテック（以下「当社」といいます。）が提供する「ミライノート」（以下「本サービス」といいます。）の利用条件を定めるものです。"),
    ("利用料金", "利用者は、当社が別途定める利用料金を当社に支払うものとします。"),
    ("解約", "利用者は、所定の手続により、いつでも本サービスを解約することができます。"),
    ("免責", "当社は、本サービスに関して利用者に生じた損害について、当社に故意又は重大な過失がある場合を除き、責任を負いません。"),
    ("準拠法", "本規約は、日本法に準拠します。"),
]  # fmt: skip


def build(articles: Articles = PRIVACY, title: str = PRIVACY_TITLE, trailer: str = TRAILER) -> str:
    """A policy: a title line, 第1条（…）〜第N条（…） with their bodies, a date line."""
    out = [title, ""]
    for k, (head, body) in enumerate(articles, 1):
        out += [f"第{k}条（{head}）", body, ""]
    if trailer:
        out.append(trailer)
    return "\n".join(out) + "\n"


def with_body(articles: Articles, n: int, body: str) -> list[tuple[str, str]]:
    """The articles with the body of 第n条 replaced."""
    out = list(articles)
    out[n - 1] = (out[n - 1][0], body)
    return out


def edited(articles: Articles, n: int, old: str, new: str) -> list[tuple[str, str]]:
    """The articles with one edit in the body of 第n条: ``old`` (found once) becomes ``new``."""
    body = articles[n - 1][1]
    assert body.count(old) == 1, (old, body)
    return with_body(articles, n, body.replace(old, new))


def compare_docs(old: str, new: str, **options) -> Report:
    return policydiff.compare(old, new, **options)


def compare_edit(
    n: int, old: str, new: str, *, articles: Articles = PRIVACY, title: str = PRIVACY_TITLE, **kw
) -> Report:
    """Compare the document with the one where 第n条 got the edit ``old`` → ``new``."""
    return compare_docs(build(articles, title), build(edited(articles, n, old, new), title), **kw)


def compare_bodies(
    n: int,
    old_body: str,
    new_body: str,
    *,
    articles: Articles = PRIVACY,
    title: str = PRIVACY_TITLE,
    **kw,
) -> Report:
    """Compare two documents that differ only in the body of 第n条."""
    return compare_docs(
        build(with_body(articles, n, old_body), title),
        build(with_body(articles, n, new_body), title),
        **kw,
    )


def chapters_doc(chapters: Sequence[tuple[str, Articles]], title: str = PRIVACY_TITLE) -> str:
    """A policy in chapters 第N章（…）, articles numbered straight through."""
    out = [title, ""]
    k = 0
    for c, (name, arts) in enumerate(chapters, 1):
        out += [f"第{c}章（{name}）", ""]
        for head, body in arts:
            k += 1
            out += [f"第{k}条（{head}）", body, ""]
    out.append(TRAILER)
    return "\n".join(out) + "\n"


DEFINITION = ("定義", "本ポリシーにおいて個人情報とは、生存する個人に関する情報をいいます。")
JOINT_USE = ("共同利用", "当社は、個人情報をグループ会社と共同して利用します。")
GENERAL = ("総則", [PRIVACY[0], DEFINITION])
HANDLING = ("個人情報の取扱い", [PRIVACY[1], PRIVACY[2], PRIVACY[3]])
MISC = ("雑則", [PRIVACY[4]])

PROVISION_TITLED = [*PRIVACY[:2], ("個人情報の第三者提供", PRIVACY[2][1]), *PRIVACY[3:]]
RETENTION_TWO_SENTENCES = (
    "当社は、個人情報を退会後30日間保存します。当社は、その後速やかに個人情報を削除します。"
)
CONFIGURED = apply_config(
    default_rules(), {"editorial_patterns": [r"\(以下「[^」]+」といいます。\)"]}, "team.toml"
)

RETENTION_WITH_REF = "当社は、個人情報を退会後30日間保存し、その後速やかに削除します。ただし、第3条に定める場合はこの限りではありません。"


def _crossref(new_ref: str, inserted: tuple[str, str] = DEFINITION) -> Report:
    """第2条 inserted: old 第3条 becomes 第4条; 第4条's reference to it reads ``new_ref``."""
    old = with_body(PRIVACY, 4, RETENTION_WITH_REF)
    new = list(old)
    new.insert(1, inserted)
    new = with_body(new, 5, RETENTION_WITH_REF.replace("第3条", new_ref))
    return compare_docs(build(old), build(new))


# --------------------------------------------------------------------------- helpers on reports


def minor_only(report: Report) -> None:
    assert report.changes, "expected at least one change"
    assert report.verdict == "minor", [(c.type, c.severity, c.rule_ids) for c in report.changes]
    for c in report.changes:
        assert c.severity is Severity.MINOR
        assert c.categories == ("editorial",)
        assert c.legal_refs == ()
        assert c.reasons


def material_changes(report: Report) -> list:
    return [c for c in report.changes if c.severity is Severity.MATERIAL]


def the_material(report: Report):
    """The one material change of the report (checked for the schema and the duty)."""
    found = material_changes(report)
    assert report.verdict == "material", [(c.type, c.severity, c.rule_ids) for c in report.changes]
    assert len(found) == 1, [(c.type, c.rule_ids, c.new_text) for c in found]
    check_material(found[0])
    return found[0]


def check_material(change) -> None:
    assert change.severity is Severity.MATERIAL
    assert change.categories, "a material change names its categories"
    assert set(change.categories) <= SCHEMA_CATEGORIES
    assert "editorial" not in change.categories
    assert change.legal_refs, "a material change cites the statute it rests on"
    assert any("必要な対応" in r for r in change.reasons), change.reasons
    assert change.duties
    assert not any(r in default_rules().proofs for r in change.rule_ids)


# --------------------------------------------------------------------------- positives: one per proof

POSITIVE: dict[str, Callable[[], Report]] = {
    # a space inside a sentence
    "M-format": lambda: compare_edit(1, "個人情報の取扱い", "個人情報の 取扱い"),
    # full-width digits for half-width ones
    "M-width": lambda: compare_edit(4, "30日間", "３０日間"),
    # the same word in kanji and in kana
    "M-orthography": lambda: compare_bodies(
        3, PRIVACY[2][1].replace("あらかじめ", "予め"), PRIVACY[2][1]
    ),
    # a reading comma added
    "M-punctuation": lambda: compare_edit(2, "個人情報を", "個人情報を、"),
    # a wrongly conjugated verb corrected: 定めものです → 定めるものです
    "M-inflection": lambda: compare_bodies(
        1, PRIVACY[0][1].replace("定めるもの", "定めもの"), PRIVACY[0][1]
    ),
    # a doubled particle removed
    "M-doubled": lambda: compare_bodies(
        4, PRIVACY[3][1].replace("個人情報を", "個人情報をを"), PRIVACY[3][1]
    ),
    # a registered misprint: 揚げる → 掲げる
    "M-confusion": lambda: compare_bodies(
        2,
        PRIVACY[1][1].replace("次の目的", "次に揚げる目的"),
        PRIVACY[1][1].replace("次の目的", "次に掲げる目的"),
    ),
    # a dropped case particle put back
    "M-particle": lambda: compare_bodies(
        4, PRIVACY[3][1].replace("個人情報を", "個人情報"), PRIVACY[3][1]
    ),
    # the reference follows the renumbering (old 第3条 is new 第4条) caused by an inserted
    # heading-only article (itself minor, M-empty)
    "M-crossref": lambda: _crossref("第4条", ("定義", "")),
    # APPI renumbering of 2022: 法第23条 → 法第27条
    "M-statute": lambda: compare_bodies(
        3,
        "当社は、個人情報保護法第23条に基づく場合を除き、個人情報を第三者に提供しません。",
        "当社は、個人情報保護法第27条に基づく場合を除き、個人情報を第三者に提供しません。",
    ),
    # the statute's number added after its title
    "M-citation": lambda: compare_bodies(
        3,
        "当社は、個人情報の保護に関する法律に基づく場合を除き、個人情報を第三者に提供しません。",
        "当社は、個人情報の保護に関する法律（平成15年法律第57号）に基づく場合を除き、個人情報を第三者に提供しません。",
    ),
    # a revision-date line added to the trailer
    "M-date": lambda: compare_docs(
        build(PRIVACY), build(PRIVACY, trailer=TRAILER + "\n2025年4月1日 改定")
    ),
    # two articles swap places inside the same chapter
    "M-move": lambda: compare_docs(
        chapters_doc([GENERAL, HANDLING, MISC]),
        chapters_doc([GENERAL, ("個人情報の取扱い", [PRIVACY[1], PRIVACY[3], PRIVACY[2]]), MISC]),
    ),
    # only the heading words change
    "M-heading": lambda: compare_docs(
        build(PRIVACY), build([*PRIVACY[:3], ("個人情報の保存期間", PRIVACY[3][1]), PRIVACY[4]])
    ),
    # a team's configured pattern: a defined-term parenthetical added
    "M-configured": lambda: compare_edit(
        1,
        "株式会社ミライテック",
        "株式会社ミライテック（以下「当社」といいます。）",
        rules=CONFIGURED,
    ),
    # the same period in Arabic and in kanji digits
    "M-numeral": lambda: compare_edit(4, "30日間", "三十日間"),
    # the object the clause title names, made explicit where the verb had none
    "M-object": lambda: compare_bodies(
        3,
        "当社は、あらかじめ本人の同意を得ることなく、第三者に提供しません。",
        "当社は、あらかじめ本人の同意を得ることなく、個人情報を第三者に提供しません。",
        articles=PROVISION_TITLED,
    ),
    # two purposes of a list change places
    "M-reorder": lambda: compare_bodies(
        2,
        "当社は、個人情報を次の目的のために利用します。\n(1) サービスの提供のため\n(2) 本人確認のため",
        "当社は、個人情報を次の目的のために利用します。\n(1) 本人確認のため\n(2) サービスの提供のため",
    ),
    # a page of the operator's own site moved
    "M-address": lambda: compare_bodies(
        5,
        "詳しくは https://mirai-tech.example.jp/privacy をご覧ください。",
        "詳しくは https://mirai-tech.example.jp/policy/privacy-notice をご覧ください。",
    ),
    # a misspelt katakana word corrected
    "M-typo": lambda: compare_bodies(
        4,
        "当社は、アカウンド情報を退会後30日間保存します。",
        "当社は、アカウント情報を退会後30日間保存します。",
    ),
    # a joining word at the head of a sentence
    "M-connective": lambda: compare_bodies(
        4, RETENTION_TWO_SENTENCES, RETENTION_TWO_SENTENCES.replace("。当社", "。また、当社")
    ),
    # one act negated with 「…たりしない」 instead of 「…しない」
    "M-polarity": lambda: compare_bodies(
        2,
        "利用者は、本サービスを利用して他人の著作権を侵害しないものとします。",
        "利用者は、本サービスを利用して他人の著作権を侵害したりしないものとします。",
        articles=TERMS,
        title=TERMS_TITLE,
    ),
    # the humble verb for the plain one
    "M-honorific": lambda: compare_bodies(
        2,
        "当社は、取得した個人情報をサービスの提供のために利用いたします。",
        "当社は、取得した個人情報をサービスの提供のために利用します。",
    ),
    # a misconversion: 仕様 takes no する, 使用 (the same reading) does
    "M-homophone": lambda: compare_bodies(
        4,
        "当社は、取得した個人情報を本人の許諾なく仕様することはありません。",
        "当社は、取得した個人情報を本人の許諾なく使用することはありません。",
    ),
    # one phrase of possibility for the other
    "M-equivalent": lambda: compare_bodies(
        4,
        "当社は、退会後も法令に基づき個人情報を保存する場合があります。",
        "当社は、退会後も法令に基づき個人情報を保存することがあります。",
    ),
    # the plain style made polite
    "M-politeness": lambda: compare_bodies(
        4,
        "当社は、個人情報を退会後30日間保存する。",
        "当社は、個人情報を退会後30日間保存します。",
    ),
    # a compound noun written as its two nouns joined by の
    "M-compound": lambda: compare_bodies(
        4,
        "当社は、不正利用の防止及び安全確保のため、個人情報を1年間保存します。",
        "当社は、不正利用の防止及び安全の確保のため、個人情報を1年間保存します。",
    ),
    # the subject of a clause that modifies a noun, が for の
    "M-subject": lambda: compare_bodies(
        4,
        "当社は、利用者の使用する端末の識別子を1年間保存します。",
        "当社は、利用者が使用する端末の識別子を1年間保存します。",
    ),
    # the contact desk renamed
    "M-contact": lambda: compare_edit(5, "お客様相談室", "カスタマーサポート窓口"),
    # a heading-only article added
    "M-empty": lambda: compare_docs(build(PRIVACY), build([*PRIVACY, ("雑則", "")])),
}


def test_every_proof_has_a_positive_example():
    assert set(POSITIVE) == set(default_rules().proofs)


@pytest.mark.parametrize("proof", sorted(POSITIVE))
def test_positive_example_is_minor_with_the_proof(proof):
    report = POSITIVE[proof]()
    minor_only(report)
    assert any(proof in c.rule_ids for c in report.changes), [c.rule_ids for c in report.changes]
    # the reason shown is the proof's own
    reason = default_rules().proofs[proof].reason
    assert any(reason in c.reasons for c in report.changes if proof in c.rule_ids)


def test_positive_examples_are_one_change_each():
    for proof, make in POSITIVE.items():
        report = make()
        ids = [c.rule_ids for c in report.changes]
        expected = [("M-empty",), ("M-crossref",)] if proof == "M-crossref" else [(proof,)]
        assert ids == expected, proof


# --------------------------------------------------------------------------- negatives: near misses


# (proof, what the near miss is, example[, xfail mark for a known bug])
NEGATIVE: list[tuple] = [
    ("M-format", "duration 30日→60日", lambda: compare_edit(4, "30日間", "60日間")),
    ("M-width", "full-width but another number", lambda: compare_edit(4, "30日間", "６０日間")),
    (
        "M-orthography",
        "同意を得て→同意なく",
        lambda: compare_bodies(
            3,
            "当社は、本人の同意を得て個人情報を第三者に提供します。",
            "当社は、本人の同意なく個人情報を第三者に提供します。",
        ),
    ),
    (
        "M-punctuation",
        "以上→以下",
        lambda: compare_bodies(
            4,
            "当社は、退会後30日以上経過した個人情報を削除します。",
            "当社は、退会後30日以下経過した個人情報を削除します。",
        ),
    ),
    (
        "M-inflection",
        "する→しない",
        lambda: compare_bodies(
            4, "当社は、退会後に個人情報を削除する。", "当社は、退会後に個人情報を削除しない。"
        ),
    ),
    (
        "M-doubled",
        "可能→不可能",
        lambda: compare_bodies(
            4,
            "当社は、個人情報の削除を行うことが可能です。",
            "当社は、個人情報の削除を行うことが不可能です。",
        ),
    ),
    (
        "M-confusion",
        "できる→できない",
        lambda: compare_bodies(
            4,
            "本人は、個人情報の削除を求めることができる。",
            "本人は、個人情報の削除を求めることができない。",
        ),
    ),
    (
        "M-particle",
        "第三者に→第三者が",
        lambda: compare_bodies(
            3,
            "当社は、個人情報を第三者に提供することがあります。",
            "当社は、個人情報を第三者が提供することがあります。",
        ),
    ),
    (
        "M-particle",
        "有償→無償",
        lambda: compare_bodies(
            4,
            "当社は、個人情報の削除を有償で行います。",
            "当社は、個人情報の削除を無償で行います。",
        ),
    ),
    ("M-crossref", "reference not following the renumbering", lambda: _crossref("第5条")),
    (
        "M-crossref",
        "reference changed without renumbering",
        lambda: compare_bodies(4, RETENTION_WITH_REF, RETENTION_WITH_REF.replace("第3条", "第2条")),
    ),
    (
        "M-statute",
        "法第23条→法第28条 (not the 2022 mapping)",
        lambda: compare_bodies(
            3,
            "当社は、個人情報保護法第23条に基づく場合を除き、個人情報を第三者に提供しません。",
            "当社は、個人情報保護法第28条に基づく場合を除き、個人情報を第三者に提供しません。",
        ),
    ),
    (
        "M-date",
        "a date in an operative sentence",
        lambda: compare_bodies(
            4,
            PRIVACY[3][1] + "この定めは、2025年4月1日から適用します。",
            PRIVACY[3][1] + "この定めは、2025年10月1日から適用します。",
        ),
    ),
    (
        "M-move",
        "an article moved to another chapter",
        lambda: compare_docs(
            chapters_doc([GENERAL, HANDLING, MISC]),
            chapters_doc(
                [
                    GENERAL,
                    ("個人情報の取扱い", [PRIVACY[2], PRIVACY[3]]),
                    ("雑則", [PRIVACY[4], PRIVACY[1]]),
                ]
            ),
        ),
    ),
    (
        "M-heading",
        "the first words of the body, right after the heading",
        lambda: compare_edit(4, "当社は", "当社及びグループ会社は"),
    ),
    (
        "M-configured",
        "the pattern matches but the sentence also changes",
        lambda: compare_edit(
            1,
            "株式会社ミライテック",
            "株式会社ミライテック（以下「当社」といいます。）及びその子会社",
            rules=CONFIGURED,
        ),
    ),
    (
        "M-numeral",
        "the period in kanji digits but another value",
        lambda: compare_edit(4, "30日間", "六十日間"),
    ),
    (
        "M-object",
        "an object the title does not name",
        lambda: compare_bodies(
            3,
            "当社は、あらかじめ本人の同意を得ることなく、第三者に提供しません。",
            "当社は、あらかじめ本人の同意を得ることなく、位置情報を第三者に提供しません。",
            articles=PROVISION_TITLED,
        ),
    ),
    (
        "M-object",
        "the verb already had an object",
        lambda: compare_bodies(
            3,
            "当社は、本人の同意なく、匿名加工情報を第三者に提供しません。",
            "当社は、本人の同意なく、個人情報を匿名加工情報を第三者に提供しません。",
            articles=PROVISION_TITLED,
        ),
    ),
    (
        "M-reorder",
        "an item moved and reworded",
        lambda: compare_bodies(
            2,
            "当社は、個人情報を次の目的のために利用します。\n(1) サービスの提供のため\n(2) 本人確認のため",
            "当社は、個人情報を次の目的のために利用します。\n(1) 本人確認のため\n(2) 新サービスの提供のため",
        ),
    ),
    (
        "M-address",
        "the page moved to another site",
        lambda: compare_bodies(
            5,
            "詳しくは https://mirai-tech.example.jp/privacy をご覧ください。",
            "詳しくは https://partner.example.com/privacy をご覧ください。",
        ),
    ),
    (
        "M-typo",
        "an unknown word replaced by another word",
        lambda: compare_bodies(
            4,
            "当社は、アカウンド情報を退会後30日間保存します。",
            "当社は、ログイン情報を退会後30日間保存します。",
        ),
    ),
    (
        "M-connective",
        "a proviso (ただし) added",
        lambda: compare_bodies(
            4, RETENTION_TWO_SENTENCES, RETENTION_TWO_SENTENCES.replace("。当社", "。ただし、当社")
        ),
    ),
    (
        "M-polarity",
        "the series no longer negated (…たりする)",
        lambda: compare_bodies(
            2,
            "利用者は、他人の著作権を侵害せず、法令に違反しないものとします。",
            "利用者は、他人の著作権を侵害したり、法令に違反したりするものとします。",
            articles=TERMS,
            title=TERMS_TITLE,
        ),
    ),
    (
        "M-honorific",
        "御社 is not 社: 御 is no honorific prefix to drop",
        lambda: compare_bodies(
            2,
            "当社は、御社の情報をサービスの提供のために利用します。",
            "当社は、社の情報をサービスの提供のために利用します。",
        ),
    ),
    (
        "M-honorific",
        "おそれ is not お + それ",
        lambda: compare_bodies(
            2,
            "当社は、損害のおそれがある場合に個人情報を利用します。",
            "当社は、損害のそれがある場合に個人情報を利用します。",
        ),
    ),
    (
        "M-honorific",
        "the humble verb negated",
        lambda: compare_bodies(
            2,
            "当社は、個人情報をサービスの提供のために利用いたします。",
            "当社は、個人情報をサービスの提供のために利用いたしません。",
        ),
    ),
    (
        "M-homophone",
        "two words of one reading that both take する",
        lambda: compare_bodies(
            4,
            "当社は、取得した個人情報の安全を保障します。",
            "当社は、取得した個人情報の安全を保証します。",
        ),
    ),
    (
        "M-homophone",
        "a word of one reading for one of another meaning before な",
        lambda: compare_bodies(
            4,
            "当社は、個人情報を適正な方法で取得します。",
            "当社は、個人情報を不正な方法で取得します。",
        ),
    ),
    (
        "M-citation",
        "another law added with its number",
        lambda: compare_bodies(
            3,
            "当社は、個人情報の保護に関する法律に基づく場合を除き、個人情報を第三者に提供しません。",
            "当社は、個人情報の保護に関する法律及び電気通信事業法（昭和59年法律第86号）に基づく場合を除き、個人情報を第三者に提供しません。",
        ),
    ),
    (
        "M-citation",
        "the statute's number replaced by another",
        lambda: compare_bodies(
            3,
            "当社は、個人情報の保護に関する法律（平成15年法律第57号）に基づく場合を除き、個人情報を第三者に提供しません。",
            "当社は、個人情報の保護に関する法律（平成15年法律第58号）に基づく場合を除き、個人情報を第三者に提供しません。",
        ),
    ),
    (
        "M-politeness",
        "made polite and negated",
        lambda: compare_bodies(
            4,
            "当社は、個人情報を退会後30日間保存する。",
            "当社は、個人情報を退会後30日間保存しません。",
        ),
    ),
    (
        "M-politeness",
        "made polite with another verb",
        lambda: compare_bodies(
            4,
            "当社は、個人情報を退会後30日間保存する。",
            "当社は、個人情報を退会後30日間利用します。",
        ),
    ),
    (
        "M-compound",
        "の joins another noun than the compound had",
        lambda: compare_bodies(
            4,
            "当社は、不正利用の防止及び安全確保のため、個人情報を1年間保存します。",
            "当社は、不正利用の防止及び安全の確認のため、個人情報を1年間保存します。",
        ),
    ),
    (
        "M-compound",
        "a company's name (日本郵便) is no compound of common nouns (日本の郵便)",
        lambda: compare_bodies(
            4,
            "当社は、商品の配送を日本郵便に委託します。",
            "当社は、商品の配送を日本の郵便に委託します。",
        ),
    ),
    (
        "M-subject",
        "の→が where no predicate modifies a noun (会員の規約違反 is a noun phrase)",
        lambda: compare_bodies(
            4,
            "当社は、会員の規約違反を確認した場合、個人情報を1年間保存します。",
            "当社は、会員が規約違反を確認した場合、個人情報を1年間保存します。",
        ),
    ),
    (
        "M-subject",
        "が→の before a predicate that ends the sentence",
        lambda: compare_bodies(
            4,
            "個人情報は、当社が保存する。",
            "個人情報は、当社の保存する。",
        ),
    ),
    (
        "M-equivalent",
        "a possibility made a certainty",
        lambda: compare_bodies(
            4,
            "当社は、退会後も法令に基づき個人情報を保存する場合があります。",
            "当社は、退会後も法令に基づき個人情報を保存します。",
        ),
    ),
    (
        "M-equivalent",
        "the phrase exchanged and another word changed in the same sentence",
        lambda: compare_bodies(
            4,
            "当社は、退会後も法令に基づき個人情報を保存する場合があります。",
            "当社は、退会後も当社の判断で個人情報を保存することがあります。",
        ),
    ),
    (
        "M-contact",
        "a provision to a partner added in the contact clause",
        lambda: compare_edit(
            5, "ご連絡ください。", "ご連絡ください。なお、お問い合わせ内容は提携先に提供します。"
        ),
    ),
    (
        "M-empty",
        "an article with a body added",
        lambda: compare_docs(build(PRIVACY), build([*PRIVACY, JOINT_USE])),
    ),
]


# rewordings that carry a cue: material on evidence, not merely unproven
REWORDED_WITH_CUE = [
    ("ことがある→する", 4, "当社は、個人情報を削除することがある。", "当社は、個人情報を削除する。", "「ことがある」が削除"),
    ("努める→しなければならない", 4, "当社は、個人情報を速やかに削除するよう努める。", "当社は、個人情報を速やかに削除しなければならない。", "努める"),
    ("及び→又は", 3, "当社は、法令及び条例に基づく場合を除き、個人情報を第三者に提供しません。", "当社は、法令又は条例に基づく場合を除き、個人情報を第三者に提供しません。", "「及び」→「又は」"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "n", "old", "new", "reason"), REWORDED_WITH_CUE)
def test_rewording_with_a_cue_is_material_with_its_reason(label, n, old, new, reason):
    c = the_material(compare_bodies(n, old, new))
    assert not c.review
    assert any(reason in r for r in c.reasons), c.reasons


def _negative_params():
    for proof, label, make, *marks in NEGATIVE:
        yield pytest.param(proof, make, marks=marks, id=f"{proof}:{label}")


def test_every_proof_has_a_negative_example():
    assert {entry[0] for entry in NEGATIVE} == set(default_rules().proofs)


@pytest.mark.parametrize(("proof", "make"), list(_negative_params()))
def test_negative_example_is_material(proof, make):
    report = make()
    changes = material_changes(report)
    assert report.verdict == "material", [(c.type, c.rule_ids) for c in report.changes]
    for c in changes:
        check_material(c)
    assert not any(proof in c.rule_ids for c in report.changes if c.severity is Severity.MATERIAL)


# --------------------------------------------------------------------------- specific near misses


def test_number_change_reports_the_numbers():
    c = the_material(compare_edit(4, "30日間", "60日間"))
    assert c.categories[0] == "retention"
    assert any("30" in r and "60" in r for r in c.reasons)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "開示の請求には、手数料として1,000円を申し受けます。",
            "開示の請求には、手数料として2,000円を申し受けます。",
        ),
        (
            "開示の請求には、手数料として1,000円を申し受けます。",
            "開示の請求には、手数料として1,000円（税別）を申し受けます。",
        ),
        ("遅延損害金は年14.6%とします。", "遅延損害金は年10%とします。"),
        ("当社は、個人情報を退会後1年間保存します。", "当社は、個人情報を退会後3年間保存します。"),
        (
            "当社は、個人情報を退会後6か月間保存します。",
            "当社は、個人情報を退会後12か月間保存します。",
        ),
    ],
    ids=["amount", "amount-tax", "percentage", "years", "months"],
)
def test_numbers_amounts_percentages_durations_are_material(old, new):
    c = the_material(compare_bodies(4, old, new))
    assert c.type == "modified"


def test_crossref_following_renumbering_is_the_only_minor_change():
    report = _crossref("第4条")
    kinds = sorted((c.type, c.severity.value) for c in report.changes)
    # the inserted 定義 article is an addition of its own; the renumbered articles are not changes
    assert kinds == [("added", "material"), ("modified", "minor")]
    added = next(c for c in report.changes if c.type == "added")
    assert added.categories[0] == "definitions"


def test_crossref_not_following_renumbering_is_material():
    report = _crossref("第5条")
    modified = [c for c in report.changes if c.type == "modified"]
    assert len(modified) == 1 and modified[0].severity is Severity.MATERIAL
    assert "M-crossref" not in modified[0].rule_ids


def test_revision_date_line_changed_is_minor():
    report = compare_docs(
        build(PRIVACY, trailer="最終改定日：2024年4月1日"),
        build(PRIVACY, trailer="最終改定日：2025年4月1日"),
    )
    minor_only(report)
    assert report.changes[0].rule_ids == ("M-date",)


def test_heading_change_and_body_change_are_two_changes():
    new = [
        *PRIVACY[:3],
        ("個人情報の保存期間", PRIVACY[3][1].replace("30日間", "90日間")),
        PRIVACY[4],
    ]
    report = compare_docs(build(PRIVACY), build(new))
    assert sorted(c.severity.value for c in report.changes) == ["material", "minor"]
    assert any("M-heading" in c.rule_ids for c in report.changes)


# --------------------------------------------------------------------------- material cues


def test_purpose_list_item_added_is_purpose_of_use():
    body = PRIVACY[1][1] + "\n(3) 行動履歴を分析し、広告を配信するため"
    c = the_material(compare_docs(build(PRIVACY), build(with_body(PRIVACY, 2, body))))
    assert c.type == "modified"
    assert c.categories[0] == "purpose_of_use"
    assert "個人情報保護法 第17条第2項" in c.legal_refs
    assert "個人情報保護法 第21条第3項" in c.legal_refs
    assert "行動履歴を分析し、広告を配信するため" in c.new_text
    assert c.old_text == ""


def test_purpose_list_item_without_cue_words_is_still_purpose_of_use():
    body = PRIVACY[1][1] + "\n(3) 新機能のご案内のため"
    c = the_material(compare_docs(build(PRIVACY), build(with_body(PRIVACY, 2, body))))
    assert c.categories == ("purpose_of_use",)


def test_third_party_recipient_added():
    body = (
        PRIVACY[2][1]
        + "\nただし、当社は、個人情報を提携先である株式会社サンプル広告に提供することがあります。"
    )
    c = the_material(compare_docs(build(PRIVACY), build(with_body(PRIVACY, 3, body))))
    assert c.categories[0] == "third_party"
    assert "個人情報保護法 第27条第1項" in c.legal_refs
    assert any("同意" in d for d in c.duties)


def test_foreign_transfer_added():
    body = (
        PRIVACY[2][1]
        + "\n当社は、個人情報を外国にある第三者（米国のクラウド事業者）に提供することがあります。"
    )
    c = the_material(compare_docs(build(PRIVACY), build(with_body(PRIVACY, 3, body))))
    assert c.categories[0] == "foreign_transfer"
    assert "third_party" in c.categories
    assert "個人情報保護法 第28条第1項" in c.legal_refs
    assert any("同意" in d for d in c.duties)


def test_consent_dropped_is_third_party():
    c = the_material(
        compare_bodies(
            3,
            "当社は、本人の同意を得て個人情報を第三者に提供します。",
            "当社は、本人の同意なく個人情報を第三者に提供します。",
        )
    )
    assert "third_party" in c.categories
    assert any("否定" in r for r in c.reasons)


def test_added_operative_article_is_material():
    new = [*PRIVACY[:4], JOINT_USE, PRIVACY[4]]
    report = compare_docs(build(PRIVACY), build(new))
    c = the_material(report)
    assert c.type == "added"
    assert c.categories[0] == "joint_use"
    assert c.old_text == ""
    assert "共同して利用" in c.new_text
    assert "個人情報保護法 第27条第5項第3号" in c.legal_refs
    # 第5条 → 第6条 only renumbered: no change of its own
    assert len(report.changes) == 1


def test_removed_article_is_material():
    report = compare_docs(build(PRIVACY), build([*PRIVACY[:2], *PRIVACY[3:]]))
    c = the_material(report)
    assert c.type == "removed"
    assert c.categories[0] == "third_party"
    assert c.new_text == ""
    assert "第三者に提供しません" in c.old_text
    assert len(report.changes) == 1


def test_move_under_same_parent_is_minor():
    report = POSITIVE["M-move"]()
    minor_only(report)
    (c,) = report.changes
    assert c.type == "moved"


def test_move_to_different_parent_is_material():
    report = compare_docs(
        chapters_doc([GENERAL, HANDLING, MISC]),
        chapters_doc(
            [
                GENERAL,
                ("個人情報の取扱い", [PRIVACY[2], PRIVACY[3]]),
                ("雑則", [PRIVACY[4], PRIVACY[1]]),
            ]
        ),
    )
    c = the_material(report)
    assert c.type == "moved"
    assert c.categories[0] == "purpose_of_use"


def test_move_across_chapter_boundary_is_material():
    """An article moved to the first place of the next chapter keeps its place in the text;
    only the chapter heading seems to move. The article's change of chapter is material."""
    report = compare_docs(
        chapters_doc([GENERAL, HANDLING, MISC]),
        chapters_doc(
            [("総則", [PRIVACY[0]]), ("個人情報の取扱い", [DEFINITION, *HANDLING[1]]), MISC]
        ),
    )
    assert report.verdict == "material"
    c = the_material(report)
    assert c.type == "moved" and c.new_unit.clause.title == "定義"
    assert "所属する条項が変わり" in c.reasons[0]


def test_chapter_renamed_does_not_move_its_articles():
    renamed = ("個人情報の取り扱いについて", HANDLING[1])
    report = compare_docs(
        chapters_doc([GENERAL, HANDLING, MISC]), chapters_doc([GENERAL, renamed, MISC])
    )
    assert not [c for c in report.changes if c.type == "moved"]


def test_move_between_unbracketed_chapters_is_material():
    def doc(chapters):
        text = chapters_doc(chapters)
        for name in ("総則", "個人情報の取扱い", "雑則"):
            text = text.replace(f"（{name}）\n\n第", f" {name}\n\n第")
        return text

    old = doc([GENERAL, HANDLING, MISC])
    assert "第2章 個人情報の取扱い" in old
    report = compare_docs(
        old,
        doc(
            [
                GENERAL,
                ("個人情報の取扱い", [PRIVACY[2], PRIVACY[3]]),
                ("雑則", [PRIVACY[4], PRIVACY[1]]),
            ]
        ),
    )
    assert report.verdict == "material"


def test_contact_clause_substantive_change_is_material():
    report = compare_edit(
        5, "ご連絡ください。", "ご連絡ください。なお、当社は苦情の申出を受け付けません。"
    )
    assert report.verdict == "material"


def test_provision_added_in_contact_clause_cites_the_provision_rules():
    body = (
        PRIVACY[4][1] + "\nお問い合わせの際にいただいた個人情報は、米国にある提携先に提供します。"
    )
    c = the_material(compare_docs(build(PRIVACY), build(with_body(PRIVACY, 5, body))))
    assert {"個人情報保護法 第27条第1項", "個人情報保護法 第28条第1項"} & set(c.legal_refs)
    assert not any("記載の更新のみ" in d for d in c.duties)


def test_material_reasons_name_the_duty():
    c = the_material(compare_edit(4, "30日間", "60日間"))
    row = default_rules().category("retention").privacy
    assert any(r.startswith("必要な対応") and row.duty in r for r in c.reasons)
    assert c.legal_refs == row.refs


# --------------------------------------------------------------------------- document type


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (PRIVACY_TITLE, "privacy"),
        ("株式会社ミライテック 個人情報保護方針", "privacy"),
        (TERMS_TITLE, "terms"),
        ("ミライノート サービス利用約款", "terms"),
    ],
)
def test_document_type_from_title(title, expected):
    articles = TERMS if expected == "terms" else PRIVACY
    text = build(articles, title)
    report = compare_docs(text, text)
    assert report.document_type == expected
    assert report.verdict == "identical"


def test_document_type_option_overrides_detection():
    text = build(TERMS, TERMS_TITLE)
    assert compare_docs(text, text, document_type="privacy").document_type == "privacy"


def test_terms_and_privacy_cite_different_rows():
    body = "当社は、個人情報を退会後30日間保存し、その後速やかに削除します。"
    privacy = the_material(compare_bodies(4, body, body.replace("30", "60")))
    terms = the_material(
        compare_bodies(4, body, body.replace("30", "60"), articles=TERMS, title=TERMS_TITLE)
    )
    assert privacy.legal_refs != terms.legal_refs
    assert any(r.startswith("民法 第548条の4") for r in terms.legal_refs)


# --------------------------------------------------------------------------- terms: direction


def terms_edit(n: int, body: str) -> Report:
    return compare_docs(build(TERMS, TERMS_TITLE), build(with_body(TERMS, n, body), TERMS_TITLE))


def test_terms_exemption_added_is_adverse():
    report = terms_edit(
        4,
        TERMS[3][1]
        + "\n当社は、本サービスの中断により利用者に生じた損害について、一切の責任を負いません。",
    )
    assert report.document_type == "terms"
    c = the_material(report)
    assert c.categories[0] == "liability"
    assert ADVERSE in c.legal_refs
    assert BENEFICIAL not in c.legal_refs
    assert "消費者契約法 第8条第1項" in c.legal_refs


def test_terms_exemption_article_added_is_adverse():
    new = [
        *TERMS[:3],
        ("免責の特則", "当社は、利用者間の紛争について一切の責任を負いません。"),
        *TERMS[3:],
    ]
    c = the_material(compare_docs(build(TERMS, TERMS_TITLE), build(new, TERMS_TITLE)))
    assert c.type == "added"
    assert ADVERSE in c.legal_refs


def test_terms_exemption_removed_is_beneficial():
    report = compare_docs(build(TERMS, TERMS_TITLE), build([*TERMS[:3], TERMS[4]], TERMS_TITLE))
    c = the_material(report)
    assert c.type == "removed"
    assert c.legal_refs[0] == BENEFICIAL
    assert ADVERSE not in c.legal_refs


def test_terms_refund_added_is_beneficial():
    c = the_material(
        terms_edit(
            2, TERMS[1][1] + "\n当社は、本サービスに不具合があった場合、利用料金を返金します。"
        )
    )
    assert c.categories[0] == "fees"
    assert BENEFICIAL in c.legal_refs
    assert ADVERSE not in c.legal_refs


def test_terms_price_rise_is_adverse():
    old = with_body(TERMS, 2, "本サービスの利用料金は月額500円とします。")
    new = with_body(TERMS, 2, "本サービスの利用料金は月額1,000円とします。")
    c = the_material(compare_docs(build(old, TERMS_TITLE), build(new, TERMS_TITLE)))
    assert c.categories[0] == "fees"
    assert ADVERSE in c.legal_refs


def test_terms_price_cut_is_beneficial():
    old = with_body(TERMS, 2, "本サービスの利用料金は月額1,000円とします。")
    new = with_body(TERMS, 2, "本サービスの利用料金は月額500円とします。")
    c = the_material(compare_docs(build(old, TERMS_TITLE), build(new, TERMS_TITLE)))
    assert BENEFICIAL in c.legal_refs
    assert ADVERSE not in c.legal_refs


def test_terms_minor_change_cites_nothing():
    report = compare_docs(
        build(TERMS, TERMS_TITLE),
        build(edited(TERMS, 5, "本規約は、日本法", "本規約は、 日本法"), TERMS_TITLE),
    )
    minor_only(report)


def test_edit_in_the_first_sentence_of_an_untitled_article_is_not_a_heading_edit():
    """Regression: 「第一条　当社は…」 has no title, so its first line is body text, not a heading."""
    old = "利用規約\n\n第一条　当社は、利用者の同意を得て情報を提供する。\n第二条　料金は月額500円とする。\n"
    new = "利用規約\n\n第一条　当社は、利用者の同意なく情報を提供する。\n第二条　料金は月額500円とする。\n"
    report = policydiff.compare(old, new)
    assert [c.severity.value for c in report.changes] == ["material"]
    assert "M-heading" not in report.changes[0].rule_ids


def test_reasons_come_in_the_same_order_whatever_the_hash_seed(tmp_path):
    """Modality words found in one hunk are listed in a fixed order (sets iterate by hash)."""
    import os
    import subprocess
    import sys

    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("第1条（対応）\n当社は、問い合わせに回答します。\n", encoding="utf-8")
    new.write_text(
        "第1条（対応）\n当社は、原則として、以下の問い合わせに回答するよう努めます。\n",
        encoding="utf-8",
    )
    outs = set()
    for seed in ("1", "2", "3", "4"):
        proc = subprocess.run(
            [sys.executable, "-m", "policydiff", "compare", str(old), str(new), "--format", "json"],
            capture_output=True, text=True, encoding="utf-8", check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        outs.add(proc.stdout)
    assert len(outs) == 1


def test_an_elided_address_written_out_is_minor():
    report = compare_bodies(
        4,
        "開示の請求は、supp……@mirai-tech.jp で受け付けます。",
        "開示の請求は、support@mirai-tech.jp で受け付けます。",
    )
    minor_only(report)
    assert [c.rule_ids for c in report.changes] == [("M-format",)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("当社は、…場合があります。", "当社は、第三者に提供する場合があります。"),
        ("当社は、販売先の一覧を公表します。", "当社は、…を公表します。"),
        ("開示の請求は、…で受け付けます。", "開示の請求は、other@example.com で受け付けます。"),
    ],
)
def test_an_elided_phrase_or_an_address_from_nothing_is_no_proof(old, new):
    """「…」 could stand for anything: only an address kept in part is proven the same."""
    report = compare_bodies(4, old, new)
    assert report.verdict == "material", [
        (c.rule_ids, c.old_text, c.new_text) for c in report.changes
    ]

"""Proofs from the grammar of Japanese: M-polarity, the same acts negated another way
(「…せず、…しない」 ↔ 「…したり…したりしない」), and M-honorific, a word said politely (ご確認 ↔ 確認).

The texts are our own (the terms of the fictional ミライノート). Each hunk is judged on its
own: the proof covers only the words that say how a predicate is negated; a changed word
elsewhere in the sentence stays material.
"""

from __future__ import annotations

import pytest

import policydiff
from policydiff import Severity

HEAD = "ミライノート利用規約\n\n第1条（禁止事項）\n"
TAIL = "\n\n2024年4月1日 制定\n"


def compare(old: str, new: str):
    return policydiff.compare(HEAD + old + TAIL, HEAD + new + TAIL)


def polarity_ids(report) -> list[bool]:
    return ["M-polarity" in c.rule_ids for c in report.changes]


def test_series_negated_once_is_the_same_negation():
    report = compare(
        "利用者は、他人の名誉を毀損せず、適用される法令にも違反しないものとします。",
        "利用者は、他人の名誉を毀損したり、適用される法令に違反したりしないものとします。",
    )
    assert report.verdict == "minor", [(c.old_text, c.new_text, c.rule_ids) for c in report.changes]
    assert len(report.changes) >= 2 and all(polarity_ids(report))


def test_a_verb_conjugated_for_the_series():
    report = compare(
        "利用者は、他人のパスワードを使わず、他人になりすまさないものとします。",
        "利用者は、他人のパスワードを使ったり、他人になりすましたりしないものとします。",
    )
    assert report.verdict == "minor", [(c.old_text, c.new_text, c.rule_ids) for c in report.changes]
    assert all(polarity_ids(report))


def test_another_word_in_the_sentence_stays_material():
    report = compare(
        "利用者は、他者の名誉を毀損せず、法令にも違反しないものとします。",
        "利用者は、第三者の名誉を毀損したり、法令に違反したりしないものとします。",
    )
    material = [c for c in report.changes if c.severity is Severity.MATERIAL]
    assert [c.new_text for c in material] == ["第三者"]
    assert all("M-polarity" in c.rule_ids for c in report.changes if c not in material)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the closing verb is no longer negated: the series now says 「…したりする」
        (
            "利用者は、他人の名誉を毀損せず、法令に違反しないものとします。",
            "利用者は、他人の名誉を毀損したり、法令に違反したりするものとします。",
        ),
        # one act is no longer negated: 「毀損せず、違反する」
        (
            "利用者は、他人の名誉を毀損せず、法令に違反しないものとします。",
            "利用者は、他人の名誉を毀損せず、法令に違反するものとします。",
        ),
        # a series that no light verb closes
        (
            "利用者は、他人の名誉を毀損しないものとします。",
            "利用者は、他人の名誉を毀損したり、ものとします。",
        ),
        # the negation moves from one act to the other
        (
            "利用者は、他人の名誉を毀損せず、法令を遵守するものとします。",
            "利用者は、他人の名誉を毀損し、法令を遵守しないものとします。",
        ),
        # 誰にも: with a pronoun the も belongs to the negation
        (
            "当社は、個人情報を誰にも提供しません。",
            "当社は、個人情報を誰に提供しません。",
        ),
        # the も dropped while the predicate turns positive
        (
            "当社は、個人情報を第三者にも提供しません。",
            "当社は、個人情報を第三者に提供します。",
        ),
        # another auxiliary: passive instead of active
        (
            "利用者は、他人の名誉を毀損しないものとします。",
            "利用者は、他人の名誉を毀損されたりしないものとします。",
        ),
    ],
)
def test_near_misses_are_material(old, new):
    report = compare(old, new)
    assert report.verdict == "material"
    assert not any(polarity_ids(report)), [
        (c.old_text, c.new_text, c.rule_ids) for c in report.changes
    ]


# --------------------------------------------------------------------------- M-honorific


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("利用者は、窓口にご確認ください。", "利用者は、窓口に確認ください。"),
        ("お問い合わせは、窓口で受け付けます。", "問い合わせは、窓口で受け付けます。"),
        ("本サービスのご利用には登録が必要です。", "本サービスの利用には登録が必要です。"),
    ],
)
def test_an_honorific_prefix_is_no_change_of_words(old, new):
    report = compare(old, new)
    assert report.verdict == "minor", [(c.old_text, c.new_text, c.rule_ids) for c in report.changes]
    assert all(c.rule_ids == ("M-honorific",) for c in report.changes)


def test_an_honorific_beside_another_word_is_material():
    report = compare(
        "本サービスのご利用には登録が必要です。", "本サービスの再利用には登録が必要です。"
    )
    assert report.verdict == "material"


# --------------------------------------------------------------------------- okurigana


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # 読み取り before 「、」 is read as the verb 読み取る, 読取り as a noun
        (
            "当社は、伝票の読取り、発送の業務を委託します。",
            "当社は、伝票の読み取り、発送の業務を委託します。",
        ),
        (
            "当社は、口座からの引落しにより受領します。",
            "当社は、口座からの引き落としにより受領します。",
        ),
    ],
)
def test_the_same_kanji_and_reading_with_other_okurigana_is_orthography(old, new):
    (c,) = compare(old, new).changes
    assert c.severity is Severity.MINOR and c.rule_ids == ("M-orthography",)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the same kanji read otherwise: another word
        (
            "利用者は、料金が上る場合に通知を受けます。",
            "利用者は、料金が上がる場合に通知を受けます。",
        ),
        # the same reading, other kanji: another word
        ("当社は、利用者の情報を保障します。", "当社は、利用者の情報を保証します。"),
    ],
)
def test_other_kanji_or_another_reading_is_no_okurigana_variant(old, new):
    changes = compare(old, new).changes
    assert any(c.severity is Severity.MATERIAL for c in changes), [c.rule_ids for c in changes]


# --------------------------------------------------------------------------- notation


@pytest.mark.parametrize(
    ("old", "new", "proof"),
    [
        (
            "当社グル－プは、情報を適切に管理します。",
            "当社グループは、情報を適切に管理します。",
            "M-orthography",
        ),
        ("運営者は㈱ミライテックです。", "運営者は株式会社ミライテックです。", "M-equivalent"),
        ("所在地は東京都港区芝一丁目3番5号です。", "所在地は東京都港区芝1-3-5です。", "M-numeral"),
        (
            "受付時間は、平日10:00〜18:00とします。",
            "受付時間は、平日10時〜18時とします。",
            "M-numeral",
        ),
        (
            "受付時間は、平日9:30〜17:00とします。",
            "受付時間は、平日9時30分〜17時とします。",
            "M-numeral",
        ),
    ],
)
def test_the_same_word_or_value_in_another_notation_is_minor(old, new, proof):
    (c,) = compare(old, new).changes
    assert c.severity is Severity.MINOR and c.rule_ids == (proof,), c.rule_ids


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("当社グル－プは、情報を適切に管理します。", "当社グルメは、情報を適切に管理します。"),
        ("運営者は㈱ミライテックです。", "運営者は㈲ミライテックです。"),
        ("所在地は東京都港区芝一丁目3番5号です。", "所在地は東京都港区芝1-3-6です。"),
        ("受付時間は、平日10:00〜18:00とします。", "受付時間は、平日10時〜17時とします。"),
        ("受付時間は、平日9:30〜17:00とします。", "受付時間は、平日9時〜17時とします。"),
    ],
)
def test_another_word_or_value_is_material(old, new):
    assert compare(old, new).verdict == "material"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("当社は、利用者に対し、変更を通知します。", "当社は、利用者に対して、変更を通知します。"),
        ("当社は、法令に基づき、開示します。", "当社は、法令に基づいて、開示します。"),
        ("当社は、電子メールにより通知します。", "当社は、電子メールによって通知します。"),
    ],
)
def test_a_compound_particle_with_or_without_te_is_the_same(old, new):
    changes = compare(old, new).changes
    assert changes and all(c.severity is Severity.MINOR for c in changes), [
        c.rule_ids for c in changes
    ]


def test_a_compound_particle_kept_beside_another_word_changed_is_material():
    r = compare(
        "当社は、利用者に対し、変更を通知します。", "当社は、会員に対して、変更を通知します。"
    )
    assert r.verdict == "material"

"""The word lists a lawyer edits are read from the rule tables, not from code: changing a
list in the tables changes the classification. Texts are our own (株式会社ミライテック)."""

from __future__ import annotations

import dataclasses

import policydiff
from policydiff.rules import default_rules

HEAD = "プライバシーポリシー\n\n第1条（利用者）\n"


def compare(old: str, new: str, **lexicon):
    rules = default_rules()
    if lexicon:
        rules = dataclasses.replace(rules, lexicon=dataclasses.replace(rules.lexicon, **lexicon))
    return policydiff.compare(HEAD + old + "\n", HEAD + new + "\n", rules=rules)


def reasons(report) -> list[str]:
    return [r for c in report.changes for r in c.reasons]


def test_negation_prefix_from_the_table():
    old = "当社は、本サービスの提供に成年者の同意を求めます。"
    new = old.replace("成年者", "未成年者")
    assert any("否定の有無" in r for r in reasons(compare(old, new)))
    # without 未 among the prefixes the same edit is no negation change
    assert not any(
        "否定の有無" in r for r in reasons(compare(old, new, negation_prefixes=frozenset()))
    )


def test_units_from_the_table():
    old = "本サービスは18歳以上の方が利用できます。"
    new = old.replace("18歳", "20歳")
    assert any("18歳→20歳" in r for r in reasons(compare(old, new)))
    plain = reasons(compare(old, new, units=frozenset()))
    assert any("18→20" in r for r in plain) and not any("18歳→20歳" in r for r in plain)


def test_purpose_item_endings_from_the_table():
    # an item with no purpose cue word: only its ending 「…のため」 makes it a purpose
    old = "当社は、取得した情報を次のとおり利用します。\n(1) サービスの提供のため\n"
    new = old + "(2) 会員の皆様への連絡のため\n"
    assert compare(old, new).changes[0].categories == ("purpose_of_use",)
    other = compare(old, new, purpose_endings=("とき",))
    assert "purpose_of_use" not in other.changes[0].categories

"""Lines that move between clauses (classify/moves.py): a list item taken out of one
article and put, unchanged, into another is one material ``moved`` change; what else the
two clauses lost or gained is reported on its own.

Every text is our own (ミライノート利用規約)."""

from __future__ import annotations

from test_classify import TERMS, TERMS_TITLE, build, compare_docs

REFUSAL = "当社は、次の各号のいずれかに該当する場合、登録を承認しないことがあります。"
PROHIBITED = "利用者は、次の行為をしてはなりません。"
UNDER_AGE = "（１）十二歳未満の者による登録"


def _doc(refusal: list[str], prohibited: list[str]) -> str:
    arts = [
        ("利用登録", "\n".join([REFUSAL, *refusal])),
        ("禁止事項", "\n".join([PROHIBITED, *prohibited])),
        *TERMS[2:],
    ]
    return build(arts, title=TERMS_TITLE)


def test_an_item_moved_into_another_article_is_one_material_move():
    old = _doc(["（１）虚偽の申請"], [UNDER_AGE, "（２）他人へのなりすまし", "（３）迷惑な勧誘"])
    new = _doc([UNDER_AGE, "（２）虚偽の申請"], ["（１）他人へのなりすまし", "（２）迷惑な勧誘"])
    r = compare_docs(old, new)
    moved = [c for c in r.changes if c.type == "moved"]
    assert len(moved) == 1, [(c.type, c.old_text, c.new_text) for c in r.changes]
    m = moved[0]
    assert m.severity.value == "material"
    assert "十二歳未満の者による登録" in m.new_text and "十二歳未満の者による登録" in m.old_text
    assert m.old_unit.clause.title == "禁止事項" and m.new_unit.clause.title == "利用登録"
    assert any("所属する条項が変わり" in why for why in m.reasons)
    # nothing else is reported as the item's deletion or addition
    others = [c for c in r.changes if c is not m]
    assert not any("十二歳未満" in c.old_text + c.new_text for c in others)


def test_the_rest_of_a_deletion_stays_a_deletion():
    old = _doc(["（１）虚偽の申請"], [UNDER_AGE, "（２）招待の濫用", "（３）迷惑な勧誘"])
    new = _doc([UNDER_AGE, "（２）虚偽の申請"], ["（１）迷惑な勧誘"])
    r = compare_docs(old, new)
    assert [c.type for c in r.changes if "十二歳未満" in c.new_text] == ["moved"]
    gone = [c for c in r.changes if "招待の濫用" in c.old_text]
    assert len(gone) == 1 and gone[0].type != "moved" and gone[0].severity.value == "material"
    assert "十二歳未満" not in gone[0].old_text


def test_a_different_line_added_elsewhere_is_no_move():
    old = _doc(["（１）虚偽の申請"], [UNDER_AGE, "（２）迷惑な勧誘"])
    new = _doc(["（１）十八歳未満の者による登録", "（２）虚偽の申請"], ["（１）迷惑な勧誘"])
    r = compare_docs(old, new)
    assert not [c for c in r.changes if c.type == "moved"]
    assert any("十二歳未満" in c.old_text for c in r.changes)
    assert any("十八歳未満" in c.new_text for c in r.changes)

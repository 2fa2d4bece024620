"""Misprints of a sentence ending: a politeness auxiliary known by its Sudachi normalized
form (「ものとしす」's す is です) is no content, so restoring 「ます」 is M-inflection; a
negation in its place is not.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

from test_classify import TERMS, TERMS_TITLE, compare_edit, minor_only, the_material


def _liability(old: str, new: str):
    body = (
        "当社は、当社に故意又は重大な過失がある場合に限り、利用者に生じた損害を賠償するものとし{}"
    )
    arts = [*TERMS[:3], (TERMS[3][0], body.format(old)), *TERMS[4:]]
    return compare_edit(4, body.format(old), body.format(new), articles=arts, title=TERMS_TITLE)


def test_a_dropped_character_of_the_polite_ending_restored_is_minor():
    r = _liability("す。", "ます。")
    minor_only(r)
    assert [c.rule_ids for c in r.changes] == [("M-inflection",)]


def test_the_misprinted_ending_turned_negative_is_material():
    c = the_material(_liability("す。", "ません。"))
    assert "M-inflection" not in c.rule_ids

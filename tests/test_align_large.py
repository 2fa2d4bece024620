"""policydiff.align on documents of a machine-made size: units are matched on their masked
texts and weighed by character pairs, and no morpheme is asked for."""

from __future__ import annotations

import pytest

from policydiff import align as align_mod
from policydiff.align import _text_bag, align, masked_text
from policydiff.load import policy_from_text
from policydiff.parse import parse
from policydiff.units import document_units


def test_masked_text_masks_numbers_and_drops_spacing_and_punctuation():
    assert masked_text("第１２条（目的） 本規約は、当社の…サービス!") == masked_text(
        "第3条(目的)本規約は当社のサービス"
    )
    assert masked_text("第1条") != masked_text("第条")  # a number stays a mark


def test_text_bag_counts_character_pairs():
    units = _units("第1条（目的）\nあいあい。\n")
    assert _text_bag(units[-1]) == {"目的": 1, "的あ": 1, "あい": 2, "いあ": 1}


def _units(text: str):
    return document_units(parse(policy_from_text(text, "p.txt")))


def _doc(n: int, shift: int = 0, edit: int | None = None) -> str:
    arts = []
    for k in range(1, n + 1):
        body = (
            f"本条は第{k + shift}条の事項を定めます。"
            if k != edit
            else "本条は新しい事項を定めます。"
        )
        arts.append(f"第{k + shift}条（事項）\n{body}\n当社は第{k + shift + 1}条に従います。\n")
    return "".join(arts)


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(align_mod, "LARGE_DOCUMENT_CHARS", 1000)


def _no_tokens(_unit):
    raise AssertionError("tokenized")


def test_renumbered_clauses_of_a_large_document_match_without_morphemes(large):
    old, new = _units(_doc(40)), _units(_doc(40, shift=1))
    result = align(old, new, _no_tokens)
    assert [(p.old.index, p.new.index) for p in result.pairs] == [(k, k) for k in range(40)]
    assert {p.how for p in result.pairs} == {"exact"}


def test_an_edited_clause_of_a_large_document_is_matched_by_its_characters(large):
    old, new = _units(_doc(40)), _units(_doc(40, edit=20))
    result = align(old, new, _no_tokens)
    edited = [p for p in result.pairs if p.old.text != p.new.text]
    assert [(p.old.index, p.new.index, p.status) for p in edited] == [(19, 19, "modified")]
    assert len(result.pairs) == 40

"""附則-style lines that record a revision itself (「この規程は、令和八年十月一日に改正した。」)
are revision-history entries (M-date), in kanji or digits; a dated sentence that does
anything else is not.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import PRIVACY, build, compare_docs, minor_only, the_material

FIRST = "この方針は、令和六年四月一日から施行する。"


def _with_trailer_line(line: str):
    old = build(PRIVACY, trailer=FIRST)
    new = build(PRIVACY, trailer=FIRST + "\n" + line)
    return compare_docs(old, new)


@pytest.mark.parametrize(
    "line",
    [
        "この方針は、令和八年十月一日に改正した。",
        "本ポリシーは、2026年10月1日に改定しました。",
        "この方針は、令和八年十月一日から施行する。",
        # the closing 以上 added with the entry: no provision of its own
        "本ポリシーは、2026年10月1日に改定しました。\n\n以上",
    ],
)
def test_a_line_recording_the_revision_is_a_history_entry(line):
    r = _with_trailer_line(line)
    minor_only(r)
    assert {c.rule_ids for c in r.changes} == {("M-date",)}


@pytest.mark.parametrize(
    "line",
    [
        "当社は、令和八年十月一日に会員の情報を削除した。",
        "この方針は、令和八年十月一日に廃止した。",
        "当社は、令和八年十月一日に会員の情報を削除した。\n以上",
    ],
)
def test_a_dated_sentence_that_does_something_else_is_material(line):
    c = the_material(_with_trailer_line(line))
    assert "M-date" not in c.rule_ids


HISTORY_TABLE = (
    "改定履歴\n改定日\t改定内容\n2020年4月1日\t制定\n2023年4月1日\t委託先の記載の見直し\n"
)
ADDED_ROW = "2026年4月1日\t共同利用の範囲・委託先の記載の見直し\n"
DATED_TERM = "2026年4月1日より、開示請求の手数料を1,000円とします。\n"


def test_a_row_added_to_a_revision_history_table_is_editorial():
    """A dated row whose summary names what changed (委託先 …) is an entry of the history,
    not a change of the policy: the changes themselves are reported where they are made."""
    old = build(PRIVACY, trailer=HISTORY_TABLE + "以上")
    new = build(PRIVACY, trailer=HISTORY_TABLE + ADDED_ROW + "以上")
    r = compare_docs(old, new)
    minor_only(r)
    assert {x for c in r.changes for x in c.rule_ids} == {"M-date"}


def test_a_dated_sentence_that_sets_a_term_is_no_history_row():
    old = build(PRIVACY, trailer=HISTORY_TABLE + "以上")
    new = build(PRIVACY, trailer=HISTORY_TABLE + DATED_TERM + "以上")
    c = the_material(compare_docs(old, new))
    assert "M-date" not in c.rule_ids

"""The one date grammar of the rule tables ([dates] of editorial.toml): the date-line proof
(M-date) and the pre-commit hook read the same dates — western, era names, kanji numerals,
with or without the day. Texts are our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest

import policydiff
from policydiff import Severity
from policydiff.classify.editorial import is_date_line, is_effective_date_line, is_history_entry
from policydiff.hook import load_settings, revision_dates
from policydiff.rules import default_rules

BODY = "プライバシーポリシー\n\n第1条（利用目的）\n当社は、個人情報をサービスの提供のために利用します。\n\n"


def verdict(old_tail: str, new_tail: str):
    return policydiff.compare(BODY + old_tail + "\n", BODY + new_tail + "\n")


@pytest.mark.parametrize(
    "line",
    [
        "令和七年四月一日改定",
        "令和7年4月1日 改定",
        "二〇二五年四月一日 制定",
        "最終改定日：2025年4月",
        "2025/4/1 改定",
        # the other calendar's year in brackets
        "2025年（令和7年）8月1日 改定",
        "令和7年（2025年）8月1日 改定",
    ],
)
def test_date_lines_in_every_notation(line):
    assert is_date_line(line, default_rules())


@pytest.mark.parametrize(
    "line",
    [
        "令和七年四月一日以降に取得した個人情報を削除します。",
        "当社は、毎年四月一日に料金を改定します。",
        "改定",
        "2025年（令和7年）8月1日以降に取得した個人情報を削除します。",
    ],
)
def test_sentences_are_no_date_lines(line):
    assert not is_date_line(line, default_rules())


def test_kanji_revision_date_updated_is_minor():
    report = verdict("令和七年四月一日改定", "令和七年十月一日改定")
    assert report.verdict == "minor", [(c.old_text, c.new_text, c.rule_ids) for c in report.changes]
    assert all(c.rule_ids == ("M-date",) for c in report.changes)


def test_kanji_date_in_an_operative_sentence_is_material():
    old = BODY.replace("利用します。", "利用し、令和七年四月一日以降は削除します。")
    new = old.replace("四月一日", "十月一日")
    report = policydiff.compare(old, new)
    assert report.verdict == "material"
    assert all(c.severity is Severity.MATERIAL for c in report.changes)


def test_history_entries_and_effective_lines_in_era_notation():
    rules = default_rules()
    assert is_history_entry("令和7年4月1日 改定（外部送信に関する記載の追加）", rules)
    assert not is_history_entry("令和7年4月1日から料金を改定します。", rules)
    assert is_effective_date_line("本規約は、令和七年四月一日から施行します。", rules)
    assert not is_effective_date_line("本規約は、令和七年四月一日から料金を改定します。", rules)


def test_history_entry_with_both_calendars_added_is_minor():
    old = "2021年（令和3年）11月1日 制定"
    report = verdict(old, old + "\n2025年（令和7年）8月1日 改定")
    assert report.verdict == "minor", [(c.old_text, c.new_text, c.rule_ids) for c in report.changes]
    assert all(c.rule_ids == ("M-date",) for c in report.changes)


def test_the_hook_reads_the_same_grammar(tmp_path):
    settings = load_settings(tmp_path)
    assert revision_dates("2025年（令和7年）8月1日 改定", settings) == {"2025-08-01"}
    assert revision_dates("令和七年四月一日改定", settings) == {"2025-04-01"}
    # a month without a day is a revision date too, kept as written
    assert revision_dates("2025年4月 改定", settings) == {"2025年4月"}
    assert revision_dates("2025年4月以降、料金が変わります", settings) == set()

"""wording.py: the one home of the words people read."""

from __future__ import annotations

import datetime as dt

from policydiff import render, wording
from policydiff.notices import table


def test_dates_are_written_the_japanese_way():
    assert wording.format_date(dt.date(2027, 1, 15)) == "2027年1月15日（金）"
    assert wording.format_date(dt.date(2026, 12, 1)) == "2026年12月1日（火）"
    assert wording.format_date(dt.date(2027, 3, 7)) == "2027年3月7日（日）"


def test_render_and_table_use_the_same_words():
    assert render.TYPE_NAMES is wording.TYPE_NAMES
    assert render.LABEL_MATERIAL == wording.LABEL_MATERIAL == "重要"
    assert render.LABEL_MINOR == wording.LABEL_MINOR == "軽微"
    assert table.TYPE_NAMES is wording.TYPE_NAMES
    assert wording.TYPE_NAMES["added"] == "新設"


def test_classifier_calls_a_whole_added_clause_new(make_doc, articles):
    import policydiff

    new = [
        *articles,
        ("問い合わせ方法", "お問い合わせは、本サービス内のお問い合わせフォームから受け付けます。"),
    ]
    report = policydiff.compare(make_doc(articles), make_doc(new))
    added = [c for c in report.changes if c.type == "added"]
    assert added and all("記載の追加" not in r for c in added for r in c.reasons)
    assert any(f"記載の{wording.TYPE_NAMES['added']}" in c.reasons[0] for c in added)

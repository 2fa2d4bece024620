"""policydiff.clauses.markers: Japanese numbering on visible text, whatever the format."""

from __future__ import annotations

import pytest

from policydiff.clauses.markers import ARTICLE, CHAPTER, KOU, body_marker, canon_number, title_of


@pytest.mark.parametrize(
    ("text", "style", "marker", "number", "rest"),
    [
        ("1. 氏名", "num-dot1", "1.", "1", "氏名"),
        ("１．氏名", "num-dot1", "１．", "1", "氏名"),
        ("1.2 詳細", "num-dot2", "1.2", "1-2", "詳細"),
        ("2) 住所", "num-close", "2)", "2", "住所"),
        ("３　電話", "num-space", "３", "3", "電話"),
        ("（1）氏名", "paren", "（1）", "1", "氏名"),
        ("(十二) 事項", "paren-kanji", "(十二)", "12", "事項"),
        ("(a) 事項", "paren-alpha", "(a)", "a", "事項"),
        ("② 事項", "circled", "②", "2", "事項"),
        ("三 事項", "kanji", "三", "3", "事項"),
        ("イ 事項", "iroha", "イ", "イ", "事項"),
        ("b. 事項", "alpha", "b.", "b", "事項"),
    ],
)
def test_body_markers(text, style, marker, number, rest):
    m = body_marker(text)
    assert m is not None
    assert (m.style, m.marker, m.number, m.rest) == (style, marker, number, rest)


@pytest.mark.parametrize("text", ["30 日以内に", "2024年4月1日", "当社は", "第1条", "・氏名"])
def test_not_body_markers(text):
    assert body_marker(text) is None


def test_articles_chapters_and_kou():
    assert ARTICLE.match("第2条の2（委託）").groups() == ("2", "2", "（委託）")
    assert ARTICLE.match("第 10 条 (安全管理措置)").group(1) == "10"
    assert CHAPTER.match("第三章　総則").groups() == ("三", "章", "総則")
    assert KOU.match("2項（例外）").groups() == ("2", "（例外）")
    assert canon_number("十二") == "12" and canon_number("2", "2") == "2-2"
    assert title_of("（個人情報の取得）") == "個人情報の取得" and title_of("本文。") == ""

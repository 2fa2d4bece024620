"""policydiff.markup: link targets, anchors, emphasis and front matter compared on their own."""

from __future__ import annotations

import json

import policydiff
from policydiff.load import decode_policy

BASE = """\
---
title: プライバシーポリシー
---
# プライバシーポリシー

## 第1条（お問い合わせ） {: #contact }

お問い合わせは[窓口](https://mirai-tech.example/contact)までご連絡ください。

## 第2条（利用目的）

当社は、取得した個人情報を**サービスの提供**のために利用します。
"""
_MARKUP = ("<", "](", "{:")


def compare(old: str, new: str, ext: str = "md"):
    a = decode_policy(old.encode(), f"old.{ext}")
    b = decode_policy(new.encode(), f"new.{ext}")
    return policydiff.compare(a, b)


def assert_no_markup(report) -> None:
    for c in policydiff.to_json(report)["changes"]:
        for text in (c["old_text"], c["new_text"]):
            assert not any(m in text for m in _MARKUP), c


def test_link_target_only_is_a_minor_link_change():
    r = compare(BASE, BASE.replace("example/contact", "example/support"))
    assert r.verdict == "minor"
    (c,) = r.changes
    assert c.rule_ids == ("markup.link_target",) and c.severity.value == "minor"
    assert (c.old_text, c.new_text) == (
        "https://mirai-tech.example/contact", "https://mirai-tech.example/support",
    )  # fmt: skip
    assert c.reasons[0].startswith("リンク先の変更")
    assert_no_markup(r)


def test_anchor_emphasis_and_front_matter_are_formatting_changes():
    new = (
        BASE.replace("#contact", "#inquiry")
        .replace("**サービスの提供**", "サービスの提供")
        .replace("title: プ", "title: 改定版プ")
    )
    r = compare(BASE, new)
    assert r.verdict == "minor" and r.counts == {"material": 0, "minor": 3}
    assert sorted(c.rule_ids[0] for c in r.changes) == [
        "markup.anchor", "markup.emphasis", "markup.front_matter",
    ]  # fmt: skip
    assert all(c.reasons[0].startswith("書式の変更") for c in r.changes)
    assert_no_markup(r)


def test_a_link_whose_words_change_is_judged_on_its_words():
    new = BASE.replace("[窓口](https://mirai-tech.example/contact)までご連絡ください",
                       "[窓口](https://mirai-tech.example/contact)までご連絡いただく必要はありません")  # fmt: skip
    r = compare(BASE, new)
    assert r.verdict == "material"
    assert all(c.rule_ids[:1] != ("markup.link_target",) for c in r.changes)
    assert_no_markup(r)


def test_html_page_markup_only_change_is_minor_not_identical():
    page = ('<html><body><nav>メニュー</nav><main><h1>プライバシーポリシー</h1>'
            '<h2 id="a1">第1条（お問い合わせ）</h2><p>お問い合わせは<a href="/contact">窓口</a>まで'
            'ご連絡ください。</p></main></body></html>')  # fmt: skip
    new = page.replace('href="/contact"', 'href="/support"').replace('id="a1"', 'id="b1"')
    new = new.replace("<nav>メニュー</nav>", "<nav>新メニュー</nav>")  # the page chrome is not read
    r = compare(page, new, "html")
    assert r.verdict == "minor" and r.counts["minor"] == 2
    assert {c.rule_ids[0] for c in r.changes} == {"markup.link_target", "markup.anchor"}
    data = policydiff.to_json(r)
    assert data["old"]["format"] == data["new"]["format"] == "html"
    assert_no_markup(r)
    json.dumps(data, ensure_ascii=False)

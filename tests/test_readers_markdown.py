"""policydiff.readers.markdown: markdown-it-py blocks, marks, front matter, attribute lists."""

from __future__ import annotations

from policydiff.model import Mark
from policydiff.readers import BlockKind, Format
from policydiff.readers.markdown import read_markdown

DOC = """\
---
title: プライバシーポリシー
---
# プライバシーポリシー

## 第1条（お問い合わせ） {: #contact }

お問い合わせは[窓口](https://mirai-tech.example/contact)まで**お早めに**どうぞ。\x20\x20
次の行です。
{: .note #note1 }

1. 氏名
2. メールアドレス
   - 旧アドレス

| 項目 | 期間 |
|---|---|
| ログ | 1年 |

<p>HTML の<a href="https://mirai-tech.example/x">段落</a>です。</p>

1\\. エスケープされた番号
"""


def blocks():
    r = read_markdown(DOC)
    assert r.format is Format.MARKDOWN
    assert "".join(DOC[b.start : b.end] for b in r.blocks) == DOC  # the blocks tile the source
    return r, {b.raw: b for b in r.blocks}


def test_front_matter_is_metadata_not_text():
    r, by_raw = blocks()
    assert r.metadata == "title: プライバシーポリシー"
    assert by_raw["title: プライバシーポリシー"].kind is BlockKind.BLANK
    assert "title:" not in r.visible()


def test_headings_with_level_and_attribute_list_anchor():
    _, by_raw = blocks()
    h = by_raw["## 第1条（お問い合わせ） {: #contact }"]
    assert (h.kind, h.level, h.text) == (BlockKind.HEADING, 2, "第1条（お問い合わせ）")
    assert Mark("anchor", "", "contact") in h.marks
    assert by_raw["# プライバシーポリシー"].level == 1


def test_links_emphasis_and_hard_break():
    _, by_raw = blocks()
    p = by_raw[
        "お問い合わせは[窓口](https://mirai-tech.example/contact)まで**お早めに**どうぞ。\x20\x20"
    ]
    assert p.text == "お問い合わせは窓口までお早めにどうぞ。"
    assert Mark("link", "窓口", "https://mirai-tech.example/contact") in p.marks
    assert Mark("strong", "お早めに", "") in p.marks
    nxt = by_raw["次の行です。"]
    assert nxt.text == "次の行です。" and not nxt.gap  # the hard break continues the paragraph
    assert Mark("anchor", "", "note1") in nxt.marks  # the block attribute list below it
    assert by_raw["{: .note #note1 }"].kind is BlockKind.BLANK


def test_list_items_with_markers_and_indentation():
    _, by_raw = blocks()
    one, sub = by_raw["1. 氏名"], by_raw["   - 旧アドレス"]
    assert (one.kind, one.marker, one.ordered, one.text) == (BlockKind.ITEM, "1.", True, "氏名")
    assert (sub.marker, sub.ordered, sub.indent) == ("-", False, 3)


def test_table_rows_with_cells_and_header():
    _, by_raw = blocks()
    row = by_raw["| ログ | 1年 |"]
    assert (row.kind, row.cells, row.header) == (BlockKind.ROW, ("ログ", "1年"), ("項目", "期間"))
    assert by_raw["|---|---|"].kind is BlockKind.BLANK


def test_html_block_read_by_the_html_reader():
    _, by_raw = blocks()
    p = by_raw['<p>HTML の<a href="https://mirai-tech.example/x">段落</a>です。</p>']
    assert p.text == "HTML の段落です。"
    assert Mark("link", "段落", "https://mirai-tech.example/x") in p.marks


def test_escaped_number_reads_as_the_number():
    _, by_raw = blocks()
    assert by_raw["1\\. エスケープされた番号"].text == "1. エスケープされた番号"


def test_a_numbered_heading_is_never_an_item():
    from policydiff import parse

    doc = parse("# 方針\n\n1. 氏名\n2. 住所\n\n### 3. 利用目的\n当社は、利用します。\n")
    node = next(n for n in doc.clauses() if n.label == "3.")
    assert node.heading and node.kind.value == "section"


def test_deeply_nested_list_does_not_fail():
    text = "".join("  " * i + "- 項目\n" for i in range(300))
    r = read_markdown(text)
    assert sum(1 for b in r.blocks if b.text == "項目") == 300

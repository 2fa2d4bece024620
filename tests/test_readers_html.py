"""policydiff.readers.html: a saved page read with selectolax; --select / --remove."""

from __future__ import annotations

import html
import json

import pytest

from policydiff.errors import InputError
from policydiff.model import Mark
from policydiff.readers import BlockKind
from policydiff.readers.html import read_html

PAGE = """<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>
<header><a href="/">株式会社ミライテック</a></header>
<nav><ul><li>ホーム</li><li>会社概要</li></ul></nav>
<main>
<h1>プライバシーポリシー</h1>
<h2 id="art1">第1条（取得）</h2>
<p>当社は<a href="https://mirai-tech.example/x">次の情報</a>を取得します。<br>
  改行のあとです。</p>
<ol><li>氏名<ol start="3"><li>旧姓</li></ol></li><li><p>住所</p></li></ol>
<ul><li>（1）電話番号</li></ul>
<table><thead><tr><th>項目</th><th>期間</th></tr></thead>
<tbody><tr><td>ログ</td><td>1<br>年</td></tr></tbody></table>
<dl><dt>個人情報</dt><dd>生存する個人に関する情報</dd></dl>
<p hidden>隠し</p><p style="display: none">非表示</p><script>var x;</script>
<div class="ad">広告</div>
</main>
<footer>© 2026</footer></body></html>"""


def texts(reading):
    return [b.raw for b in reading.blocks]


def test_main_without_page_chrome_and_hidden_elements():
    r = read_html(PAGE)
    assert texts(r) == [
        "プライバシーポリシー", "第1条（取得）", "当社は次の情報を取得します。", "改行のあとです。",
        "1. 氏名", "3. 旧姓", "2. 住所", "（1）電話番号", "項目 | 期間", "ログ | 1 年",
        "個人情報", "生存する個人に関する情報", "広告",
    ]  # fmt: skip
    assert r.text == "".join(t + "\n" for t in texts(r))
    assert "".join(r.text[b.start : b.end] for b in r.blocks) == r.text


def test_block_kinds_levels_markers_and_marks():
    by = {b.raw: b for b in read_html(PAGE).blocks}
    h = by["第1条（取得）"]
    assert (h.kind, h.level, h.marks) == (BlockKind.HEADING, 2, (Mark("anchor", "", "art1"),))
    p = by["当社は次の情報を取得します。"]
    assert Mark("link", "次の情報", "https://mirai-tech.example/x") in p.marks
    assert not by["改行のあとです。"].gap  # <br>: the same paragraph goes on
    assert (by["3. 旧姓"].indent, by["3. 旧姓"].marker) == (2, "3.")
    own = by["（1）電話番号"]
    assert own.kind is BlockKind.ITEM and own.marker == ""  # the text carries its own number
    row = by["ログ | 1 年"]
    assert row.kind is BlockKind.ROW and row.header == ("項目", "期間")


def test_body_without_main_drops_header_nav_footer():
    r = read_html(
        "<body><header>社名</header><nav>メニュー</nav><p>本文です。</p><footer>©</footer></body>"
    )
    assert texts(r) == ["本文です。"]


def test_select_and_remove():
    r = read_html(PAGE, select="main", remove=(".ad", "table"))
    assert "広告" not in r.text and "ログ" not in r.text and "氏名" in r.text
    r = read_html(PAGE, select="nav")
    assert texts(r) == ["- ホーム", "- 会社概要"]
    with pytest.raises(InputError, match="matches nothing"):
        read_html(PAGE, select="#nope")
    with pytest.raises(InputError, match="not a valid CSS selector"):
        read_html(PAGE, select="main[")


def test_deep_nesting_is_iterative():
    depth = 3000
    page = "<ul>" * depth + "<li>深い項目</li>" + "</ul>" * depth
    r = read_html(page)
    assert [b.text for b in r.blocks] == ["深い項目"]


def test_a_bullet_typed_into_a_paragraph_is_an_item_as_in_plain_text():
    r = read_html("<main><p>・氏名</p><p>- （1）住所</p><p>-5℃以下</p><p>**強調**</p></main>")
    items = [(b.kind, b.marker, b.text, b.raw) for b in r.blocks]
    assert items[0] == (BlockKind.ITEM, "・", "氏名", "・氏名")
    assert items[1] == (BlockKind.ITEM, "-", "（1）住所", "- （1）住所")  # nothing dropped
    assert items[3][0] is BlockKind.PARAGRAPH  # 「**」 is no bullet


def test_a_bullet_typed_into_the_words_is_formatting_in_every_format(tmp_path, run_cli):
    """「- （1）公序良俗…」 → 「（1）公序良俗…」 is a marker change, in <p> as in plain text."""
    body = "第1条（禁止事項）\n{m}（1）公序良俗に反する行為\n{m}（2）法令に違反する行為\n"
    old, new = body.format(m="- "), body.format(m="")
    for name, wrap in (("txt", lambda s: s), ("html", _as_paragraphs)):
        a, b = tmp_path / f"old.{name}", tmp_path / f"new.{name}"
        a.write_text(wrap(old), encoding="utf-8")
        b.write_text(wrap(new), encoding="utf-8")
        code, out, err = run_cli("compare", a, b, "--format", "json")
        assert code == 0, err
        report = json.loads(out)
        assert report["counts"]["material"] == 0, (name, report["changes"])


def _as_paragraphs(text: str) -> str:
    lines = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.splitlines())
    return f"<!DOCTYPE html><html><body><main>{lines}</main></body></html>"


def test_source_line_breaks_in_a_paragraph_are_lines_as_markdown_soft_breaks():
    """A Markdown converter keeps 「（1）…」 lines in one <p>: they stay separate lines."""
    r = read_html(
        "<main><p>次の行為を禁止します。\n（1）法令違反\n（2）迷惑行為</p><h2>第2条\n（目的）</h2></main>"
    )
    assert texts(r) == [
        "次の行為を禁止します。",
        "（1）法令違反",
        "（2）迷惑行為",
        "第2条（目的）",
    ]
    assert [b.gap for b in r.blocks[:3]] == [True, False, False]  # one paragraph, three lines


def test_a_layout_table_is_read_as_blocks_not_as_one_cell():
    page = """<main><table><tbody><tr><td style="width: 50%">
    <h2>1. 用語</h2><p>「本サービス」とは…</p>
    <table><tr><th>項目</th><th>期間</th></tr><tr><td>ログ</td><td>1年</td></tr></table>
    </td></tr></tbody></table></main>"""
    r = read_html(page)
    kinds = [(b.kind, b.raw) for b in r.blocks]
    assert (BlockKind.HEADING, "1. 用語") in kinds
    assert (BlockKind.PARAGRAPH, "「本サービス」とは…") in kinds
    assert (BlockKind.ROW, "ログ | 1年") in kinds  # a real data table inside still is one


def test_an_item_that_begins_with_a_reference_keeps_its_number():
    r = read_html("<main><ol><li>虚偽の届出</li><li>第6条（禁止事項）を犯した者</li>"
                  "<li>第7条（目的）</li></ol></main>")  # fmt: skip
    assert texts(r) == ["1. 虚偽の届出", "2. 第6条（禁止事項）を犯した者", "第7条（目的）"]

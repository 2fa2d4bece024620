"""policydiff.clauses: shapes, named passes and the tree builder, on blocks of any format."""

from __future__ import annotations

from policydiff.clauses import parse_reading
from policydiff.clauses.passes import Structure, decide_structure, trailer_start
from policydiff.clauses.shapes import ShapeKind, shape_block
from policydiff.clauses.tree import Tier
from policydiff.load import policy_from_text
from policydiff.model import Kind
from policydiff.readers import Block, BlockKind
from policydiff.readers.html import read_html
from policydiff.readers.markdown import read_markdown
from policydiff.readers.text import read_text


def block(text: str, kind=BlockKind.PARAGRAPH, **kw) -> Block:
    return Block(kind, text, 0, len(text) + 1, text, **kw)


def test_states_are_enums():
    assert shape_block(block("")).kind is ShapeKind.BLANK
    assert shape_block(block("第1条（目的）")).kind is ShapeKind.HEADING
    assert shape_block(block("（1）氏名")).kind is ShapeKind.BODY
    assert shape_block(block("本文です。")).kind is ShapeKind.PLAIN
    assert {t.value for t in Tier} == {"root", "heading", "body"}
    assert Structure.CLAUSES.value == "clauses"


def test_numbering_is_read_from_the_text_in_every_format():
    """第N条 / (N) / ① are recognised the same way whatever block carried them."""
    for b in (block("第3条（利用目的）"), block("第3条（利用目的）", BlockKind.HEADING, level=2)):
        sh = shape_block(b)
        assert (sh.kind, sh.style, sh.number, sh.title) == (
            ShapeKind.HEADING, "article", "3", "利用目的",
        )  # fmt: skip
    ordered = shape_block(block("氏名", BlockKind.ITEM, marker="2.", ordered=True))
    assert (ordered.style, ordered.marker, ordered.content) == ("num-dot1", "2.", "氏名")
    bullet = shape_block(block("（1）氏名", BlockKind.ITEM, marker="-"))
    assert (bullet.style, bullet.indent) == ("paren", 1)  # a marker inside a bullet


def test_trailer_and_structure_passes():
    shapes = [
        shape_block(block(t)) for t in ("第1条（目的）", "本文です。", "", "2024年4月1日 制定")
    ]
    assert trailer_start(shapes) == 3
    assert decide_structure(shapes, 3) == (Structure.CLAUSES, True)
    plain = [shape_block(block(t)) for t in ("ただの文です。", "もう一つの文です。")]
    assert decide_structure(plain, 2) == (Structure.PARAGRAPHS, False)


SAME = {
    "text": "プライバシーポリシー\n\n第1条（取得）\n当社は、次の情報を取得します。\n（1）氏名\n（2）住所\n\n第2条（利用目的）\n当社は、サービスの提供のために利用します。\n",
    "markdown": "# プライバシーポリシー\n\n## 第1条（取得）\n当社は、次の情報を取得します。\n（1）氏名\n（2）住所\n\n## 第2条（利用目的）\n当社は、サービスの提供のために[利用](https://x)します。\n",
    "html": "<main><h1>プライバシーポリシー</h1><h2>第1条（取得）</h2><p>当社は、次の情報を取得します。<br>（1）氏名<br>（2）住所</p><h2>第2条（利用目的）</h2><p>当社は、サービスの提供のために<a href=x>利用</a>します。</p></main>",
}
READERS = {"text": read_text, "markdown": read_markdown, "html": read_html}


def outline(doc):
    return [
        (n.kind, n.label, n.title, [ln.content for ln in n.lines if ln.content])
        for n in doc.clauses()
    ]


def test_one_tree_for_three_formats():
    trees = {}
    for fmt, text in SAME.items():
        trees[fmt] = outline(parse_reading(policy_from_text(text), READERS[fmt](text)))
    assert trees["text"] == trees["markdown"] == trees["html"]
    kinds = [k for k, *_ in trees["html"]]
    assert kinds == [Kind.TITLE, Kind.ARTICLE, Kind.PARAGRAPH, Kind.ITEM, Kind.ITEM, Kind.ARTICLE,
                     Kind.PARAGRAPH]  # fmt: skip


def test_a_list_thousands_of_levels_deep_builds_without_recursion():
    depth = 3000
    text = "第1条（目的）\n" + "".join("  " * i + "- 項目\n" for i in range(depth))
    doc = parse_reading(policy_from_text(text), read_text(text))
    deepest = max(n.depth for n in doc.clauses())
    assert deepest == depth + 1  # the article at depth 1, its items below it


def test_a_short_line_right_under_a_heading_is_its_body_in_every_format():
    """Regression: under 「<h3>Botの運用について</h3>」 a short first paragraph became a
    section of its own in HTML (a new <p> reads as a gap), and the section's body with it."""
    texts = {
        "markdown": "## 第1条（目的）\n本規約は目的を定めます。\n\n### Botの運用について\n\nBotの設置は自由ですが\n\n- 規約の遵守\n",
        "html": "<main><h2>第1条（目的）</h2><p>本規約は目的を定めます。</p><h3>Botの運用について</h3><p>Botの設置は自由ですが</p><ul><li>規約の遵守</li></ul></main>",
    }
    for fmt, text in texts.items():
        doc = parse_reading(policy_from_text(text), READERS[fmt](text))
        assert not any(n.title == "Botの設置は自由ですが" for n in doc.clauses()), fmt


def test_a_numbered_title_line_stays_inside_its_markdown_section():
    """「1. **プライバシー侵害**」 under 「#### 禁止される具体的行為」 is a sub-heading of that
    section (its items are prohibited acts), not a heading at the top of the document."""
    text = (
        "# 利用規約\n\n## 第6条（禁止事項）\n\n#### 禁止される具体的行為\n\n"
        "1. **プライバシー侵害**\n   - 他者の個人情報を公開する\n\n"
        "2. **スパム**\n   - 同じ内容を大量に投稿する\n\n#### 推奨されるマナー\n\n- 相手を尊重する\n"
    )
    doc = parse_reading(policy_from_text(text), read_markdown(text))
    section = next(n for n in doc.clauses() if n.title == "禁止される具体的行為")
    assert [c.title for c in section.children] == ["プライバシー侵害", "スパム"]
    manners = next(n for n in doc.clauses() if n.title == "推奨されるマナー")
    article = next(n for n in doc.clauses() if n.title == "禁止事項")
    assert manners in article.children and section in article.children


def test_a_numbered_title_line_without_markdown_headings_is_still_a_top_heading():
    text = "1. 総則\n\n本方針は当社の方針です。\n\n2. 利用目的\n\n当社は以下の目的で利用します。\n"
    doc = parse_reading(policy_from_text(text), read_text(text))
    tops = [n.title for n in doc.root.children if n.title]
    assert "総則" in tops and "利用目的" in tops

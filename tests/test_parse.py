"""policydiff.parse: clause trees for the styles of real Japanese policies, and losslessness."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.errors import InputError
from policydiff.load import policy_from_text
from policydiff.model import Clause, Document, Kind
from policydiff.parse import parse, split_lines


def tree(text: str) -> Document:
    doc = parse(policy_from_text(text))
    assert_lossless(doc)
    return doc


def assert_lossless(doc: Document) -> None:
    """Every character of the text belongs to exactly one line of exactly one node."""
    text = doc.policy.text
    lines = sorted((ln for n in doc.root.walk() for ln in n.lines), key=lambda ln: ln.start)
    pos = 0
    for ln in lines:
        assert ln.start == pos, f"gap or overlap at {pos}: line {ln}"
        assert ln.end > ln.start
        assert text[ln.start : ln.end].rstrip("\n") == ln.raw
        pos = ln.end
    assert pos == len(text)
    assert "".join(text[ln.start : ln.end] for ln in lines) == text


def by_label(doc: Document, label: str) -> Clause:
    found = [n for n in doc.clauses() if n.label == label]
    assert found, f"no clause labelled {label!r} in {[n.label for n in doc.clauses()]}"
    return found[0]


def contents(node: Clause) -> list[str]:
    return [ln.content for ln in node.lines if ln.content]


def top(doc: Document) -> list[Clause]:
    return list(doc.root.children)


# --------------------------------------------------------------------------- articles


ARTICLES_DOC = """\
プライバシーポリシー

株式会社ミライテック（以下「当社」といいます。）は、お客様の個人情報を次のとおり取り扱います。

第1条（個人情報の取得）
1. 当社は、適正な手段により個人情報を取得します。
2. 当社は、次の情報を取得します。
（1）氏名
（2）メールアドレス
（3）電話番号

第2条（利用目的）
当社は、取得した個人情報をサービスの提供のために利用します。

2024年4月1日 制定

以上
"""


def test_articles_with_paragraphs_and_items():
    doc = tree(ARTICLES_DOC)
    assert doc.structure == "clauses"
    assert doc.fallback_reason == ""
    kinds = [n.kind for n in top(doc)]
    assert kinds == [Kind.TITLE, Kind.PREAMBLE, Kind.ARTICLE, Kind.ARTICLE, Kind.TRAILER]

    art1 = by_label(doc, "第1条")
    assert (art1.kind, art1.number, art1.title, art1.heading) == (
        Kind.ARTICLE,
        "1",
        "個人情報の取得",
        True,
    )
    paras = list(art1.children)
    assert [p.kind for p in paras] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert [p.label for p in paras] == ["1.", "2."]
    assert [p.number for p in paras] == ["1", "2"]
    assert contents(paras[0]) == ["当社は、適正な手段により個人情報を取得します。"]
    items = list(paras[1].children)
    assert [i.kind for i in items] == [Kind.ITEM] * 3
    assert [i.label for i in items] == ["（1）", "（2）", "（3）"]
    assert [contents(i)[0] for i in items] == ["氏名", "メールアドレス", "電話番号"]
    assert all(not i.heading for i in items)

    art2 = by_label(doc, "第2条")
    assert art2.title == "利用目的"
    assert [n.kind for n in art2.walk()][1:] == [Kind.PARAGRAPH]


def test_title_and_preamble():
    doc = tree(ARTICLES_DOC)
    title, preamble = top(doc)[:2]
    assert title.kind is Kind.TITLE and title.title == "プライバシーポリシー"
    assert doc.title == "プライバシーポリシー"
    assert preamble.kind is Kind.PREAMBLE
    assert contents(preamble) == [
        "株式会社ミライテック（以下「当社」といいます。）は、お客様の個人情報を次のとおり取り扱います。"
    ]


def test_trailer_with_date_and_closing_word():
    doc = tree(ARTICLES_DOC)
    trailer = top(doc)[-1]
    assert trailer.kind is Kind.TRAILER
    assert contents(trailer) == ["2024年4月1日 制定", "以上"]
    # the date is not part of the last article
    assert all("制定" not in c for n in by_label(doc, "第2条").walk() for c in contents(n))


def test_trailer_with_revision_dates_and_signature():
    text = (
        "第1条（目的）\n本ポリシーは、当社における個人情報の取扱いを定めます。\n\n"
        "制定日：2020年4月1日\n最終改定日：2024年10月1日\n株式会社ミライテック\n代表取締役 未来 太郎\n"
    )
    doc = tree(text)
    trailer = top(doc)[-1]
    assert trailer.kind is Kind.TRAILER
    assert contents(trailer) == [
        "制定日：2020年4月1日",
        "最終改定日：2024年10月1日",
        "株式会社ミライテック",
        "代表取締役 未来 太郎",
    ]


def test_a_signature_alone_is_not_a_trailer():
    doc = tree(
        "第1条（目的）\n本ポリシーは、当社における個人情報の取扱いを定めます。\n株式会社ミライテック\n"
    )
    assert Kind.TRAILER not in [n.kind for n in doc.clauses()]


@pytest.mark.parametrize(
    ("line", "label", "number", "title"),
    [
        ("第 10 条 (安全管理措置)", "第 10 条", "10", "安全管理措置"),
        ("第1条 (個人情報の取得)", "第1条", "1", "個人情報の取得"),
        ("第１０条（従業員の監督）", "第１０条", "10", "従業員の監督"),
        ("第十二条（開示の請求）", "第十二条", "12", "開示の請求"),
        ("第二十三条（準拠法）", "第二十三条", "23", "準拠法"),
        ("第2条の2（仮名加工情報）", "第2条の2", "2-2", "仮名加工情報"),
        ("第十条の三（匿名加工情報）", "第十条の三", "10-3", "匿名加工情報"),
        ("第3条【委託】", "第3条", "3", "委託"),
        ("第4条 共同利用", "第4条", "4", "共同利用"),
    ],
)
def test_article_heading_styles(line, label, number, title):
    doc = tree(f"{line}\n当社は、個人情報を適切に取り扱います。\n")
    art = top(doc)[0]
    assert art.kind is Kind.ARTICLE
    assert (art.label, art.number, art.title) == (label, number, title)
    assert art.heading
    assert [contents(c) for c in art.children] == [["当社は、個人情報を適切に取り扱います。"]]


def test_articles_in_order_keep_their_numbers():
    text = "".join(
        f"{head}\n当社は、第{k}の事項について定めます。\n\n"
        for k, head in enumerate(
            [
                "第一条（目的）",
                "第二条（定義）",
                "第二条の二（適用範囲）",
                "第三条（委託）",
                "第 10 条 (安全管理)",
            ],
            1,
        )
    )
    doc = tree(text)
    arts = [n for n in top(doc) if n.kind is Kind.ARTICLE]
    assert [a.number for a in arts] == ["1", "2", "2-2", "3", "10"]


@pytest.mark.parametrize(
    "text",
    [
        "利用規約\n\n（目的）\n第1条 本規約は、当社のサービスの利用条件を定めるものです。\n\n"
        "（定義）\n第2条 本規約において「会員」とは、登録した者をいいます。\n",
        "利用規約\n\n第1条\n（目的）\n本規約は、当社のサービスの利用条件を定めるものです。\n\n"
        "第2条\n（定義）\n本規約において「会員」とは、登録した者をいいます。\n",
    ],
    ids=["caption-before", "caption-after"],
)
def test_article_title_on_its_own_line(text):
    """Regression: a caption line before or after 第N条 was a separate section or body text."""
    doc = tree(text)
    arts = [n for n in doc.clauses() if n.kind is Kind.ARTICLE]
    assert [(a.label, a.title) for a in arts] == [("第1条", "目的"), ("第2条", "定義")]


def test_article_title_on_its_own_line_loses_no_text():
    text = "（目的）\n第1条 本規約は、当社のサービスの利用条件を定めるものです。\n"
    doc = tree(text)
    words = [c for n in doc.clauses() for c in contents(n)]
    assert "（目的）" in words
    assert by_label(doc, "第1条").kind is Kind.ARTICLE
    assert "本規約は、当社のサービスの利用条件を定めるものです。" in words


def test_chapters_contain_articles():
    text = (
        "第1章 総則\n\n第1条（目的）\n本規約は、利用条件を定めます。\n\n第2条（定義）\n用語の定義は次のとおりです。\n\n"
        "第2章 会員\n\n第3条（登録）\n登録希望者は、当社の定める方法により申請します。\n"
    )
    doc = tree(text)
    chapters = top(doc)
    assert [c.kind for c in chapters] == [Kind.CHAPTER, Kind.CHAPTER]
    assert [a.label for a in chapters[0].children] == ["第1条", "第2条"]
    assert [a.label for a in chapters[1].children] == ["第3条"]


def test_chapter_title_without_brackets():
    doc = tree("第1章 総則\n\n第1条（目的）\n本規約は、利用条件を定めます。\n")
    chapter = top(doc)[0]
    assert (chapter.kind, chapter.label, chapter.title) == (Kind.CHAPTER, "第1章", "総則")


def test_chapter_title_in_brackets():
    doc = tree("第1章（総則）\n\n第1条（目的）\n本規約は、利用条件を定めます。\n")
    chapter = top(doc)[0]
    assert (chapter.kind, chapter.label, chapter.number, chapter.title) == (
        Kind.CHAPTER,
        "第1章",
        "1",
        "総則",
    )


def test_full_width_paragraph_numbers():
    doc = tree(
        "第5条（委託）\n１　当社は、個人情報の取扱いを委託することがあります。\n２　当社は、委託先を適切に監督します。\n"
    )
    paras = list(by_label(doc, "第5条").children)
    assert [p.kind for p in paras] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert [p.number for p in paras] == ["1", "2"]
    assert contents(paras[1]) == ["当社は、委託先を適切に監督します。"]


# --------------------------------------------------------------------------- markdown


MARKDOWN_DOC = """\
# 利用規約

## 第1条（適用）
本規約は、株式会社ミライテックが提供するサービスに適用されます。

### 第2条（定義）
本規約において「会員」とは、当社所定の手続により登録した者をいいます。

## 第3条（登録）
1. 登録希望者は、当社の定める方法により登録を申請するものとします。
2. 当社は、次のいずれかに該当する場合、登録を拒否することがあります。
   - 虚偽の事項を届け出た場合
   - 過去に本規約に違反したことがある場合

#### 第4条（禁止事項）
会員は、次の行為をしてはなりません。
- 法令に違反する行為
  - 犯罪行為に関連する行為
- 当社のサーバーに過度の負担をかける行為
"""


def test_markdown_headings_of_mixed_levels_are_sibling_articles():
    doc = tree(MARKDOWN_DOC)
    assert doc.title == "利用規約"
    nodes = top(doc)
    assert nodes[0].kind is Kind.TITLE
    arts = nodes[1:]
    assert [a.kind for a in arts] == [Kind.ARTICLE] * 4
    assert [a.number for a in arts] == ["1", "2", "3", "4"]
    assert [a.title for a in arts] == ["適用", "定義", "登録", "禁止事項"]
    # markup is not part of what is diffed
    assert all("#" not in ln.content for n in doc.clauses() for ln in n.lines)


def test_markdown_bullets_nested_by_indentation():
    doc = tree(MARKDOWN_DOC)
    art3 = by_label(doc, "第3条")
    p2 = art3.children[1]
    assert p2.label == "2."
    assert [contents(i) for i in p2.children] == [
        ["虚偽の事項を届け出た場合"],
        ["過去に本規約に違反したことがある場合"],
    ]
    assert all(i.kind is Kind.ITEM and i.label == "-" for i in p2.children)

    art4 = by_label(doc, "第4条")
    (lead,) = art4.children
    assert contents(lead) == ["会員は、次の行為をしてはなりません。"]
    first, second = lead.children
    assert contents(first) == ["法令に違反する行為"]
    assert [contents(c) for c in first.children] == [["犯罪行為に関連する行為"]]
    assert contents(second) == ["当社のサーバーに過度の負担をかける行為"]
    assert second.children == ()
    assert first.depth == second.depth == first.children[0].depth - 1


def test_markdown_numbered_section_headings():
    text = (
        "# プライバシーポリシー\n## 1. 取得する情報\n当社は、次の情報を取得します。\n"
        "### アプリで取得する情報\n端末識別子を取得します。\n"
        "## 2. 利用目的\n当社は、取得した情報をサービスの提供のために利用します。\n"
    )
    doc = tree(text)
    secs = [n for n in top(doc) if n.kind is Kind.SECTION]
    assert [(s.label, s.title) for s in secs] == [("1.", "取得する情報"), ("2.", "利用目的")]
    sub = [c for c in secs[0].children if c.heading]
    assert [s.title for s in sub] == ["アプリで取得する情報"]


def test_markdown_numbered_subsection_nests_under_numbered_section():
    """Regression: '### (1) …' after '## 1. …' was a sibling (Markdown levels ignored for numbered headings)."""
    text = (
        "# プライバシーポリシー\n## 1. 取得する情報\n当社は、次の情報を取得します。\n"
        "### (1) アプリで取得する情報\n端末識別子を取得します。\n"
        "## 2. 利用目的\n当社は、取得した情報をサービスの提供のために利用します。\n"
    )
    doc = tree(text)
    sec1 = by_label(doc, "1.")
    assert [c.label for c in sec1.children if c.heading] == ["(1)"]


def test_bold_and_links_are_removed_from_content():
    doc = tree(
        "## 第9条（お問い合わせ）\n**お問い合わせ窓口**は <https://mirai-tech.example/contact> です。\n"
    )
    (para,) = by_label(doc, "第9条").children
    assert contents(para) == ["お問い合わせ窓口は https://mirai-tech.example/contact です。"]
    assert "**" in para.lines[0].raw


# --------------------------------------------------------------------------- sections and items


SECTIONS_DOC = """\
個人情報保護方針

1. 用語の定義
本方針において「個人情報」とは、個人情報保護法に定める個人情報をいいます。

2. 利用目的
当社は、次の目的で個人情報を利用します。
(1) サービスの提供
(2) お問い合わせへの対応
① 電話による対応
② メールによる対応

3. 第三者提供
当社は、次の場合を除き、個人情報を第三者に提供しません。
一 法令に基づく場合
二 人の生命、身体又は財産の保護のために必要がある場合
"""


def test_numbered_sections_followed_by_body():
    doc = tree(SECTIONS_DOC)
    secs = [n for n in top(doc) if n.kind is Kind.SECTION]
    assert [(s.label, s.number, s.title) for s in secs] == [
        ("1.", "1", "用語の定義"),
        ("2.", "2", "利用目的"),
        ("3.", "3", "第三者提供"),
    ]
    assert all(s.heading for s in secs)
    body = [c for n in secs[0].walk() for c in contents(n)]
    assert body == [
        "用語の定義",
        "本方針において「個人情報」とは、個人情報保護法に定める個人情報をいいます。",
    ]


def test_paren_circled_and_kanji_items():
    doc = tree(SECTIONS_DOC)
    sec2 = by_label(doc, "2.")
    (lead,) = sec2.children
    assert contents(lead) == ["当社は、次の目的で個人情報を利用します。"]
    p1, p2 = lead.children
    assert (p1.kind, p1.label, p1.number) == (Kind.ITEM, "(1)", "1")
    assert (p2.kind, p2.label, p2.number) == (Kind.ITEM, "(2)", "2")
    assert [(c.label, c.number, contents(c)) for c in p2.children] == [
        ("①", "1", ["電話による対応"]),
        ("②", "2", ["メールによる対応"]),
    ]
    sec3 = by_label(doc, "3.")
    kanji = list(sec3.children[0].children)
    assert [(k.kind, k.label, k.number) for k in kanji] == [
        (Kind.ITEM, "一", "1"),
        (Kind.ITEM, "二", "2"),
    ]
    assert contents(kanji[1]) == ["人の生命、身体又は財産の保護のために必要がある場合"]


def test_number_space_title_sections():
    text = (
        "情報セキュリティ基本方針\n\n1 全体の方針\n当社は、情報資産を適切に保護します。\n\n"
        "2 取得する情報\n当社は、業務に必要な範囲で情報を取得します。\n\n"
        "10 本方針の変更\n当社は、本方針を変更することがあります。\n"
    )
    doc = tree(text)
    secs = [n for n in top(doc) if n.kind is Kind.SECTION]
    assert [(s.number, s.title) for s in secs] == [
        ("1", "全体の方針"),
        ("2", "取得する情報"),
        ("10", "本方針の変更"),
    ]
    assert contents(secs[0].children[0]) == ["当社は、情報資産を適切に保護します。"]


def test_a_number_with_a_counter_is_not_a_section():
    # 「30 日」 is a duration, not section 30
    doc = tree("第1条（保存期間）\n当社は、個人情報を退会後\n30 日以内に消去します。\n")
    assert not any(n.number == "30" for n in doc.clauses())


def test_nakaguro_bullets_and_plain_lines():
    text = "第2条（取得する情報）\n当社は、次の情報を取得します。\n・氏名\n・連絡先\n・購入履歴\n\n当社は、上記の情報を安全に管理します。\n"
    doc = tree(text)
    art = by_label(doc, "第2条")
    lead, tail = art.children
    assert [(i.kind, i.label, contents(i)) for i in lead.children] == [
        (Kind.ITEM, "・", ["氏名"]),
        (Kind.ITEM, "・", ["連絡先"]),
        (Kind.ITEM, "・", ["購入履歴"]),
    ]
    assert tail.kind is Kind.PARAGRAPH and tail.label == ""
    assert contents(tail) == ["当社は、上記の情報を安全に管理します。"]


def test_nakaguro_bullets_indented_with_full_width_spaces_nest():
    """Regression: U+3000 indentation was not indentation; '　・電話番号' was glued to the previous item."""
    text = "第2条（取得する情報）\n当社は、次の情報を取得します。\n・氏名\n・連絡先\n　・電話番号\n　・メールアドレス\n・購入履歴\n"
    doc = tree(text)
    items = list(by_label(doc, "第2条").children[0].children)
    assert [contents(i) for i in items] == [["氏名"], ["連絡先"], ["購入履歴"]]
    assert [contents(c) for c in items[1].children] == [["電話番号"], ["メールアドレス"]]


def test_other_bullet_at_outer_indentation_is_not_nested():
    """Regression: an outer '・' after a nested '-' list was nested under the previous '-' item."""
    text = "第2条（取得する情報）\n当社は、次の情報を取得します。\n- 氏名\n  - 旧姓\n・購入履歴\n"
    doc = tree(text)
    lead = by_label(doc, "第2条").children[0]
    assert [contents(i) for i in lead.children] == [["氏名"], ["購入履歴"]]


def test_unnumbered_paragraphs_are_paragraphs():
    text = (
        "第3条（安全管理）\n当社は、個人情報の漏えいを防止するため、必要な措置を講じます。\n\n"
        "当社は、従業者に対し、必要かつ適切な監督を行います。\n"
    )
    doc = tree(text)
    paras = list(by_label(doc, "第3条").children)
    assert [(p.kind, p.label) for p in paras] == [(Kind.PARAGRAPH, ""), (Kind.PARAGRAPH, "")]
    assert [contents(p) for p in paras] == [
        ["当社は、個人情報の漏えいを防止するため、必要な措置を講じます。"],
        ["当社は、従業者に対し、必要かつ適切な監督を行います。"],
    ]


def test_continuation_line_stays_in_its_item():
    text = "第2条（利用目的）\n（1）当社が提供するサービスの\n　　提供及び運営のため\n（2）お問い合わせへの対応のため\n"
    doc = tree(text)
    i1, i2 = by_label(doc, "第2条").children
    assert contents(i1) == ["当社が提供するサービスの", "提供及び運営のため"]
    assert contents(i2) == ["お問い合わせへの対応のため"]


def test_page_break_inside_a_sentence_stays_in_its_article():
    text = (
        "利用規約\n\n第1条（目的）\n本規約は、株式会社ミライテックが提供するサービスの利用条件を定めるものとし\n\n"
        "ます。\n\n第2条（定義）\n本規約において使用する用語の定義は、次のとおりとします。\n"
    )
    doc = tree(text)
    art1 = by_label(doc, "第1条")
    art1_text = [c for n in art1.walk() for c in contents(n)]
    assert art1_text[-2:] == [
        "本規約は、株式会社ミライテックが提供するサービスの利用条件を定めるものとし",
        "ます。",
    ]
    assert [a.label for a in top(doc) if a.kind is Kind.ARTICLE] == ["第1条", "第2条"]
    assert not any(c == "ます。" for n in by_label(doc, "第2条").walk() for c in contents(n))


def test_page_number_noise_is_kept_but_not_content():
    text = "第1条（目的）\n本規約は、利用条件を定めます。\n\n- 1 -\n\n第2条（定義）\n用語の定義は次のとおりです。\n"
    doc = tree(text)
    noise = [ln for n in doc.clauses() for ln in n.lines if ln.raw == "- 1 -"]
    assert len(noise) == 1 and noise[0].content == ""
    assert [a.label for a in top(doc)] == ["第1条", "第2条"]


# --------------------------------------------------------------------------- fallback


def test_paragraph_fallback_for_text_without_structure():
    text = (
        "当社はお客様の情報を大切に扱います。\nお客様の情報は適切に管理されます。\n\n"
        "当社はお客様からの問い合わせに誠実に対応します。\n"
    )
    doc = tree(text)
    assert doc.structure == "paragraphs"
    assert doc.fallback_reason
    paras = top(doc)
    assert [p.kind for p in paras] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert contents(paras[0]) == [
        "当社はお客様の情報を大切に扱います。",
        "お客様の情報は適切に管理されます。",
    ]
    assert contents(paras[1]) == ["当社はお客様からの問い合わせに誠実に対応します。"]


def test_structured_documents_do_not_fall_back():
    for text in (ARTICLES_DOC, MARKDOWN_DOC, SECTIONS_DOC):
        doc = tree(text)
        assert doc.structure == "clauses"
        assert doc.fallback_reason == ""


def test_split_lines_covers_the_text():
    text = "a\n\nb\nc"
    assert split_lines(text) == [(0, 2, "a"), (2, 3, ""), (3, 5, "b"), (5, 6, "c")]


def test_clause_tree_is_deterministic():
    a, b = tree(SECTIONS_DOC), tree(SECTIONS_DOC)
    assert a.root == b.root


def test_library_parse_function_in_a_fresh_process():
    """policydiff.parse(text) works once in a fresh interpreter (the submodule is not loaded yet)."""
    import subprocess
    import sys

    code = "import policydiff; d = policydiff.parse('第1条（目的）\\n本規約は利用条件を定めます。\\n'); print(d.clauses()[0].label)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert out.stdout.strip() == "第1条"


def test_public_parse_accepts_text():
    """Regression: the submodule policydiff.parse once replaced the function policydiff.parse."""
    import policydiff

    policydiff.compare("第1条（目的）\n本文です。\n", "第1条（目的）\n本文でした。\n")
    doc = policydiff.parse(ARTICLES_DOC)
    assert doc.title == "プライバシーポリシー"
    assert_lossless(doc)


# --------------------------------------------------------------------------- property


_ALPHABET = list(
    "第条章項号（）()【】#-・*①②一二十123１２ \u3000\t\n。、当社は個人情報をしますの以上年月日制定株式会社>`_[]<:：.．"
)
_PIECES = [
    "第1条", "第二条", "第2条の2", "（目的）", "(定義)", "# ", "## ", "### ", "- ", "  - ", "・", "1. ", "２　",
    "(1)", "（1）", "①", "一 ", "2024年4月1日 制定", "以上", "\n", "\n\n", "  ", "\u3000",
    "当社は個人情報を適切に取り扱います。", "株式会社ミライテック", "**", "- 1 -", "\f",
]  # fmt: skip
policy_texts = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(alphabet=_ALPHABET, max_size=8)), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_texts)
def test_parse_never_raises_and_never_loses_a_character(text):
    try:
        policy = policy_from_text(text)
    except InputError:
        assert not text.strip() or any(ord(c) < 32 and c not in "\n\t\f\v\r" for c in text)
        return
    try:
        doc = parse(policy)
    except InputError as exc:  # Markdown with no visible text (「# 」 alone) is refused
        assert "no readable text in this markdown document" in str(exc)
        return
    assert doc.structure in ("clauses", "paragraphs")
    assert (doc.structure == "paragraphs") == bool(doc.fallback_reason)
    lines = sorted((ln for n in doc.root.walk() for ln in n.lines), key=lambda ln: ln.start)
    pos = 0
    for ln in lines:
        assert ln.start == pos  # no gap, no overlap
        pos = ln.end
    assert "".join(policy.text[ln.start : ln.end] for ln in lines) == policy.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_parse_never_raises_on_any_unicode(text):
    try:
        policy = policy_from_text(text)
    except InputError:
        return
    try:
        doc = parse(policy)
    except InputError as exc:
        assert "no readable text" in str(exc)
        return
    assert (
        "".join(
            policy.text[ln.start : ln.end]
            for ln in sorted(
                (ln for n in doc.root.walk() for ln in n.lines), key=lambda ln: ln.start
            )
        )
        == policy.text
    )

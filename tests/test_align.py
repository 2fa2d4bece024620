"""policydiff.align (through the library API ``policydiff.compare`` and directly)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff.align import align, bag, dice
from policydiff.errors import InputError
from policydiff.load import policy_from_text
from policydiff.model import Severity
from policydiff.parse import parse
from policydiff.tokens import tokenize
from policydiff.units import document_units

NEW_ARTICLE = (
    "適用範囲",
    "本ポリシーは、当社が運営するすべてのウェブサイト及びアプリに適用されます。",
)


def changes(report):
    return [(c.type, c.severity.value) for c in report.changes]


def assert_counts_consistent(report) -> None:
    material = sum(c.severity is Severity.MATERIAL for c in report.changes)
    assert report.counts == {"material": material, "minor": len(report.changes) - material}
    assert [c.id for c in report.changes] == [f"c{k}" for k in range(1, len(report.changes) + 1)]


def statuses(report) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in report.pairs:
        out[p.status] = out.get(p.status, 0) + 1
    return out


# --------------------------------------------------------------------------- identity


def test_compare_identical_texts(policy_text):
    report = policydiff.compare(policy_text, policy_text)
    assert report.changes == ()
    assert report.verdict == "identical"
    assert report.counts == {"material": 0, "minor": 0}
    assert report.pairs == ()  # equal texts are answered before parsing and alignment


def test_formatting_only_difference_is_not_identical(policy_text):
    report = policydiff.compare(policy_text, policy_text + "\n\n")
    assert report.counts["material"] == 0
    assert report.verdict == "minor"


def test_markdown_reformatting_is_not_material(policy_text):
    md = "# " + policy_text.replace("\n第", "\n## 第")
    report = policydiff.compare(policy_text, md)
    assert report.counts["material"] == 0
    assert report.verdict in ("minor", "identical")


# --------------------------------------------------------------------------- whole clauses


def test_article_inserted_early_is_one_added_change(articles, make_doc):
    old = make_doc(articles)
    new = make_doc(articles[:1] + [NEW_ARTICLE] + articles[1:])
    report = policydiff.compare(old, new)
    assert len(report.changes) == 1
    (c,) = report.changes
    assert c.type == "added"
    assert c.old_unit is None
    assert c.new_unit.clause.label == "第2条"
    assert "第2条（適用範囲）" in c.new_text and NEW_ARTICLE[1] in c.new_text
    assert c.old_text == ""
    # the nine shifted articles are paired, not reported
    st_ = statuses(report)
    assert st_["added"] == 1
    assert st_.get("modified", 0) == 0 and st_.get("moved", 0) == 0 and st_.get("removed", 0) == 0
    shifted = [
        (p.old.clause.label, p.new.clause.label)
        for p in report.pairs
        if p.old and p.new and p.old.clause.label
    ]
    assert ("第2条", "第3条") in shifted and ("第10条", "第11条") in shifted
    assert_counts_consistent(report)


def test_article_deleted_is_one_removed_change(articles, make_doc):
    old = make_doc(articles)
    new = make_doc(articles[:3] + articles[4:])  # 第4条（第三者提供） deleted, 第5–10条 shift up
    report = policydiff.compare(old, new)
    assert changes(report) == [("removed", "material")]
    (c,) = report.changes
    assert c.new_unit is None and c.old_unit.clause.title == "第三者提供"
    assert articles[3][1] in c.old_text and c.new_text == ""
    assert "third_party" in c.categories
    assert_counts_consistent(report)


def test_article_moved_unchanged_is_one_minor_move(articles, make_doc):
    old = make_doc(articles)
    new = make_doc(
        articles[:2] + articles[3:9] + [articles[2]] + articles[9:]
    )  # 第3条 moves to 第9条
    report = policydiff.compare(old, new)
    assert changes(report) == [("moved", "minor")]
    (c,) = report.changes
    assert c.old_unit.clause.title == c.new_unit.clause.title == "利用目的"
    assert (c.old_unit.clause.label, c.new_unit.clause.label) == ("第3条", "第9条")
    assert articles[2][1] in c.new_text
    assert c.categories == ("editorial",)
    assert report.verdict == "minor"


def chapters_doc(first, second, title1: str, title2: str) -> str:
    out, k = ["利用規約", "", f"第1章{title1}", ""], 1
    for head, body in first:
        out += [f"第{k}条（{head}）", body, ""]
        k += 1
    out += [f"第2章{title2}", ""]
    for head, body in second:
        out += [f"第{k}条（{head}）", body, ""]
        k += 1
    return "\n".join(out)


def test_move_inside_a_chapter_is_minor(articles):
    old = chapters_doc(articles[:4], articles[4:], "（総則）", "（個人情報）")
    new = chapters_doc(
        [articles[0], articles[2], articles[1], articles[3]],
        articles[4:],
        "（総則）",
        "（個人情報）",
    )
    report = policydiff.compare(old, new)
    assert [(c.type, c.severity.value) for c in report.changes] == [("moved", "minor")]


def test_move_to_another_chapter_is_material(articles):
    old = chapters_doc(articles[:3], articles[3:], "（総則）", "（個人情報）")
    new = chapters_doc(
        articles[:2], articles[3:6] + [articles[2]] + articles[6:], "（総則）", "（個人情報）"
    )
    report = policydiff.compare(old, new)
    (c,) = report.changes
    assert c.type == "moved"
    assert (c.old_unit.path[0], c.new_unit.path[0]) == ("第1章", "第2章")
    assert c.severity is Severity.MATERIAL


def test_move_to_another_chapter_with_plain_chapter_titles_is_material(articles):
    old = chapters_doc(articles[:3], articles[3:], " 総則", " 個人情報")
    new = chapters_doc(
        articles[:2], articles[3:6] + [articles[2]] + articles[6:], " 総則", " 個人情報"
    )
    report = policydiff.compare(old, new)
    (c,) = report.changes
    assert c.type == "moved"
    assert (c.old_unit.path[0], c.new_unit.path[0]) == ("第1章", "第2章")
    assert c.severity is Severity.MATERIAL


def test_moved_and_edited_article(articles, make_doc):
    moved = ("利用目的", articles[2][1].replace("本人確認及び", "本人確認、広告の配信及び"))
    new = make_doc(articles[:2] + articles[3:9] + [moved] + articles[9:])
    report = policydiff.compare(make_doc(articles), new)
    types = [c.type for c in report.changes]
    assert types.count("moved") == 1
    edits = [c for c in report.changes if c.type == "modified"]
    assert len(edits) == 1 and "広告の配信" in edits[0].new_text
    assert edits[0].severity is Severity.MATERIAL
    assert report.verdict == "material"


def test_several_insertions_and_deletions(articles, make_doc):
    new_arts = (
        articles[:1]
        + [NEW_ARTICLE]
        + articles[1:5]
        + articles[6:]
        + [("準拠法", "本ポリシーは、日本法に準拠します。")]
    )
    report = policydiff.compare(make_doc(articles), make_doc(new_arts))
    assert sorted(c.type for c in report.changes) == ["added", "added", "removed"]
    removed = next(c for c in report.changes if c.type == "removed")
    assert removed.old_unit.clause.title == "安全管理措置"


# --------------------------------------------------------------------------- inside a clause


PURPOSES = [
    "サービスの提供のため",
    "本人確認のため",
    "お問い合わせへの対応のため",
    "利用規約に違反する行為への対応のため",
]


def purposes_doc(articles, make_doc, purposes):
    body = "当社は、次の目的で個人情報を利用します。\n" + "\n".join(
        f"（{k}）{p}" for k, p in enumerate(purposes, 1)
    )
    return make_doc(articles[:2] + [("利用目的", body)] + articles[3:])


def test_new_list_item_is_one_insertion_not_a_cascade(articles, make_doc):
    old = purposes_doc(articles, make_doc, PURPOSES)
    new = purposes_doc(
        articles, make_doc, PURPOSES[:1] + ["新商品のご案内及び広告の配信のため"] + PURPOSES[1:]
    )
    report = policydiff.compare(old, new)
    assert len(report.changes) == 1
    (c,) = report.changes
    assert c.type == "modified"
    assert c.old_text == ""
    assert c.new_text.strip() == "新商品のご案内及び広告の配信のため"
    assert c.severity is Severity.MATERIAL
    assert "purpose_of_use" in c.categories
    assert c.legal_refs


def test_removed_list_item_is_one_deletion(articles, make_doc):
    old = purposes_doc(articles, make_doc, PURPOSES)
    new = purposes_doc(articles, make_doc, PURPOSES[:1] + PURPOSES[2:])
    report = policydiff.compare(old, new)
    assert len(report.changes) == 1
    (c,) = report.changes
    assert c.old_text.strip() == "本人確認のため" and c.new_text == ""
    assert c.severity is Severity.MATERIAL


def test_number_change_in_shifted_article_is_reported_once(articles, make_doc):
    new_arts = articles[:1] + [NEW_ARTICLE] + articles[1:]
    new_arts[7] = ("保存期間", articles[6][1].replace("30日間", "60日間"))
    report = policydiff.compare(make_doc(articles), make_doc(new_arts))
    assert sorted(changes(report)) == [("added", "material"), ("modified", "material")]
    mod = next(c for c in report.changes if c.type == "modified")
    assert (mod.old_text, mod.new_text) == ("30", "60")
    assert (mod.old_unit.clause.label, mod.new_unit.clause.label) == ("第7条", "第8条")
    assert "retention" in mod.categories
    assert any("30" in r and "60" in r for r in mod.reasons)


def test_two_edits_in_one_article_are_two_changes(articles, make_doc):
    new_arts = list(articles)
    new_arts[6] = ("保存期間", "当社は、個人情報を退会後60日間保存し、その後遅滞なく消去します。")
    report = policydiff.compare(make_doc(articles), make_doc(new_arts))
    texts = [(c.old_text, c.new_text) for c in report.changes]
    assert len(texts) == 2
    assert texts[0] == ("30", "60")
    assert "速やか" in texts[1][0] and "遅滞なく" in texts[1][1]


# --------------------------------------------------------------------------- cross-references


def crossref_docs(articles, make_doc, new_ref: str):
    arts = list(articles)
    arts[7] = (
        "開示等の請求",
        "本人は、第5条に定める場合を除き、保有個人データの開示を請求することができます。",
    )
    new = arts[:1] + [NEW_ARTICLE] + arts[1:]
    new[8] = (
        "開示等の請求",
        f"本人は、{new_ref}に定める場合を除き、保有個人データの開示を請求することができます。",
    )
    return make_doc(arts), make_doc(new)


def test_cross_reference_following_the_renumbering_is_minor(articles, make_doc):
    old, new = crossref_docs(articles, make_doc, "第6条")
    report = policydiff.compare(old, new)
    refs = [c for c in report.changes if c.type == "modified"]
    assert len(refs) == 1
    (c,) = refs
    assert (c.old_text, c.new_text) == ("5", "6")
    assert c.severity is Severity.MINOR
    assert c.categories == ("editorial",)
    assert any("参照" in r for r in c.reasons)
    assert [x.type for x in report.changes if x.severity is Severity.MATERIAL] == ["added"]


@pytest.mark.parametrize(
    ("old_ref", "new_ref"),
    [
        ("第五条", "第六条"),
        ("第 5 条", "第 6 条"),
        ("第５条", "第６条"),
        ("第5条第2項", "第6条第2項"),
    ],
)
def test_cross_reference_variants_following_the_renumbering_are_minor(
    articles, make_doc, old_ref, new_ref
):
    old, new = crossref_docs(articles, make_doc, new_ref)
    old = old.replace("第5条に定める", f"{old_ref}に定める")
    report = policydiff.compare(old, new)
    (c,) = [c for c in report.changes if c.type == "modified"]
    assert c.severity is Severity.MINOR, (c.old_text, c.new_text, c.reasons)


def test_cross_reference_against_the_renumbering_is_material(articles, make_doc):
    old, new = crossref_docs(articles, make_doc, "第8条")  # old 第5条 became 第6条, not 第8条
    report = policydiff.compare(old, new)
    (c,) = [c for c in report.changes if c.type == "modified"]
    assert (c.old_text, c.new_text) == ("5", "8")
    assert c.severity is Severity.MATERIAL


def test_renumbering_map(articles, make_doc):
    old, new = make_doc(articles), make_doc(articles[:1] + [NEW_ARTICLE] + articles[1:])
    ou = document_units(parse(policy_from_text(old)))
    nu = document_units(parse(policy_from_text(new)))
    cache = {id(u): tokenize(u.text) for u in [*ou, *nu]}
    result = align(ou, nu, lambda u: cache[id(u)])
    assert result.renumbering["1"] == "1"
    assert all(result.renumbering[str(k)] == str(k + 1) for k in range(2, 11))
    assert [p.status for p in result.pairs].count("added") == 1
    # pairs come in new-document order
    new_order = [p.new.index for p in result.pairs if p.new is not None]
    assert new_order == sorted(new_order) == list(range(len(nu)))


# --------------------------------------------------------------------------- editorial vs material


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("取扱い", "取り扱い"),
        ("30日間", "３０日間"),
        ("お客様相談室", "おお客様相談室"),
        ("ご連絡ください", "ご連絡下さい"),
        ("取得します。", "取得します"),
    ],
)
def test_editorial_edits_are_minor(policy_text, old, new):
    changed = policy_text.replace(old, new)
    for a, b in ((policy_text, changed), (changed, policy_text)):
        report = policydiff.compare(a, b)
        assert report.changes
        assert report.verdict == "minor"
        assert all(
            c.severity is Severity.MINOR and c.categories == ("editorial",) for c in report.changes
        )


@pytest.mark.parametrize(
    ("old", "new", "category"),
    [
        ("30日間", "5年間", "retention"),
        ("提供しません", "提供することがあります", "third_party"),
        ("外部の事業者に", "外国にある事業者に", None),
        ("提供しません", "提供します", "third_party"),
        ("請求することができます", "請求することはできません", None),
        ("講じます", "講じるよう努めます", "security"),
        ("氏名、", "氏名、住所、", "data_collected"),
    ],
)
def test_substantive_edits_are_material(policy_text, old, new, category):
    report = policydiff.compare(policy_text, policy_text.replace(old, new))
    assert report.verdict == "material"
    (c,) = report.changes
    assert c.severity is Severity.MATERIAL
    assert c.reasons and all(isinstance(r, str) and r for r in c.reasons)
    if category:
        assert category in c.categories


def test_added_article_reason_does_not_cite_its_own_number(articles, make_doc):
    """The label 第2条 of an added article is not a 'changed number' (its body has no digit)."""
    added = ("保護方針", "当社は、個人情報の保護に関する法令を遵守します。")
    report = policydiff.compare(make_doc(articles), make_doc(articles[:1] + [added] + articles[1:]))
    (c,) = report.changes
    assert not any("数値" in r for r in c.reasons), c.reasons


def test_rewrapped_paragraph_is_not_material(articles, make_doc):
    old = make_doc(articles)
    new = old.replace("本人の同意を得ることなく", "本人の同意を得ることなく\n", 1)
    report = policydiff.compare(old, new)
    assert report.counts["material"] == 0
    assert report.verdict == "minor"


def test_page_break_rejoined_is_not_material():
    old = (
        "利用規約\n\n第1条（目的）\n本規約は、株式会社ミライテックが提供するサービスの利用条件を定めるものとし\n\n"
        "ます。\n\n第2条（定義）\n本規約において使用する用語の定義は、次のとおりとします。\n"
    )
    new = old.replace("ものとし\n\nます。", "ものとします。")
    report = policydiff.compare(old, new)
    assert report.counts["material"] == 0
    assert report.verdict == "minor"


# --------------------------------------------------------------------------- fallback documents


def test_unstructured_documents_are_compared_paragraph_by_paragraph():
    old = "当社はお客様の情報を大切に扱います。\n\n当社はお客様からの問い合わせに誠実に対応します。\n\n当社は情報を30日間保存します。\n"
    new = old.replace("30日間", "90日間")
    report = policydiff.compare(old, new)
    assert report.old.structure == report.new.structure == "paragraphs"
    assert report.warnings and all("paragraph" in w for w in report.warnings)
    assert [(c.old_text, c.new_text) for c in report.changes] == [("30", "90")]


# --------------------------------------------------------------------------- helpers


def test_dice_and_bag():
    a = bag(tokenize("第5条に定める個人情報"))
    b = bag(tokenize("第6条に定める個人情報"))
    assert a == b  # numbers are masked
    assert dice(a, b) == 1.0
    assert dice(a, bag(tokenize("Cookie"))) == 0.0


# --------------------------------------------------------------------------- property


_WORDS = [
    "第1条（目的）\n",
    "第2条（定義）\n",
    "1. ",
    "（1）",
    "・",
    "当社は",
    "個人情報を",
    "30日間",
    "60日間",
    "保存します。",
    "提供しません。",
    "\n",
    "\n\n",
    "# ",
]
texts = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts)
def test_compare_never_raises_and_is_consistent(a, b):
    try:
        policy_from_text(a)
        policy_from_text(b)
    except InputError:
        return
    try:
        report = policydiff.compare(a, b)
    except InputError as exc:  # Markdown with no visible text (「# 」 alone) is refused
        assert "no readable text" in str(exc)
        return
    assert report.verdict in ("identical", "minor", "material")
    assert_counts_consistent(report)
    assert (report.verdict == "material") == (report.counts["material"] > 0)
    assert policydiff.compare(a, a).verdict == "identical"

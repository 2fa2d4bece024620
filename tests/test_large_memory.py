"""What the memory work on large inputs must not change: the same tokens after the dictionary's
pages are let go, the same JSON text written piece by piece, strings shared within a
comparison only, a unit's body made on demand as it was kept, no order pairs without a common
key. (The memory and time themselves are measured by benchmarks/, never asserted here.)"""

from __future__ import annotations

import json

from policydiff import compare
from policydiff.align import _in_order
from policydiff.load import policy_from_text
from policydiff.model import Kind
from policydiff.parse import parse
from policydiff.render import report_to_dict, to_json_text
from policydiff.sharing import share, strings_shared
from policydiff.terminal import escape_json_text
from policydiff.tokens import load_lean, tokenize
from policydiff.units import document_units

TEXT = "第1条（目的）\n当社は、お客様の個人情報を適切に取り扱います。ｱｲｳ　123円。\n"


def test_tokens_are_the_same_after_the_dictionary_pages_are_let_go():
    before = tokenize(TEXT)
    load_lean()
    assert tokenize(TEXT) == before
    load_lean()  # again, on a loaded dictionary: harmless
    assert [t.surface for t in tokenize(TEXT)] == [t.surface for t in before]


def _many_changes(n: int) -> tuple[str, str]:
    old = "".join(f"第{k}条（事項{k}）\n本条は第{k}の事項を定めます。\n" for k in range(1, n + 1))
    # C1 controls and a bidi override in the new words: escaped in every batch of pieces
    new = "".join(
        f"第{k}条（事項{k}）\n本条は第{k}の事項\u0085を定め\u202eません。\n"
        for k in range(1, n + 1)
    )
    return old, new


def test_json_text_is_the_text_of_one_dump():
    report = compare(*_many_changes(300))  # far more than one batch of pieces
    whole = escape_json_text(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    text = to_json_text(report)
    assert text == whole + "\n"
    assert "\u0085" not in text and "\u202e" not in text
    assert json.loads(text)["counts"] == report_to_dict(report)["counts"]


def test_strings_are_shared_within_a_comparison_only():
    a, b = "".join(["本条は", "定めます"]), "".join(["本条は", "定めます"])
    assert a is not b
    with strings_shared():
        assert share(a) is share(b) is a
        with strings_shared():  # nested: the outer table
            assert share(b) is a
    c = "".join(["本条は", "定めます"])
    assert share(c) == c  # outside: sys.intern, the same words


def test_a_units_body_is_its_clause_lines_without_sub_units():
    text = (
        "# 規約\n\n第1条（目的）\n本規約は定めます。\n1. 一つ目\n   - 細目\n2. 二つ目\n\n"
        "第2条（定義）\n用語は次のとおりです。\n"
    )
    doc = parse(policy_from_text(text, "p.md"))
    for u in document_units(doc):
        lines = []
        for node in u.clause.walk():
            if node is u.clause or not node.heading:
                lines.extend(node.lines)
        lines = [ln for ln in lines if not _under_sub_unit(u.clause, ln)]
        assert u.body == tuple(sorted(lines, key=lambda ln: ln.start))
        assert u.text == "".join(ln.content + "\n" for ln in u.body if ln.content)
    first = document_units(doc)[1]
    assert first.clause.kind is Kind.ARTICLE and len(first.body) > len(first.clause.lines)


def _under_sub_unit(clause, line) -> bool:
    """Is ``line`` owned by a heading-level node below ``clause`` (a unit of its own)?"""
    stack = [(c, False) for c in clause.children]
    while stack:
        node, inside = stack.pop()
        inside = inside or node.heading
        if inside and line in node.lines:
            return True
        stack.extend((c, inside) for c in node.children)
    return False


def test_no_order_pairs_without_a_common_key():
    assert _in_order([("text", "a", "")], [("text", "b", "")]) == []
    assert _in_order([("t", 1), ("t", 2)], [("t", 2)]) == [(1, 0)]

"""Fuzzing ``parse`` and ``compare`` (issue 8): token soup, mutations of our samples and
arbitrary Unicode, lone surrogates included. Nothing may escape but policydiff's own errors,
parsing stays lossless, alignment uses every unit exactly once, and no output a terminal
could act on carries a control character.

10 000 cases in all (8 800 parsed, 1 200 pairs compared), derandomized: the same cases every
run. Each hypothesis example checks a small batch of inputs (generating an example costs
more than parsing one), and the inputs are small, so the parse cases cost well under a
millisecond and the compare cases a few.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import check_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff import PolicydiffError
from policydiff.load import policy_from_text
from policydiff.parse import parse
from policydiff.render import render_text, render_tree, to_json_text

SAMPLES = sorted(
    p.read_text(encoding="utf-8")
    for p in (Path(__file__).resolve().parent.parent / "samples").glob("*/*")
    if p.suffix in (".md", ".txt") and p.name != "README.md" and "cp932" not in p.parent.name
)
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PIECES = [
    "第1条", "第２条", "第十条", "第3条の2", "第1章", "（目的）", "(定義)", "1.", "2 ", "1.2",
    "（1）", "(2)", "①", "一", "イ", "- ", "* ", "・", "# ", "## ", "| a | b |", "|---|---|",
    "**", "*", "`", "[リンク](https://example.com)", "<b>", "&amp;", "\n", "\n\n", "\r\n", "\r",
    " ", "\u3000", "\t", "\f", "\ufeff", "\x1b[2J", "\x1b]0;t\x07", "\x9b", "\u202e", "\x00",
    "当社は", "個人情報を", "第三者に提供します。", "しません。", "30日間", "以上", "2024年4月1日 制定",
    "株式会社ミライテック", "。", "、", "「", "」", "\ud800", "\udfff", "ｱｲｳ", "Ａ", "🙂",
]  # fmt: skip

soup = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30).map("".join)
any_unicode = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
)  # surrogates (Cs) included


@st.composite
def mutated_sample(draw, max_len: int = 400) -> str:
    text = draw(st.sampled_from(SAMPLES))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    text = text[start : start + max_len]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(PIECES)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


inputs = st.one_of(soup, mutated_sample(), any_unicode)
FUZZ = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def assert_lossless(doc) -> None:
    text = doc.policy.text
    lines = sorted((ln for n in doc.root.walk() for ln in n.lines), key=lambda ln: ln.start)
    pos = 0
    for ln in lines:
        assert ln.start == pos, f"gap or overlap at {pos}"
        assert text[ln.start : ln.end].rstrip("\n") == ln.raw
        pos = ln.end
    assert pos == len(text)


def load_or_refuse(text: str):
    try:
        return policy_from_text(text)
    except PolicydiffError as exc:
        assert "\n" not in str(exc)
        return None


@settings(max_examples=1100, **FUZZ)
@given(st.lists(inputs, min_size=8, max_size=8))
def test_parse_fuzz(texts):
    for text in texts:
        check_parse(text)


def check_parse(text: str) -> None:
    policy = load_or_refuse(text)
    if policy is None:
        return
    try:
        doc = parse(policy)
    except PolicydiffError as exc:  # Markdown or HTML with no visible text (「# 」 alone)
        assert "\n" not in str(exc) and "no readable text" in str(exc)
        return
    assert_lossless(doc)
    assert not TERMINAL_CONTROL.search(render_tree(doc))
    assert not TERMINAL_CONTROL.search(render_tree(doc, fmt="json"))


@settings(max_examples=300, **FUZZ)
@given(st.lists(st.tuples(inputs, inputs), min_size=4, max_size=4))
def test_compare_fuzz(pairs):
    for old, new in pairs:
        check_compare(old, new)


def check_compare(old: str, new: str) -> None:
    try:
        report = policydiff.compare(old, new)
    except PolicydiffError as exc:
        assert "\n" not in str(exc)
        return
    for side in (report.old, report.new):
        if report.pairs:
            assert_lossless(side)
    olds = [id(p.old) for p in report.pairs if p.old is not None]
    news = [id(p.new) for p in report.pairs if p.new is not None]
    assert len(olds) == len(set(olds)) and len(news) == len(set(news))  # each unit once
    out = to_json_text(report)
    check_report(json.loads(out))
    assert not TERMINAL_CONTROL.search(out)
    assert not TERMINAL_CONTROL.search(render_text(report))

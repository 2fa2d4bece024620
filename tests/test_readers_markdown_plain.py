"""policydiff.readers.markdown reads runs of plain lines without markdown-it: the blocks are
exactly those markdown-it gives, whatever surrounds the runs."""

from __future__ import annotations

import pytest
from conftest import REPO_ROOT, SHARED_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.load import read_policy
from policydiff.readers.markdown import _is_plain, _plain_runs, read_markdown

WHOLE = 10**12  # chunk size beyond any text: one parse


def _same_as_markdown_it(text: str) -> None:
    expected = read_markdown(text, chunk_chars=WHOLE, plain_runs=False)
    assert read_markdown(text, chunk_chars=WHOLE) == expected
    assert read_markdown(text, chunk_chars=30) == expected


def test_samples_and_shared_documents_read_the_same():
    roots = [REPO_ROOT / "samples", SHARED_DIR / "eval" / "dev", SHARED_DIR / "real"]
    files = sorted(p for r in roots if r.is_dir() for p in r.rglob("*") if p.suffix == ".md")
    assert files
    for path in files:
        _same_as_markdown_it(read_policy(path).text)


def test_plain_lines():
    assert _is_plain("第1条（目的）")
    assert _is_plain("当社は、情報を取得します。  ")
    assert not _is_plain("")
    assert not _is_plain("# 見出し")
    assert not _is_plain("1. 番号")
    assert not _is_plain("\u3000全角で始まる")
    assert not _is_plain("全角で終わる\u3000")
    assert not _is_plain("**強調**を含む")
    assert not _is_plain("<a href='x'>リンク</a>")


def test_runs_are_whole_paragraphs_and_no_definition_terms():
    lines = ["# 規約", "", "一行目", "二行目", "", "用語", "", ": 定義", "", "- 項目", "続き"]
    assert _plain_runs(lines) == [(2, 4)]


CASES = {
    "lazy continuation of an item": "- 項目\n本文\n\n本文二\n",
    "after an empty item": "-\n\n本文は段落です。\n\n次の段落\n",
    "setext heading": "見出し\n本文\n===\n\n本文\n",
    "fence left open": "段落\n\n```\nコード\n\n続き\n\n本文\n",
    "HTML comment open": "段落\n\n<!--\n隠す\n\n隠す\n-->\n\n本文\n",
    "front matter": "---\ntitle 規約\n\nupdated 2024\n---\n\n# 規約\n\n本文\n",
    "definition over a blank line": "本文\n\n用語\n\n: 定義\n\n本文\n",
    "table": "本文\n\na | b\n--|--\n1 | 2\n\n本文\n",
    "hard breaks": "一行目  \n二行目\t\n三行目 \n\n本文\n",
    "full-width spaces inside": "一行目\n\u3000二行目\n三行目\u3000です\n\n本文\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_constructs_around_plain_runs(name):
    _same_as_markdown_it(CASES[name])


PIECES = ["第1条（目的）", "当社は、情報を取得します。", "本文  ", "本文\t", "本文\u3000",
          "\u3000全角", "\u3000", "- 項目", "  - 入れ子", "1. 番号", "2. 番号", "> 引用",
          "```", "~~~", "<!--", "-->", "<div>", "</div>", "| a | b |", "|---|---|",
          "a | b", "--|--", "用語", ": 定義", "~ 定義", "---", "===", "# 見出し",
          "    コード", "**強調", "強調**", "<a href='x'>a</a>", "{: #id}", "本文 {: #id}",
          "-", "*", "x\\", "\x00", "\x0c", "", "", ""]  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(0, 6))
def test_generated_texts_read_the_same(pieces, indent):
    text = "\n".join((" " * indent if k % 3 == 0 else "") + p for k, p in enumerate(pieces))
    _same_as_markdown_it(text + "\n")

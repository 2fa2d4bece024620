"""policydiff.readers.markdown reads a long text in chunks: the blocks are exactly those of
one parse of the whole text, whatever the chunk size (a cut is made only where the parse of
the whole text starts afresh, and undone when the chunk leaves something open)."""

from __future__ import annotations

import pytest
from conftest import REPO_ROOT, SHARED_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.load import read_policy
from policydiff.readers.markdown import read_markdown

WHOLE = 10**12  # chunk size beyond any text: one parse


def _files():
    roots = [REPO_ROOT / "samples", SHARED_DIR / "eval" / "dev", SHARED_DIR / "real"]
    return sorted(
        p for r in roots if r.is_dir() for p in r.rglob("*") if p.suffix in (".md", ".txt")
    )


def _same_in_chunks(text: str, sizes=(1, 40, 400)) -> None:
    whole = read_markdown(text, chunk_chars=WHOLE)
    for size in sizes:
        assert read_markdown(text, chunk_chars=size) == whole, size


def test_samples_and_shared_documents_read_the_same_in_chunks():
    files = _files()
    assert files
    for path in files:
        _same_in_chunks(read_policy(path).text)


CASES = {
    "fence left open across blank lines": "段落\n\n```\nコード\n\n続き\n\n本文\n",
    "fence closed after blank lines": "段落\n\n```\nコード\n\n続き\n```\n\n本文\n",
    "HTML comment across blank lines": "段落\n\n<!--\n隠す\n\n隠す\n-->\n\n本文\n",
    "list continued after a blank line": "- 一\n\n- 二\n\n  続き\n\n本文\n",
    "an empty item before a paragraph": "-\n\n本文は段落です。\n\n次の段落\n",
    "front matter with blank lines": "---\ntitle: 規約\n\nupdated: 2024\n---\n\n# 規約\n\n本文\n",
    "front matter never closed": "---\ntitle: 規約\n\n本文\n\n次\n",
    "definition list over blank lines": "用語\n\n: 定義\n\n用語二\n: 定義二\n\n本文\n",
    "reference definitions": "[窓口][c]へ\n\n本文\n\n[c]: https://example.com\n",
    "table after a paragraph": "段落\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n本文\n",
    "a list nested past the limit": "".join("  " * k + f"- 項目{k}\n" for k in range(80))
    + "\n本文\n\n次の段落\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_constructs_that_run_across_a_cut(name):
    _same_in_chunks(CASES[name])


PIECES = ["第1条（目的）", "当社は、情報を取得します。", "- 項目", "  - 入れ子", "1. 番号",
          "> 引用", "```", "~~~", "<!--", "-->", "<div>", "</div>", "<pre>", "</pre>",
          "| a | b |", "|---|---|", "用語", ": 定義", "---", "# 見出し", "    コード",
          "**強調**", "<a href='x'>a</a>", "\u3000全角", "===", "{: #id}", "", ""]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(0, 6))
def test_generated_texts_read_the_same_in_chunks(pieces, indent):
    text = "\n".join((" " * indent if k % 3 == 0 else "") + p for k, p in enumerate(pieces))
    _same_in_chunks(text + "\n", sizes=(1, 25))

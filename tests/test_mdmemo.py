"""The Markdown section memo of ``log`` (readers/mdmemo.py): the tokens are those of one parse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from policydiff.readers import mdmemo
from policydiff.readers.markdown import _parser

PIECES = [
    "---\ntitle: x\n---\n\n", "---\n", "...\n", " ---\n", "    ---\n", "-----\n", "- - -\n",
    "\tx\n", "  # h\n", "#x\n", "+ a\n\n", "1) a\n\n", "- a\n# b\n", "- a\n\n# b\n",
    "- a\n\n\n", "- a\n- b\n\n", "1. x\n2. y\n\n", "1. x\n\n   cont\n\n", "> q\n> r\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n", "para\ntext\n\n", "    code\n\n", "Term\n: def\n\n",
    "- a\n\n  - b\n\n", "*emph\n\n", "- \n\n", "para\n===\n\n", "---\n\n", "***\n\n", "\n\n",
    "# H\n", "## 第1条（目的）\n", "#\n", "###### x\n", "# a #\n", "```\n", "<!--\n", "[a]: /u\n",
]  # fmt: skip


def _sig(tokens) -> list:
    def one(t):
        return (t.type, t.tag, t.nesting, tuple(t.map) if t.map else None, t.level, t.content,
                t.markup, t.info, sorted(t.attrs.items()), t.block, t.hidden)  # fmt: skip

    return [(one(t), [one(c) for c in t.children or []]) for t in tokens]


def _texts() -> list[str]:
    rng = random.Random(10)
    out = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    out += [p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "samples").rglob("*.md"))]
    return out


@pytest.mark.parametrize("chunk", range(5))
def test_sections_parse_as_the_whole(chunk):
    md = _parser()
    texts = _texts()[chunk::5]
    for text in texts:
        whole = _sig(md.parse(text))
        with mdmemo.active():
            first = _sig(mdmemo.parse(md, text))
            again = _sig(mdmemo.parse(md, text))  # from the memo, maps set in place
            shifted = _sig(mdmemo.parse(md, "前書き\n\n" + text))
        assert first == whole, text
        assert again == whole, text
        assert shifted == _sig(md.parse("前書き\n\n" + text)), text


def test_unchanged_sections_are_not_parsed_again(monkeypatch):
    md = _parser()
    v1 = "# 規約\n\n## 第1条\n本文一。\n\n## 第2条\n- 項目\n- 項目\n\n## 第3条\n本文三。\n"
    v2 = v1.replace("本文三。", "本文三を改めた。")
    parsed: list[str] = []
    real = md.parse
    monkeypatch.setattr(md, "parse", lambda src, env=None: parsed.append(src) or real(src, env))
    with mdmemo.active():
        mdmemo.parse(md, v1)
        parsed.clear()
        tokens = mdmemo.parse(md, v2)
    assert parsed == ["## 第3条\n本文三を改めた。\n"]
    assert _sig(tokens) == _sig(real(v2))


def test_a_repeated_section_gets_its_own_line_numbers():
    md = _parser()
    text = "# a\nx\n\n# a\nx\n\n# a\nx\n"
    with mdmemo.active():
        tokens = mdmemo.parse(md, text)
    assert [t.map for t in tokens if t.type == "heading_open"] == [[0, 1], [3, 4], [6, 7]]


@pytest.mark.parametrize(
    "text",
    ["# a\n\n```\n\n# b\n```\n", "# a\n\n<!--\n\n# b\n-->\n", "[x]: /u\n\n# a\n[x]\n",
     "---\ntitle: a\n\n# b\n---\n"],
)  # fmt: skip
def test_documents_the_cut_could_change_are_parsed_whole(text, monkeypatch):
    md = _parser()
    parsed: list[str] = []
    real = md.parse
    monkeypatch.setattr(md, "parse", lambda src, env=None: parsed.append(src) or real(src, env))
    with mdmemo.active():
        tokens = mdmemo.parse(md, text)
    assert parsed == [text]
    assert _sig(tokens) == _sig(real(text))


def test_no_memo_outside_a_log():
    assert mdmemo._memo is None
    with mdmemo.active():
        with mdmemo.active():
            assert mdmemo._memo is not None
        assert mdmemo._memo is not None
    assert mdmemo._memo is None


def test_real_histories_parse_as_the_whole():
    from conftest import SHARED_DIR

    real = SHARED_DIR / "real"
    if not real.is_dir():
        pytest.skip("no ../shared/real")
    md = _parser()
    files = sorted(Path(real).glob("*/v*/*.txt"))
    with mdmemo.active():
        for f in files:
            text = f.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            assert _sig(mdmemo.parse(md, text)) == _sig(md.parse(text)), f


@pytest.mark.parametrize("chunk", range(5))
def test_blocks_read_by_sections_are_those_of_the_whole(chunk):
    """The reader's blocks put together from sections read alone (and kept) are the blocks
    of the whole document, also when kept sections come back at other offsets."""
    from policydiff.readers.markdown import read_markdown

    deep = "".join("  " * k + "- a\n" for k in range(70))
    texts = _texts()[chunk::5] + [f"# T\n\n{deep}\n## H\n\n本文\n\n## J\n\n- x\n"]
    with mdmemo.active():
        for text in texts:
            for variant in (text, "前書き\n\n" + text, text + "\n## 追加\n\n本文。\n"):
                if not variant.strip():
                    continue
                kept = read_markdown(variant)
                assert kept.placed() == read_markdown_fresh(variant), variant
            assert read_markdown(text).placed() == read_markdown_fresh(text), text


def read_markdown_fresh(text: str):
    from policydiff.readers.markdown import read_markdown

    saved = mdmemo._memo, mdmemo._read
    mdmemo._memo = mdmemo._read = None
    try:
        return read_markdown(text)
    finally:
        mdmemo._memo, mdmemo._read = saved


def test_a_list_nested_past_the_limit_is_parsed_whole():
    """markdown-it skips the rest of its input past its nesting limit: a section parsed
    alone would read on where the whole document does not."""
    md = _parser()
    deep = "".join("  " * k + "- a\n" for k in range(80))
    text = f"# T\n\n{deep}\n## H\n\n本文\n"
    with mdmemo.active():
        assert _sig(mdmemo.parse(md, text)) == _sig(md.parse(text))

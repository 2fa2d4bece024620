"""The per-word cache of tokens.py gives the very tokens Sudachi's morphemes give."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff import tokens
from policydiff.model import Token

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("samples").glob("*/*.*"))


def uncached(text: str) -> list[Token]:
    """Tokens read from each morpheme afresh (the fields are never taken from the cache)."""
    out = []
    for m in tokens.tokenizer().tokenize(text):
        surface = m.surface()
        if not surface:
            continue
        pos = m.part_of_speech()
        out.append(
            Token(
                surface,
                m.normalized_form(),
                pos[0],
                tuple(pos),
                m.is_oov(),
                m.begin(),
                m.begin() + len(surface),
                m.dictionary_form(),
                m.reading_form(),
            )
        )
    return tokens._repair_offsets(text, out, 0)


def lines_of(path: Path) -> list[str]:
    from policydiff import load

    return [ln for ln in load(str(path)).text.splitlines(keepends=True) if ln.strip()]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cached_words_give_the_same_tokens(path: Path) -> None:
    lines = lines_of(path)
    assert lines
    tokens._WORDS.clear()
    tokens._PLACED.clear()
    first = [tokens._run_sudachi(ln, 0) for ln in lines]  # fills the cache
    assert tokens._WORDS
    second = [tokens._run_sudachi(ln, 0) for ln in lines]  # read from it
    expected = [uncached(ln) for ln in lines]
    assert first == expected
    assert second == expected


def test_out_of_vocabulary_words_are_not_cached() -> None:
    tokens._WORDS.clear()
    tokens._PLACED.clear()
    toks = tokens._run_sudachi("ミライテックｘｙｚｚｙ社のＱＷＥＲＴＹ", 0)
    oov = [t for t in toks if t.oov]
    assert oov
    assert all(key[1] != t.surface for t in oov for key in tokens._WORDS)
    assert all(tok.surface != t.surface for t in oov for tok in tokens._PLACED.values())


def test_tokens_at_the_same_offset_are_one_object() -> None:
    a = tokens._run_sudachi("当社は情報を取得します。", 0)
    b = tokens._run_sudachi("当社は情報を利用します。", 0)
    assert a[0] == b[0] and a[0] is b[0]  # 当社 at 0 in both
    far = tokens._run_sudachi("あ" * tokens.PLACED_BELOW + "当社", 0)
    assert far[-1].start == tokens.PLACED_BELOW and far[-1].surface == "当社"

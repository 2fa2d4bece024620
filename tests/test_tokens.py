"""policydiff.tokens: one SudachiPy tokenizer per process, offsets that tile the input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import tokens
from policydiff.tokens import tokenize

SENTENCE = "株式会社ミライテック（以下「当社」）は、お客様の個人情報を退会後30日間保存し、第三者に提供しません。"


def surfaces(text: str) -> list[str]:
    return [t.surface for t in tokenize(text)]


def assert_tiles(text: str, toks) -> None:
    assert "".join(t.surface for t in toks) == text
    pos = 0
    for t in toks:
        assert t.start == pos
        assert t.end == t.start + len(t.surface)
        assert text[t.start : t.end] == t.surface
        pos = t.end
    assert pos == len(text)


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "第1条（目的）\n本規約は、利用条件を定めます。\n\n2024年4月1日 制定\n",
        "  全角　スペースと\tタブ  ",
        "Cookie、IPアドレス及びＧＰＳの位置情報を取得します。",
        "①氏名②住所③電話番号",
        "ｶﾀｶﾅと～波ダッシュ〜とーー長音",
        "😀絵文字と𠮷野家",
        "x",
    ],
)
def test_surfaces_concatenate_and_offsets_index_the_input(text):
    toks = tokenize(text)
    assert toks
    assert_tiles(text, toks)


def test_empty_text_has_no_tokens():
    assert tokenize("") == []


def test_split_mode_c_keeps_compound_words_and_numbers_whole():
    s = surfaces("当社は個人情報を30日間、又は365日保存します。")
    assert "個人情報" in s
    assert "30" in s
    assert "365" in s
    assert "3" not in s and "0" not in s


def test_number_change_is_one_token_change():
    a, b = surfaces("退会後30日以内"), surfaces("退会後60日以内")
    assert len(a) == len(b)
    assert [(x, y) for x, y in zip(a, b, strict=True) if x != y] == [("30", "60")]


def test_yomigana_parenthetical_stays_separate():
    """IgnoreYomiganaPlugin is off: （ユーザ） is not glued to the previous word or dropped."""
    toks = tokenize("お客様（ユーザ）の情報")
    s = [t.surface for t in toks]
    assert s[:4] == ["お客様", "（", "ユーザ", "）"]
    assert any(t.surface == "ユーザ" and t.normalized for t in toks)
    normalized = "".join(t.normalized for t in toks)
    assert "ユーザ" in normalized


def test_token_fields():
    toks = tokenize("取り扱います")
    first = toks[0]
    assert first.surface == "取り扱い"
    assert first.pos == "動詞"
    assert first.pos_detail[0] == "動詞"
    assert first.dictionary_form == "取り扱う"
    assert first.normalized == "取り扱う"
    assert not first.oov


def test_normalized_forms_unify_spelling_variants():
    def norm(w: str) -> str:
        (t,) = tokenize(w)
        return t.normalized

    assert norm("取扱い") == norm("取り扱い")
    assert norm("申込み") == norm("申し込み")


def test_text_above_sudachi_input_limit():
    """One Sudachi call accepts at most 49,149 UTF-8 bytes; tokenize() chunks and keeps offsets."""
    line = "当社は、お客様の個人情報を適切に管理し、法令に基づく場合を除き第三者に提供しません。\n"
    text = line * 1200
    assert len(text.encode("utf-8")) > 49_149 * 2
    toks = tokenize(text)
    assert_tiles(text, toks)
    assert sum(t.surface == "個人情報" for t in toks) == 1200
    # the last occurrence points at the right place
    last = [t for t in toks if t.surface == "個人情報"][-1]
    assert last.start == text.rindex("個人情報")


def test_text_above_input_limit_without_line_or_sentence_breaks():
    text = "個人情報" * 15_000  # 180 KB of UTF-8 and no newline nor 。 to cut at
    assert len(text.encode("utf-8")) > 49_149
    toks = tokenize(text)
    assert_tiles(text, toks)


def test_tokenizer_is_created_once_per_process():
    assert tokens.tokenizer() is tokens.tokenizer()
    tokenize("一度目")
    t = tokens.tokenizer()
    tokenize("二度目")
    assert tokens.tokenizer() is t
    assert tokens.tokenizer.cache_info().currsize == 1


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("当社は個人情報を30日間保存しま。、（）「」ユーザお客様 \n\t　Ａａ1２-ー〜")
        ),
        max_size=80,
    )
)
def test_tokens_tile_arbitrary_text(text):
    assert_tiles(text, tokenize(text))

"""policydiff.largetext: a clause longer than any policy's is compared piece by piece; only
the pieces that differ are tokenized, and the hunks still rebuild the new text exactly."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.largetext import (
    LARGE_CHARS,
    MAX_PIECE,
    changed_regions,
    head_tokens,
    is_large,
    piece_bag,
    pieces,
    region_hunks,
)
from policydiff.load import policy_from_text
from policydiff.pipeline import compare_policies
from policydiff.tokens import tokenize
from policydiff.worddiff import apply_hunks, diff_texts

SENTENCES = ["当社は個人情報を取得します。", "利用目的は次のとおりです。", "第三者に提供しません。",
             "お問い合わせは窓口まで。", "改定することがあります。\n"]  # fmt: skip


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(n))


def test_pieces_tile_the_text_and_end_at_sentences():
    text = "一文目です。二文目です。\n" + "あ" * (MAX_PIECE * 2 + 5)
    spans = pieces(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert text[spans[0][0] : spans[0][1]] == "一文目です。"
    assert all(b - a <= MAX_PIECE for a, b in spans)
    assert pieces("") == []


def test_piece_bag_counts_pieces_without_spaces():
    assert piece_bag("同意します。 同意します。違う。") == {"同意します。": 2, "違う。": 1}


def test_is_large():
    assert not is_large("あ" * (LARGE_CHARS - 1))
    assert is_large("あ" * LARGE_CHARS)


def test_head_tokens_are_whole_pieces_of_the_head():
    text = _text(random.Random(1), 2000)
    toks = head_tokens(text, tokenize)
    assert toks and toks[0].start == 0
    head = "".join(t.surface for t in toks)
    assert text.startswith(head) and head.endswith(("。", "\n"))
    assert len(head) < len(text)


def test_changed_regions_cover_every_difference():
    old = _text(random.Random(2), 5000)
    assert len(old) > 41_000
    new = old[:20_000] + "新たに追加します。" + old[20_000:40_000] + old[40_100:]
    regions = changed_regions(old, new)
    assert len(regions) == 2
    # outside the regions the texts are equal, piece for piece
    po = pn = 0
    for o0, o1, n0, n1 in regions:
        assert old[po:o0] == new[pn:n0]
        po, pn = o1, n1
    assert old[po:] == new[pn:]
    assert all(o1 - o0 < 400 and n1 - n0 < 400 for o0, o1, n0, n1 in regions)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 40),
                                                   st.sampled_from(SENTENCES + ["改", ""])),
                                         max_size=5))  # fmt: skip
def test_region_hunks_rebuild_the_new_text(seed, edits):
    old = _text(random.Random(seed), 300)
    new = old
    for at, cut, insert in edits:
        at = at % (len(new) + 1)
        new = new[:at] + insert + new[at + cut :]
    hunks, ot, nt = region_hunks(old, new, tokenize, diff_texts)
    assert apply_hunks(old, hunks) == new
    assert (not hunks) == (old == new)
    for toks, text in ((ot, old), (nt, new)):
        assert all(text[t.start : t.end] == t.surface for t in toks)


def test_a_large_single_line_with_one_word_inserted_is_one_change():
    line = _text(random.Random(3), 6000).replace("\n", "")
    assert is_large(line)
    at = len(line) // 2
    at = line.index("。", at) + 1
    old = policy_from_text(line + "\n", "old.txt")
    new = policy_from_text(line[:at] + "当社は位置情報を取得します。" + line[at:] + "\n", "new.txt")
    report = compare_policies(old, new)
    assert [(c.old_text, c.new_text) for c in report.changes] == [
        ("", "当社は位置情報を取得します。")
    ]
    assert report.verdict == "material"

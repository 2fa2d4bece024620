"""policydiff.worddiff: morpheme-level hunks that rebuild the new text exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.tokens import tokenize
from policydiff.worddiff import apply_hunks, diff_tokens

BASE = (
    "当社は、お客様の個人情報を、サービスの提供、本人確認及びお問い合わせへの対応のために利用します。\n"
    "当社は、個人情報を退会後30日間保存し、その後速やかに消去します。\n"
    "当社は、法令に基づく場合を除き、本人の同意を得ることなく個人情報を第三者に提供しません。"
)


def hunks_of(old: str, new: str):
    return diff_tokens(tokenize(old), tokenize(new), old, new)


def boundaries(text: str) -> set[int]:
    toks = tokenize(text)
    return {0, len(text)} | {t.start for t in toks} | {t.end for t in toks}


def assert_hunks_well_formed(old: str, new: str, hunks) -> None:
    assert apply_hunks(old, hunks) == new
    ob, nb = boundaries(old), boundaries(new)
    prev_old = prev_new = 0
    for h in hunks:
        # ordered, disjoint, separated by at least one unchanged token
        assert h.old_start >= prev_old and h.new_start >= prev_new
        assert h.old_text or h.new_text
        assert old[h.old_start : h.old_end] == h.old_text
        assert new[h.new_start : h.new_end] == h.new_text
        # never inside a morpheme
        assert {h.old_start, h.old_end} <= ob
        assert {h.new_start, h.new_end} <= nb
        assert "".join(t.surface for t in h.old_tokens) == h.old_text
        assert "".join(t.surface for t in h.new_tokens) == h.new_text
        prev_old, prev_new = h.old_end, h.new_end
    for a, b in zip(hunks, hunks[1:], strict=False):
        assert b.old_start > a.old_end or b.new_start > a.new_end


def test_identical_texts_have_no_hunks():
    assert hunks_of(BASE, BASE) == []


def test_number_change_is_one_whole_token_hunk():
    new = BASE.replace("30日間", "60日間")
    (h,) = hunks_of(BASE, new)
    assert (h.old_text, h.new_text) == ("30", "60")
    assert BASE[h.old_start : h.old_end] == "30"
    assert h.before.endswith("退会後") and h.after.startswith("日間")
    assert_hunks_well_formed(BASE, new, [h])


def test_multi_digit_number_change_is_not_split_into_digits():
    old, new = "退会後180日以内に消去します。", "退会後190日以内に消去します。"
    (h,) = hunks_of(old, new)
    assert (h.old_text, h.new_text) == ("180", "190")


def test_two_separated_edits_give_two_hunks():
    new = BASE.replace("30日間", "60日間").replace(
        "第三者に提供しません", "第三者に提供することがあります"
    )
    hunks = hunks_of(BASE, new)
    assert len(hunks) == 2
    assert (hunks[0].old_text, hunks[0].new_text) == ("30", "60")
    assert (hunks[1].old_text, hunks[1].new_text) == ("しません", "することがあります")
    assert_hunks_well_formed(BASE, new, hunks)


def test_pure_insertion_and_deletion():
    inserted = BASE.replace("本人確認及び", "本人確認、広告の配信及び")
    (h,) = hunks_of(BASE, inserted)
    assert h.old_text == "" and h.old_start == h.old_end
    assert "広告の配信" in h.new_text
    assert_hunks_well_formed(BASE, inserted, [h])

    (d,) = hunks_of(inserted, BASE)
    assert d.new_text == "" and d.new_start == d.new_end
    assert "広告の配信" in d.old_text


def test_edit_inside_a_word_is_reported_as_the_whole_word():
    old, new = "当社は個人情報を取得します。", "当社は個人データを取得します。"
    (h,) = hunks_of(old, new)
    assert (h.old_text, h.new_text) == ("個人情報", "個人データ")
    assert_hunks_well_formed(old, new, [h])


def test_edit_at_start_and_end():
    old, new = "当社は個人情報を取得します。", "弊社は個人情報を取得しました"
    hunks = hunks_of(old, new)
    assert hunks[0].old_start == 0
    assert hunks[-1].old_end == len(old)
    assert_hunks_well_formed(old, new, hunks)


def test_completely_different_texts():
    old, new = "当社は個人情報を取得します。", "Cookieの利用について"
    hunks = hunks_of(old, new)
    assert_hunks_well_formed(old, new, hunks)


def test_apply_hunks_with_no_hunks_is_identity():
    assert apply_hunks(BASE, []) == BASE


def test_diff_is_deterministic():
    new = BASE.replace("30日間", "90日間").replace("お客様", "利用者")
    assert hunks_of(BASE, new) == hunks_of(BASE, new)


# --------------------------------------------------------------------------- property

_BASE_TOKENS = [t.surface for t in tokenize(BASE)]
_INSERTS = [
    "広告",
    "の",
    "配信",
    "60",
    "日",
    "しない",
    "、",
    "。",
    "外国の第三者",
    "\n",
    "Cookie",
    "取扱い",
    "取り扱い",
    "",
    "当社",
]

edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=len(_BASE_TOKENS)),
    st.integers(min_value=1, max_value=6),
    st.lists(st.sampled_from(_INSERTS), min_size=1, max_size=3).map("".join),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, min_size=1, max_size=5))
def test_random_edits_are_rebuilt_exactly(edits):
    toks = list(_BASE_TOKENS)
    for op, pos, length, text in edits:
        pos = min(pos, len(toks))
        if op == "insert":
            toks[pos:pos] = [text]
        elif op == "delete":
            del toks[pos : pos + length]
        else:
            toks[pos : pos + length] = [text]
    new = "".join(toks)
    hunks = hunks_of(BASE, new)
    assert_hunks_well_formed(BASE, new, hunks)
    assert (hunks == []) == (new == BASE)


@settings(max_examples=80, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("当社は個人情報を30日保存しますん。、 \nお客様第三者")),
        max_size=40,
    ),
    st.text(
        alphabet=st.sampled_from(list("当社は個人情報を60日保存しませ。、 \nお客様外国")),
        max_size=40,
    ),
)
def test_arbitrary_pairs_are_rebuilt_exactly(old, new):
    assert_hunks_well_formed(old, new, hunks_of(old, new))


def _words(n: int, prefix: str = "w"):
    """``n`` distinct one-word tokens, separated by nothing: text and tokens."""
    from policydiff.model import Token

    out, pos = [], 0
    for k in range(n):
        s = f"{prefix}{k};"
        out.append(Token(s, s, "名詞", (), True, pos, pos + len(s)))
        pos += len(s)
    return "".join(t.surface for t in out), out


def test_every_distinct_morpheme_gets_its_own_code_beyond_one_plane():
    # one plane holds 65 534 codes; the next morphemes once reused codes already given
    from policydiff.worddiff import _Codec

    _, toks = _words(70_000)
    codec = _Codec()
    encoded = codec.encode(toks)
    assert len(set(encoded)) == len(encoded) == 70_000


def test_more_distinct_morphemes_than_codes_is_one_hunk_between_the_common_ends(monkeypatch):
    import policydiff.worddiff as wd

    monkeypatch.setattr(wd, "_code_points", lambda: iter(range(0xF0000, 0xF0010)))
    old, ot = _words(40)
    mid = ot[20].start
    new = old[:mid] + "改" + old[mid:]
    from policydiff.model import Token

    ins = Token("改", "改", "名詞", (), False, mid, mid + 1)
    nt = tokenize_like(new, [*ot[:20], ins, *ot[20:]])
    hunks = wd.diff_tokens(ot, nt, old, new)
    assert [(h.old_text, h.new_text) for h in hunks] == [("", "改")]
    assert apply_hunks(old, hunks) == new
    assert wd.diff_tokens(ot, ot, old, old) == []


def tokenize_like(text: str, tokens):
    """The tokens laid end to end over ``text`` (their surfaces must tile it)."""
    from policydiff.model import Token

    out, pos = [], 0
    for t in tokens:
        out.append(
            Token(t.surface, t.normalized, t.pos, t.pos_detail, t.oov, pos, pos + len(t.surface))
        )
        pos += len(t.surface)
    assert pos == len(text)
    return out

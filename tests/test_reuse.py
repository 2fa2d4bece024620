"""policydiff.reuse: what a history keeps from version to version equals what a fresh analysis
computes — the reports of every step, the parsed documents, the units.

The histories are the samples' articles edited step by step and, when ``../shared`` is
there, the real sources' versions, saved as Markdown and as plain text.
"""

from __future__ import annotations

import difflib
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import ARTICLES, SHARED_DIR, article_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import align, pipeline
from policydiff.classify.editorial import defined_law_names
from policydiff.load import decode_policy, policy_from_text
from policydiff.render import to_json_text
from policydiff.reuse import across_versions
from policydiff.rules import default_rules


def _edited(articles, k: int, suffix: str):
    out = list(articles)
    out[k] = (out[k][0], out[k][1] + suffix)
    return out


def sample_texts() -> list[str]:
    """The sample articles: one edited, one inserted (renumbering), one removed, a revert."""
    a = list(ARTICLES)
    v2 = _edited(a, 2, "（改定）")
    v3 = v2[:4] + [("適用範囲", "本ポリシーは、当社のすべてのサービスに適用されます。")] + v2[4:]
    v4 = v3[:1] + v3[2:]
    return [article_doc(v) for v in (a, v2, v3, v4, v2, _edited(v2, 6, "また、別途定めます。"))]


def _real_versions(source: Path) -> list[str]:
    def key(p: Path) -> int:
        m = re.match(r"v(\d+)-v\d+$", p.name)
        return int(m.group(1)) if m else -1

    steps = sorted((p for p in source.iterdir() if key(p) >= 0), key=key)
    files = [next(steps[0].glob("old.*"))] + [next(s.glob("new.*")) for s in steps]
    return [decode_policy(f.read_bytes(), f.name).text for f in files]


def hunk_walk(versions: list[str], limit: int) -> list[str]:
    """The real steps replayed one line hunk at a time (at most ``limit`` texts)."""
    out, lines = [versions[0]], versions[0].split("\n")
    for old, new in zip(versions, versions[1:], strict=False):
        a, b = old.split("\n"), new.split("\n")
        shift = 0
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
            if op != "equal":
                lines[i1 + shift : i2 + shift] = b[j1:j2]
                shift += (j2 - j1) - (i2 - i1)
                out.append("\n".join(lines))
        lines = b[:]
    return out[:limit]


def real_sources() -> list[Path]:
    root = SHARED_DIR / "real"
    return sorted(d for d in root.iterdir() if d.is_dir()) if root.is_dir() else []


def _plain(report) -> dict:
    data = json.loads(to_json_text(report))
    data.pop("timings", None)
    return data


def assert_history_reuses_exactly(texts: list[str], suffix: str) -> None:
    policies = [policy_from_text(t, f"v{k}{suffix}") for k, t in enumerate(texts)]
    with across_versions(keep=3) as analyses:
        prepared = [analyses.prepared(k, lambda p=p: p) for k, p in enumerate(policies)]
        steps = list(zip(policies, policies[1:], prepared, prepared[1:], strict=False))
        for k, (old, new, old_p, new_p) in enumerate(steps):
            fresh = pipeline.compare_policies(old, new)
            reused = pipeline.compare_prepared(old_p, new_p)
            assert _plain(reused) == _plain(fresh), f"step {k} of {suffix}"
    for p, prep in zip(policies, prepared, strict=True):
        again = pipeline.prepare(p)
        assert prep.doc == again.doc and prep.units == again.units


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_sample_history_reuses_exactly(suffix):
    assert_history_reuses_exactly(sample_texts(), suffix)


@pytest.mark.parametrize("source", real_sources(), ids=lambda p: p.name)
def test_real_history_reuses_exactly(source):
    versions = _real_versions(source)
    assert_history_reuses_exactly(versions[:8], ".md")
    assert_history_reuses_exactly(hunk_walk(versions, 8), ".md")
    assert_history_reuses_exactly(hunk_walk(versions, 4), ".txt")


@pytest.mark.parametrize(
    "sample", ["html-page-privacy", "markdown-frontmatter-terms", "cp932-terms"]
)
def test_sample_pairs_walked_forth_and_back_reuse_exactly(sample):
    """Each sample pair as a history old → new → old → new, in its own format: on the way
    back everything kept by text (sections, shapes, tokens, bags) is found again."""
    folder = Path(__file__).resolve().parent.parent / "samples" / sample
    old, new = (next(folder.glob(f"{side}.*")) for side in ("old", "new"))
    texts = [decode_policy(f.read_bytes(), f.name).text for f in (old, new, old, new)]
    assert_history_reuses_exactly(texts, old.suffix)


def test_a_bag_is_counted_once_per_text(monkeypatch):
    counted: list[int] = []
    real = align.bag
    monkeypatch.setattr(align, "bag", lambda toks: counted.append(1) or real(toks))
    monkeypatch.setattr(pipeline, "bag", align.bag)  # the pipeline's own name for it
    texts = sample_texts()
    with across_versions() as analyses:
        prepared = [
            analyses.prepared(k, lambda t=t: policy_from_text(t)) for k, t in enumerate(texts)
        ]
        for a, b in zip(prepared, prepared[1:], strict=False):
            pipeline.compare_prepared(a, b)
        texts_with_bags = set(analyses.bags)
    assert counted and len(counted) == len(texts_with_bags)


def test_law_names_per_version_are_those_of_both_texts():
    rules = default_rules()
    law = "個人情報の保護に関する法律（以下「個情法」といいます。）"
    old = article_doc(_edited(ARTICLES, 1, law))
    new = article_doc(_edited(ARTICLES, 3, "電気通信事業法（以下「事業法」という）"))
    old_p, new_p = pipeline.prepare(policy_from_text(old)), pipeline.prepare(policy_from_text(new))
    assert pipeline.law_names(old_p, new_p, rules) == defined_law_names((old, new), rules)
    assert pipeline.law_names(old_p, new_p, rules) == ("個情法",)
    assert pipeline.law_names(new_p, new_p, rules) == defined_law_names((new,), rules)


_CHARS = st.sampled_from(
    list("aｱｶﾞﾟ゛゜かが\u3099\u309a\u0301e\u0065\u0301①㍻ＡＢ（）\n \t한\u1100\u1161\u11a8")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join))
def test_nfkc_by_line_is_nfkc(text):
    assert pipeline.nfkc_by_line(text) == unicodedata.normalize("NFKC", text)


def test_heaviest_order_of_an_unmoved_run_keeps_every_pair():
    from policydiff.align import _heaviest_order

    rng = random.Random(7)

    class U:
        def __init__(self, n):
            self.text = "x" * n

    for _ in range(200):
        n = rng.randrange(1, 12)
        old = [U(1 << k) for k in range(n)]  # distinct weights: one heaviest run
        pairs = sorted(rng.sample(range(n), rng.randrange(1, n + 1)))
        news = sorted(rng.sample(range(20), len(pairs)))
        match = {i: (j, 1.0, "exact") for i, j in zip(pairs, news, strict=True)}
        assert _heaviest_order(match, old) == set(pairs)
        # a moved pair: the brute-force heaviest increasing run
        if len(pairs) > 2:
            a, b = rng.sample(range(len(pairs)), 2)
            news[a], news[b] = news[b], news[a]
            match = {i: (j, 1.0, "exact") for i, j in zip(pairs, news, strict=True)}
            assert _heaviest_order(match, old) == _brute_heaviest(match, old)


def _brute_heaviest(match, old) -> set[int]:
    items = sorted((i, j) for i, (j, _, _) in match.items())
    best: tuple[int, set[int]] = (-1, set())
    for mask in range(1, 1 << len(items)):
        chosen = [items[k] for k in range(len(items)) if mask >> k & 1]
        if all(x[1] < y[1] for x, y in zip(chosen, chosen[1:], strict=False)):
            w = sum(max(1, len(old[i].text)) for i, _ in chosen)
            if w > best[0]:
                best = (w, {i for i, _ in chosen})
    return best[1]


def test_per_unit_values_are_kept_in_the_version_they_belong_to():
    texts = sample_texts()
    a, b = (pipeline.prepare(policy_from_text(t)) for t in texts[:2])
    calls: list[int] = []
    get = pipeline.per_unit("n", lambda u: calls.append(u.index) or len(u.text), a, b)
    assert [get(u) for u in a.units] == [len(u.text) for u in a.units]
    assert [get(u) for u in a.units + b.units] == [len(u.text) for u in a.units + b.units]
    assert sorted(calls) == sorted([u.index for u in a.units] + [u.index for u in b.units])
    stranger = pipeline.prepare(policy_from_text(texts[2])).units[0]
    assert get(stranger) == len(stranger.text)  # not one of theirs: computed, never kept
    assert len(a.derived["n"]) == len(a.units) and len(b.derived["n"]) == len(b.units)

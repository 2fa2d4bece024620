"""Stage 4 — which old clause became which new clause.

Units are matched on content first (normalized morphemes, numbers masked, so that
renumbering and cross-reference updates do not hide a match), then on titles, then on
position between already matched neighbours. Matched pairs that break the document
order are moves; the order kept is the heaviest (by text length) increasing run, so a
large stable document does not look moved around a small clause.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from sys import intern

from .largetext import is_large, piece_bag
from .model import Clause, ClausePair, Kind, Token, Unit

CONTENT_THRESHOLD = 0.5  # Dice similarity of masked morpheme bags to match on content alone
TITLE_THRESHOLD = 0.15  # a shared title is enough with this much common content
POSITION_THRESHOLD = 0.25  # between matched neighbours, a clause with this much in common
MAX_PAIRS = 250_000  # similarity computations before alignment falls back to a positional window

_DIGITS = re.compile(r"[0-9０-９]+|[〇一二三四五六七八九十百千]+(?=[条項号章節])")
_SKIP_POS = {"空白", "補助記号"}


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[ClausePair, ...]
    renumbering: dict[str, str]  # old article number → new article number (canonical, "3", "2-2")
    # old article number → {"p2": "3", "i1": "2"}: paragraphs (項) and items (号) renumbered
    sub_renumbering: dict[str, dict[str, str]] = field(default_factory=dict)


def bag(tokens: Sequence[Token]) -> Counter[str]:
    """The comparison key of a unit: normalized forms, numbers masked, no spaces or punctuation."""
    return Counter(_masked(t.normalized) for t in tokens if t.pos not in _SKIP_POS)


# Both versions together this long (ten times a long policy and more) are machine-made or
# many documents pasted together: units are then matched on their masked texts and weighed
# by character pairs, and only the clauses that differ are ever tokenized.
LARGE_DOCUMENT_CHARS = 1_000_000


def _large_document(old: Sequence[Unit], new: Sequence[Unit]) -> bool:
    return sum(len(u.text) for u in old) + sum(len(u.text) for u in new) >= LARGE_DOCUMENT_CHARS


def masked_text(text: str) -> str:
    """A unit's text as compared without morphemes: NFKC, numbers masked, no spaces,
    punctuation, symbols or control characters."""
    import regex

    t = _DIGITS.sub("\ue000", unicodedata.normalize("NFKC", text))  # a number: one mark
    return intern(regex.sub(r"[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]++", "", t))


def _text_bag(u: Unit, shared: dict[str, str] | None = None) -> Counter[str]:
    """The character pairs of a unit's masked text; the pieces (sentences) of a clause longer
    than any policy's (largetext.py). ``shared`` gives one string per distinct pair: the bags
    of two large documents held a fresh string for every pair of every clause (~100 MiB for
    two unrelated 2 MB files)."""
    if is_large(u.text):
        return piece_bag(u.text)
    m = masked_text(u.text)
    if len(m) <= 1:
        return Counter(m)
    pairs = list(map(operator.add, m, m[1:]))
    return Counter(map(({} if shared is None else shared).setdefault, pairs, pairs))


@functools.lru_cache(maxsize=1 << 16)
def _masked(normalized: str) -> str:
    """A normalized form as compared: NFKC, numbers masked (cached: a vocabulary repeats)."""
    return _DIGITS.sub("#", unicodedata.normalize("NFKC", normalized))


def dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    # the size of the multiset intersection (``a & b`` without building it)
    common = sum(min(n, b[w]) for w, n in a.items() if w in b)
    return 2 * common / total


def align(
    old: Sequence[Unit],
    new: Sequence[Unit],
    tokens_of: Callable[[Unit], Sequence[Token]],
    bag_key: Callable[[Unit], tuple] | None = None,
    children_of: Callable[[Unit], dict] | None = None,
) -> Alignment:
    """Match old units to new units; returns pairs in new-document order (removed ones interleaved).

    ``bag_key(unit)``: the unit's bag as sorted (word, count) pairs, when the caller keeps
    them across comparisons (``log``); by default counted from ``tokens_of``.
    ``children_of(unit)``: :func:`child_numbers` of its clause, likewise.
    """
    if bag_key is None:

        def bag_key(u: Unit) -> tuple:
            return tuple(sorted(bag(tokens_of(u)).items()))

    large = _large_document(old, new)
    if large or any(is_large(u.text) for u in (*old, *new)):
        # no morphemes for a machine-made size, nor for a clause longer than any policy's
        by_morphemes = bag_key
        pairs: dict[str, str] = {}

        def bag_key(u: Unit) -> tuple:
            if large or is_large(u.text):
                return tuple(sorted(_text_bag(u, pairs).items()))
            return by_morphemes(u)

    # 1. identical content (after masking): first the longest run kept in order (so that
    # repeated identical clauses pair in order, not as moves), then the rest nearest first.
    # Morphemes only where they can change the answer (see _step_keys); the bags are not
    # kept: the few units left after this step get theirs from their keys or their tokens.
    old_keys, new_keys = _step_keys(old, new, bag_key, masked_text if large else None)
    match: dict[int, tuple[int, float, str]] = {}  # old index -> (new index, similarity, how)
    used_new: set[int] = set()
    for i, j in _in_order(old_keys, new_keys):
        match[i] = (j, 1.0, "exact")
        used_new.add(j)
    by_key: dict[tuple, list[int]] = {}
    for j, k in enumerate(new_keys):
        if j not in used_new:
            by_key.setdefault(k, []).append(j)
    for i, k in enumerate(old_keys):
        free = by_key.get(k)
        if i in match or not free:
            continue
        pos = bisect.bisect_left(free, i)
        near = [p for p in (pos - 1, pos) if 0 <= p < len(free)]
        p = min(near, key=lambda p: abs(free[p] - i))
        j = free.pop(p)
        match[i] = (j, 1.0, "exact")
        used_new.add(j)

    # 2. content similarity, best pairs first
    rest_old = [i for i in range(len(old)) if i not in match]
    rest_new = [j for j in range(len(new)) if j not in used_new]
    old_bags = _bags_back(old, old_keys, rest_old, bag_key)
    new_bags = _bags_back(new, new_keys, rest_new, bag_key)
    sims: dict[tuple[int, int], float] = {}
    cands = []
    # all pairs for documents of ordinary size; for huge ones only a window around the
    # proportional position, so that two unrelated 10 MB files stay tractable
    window = (
        None
        if len(rest_old) * len(rest_new) <= MAX_PAIRS
        else max(20, MAX_PAIRS // max(1, len(rest_old)) // 2)
    )
    scale = len(new) / max(1, len(old))
    # the key sets of the new bags, made when a window first reaches them and let go once it
    # has passed them (the window only moves forward): not a second copy of every bag
    new_sets: dict[int, frozenset[str]] = {}
    passed = 0  # rest_new[:passed] are behind the window
    for i in rest_old:
        oset = frozenset(old_bags[i])
        if window is None:
            candidates = rest_new
        else:
            lo = bisect.bisect_left(rest_new, i * scale - window)
            hi = bisect.bisect_right(rest_new, i * scale + window)
            candidates = rest_new[lo:hi]
            for j in rest_new[passed:lo]:
                new_sets.pop(j, None)
            passed = max(passed, lo)
        for j in candidates:
            nset = new_sets.get(j)
            if nset is None:
                nset = new_sets[j] = frozenset(new_bags[j])
            # cheap bound first: the Dice of the sets (C-level intersection) over-estimates
            # little; only promising pairs get the multiset Dice
            if oset or nset:
                quick = 2 * len(oset & nset) / (len(oset) + len(nset))
                if quick < TITLE_THRESHOLD:
                    continue
            s = dice(old_bags[i], new_bags[j])
            sims[i, j] = s
            if s >= CONTENT_THRESHOLD:
                cands.append((-s, abs(i - j), i, j))
    for _, _, i, j in sorted(cands):
        if i in match or j in used_new:
            continue
        match[i] = (j, sims[i, j], "content")
        used_new.add(j)

    # 3. same title with some common content
    by_title: dict[str, list[int]] = {}
    for j in rest_new:
        by_title.setdefault(_norm_title(new[j]), []).append(j)
    for i in [i for i in rest_old if i not in match]:
        title = _norm_title(old[i])
        if not title:
            continue
        best = None
        for j in by_title.get(title, ()):
            if j in used_new:
                continue
            s = sims.get((i, j), 0.0)
            if s >= TITLE_THRESHOLD and (best is None or s > best[1]):
                best = (j, s)
        if best:
            match[i] = (best[0], best[1], "title")
            used_new.add(best[0])

    # 4. position: the gaps between matched neighbours
    _match_gaps(old, new, match, used_new, sims, old_bags, new_bags)

    kept = _heaviest_order(match, old)
    kept -= _changed_chapter(old, new, match)
    pairs: list[ClausePair] = []
    renumbering: dict[str, str] = {}
    for i, (j, _, _) in match.items():
        o, n = old[i], new[j]
        if o.clause.number and n.clause.number and o.clause.kind == n.clause.kind:
            renumbering.setdefault(o.clause.number, n.clause.number)
    new_to_old = {j: i for i, (j, _, _) in match.items()}
    # emit in new order, removed units placed after the new unit that follows their old predecessor
    removed = sorted(i for i in range(len(old)) if i not in match)
    next_removed = 0  # removed[:next_removed] are emitted

    def emit_removed_before_old(limit: int) -> None:
        nonlocal next_removed
        while next_removed < len(removed) and removed[next_removed] < limit:
            r = removed[next_removed]
            next_removed += 1
            pairs.append(ClausePair(old[r], None, "removed", 0.0, ""))

    for j in range(len(new)):
        if j in new_to_old:
            i = new_to_old[j]
            _, s, how = match[i]
            if i in kept:
                emit_removed_before_old(i)
            same = old[i].text == new[j].text
            status = "moved" if i not in kept else ("same" if same else "modified")
            pairs.append(ClausePair(old[i], new[j], status, s, how))
        else:
            pairs.append(ClausePair(None, new[j], "added", 0.0, ""))
    emit_removed_before_old(len(old) + 1)
    subs: dict[str, dict[str, str]] = {}
    kids = children_of or (lambda u: child_numbers(u.clause))
    for i, (j, _, _) in match.items():
        o, n = old[i], new[j]
        if o.clause.number:
            m = renumbered_children(kids(o), kids(n))
            if m:
                subs.setdefault(o.clause.number, m)
    return Alignment(tuple(pairs), renumbering, subs)


def child_renumbering(old: Clause, new: Clause) -> dict[str, str]:
    """Paragraphs and items of an aligned clause that got another number: matched on their
    own text (numbers masked), each text found once on both sides."""
    return renumbered_children(child_numbers(old), child_numbers(new))


def child_numbers(c: Clause) -> dict[str, list[tuple[str, str]]]:
    """The numbered paragraphs and items of ``c`` by their own text (numbers masked):
    ("p" or "i", number) of each."""
    out: dict[str, list[tuple[str, str]]] = {}
    for node in c.walk():
        if node is c or node.heading or node.kind not in (Kind.PARAGRAPH, Kind.ITEM):
            continue
        if not node.number:
            continue
        key = _child_key(node.own_text())
        prefix = "p" if node.kind is Kind.PARAGRAPH else "i"
        out.setdefault(key, []).append((prefix, node.number))
    return out


def renumbered_children(a: dict, b: dict) -> dict[str, str]:
    """The renumbering between two :func:`child_numbers`: each text found once on both sides."""
    out: dict[str, str] = {}
    for key, olds in a.items():
        news = b.get(key, [])
        if len(olds) == 1 and len(news) == 1 and olds[0][0] == news[0][0]:
            (prefix, on), (_, nn) = olds[0], news[0]
            if on != nn:
                out[f"{prefix}{on}"] = nn
    return out


@functools.lru_cache(maxsize=1 << 14)
def _child_key(own_text: str) -> str:
    """A paragraph's or item's text as matched across versions: NFKC, no spaces, numbers
    masked (cached: every matched pair's children are keyed, most of them unchanged)."""
    return _DIGITS.sub("#", "".join(unicodedata.normalize("NFKC", own_text).split()))


ORDER_TIMEOUT = 1.0  # seconds diff-match-patch may spend on the order of equal units


def _in_order(old_keys: Sequence[tuple], new_keys: Sequence[tuple]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of equal keys in a longest common subsequence of the two
    key sequences: diff-match-patch over one code point per distinct key (O(N·D), and it
    settles for a coarser answer after ORDER_TIMEOUT, so unrelated documents stay fast)."""
    if set(old_keys).isdisjoint(new_keys):
        return []  # no key on both sides (unrelated documents): no pair, and no diff to wait for
    from diff_match_patch import diff_match_patch

    symbols: dict[tuple, str] = {}
    for k in (*old_keys, *new_keys):
        if k not in symbols:
            n = len(symbols)
            if n > 0x10FFFF - 0x10000:
                return []
            symbols[k] = chr(0x10000 + n)  # above the surrogates
    a = "".join(symbols[k] for k in old_keys)
    b = "".join(symbols[k] for k in new_keys)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = ORDER_TIMEOUT
    out: list[tuple[int, int]] = []
    i = j = 0
    for op, text in dmp.diff_main(a, b, False):
        n = len(text)
        if op == dmp.DIFF_EQUAL:
            out.extend((i + k, j + k) for k in range(n))
            i, j = i + n, j + n
        elif op == dmp.DIFF_DELETE:
            i += n
        else:
            j += n
    return out


def _parents(units: Sequence[Unit]) -> list[int | None]:
    """Index of each unit's parent unit (the nearest earlier unit whose path is its prefix)."""
    out: list[int | None] = []
    last: dict[tuple[str, ...], int] = {}
    for k, u in enumerate(units):
        out.append(last.get(u.path[:-1]))
        last[u.path] = k
    return out


def _changed_chapter(old: Sequence[Unit], new: Sequence[Unit], match) -> set[int]:
    """Old indices of clauses that stay in document order but now stand in another chapter
    (an article moved to the first place of the next chapter: only the chapter heading seems
    to move). Only 第N章/節/編 count: a Markdown heading level changed is not a new parent."""
    op, np_ = _parents(old), _parents(new)
    out = set()
    for i, (j, _, _) in match.items():
        pi, pj = op[i], np_[j]
        if pi is None or pj is None:
            continue
        if old[pi].clause.kind is not Kind.CHAPTER or new[pj].clause.kind is not Kind.CHAPTER:
            continue
        if pi in match and match[pi][0] != pj:
            out.add(i)
    return out


def _step_keys(
    old: Sequence[Unit],
    new: Sequence[Unit],
    bag_key: Callable[[Unit], tuple],
    masked: Callable[[str], str] | None = None,
) -> tuple[list[tuple], list[tuple]]:
    """The keys of step 1: two units get equal keys exactly when their masked bags and their
    titles are equal, and morphemes are asked for only where that is not known without them.

    A title is part of the key, so a unit whose title no unit of a different text shares
    (on either side) can only equal units of its very text: its text is its key, and it is
    never tokenized here. Only the units of a title written over several texts (a clause
    changed under its heading; untitled clauses) are keyed by their bags, as two texts may
    differ in nothing but spacing, punctuation, numbers or spelling variants. When both
    versions have the same texts in the same order, no unit needs a bag at all.

    ``masked`` (documents of a machine-made size): those units are keyed by their masked
    texts instead, and no morpheme is asked for.
    """
    old_texts = [(u.text, _norm_title(u)) for u in old]
    new_texts = [(u.text, _norm_title(u)) for u in new]
    if old_texts == new_texts:
        # the same texts in the same order (a revision of markers or markup only): equal
        # keys pair every unit with its counterpart, whatever the morphemes
        return [("text", *k) for k in old_texts], [("text", *k) for k in new_texts]
    texts: dict[str, set[str]] = {}
    for text, title in (*old_texts, *new_texts):
        texts.setdefault(title, set()).add(text)
    keys: dict[tuple[str, str], tuple] = {}

    def key_of(u: Unit, text: str, title: str) -> tuple:
        k = keys.get((text, title))
        if k is None:
            if len(texts[title]) == 1 or is_large(text):
                k = ("text", text, title)
            elif masked is not None:
                k = ("masked", masked(text), title)
            else:
                k = ("bag", bag_key(u), title)
            keys[text, title] = k
        return k

    return (
        [key_of(u, *k) for u, k in zip(old, old_texts, strict=True)],
        [key_of(u, *k) for u, k in zip(new, new_texts, strict=True)],
    )


def _bags_back(
    units: Sequence[Unit],
    keys: Sequence[tuple],
    indexes: Sequence[int],
    bag_key: Callable[[Unit], tuple],
) -> dict[int, Counter[str]]:
    """The bags of the units at ``indexes``: from their keys when step 1 made them (the same
    counts), else from ``bag_key``, once per text."""
    by_text: dict[str, Counter[str]] = {}
    out = {}
    for i in indexes:
        kind, content, _ = keys[i]
        if kind == "bag":
            out[i] = Counter(dict(content))
            continue
        text = units[i].text
        if text not in by_text:
            by_text[text] = Counter(dict(bag_key(units[i])))
        out[i] = by_text[text]
    return out


def _norm_title(u: Unit) -> str:
    return unicodedata.normalize("NFKC", u.clause.title).strip()


def _match_gaps(old, new, match, used_new, sims, old_bags, new_bags) -> None:
    """Pair leftovers that sit between the same matched neighbours on both sides."""
    anchors = sorted((i, j) for i, (j, _, _) in match.items())
    # keep only anchors in increasing new order
    mono: list[tuple[int, int]] = []
    for i, j in anchors:
        if not mono or j > mono[-1][1]:
            mono.append((i, j))
    by_old: dict[int, list[tuple[int, float]]] = {}
    for (i, j), sim in sims.items():
        by_old.setdefault(i, []).append((j, sim))
    bounds = [(-1, -1)] + mono + [(len(old), len(new))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        gap_old = [i for i in range(i0 + 1, i1) if i not in match]
        if not gap_old:
            continue
        gap_new = [j for j in range(j0 + 1, j1) if j not in used_new]
        if not gap_new:
            continue
        if len(gap_old) == 1 and len(gap_new) == 1:
            # one clause each between the same neighbours: little in common is enough
            i, j = gap_old[0], gap_new[0]
            sim = dice(old_bags[i], new_bags[j])
            if sim >= 0.1 and old[i].clause.kind == new[j].clause.kind:
                match[i] = (j, sim, "position")
                used_new.add(j)
            continue
        for i in gap_old:
            best = None
            for j, sim in by_old.get(i, ()):
                ok = j0 < j < j1 and j not in used_new and sim >= POSITION_THRESHOLD
                if ok and (best is None or sim > best[1]):
                    best = (j, sim)
            if best:
                match[i] = (best[0], best[1], "position")
                used_new.add(best[0])


def _heaviest_order(match: dict[int, tuple[int, float, str]], old: Sequence[Unit]) -> set[int]:
    """Old indices of the matched pairs kept in order: the heaviest increasing subsequence."""
    items = sorted((i, j) for i, (j, _, _) in match.items())
    if not items:
        return set()
    if all(a[1] < b[1] for a, b in zip(items, items[1:], strict=False)):
        return {i for i, _ in items}  # nothing moved (most revisions): the whole run is kept
    weights = [max(1, len(old[i].text)) for i, _ in items]
    n = len(items)
    best = [0] * n
    prev = [-1] * n
    # O(n^2) is fine for documents (hundreds of units); use patience order when large
    if n > 1500:
        return _lis_unweighted(items)
    for k in range(n):
        best[k] = weights[k]
        for m in range(k):
            if items[m][1] < items[k][1] and best[m] + weights[k] > best[k]:
                best[k] = best[m] + weights[k]
                prev[k] = m
    k = max(range(n), key=lambda x: best[x])
    kept = set()
    while k >= 0:
        kept.add(items[k][0])
        k = prev[k]
    return kept


def _lis_unweighted(items: list[tuple[int, int]]) -> set[int]:
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(items)
    for k, (_, j) in enumerate(items):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[pos] = j
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    k = tails_idx[-1] if tails_idx else -1
    kept = set()
    while k >= 0:
        kept.add(items[k][0])
        k = prev[k]
    return kept

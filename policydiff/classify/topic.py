"""Categories: the clause's topic (its title, its parent's title, the table header of a row)
weighed with the changed words. A cue counts on whole morphemes only."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Token, Unit
from ..rules import Category, nfkc
from .base import Context, is_kana

W_WORDS = 1.0  # a cue in the changed words
W_TITLE = 2.0  # a cue in the clause's own title or in the header of the table row
W_PARENT = 1.0  # a cue in a parent's title
TOP = 2  # categories reported for a change of one sentence
TOP_PASSAGE = 3  # for a passage of several sentences or lines
LINE_LEADERS = 2  # further categories a passage may take from its lines' own topics
LINE_CUE = 3.0  # the cue weight (characters) a line's own topic needs
SECONDARY_SHARE = (
    0.0  # a further category needs this share of the leading one (none: topic and words both count)
)


def _text_of(tokens: Sequence[Token]) -> tuple[str, set[int]]:
    if not tokens:
        return "", {0}
    base = tokens[0].start
    parts, pos, b = [], 0, {0}
    for t in tokens:
        s = nfkc(t.surface)
        if len(s) != len(t.surface):
            s = t.surface
        gap = t.start - base - pos
        if gap > 0:  # tokens of two sides or spans: keep them apart
            parts.append("\n" * gap)
            pos += gap
        parts.append(s)
        b.add(pos)
        pos += len(s)
        b.add(pos)
    return "".join(parts), b


def _cue_index(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """Every cue by its first character, longest first: (cue, category id)."""
    key = id(ctx.rules)
    hit = _INDEX.get(key)
    if hit is None or hit[0] is not ctx.rules:
        idx: dict[str, list[tuple[str, str]]] = {}
        for c in ctx.rules.categories:
            for cue in c.cues:
                if cue:
                    idx.setdefault(cue[0], []).append((cue, c.id))
        for v in idx.values():
            v.sort(key=lambda x: -len(x[0]))
        hit = (ctx.rules, idx)
        _INDEX[key] = hit
    return hit[1]


_INDEX: dict[int, tuple] = {}


def _longest(text: str, ctx: Context, bnds: set[int] | None, min_len: int = 1) -> dict[str, float]:
    """Leftmost-longest matching of the cues of all categories: 利用停止 counts for
    term_termination and not also as 停止 for service_change; with ``bnds``, a cue must
    start on a morpheme boundary and end on one (unless it ends in kana)."""
    idx = _cue_index(ctx)
    out: dict[str, float] = {}
    i = 0
    while i < len(text):
        found = None
        if bnds is None or i in bnds:
            for cue, cid in idx.get(text[i], ()):
                if len(cue) < min_len or not text.startswith(cue, i):
                    continue
                if bnds is not None and not (is_kana(cue[-1]) or i + len(cue) in bnds):
                    continue
                found = (cue, cid)
                break
        if found:
            cue = found[0]
            for c2, cid2 in idx.get(text[i], ()):  # the same cue in several categories
                if c2 == cue:
                    out[cid2] = out.get(cid2, 0.0) + len(cue)
            i += len(cue)
        else:
            i += 1
    return out


def word_scores(tokens: Sequence[Token], ctx: Context) -> dict[str, float]:
    """Cue weight per category in a token run (cues on morpheme boundaries)."""
    text, b = _text_of(tokens)
    return _longest(text, ctx, b)


def title_scores(title: str, ctx: Context) -> dict[str, float]:
    """Cue weight per category in a title (short text: a cue of two characters or more)."""
    return _longest(nfkc(title), ctx, None, min_len=2)


def table_header(u: Unit | None, offset: int, end: int | None = None) -> str:
    """The header of the table column that ``offset`` stands in ('' if not in a table row);
    the whole header row when the change spans several cells."""
    if u is None:
        return ""
    text = u.text
    ls = text.rfind("\n", 0, offset) + 1
    le = text.find("\n", offset)
    line = text[ls : len(text) if le < 0 else le]
    if "|" not in line:
        return ""
    header = line
    pos = ls
    while pos > 0:
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        prev = text[prev_start : pos - 1]
        if "|" not in prev:
            break
        header, pos = prev, prev_start
    if header == line:
        return ""
    cells = header.split("|")
    while offset < le_line(text, offset) and text[offset] in " |\t\u3000":
        offset += 1  # the cell the change's first word stands in
    col = text[ls:offset].count("|")
    end_col = text[ls : max(offset, end or offset)].count("|")
    if col == end_col and len(cells) == line.count("|") + 1 and col < len(cells):
        return cells[col].strip()
    return header


def le_line(text: str, offset: int) -> int:
    le = text.find("\n", offset)
    return len(text) if le < 0 else le


def topic_scores(units: Sequence[Unit | None], header: str, ctx: Context) -> dict[str, float]:
    scores: dict[str, float] = {}

    def add(s: dict[str, float], w: float) -> None:
        for k, v in s.items():
            scores[k] = scores.get(k, 0.0) + w * v

    seen: set[str] = set()
    for u in units:
        if u is None:
            continue
        if u.clause.title and u.clause.title not in seen:
            seen.add(u.clause.title)
            add(title_scores(u.clause.title, ctx), W_TITLE)
        for p in u.parent_titles:
            if p not in seen:
                seen.add(p)
                add(title_scores(p, ctx), W_PARENT)
    if header:
        add(title_scores(header, ctx), W_TITLE)
    return scores


def categorize(
    words: Sequence[Token],
    units: Sequence[Unit | None],
    header: str,
    body: str,
    ctx: Context,
    extra: dict[str, float] | None = None,
) -> list[Category]:
    """Categories of a change: cue words in the changed words, read together with the topic;
    the clause body decides only when neither has a cue."""
    own = word_scores(words, ctx)
    scores = dict(own)
    for k, v in topic_scores(units, header, ctx).items():
        scores[k] = scores.get(k, 0.0) + v
    for k, v in (extra or {}).items():
        scores[k] = scores.get(k, 0.0) + v
    if not scores:
        b = title_scores(body, ctx)
        if b:
            best = max(b, key=lambda k: (b[k], -_order(k, ctx)))
            return [ctx.rules.category(best)]
        return [ctx.rules.category("other")]

    def minor_row(cid: str) -> bool:
        return ctx.rules.category(cid).row(ctx.document_type).klass == "Minor"

    # a category whose row is Minor (a contact desk) never leads while the changed words
    # carry a cue of a material category
    lead_blocked = any(not minor_row(x) for x in own)
    best = sorted(
        scores, key=lambda cid: (minor_row(cid) and lead_blocked, -scores[cid], _order(cid, ctx))
    )
    text = "".join(t.surface for t in words)
    passage = text.count("。") + text.strip().count("\n") >= 2
    top = scores[best[0]]
    keep = [best[0]] + [c for c in best[1:] if scores[c] >= SECONDARY_SHARE * top]
    keep = keep[: TOP_PASSAGE if passage else TOP]
    if passage:
        # a passage of several lines on different topics stands in each line's own topic too
        keep += [c for c in _line_leaders(words, ctx) if c not in keep][:LINE_LEADERS]
    return [ctx.rules.category(cid) for cid in keep]


def _line_leaders(words: Sequence[Token], ctx: Context) -> list[str]:
    """The leading category of each line of the changed words, read from its own cue words
    (LINE_CUE characters of cues at least; Minor rows aside), in the order of the lines."""
    out: list[str] = []
    line: list[Token] = []
    for t in [*words, None]:
        if t is not None and "\n" not in t.surface:
            line.append(t)
            continue
        # a Minor row (a contact desk) is no topic of its own beside the passage's
        own = {
            k: v
            for k, v in word_scores(line, ctx).items()
            if ctx.rules.category(k).row(ctx.document_type).klass != "Minor"
        }
        if own:
            lead = max(own, key=lambda k: (own[k], -_order(k, ctx)))
            if own[lead] >= LINE_CUE and lead not in out:
                out.append(lead)
        line = []
    return out


def _order(cid: str, ctx: Context) -> int:
    for k, c in enumerate(ctx.rules.categories):
        if c.id == cid:
            return k
    return len(ctx.rules.categories)


__all__ = ["categorize", "table_header", "title_scores", "topic_scores", "word_scores"]

"""Categories: the clause's topic (its title, its parent's title, the table header of a row)
weighed with the changed words. A cue counts on whole morphemes only."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Token, Unit
from ..rules import Category, nfkc
from .base import Context, count_word, has_word

W_WORDS = 1.0  # a cue in the changed words
W_TITLE = 2.0  # a cue in the clause's own title or in the header of the table row
W_PARENT = 1.0  # a cue in a parent's title
TOP = 2  # categories reported


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


def word_scores(tokens: Sequence[Token], ctx: Context) -> dict[str, float]:
    """Cue weight per category in a token run (cues on morpheme boundaries)."""
    text, b = _text_of(tokens)
    out: dict[str, float] = {}
    for c in ctx.rules.categories:
        n = sum(len(cue) * count_word(cue, text, b) for cue in c.cues if cue)
        if n:
            out[c.id] = float(n)
    return out


def title_scores(title: str, ctx: Context) -> dict[str, float]:
    """Cue weight per category in a title (short text: a cue of two characters or more)."""
    t = nfkc(title)
    out: dict[str, float] = {}
    for c in ctx.rules.categories:
        n = sum(len(cue) for cue in c.cues if len(cue) >= 2 and cue in t)
        if n:
            out[c.id] = float(n)
    return out


def table_header(u: Unit | None, offset: int) -> str:
    """The header row of the table that the line at ``offset`` belongs to ('' if none)."""
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
    return header if header != line else ""


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
        for p in u.path[:-1]:
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
    return [ctx.rules.category(cid) for cid in best[:TOP]]


def _order(cid: str, ctx: Context) -> int:
    for k, c in enumerate(ctx.rules.categories):
        if c.id == cid:
            return k
    return len(ctx.rules.categories)


__all__ = ["categorize", "has_word", "table_header", "title_scores", "topic_scores", "word_scores"]

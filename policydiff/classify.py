"""Stage 6 — each hunk, added, removed or moved clause becomes a classified Change.

Two layers, as DESIGN.md sets out. First the editorial proofs: a change that is provably
記載の訂正 (same words after normalisation, a known misprint fixed, a cross-reference that
follows the renumbering alignment found, a date line …) is minor, with the proof's reason.
Everything else is material, and the category tables of ``rules/material.toml`` say which
category it falls in, which statute applies and what the operator must do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Change, ClausePair, Hunk, Kind, Severity, Token, Unit
from .rules import Category, RuleSet, nfkc

_SPACE_POS = {"空白"}
_PUNCT_POS = {"空白", "補助記号"}
_MARKUP = set("#*`>|_~")
_DIGIT_RUN = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_REF = re.compile(r"第\s*([0-9]+)\s*条(?:\s*の\s*([0-9]+))?")
_KANJI_NUM = re.compile(r"[〇一二三四五六七八九十百千]+")
_DATEISH = re.compile(
    r"^[0-9年月日令和平成昭和元/.\-\s:：()（）制定改定改訂施行最終更新策定発効効力発生日附則付以上、,]*$"
)
_DATE_LINE_WORDS = (
    "制定",
    "改定",
    "改訂",
    "施行",
    "最終更新",
    "更新日",
    "策定",
    "発効",
    "効力発生",
    "附則",
    "付則",
)
_DATE_EXPR = re.compile(
    r"(?:[0-9]{4}|令和|平成|昭和)\s*(?:[0-9]+|元)?\s*[年月]\s*[0-9]+\s*月\s*(?:[0-9]+\s*日)?|[0-9]{4}\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}|[0-9]{4}\s*年\s*[0-9]+\s*月"
)
_COPYRIGHT = re.compile(r"©|\(c\)|Copyright|All rights reserved", re.I)
_ROLE_PARTICLES = {"を", "が", "に", "で", "と", "へ", "から", "より"}  # who does what to whom
_CASE_PARTICLES = {"を", "が", "に", "で", "と", "は", "の", "へ", "も"}
_SENTENCE = re.compile(r"[。．]|ます|する|します|ない|ません|もの")


@dataclass(frozen=True)
class Context:
    rules: RuleSet
    document_type: str  # privacy | terms
    renumbering: dict[str, str]


def squash(text: str) -> str:
    """NFKC, whitespace and markup characters removed: the basis of the format proof."""
    t = nfkc(text)
    return "".join(c for c in t if not c.isspace() and c not in _MARKUP)


def _no_punct(text: str) -> str:
    return "".join(
        c
        for c in squash(text)
        if not unicodedata.category(c).startswith(("P", "S")) or c in "%％円$¥"
    )


def _sig(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if t.pos not in _PUNCT_POS]


# --------------------------------------------------------------------------- editorial proofs


def editorial_proof(
    h: Hunk, unit_old: Unit | None, unit_new: Unit | None, ctx: Context
) -> str | None:
    """The id of the first editorial proof that holds for this hunk, or None."""
    a, b = h.old_text, h.new_text
    if squash(a) == squash(b):
        return (
            "M-width" if nfkc(a) == nfkc(b) and a != b and a.strip() and b.strip() else "M-format"
        )
    if _config_editorial(a, b, ctx):
        return "M-confusion"
    if _date_change(h, unit_old, unit_new):
        return "M-date"
    if _crossref(h, ctx):
        return "M-crossref"
    if _statute(h, ctx):
        return "M-statute"
    old_sig, new_sig = _sig(h.old_tokens), _sig(h.new_tokens)
    if _digits(a) != _digits(b):
        return None  # any change of a number is substantive
    if "".join(nfkc(t.normalized) for t in old_sig) == "".join(nfkc(t.normalized) for t in new_sig):
        if not old_sig and not new_sig:
            return "M-punctuation" if _no_punct(a) == _no_punct(b) else None
        verbs = [(x, y) for x, y in zip(old_sig, new_sig, strict=False) if x.surface != y.surface]
        if (
            verbs
            and len(old_sig) == len(new_sig)
            and all(
                x.pos in ("動詞", "形容詞", "助動詞")
                and x.dictionary_form != x.surface
                and nfkc(x.normalized) == nfkc(y.normalized)
                and x.pos_detail[4:] != y.pos_detail[4:]
                for x, y in verbs
            )
        ):
            return "M-inflection"
        return "M-orthography"
    if _no_punct(a) == _no_punct(b):
        return "M-punctuation"
    if _lemmas(old_sig, ctx) == _lemmas(new_sig, ctx):
        return "M-inflection"
    full_old = h.before + a + h.after
    full_new = h.new_before + b + h.new_after
    if _inflection_fix(h, full_old, full_new):
        return "M-inflection"
    if _doubled(nfkc(full_old), nfkc(full_new)):
        return "M-doubled"
    if _confusion(nfkc(full_old), nfkc(full_new), ctx):
        return "M-confusion"
    if _elided(a, b):
        return "M-format"
    if _particle_restored(h):
        return "M-particle"
    if _kana_spelling(old_sig, new_sig):
        return "M-orthography"
    return None


_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")


def _kana_spelling(old_sig: Sequence[Token], new_sig: Sequence[Token]) -> bool:
    """合り→あり, 下さい→ください: the same reading, one side written in kana only."""
    if not old_sig or not new_sig:
        return False
    ra = "".join(t.reading for t in old_sig)
    rb = "".join(t.reading for t in new_sig)
    if not ra or ra != rb:
        return False
    a = "".join(t.surface for t in old_sig)
    b = "".join(t.surface for t in new_sig)
    return bool(_KANA.match(a) or _KANA.match(b))


def _lemmas(tokens: Sequence[Token], ctx: Context) -> list[str]:
    """Lemmas without the politeness auxiliaries: what a sentence says, not how politely."""
    return [
        nfkc(t.normalized)
        for t in tokens
        if not (t.pos == "助動詞" and t.surface in ctx.rules.polite)
    ]


def _digits(text: str) -> list[str]:
    t = nfkc(text)
    return _DIGIT_RUN.findall(t) + _KANJI_NUM.findall(t)


def _config_editorial(a: str, b: str, ctx: Context) -> bool:
    pats = ctx.rules.editorial_patterns
    if not pats:
        return False
    from .config import compile_pattern, run_pattern

    na, nb = nfkc(a), nfkc(b)
    wheres = ctx.rules.editorial_sources
    for k, p in enumerate(pats):
        rx = compile_pattern(_nfkc_pattern(p))  # the text is compared in NFKC, so is the pattern
        where = wheres[k] if k < len(wheres) else "editorial_patterns"
        if run_pattern(rx, "sub", na, where, "") == run_pattern(rx, "sub", nb, where, "") and (
            run_pattern(rx, "search", na, where) or run_pattern(rx, "search", nb, where)
        ):
            return True
    return False


def _nfkc_pattern(pattern: str) -> str:
    """NFKC a regex character by character; a character that NFKC turns into an ASCII
    metacharacter (（ → ( ) stays a literal."""
    out = []
    for c in pattern:
        n = nfkc(c)
        out.append(c if n == c else re.escape(n))
    return "".join(out)


def _date_change(h: Hunk, unit_old: Unit | None, unit_new: Unit | None) -> bool:
    """A revision date, revision-history line or copyright notice updated."""
    old_lines = _lines_of(unit_old.text if unit_old else "", h.old_start, h.old_end)
    new_lines = _lines_of(unit_new.text if unit_new else "", h.new_start, h.new_end)
    lines = [ln for ln in old_lines + new_lines if ln.strip()]
    if not lines:
        return False
    if all(_COPYRIGHT.search(ln) or _is_date_line(ln) for ln in lines):
        return True
    a, b = nfkc(h.old_text), nfkc(h.new_text)
    if not (_DATEISH.match(a) and _DATEISH.match(b)):
        return False
    return any(u is not None and u.clause.kind is Kind.TRAILER for u in (unit_old, unit_new))


def _lines_of(text: str, start: int, end: int) -> list[str]:
    """The whole lines of ``text`` that the span start..end touches."""
    if not text:
        return []
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return text[ls : len(text) if le < 0 else le].split("\n")


def _is_date_line(line: str) -> bool:
    """「最終改定日：2025年4月1日」「2024年4月1日 制定」「発効日 2025 年 2 月 25 日」: a date and at most a label."""
    t = nfkc(line)
    if not _DATE_EXPR.search(t):
        return False
    rest = _DATE_EXPR.sub("", t)
    rest = "".join(
        c for c in rest if not c.isspace() and not unicodedata.category(c).startswith(("P", "S"))
    )
    for w in _DATE_LINE_WORDS + (
        "日",
        "付",
        "版",
        "より",
        "から",
        "有効",
        "適用",
        "最終",
        "作成",
        "公開",
        "掲載",
        "Last",
        "updated",
        "Effective",
    ):
        rest = rest.replace(w, "")
    return len(rest) <= 4


def _crossref(h: Hunk, ctx: Context) -> bool:
    """「第13条」→「第14条」 where alignment found old 第13条 is new 第14条."""
    old_full = nfkc(h.before + h.old_text + h.after)
    new_full = nfkc(h.new_before + h.new_text + h.new_after)
    if not _REF.search(old_full) or not ctx.renumbering:
        return False

    def renumber(m: re.Match) -> str:
        key = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        new = ctx.renumbering.get(key)
        if new is None:
            return m.group(0)
        main, _, branch = new.partition("-")
        return f"第{main}条" + (f"の{branch}" if branch else "")

    def canon(s: str) -> str:
        return _REF.sub(
            lambda m: f"第{m.group(1)}条" + (f"の{m.group(2)}" if m.group(2) else ""), s
        )

    mapped = _REF.sub(renumber, old_full)
    return canon(mapped) == canon(new_full) and canon(old_full) != canon(new_full)


def _statute(h: Hunk, ctx: Context) -> bool:
    old_full = nfkc(h.before + h.old_text + h.after)
    new_full = nfkc(h.new_before + h.new_text + h.new_after)
    laws = "|".join(re.escape(w) for w in ctx.rules.statute_laws)
    rx = re.compile(rf"({laws})\s*第?\s*([0-9]+)\s*条(?:\s*の\s*([0-9]+))?")
    if not rx.search(old_full):
        return False

    def sub(m: re.Match) -> str:
        key = m.group(2) + (f"-{m.group(3)}" if m.group(3) else "")
        new = ctx.rules.statute_map.get(key)
        return f"{m.group(1)}第{new}条" if new else m.group(0)

    def canon(s: str) -> str:
        return rx.sub(
            lambda m: f"{m.group(1)}第{m.group(2)}条" + (f"の{m.group(3)}" if m.group(3) else ""), s
        )

    return canon(rx.sub(sub, old_full)) == canon(new_full) != canon(old_full)


def _inflection_fix(h: Hunk, full_old: str, full_new: str) -> bool:
    """求めため→求めるため: the same lemmas in the same order, only a conjugated form differs."""
    from .tokens import tokenize

    if _digits(full_old) != _digits(full_new):
        return False
    a = [t for t in tokenize(nfkc(full_old)) if t.pos not in _PUNCT_POS]
    b = [t for t in tokenize(nfkc(full_new)) if t.pos not in _PUNCT_POS]
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x.surface != y.surface]
    if not differ:
        return False
    for x, y in differ:
        if nfkc(x.normalized) != nfkc(y.normalized) and x.dictionary_form != y.dictionary_form:
            return False
        if x.pos not in ("動詞", "形容詞", "助動詞") and y.pos not in ("動詞", "形容詞", "助動詞"):
            return False
    return True


def _doubled(a: str, b: str) -> bool:
    """おお客様→お客様: the old text is the new one with a character or word doubled."""
    if len(a) <= len(b):
        return False
    d = len(a) - len(b)
    if d > 4:
        return False
    for k in range(len(b) + 1):
        if a[:k] == b[:k] and a[k + d :] == b[k:]:
            piece = a[k : k + d]
            if a[k + d : k + 2 * d] == piece or a[k - d : k] == piece:
                return True
    return False


def _confusion(a: str, b: str, ctx: Context) -> bool:
    """Known misprints corrected (請じ→講じ), one pair or several, in either direction."""
    for pairs in (ctx.rules.confusion, tuple((y, x) for x, y in ctx.rules.confusion)):
        for src, dst in pairs:
            if src in a and a.replace(src, dst) == b:
                return True
        t = a
        for src, dst in pairs:  # several different pairs in one hunk
            if src in t and dst in b:
                t = t.replace(src, dst)
        if t == b != a:
            return True
    return False


def _elided(a: str, b: str) -> bool:
    """「suppo……@moneytr…jp」→「support@moneytree.jp」: an elided text written out in full."""
    for x, y in ((a, b), (b, a)):
        if "…" in x or "..." in x:
            parts = [re.escape(p) for p in re.split(r"(?:…|\.\.\.)+", nfkc(x).replace("...", "…"))]
            if re.fullmatch(
                ".{1,40}".join(parts) if len(parts) > 1 else parts[0], nfkc(y).replace("...", "…")
            ):
                return True
    return False


def _particle_restored(h: Hunk) -> bool:
    """個人情報保有します→個人情報を保有します: a missing case particle put back."""
    old_sig, new_sig = _sig(h.old_tokens), _sig(h.new_tokens)
    if old_sig:
        return False
    return len(new_sig) == 1 and new_sig[0].pos == "助詞" and new_sig[0].surface in _CASE_PARTICLES


# --------------------------------------------------------------------------- categories and reasons


TITLE_WEIGHT = 1.5  # a cue in the clause title counts this much more than one in the text


def categorize(text: str, title: str, topic: str, ctx: Context) -> list[Category]:
    """Categories of a change: cue words in the changed text, read together with the clause
    title (the clause's topic); the clause body decides only when neither has a cue."""
    scores: dict[str, float] = {}
    for c, n in _scores(nfkc(text), ctx):
        scores[c.id] = scores.get(c.id, 0.0) + n
    for c, n in _scores(nfkc(title), ctx):
        scores[c.id] = scores.get(c.id, 0.0) + TITLE_WEIGHT * n
    if scores:
        order = {c.id: k for k, c in enumerate(ctx.rules.categories)}
        in_text = {c.id for c, _ in _scores(nfkc(text), ctx)}

        def minor_row(cid: str) -> bool:
            return ctx.rules.category(cid).row(ctx.document_type).klass == "Minor"

        # a category whose row is Minor (a contact desk) never leads while the text itself
        # carries a cue of a material category (a foreign recipient named in that article)
        best = sorted(
            scores,
            key=lambda cid: (
                minor_row(cid) and any(not minor_row(x) for x in in_text),
                -scores[cid],
                order[cid],
            ),
        )
        return [ctx.rules.category(cid) for cid in best[:2]]
    hits = _rank(nfkc(topic), ctx)
    if hits:
        return hits[:1]
    return [ctx.rules.category("other")]


def _scores(text: str, ctx: Context) -> list[tuple[Category, int]]:
    out = []
    for c in ctx.rules.categories:
        n = sum(len(cue) for cue in c.cues if cue and cue in text)
        if n:
            out.append((c, n))
    return out


def _rank(text: str, ctx: Context) -> list[Category]:
    scored = []
    for order, c in enumerate(ctx.rules.categories):
        n = sum(len(cue) for cue in c.cues if cue and cue in text)
        if n:
            scored.append((-n, order, c))
    return [c for _, _, c in sorted(scored)]


def _words(text: str) -> set[int]:
    """The morpheme boundaries of a text (offsets where a morpheme starts or ends)."""
    from .tokens import tokenize

    bounds = {0}
    for t in tokenize(text):
        bounds.add(t.end)
    return bounds


def _has_word(w: str, text: str, bounds: set[int]) -> bool:
    """A cue of one or two characters counts only as whole morphemes (まで, not あくまで);
    longer cues are matched anywhere (they survive conjugation: ことがあ|ります)."""
    if len(w) > 2:
        return w in text
    start = text.find(w)
    while start >= 0:
        if start in bounds and start + len(w) in bounds:
            return True
        start = text.find(w, start + 1)
    return False


def _signals(old: str, new: str, ctx: Context) -> list[str]:
    """Plain-language signals of what changed: numbers, negation, modality."""
    out = []
    a, b = nfkc(old), nfkc(new)
    da, db = _DIGIT_RUN.findall(a), _DIGIT_RUN.findall(b)
    if da != db and (da or db):
        out.append(f"数値の変更（{'・'.join(da) or 'なし'}→{'・'.join(db) or 'なし'}）")
    wa, wb = _words(a), _words(b)
    neg_a = {w for w in ctx.rules.negation if _has_word(w, a, wa)}
    neg_b = {w for w in ctx.rules.negation if _has_word(w, b, wb)}
    if neg_a != neg_b:
        out.append("否定の有無の変更")
    mod_a = {w for w in ctx.rules.modal if _has_word(w, a, wa)}
    mod_b = {w for w in ctx.rules.modal if _has_word(w, b, wb)}
    if mod_a != mod_b:
        out.append("義務・可能・範囲を表す語の変更")
    return out


def _direction(old: str, new: str, ctx: Context) -> str:
    """adverse | beneficial for a terms change (民法548条の4第1項第2号 / 第1号)."""
    d = ctx.rules.direction
    a, b = nfkc(old), nfkc(new)
    added = lambda w: w in b and w not in a  # noqa: E731
    removed = lambda w: w in a and w not in b  # noqa: E731
    adverse = sum(added(w) for w in d["adverse_added"]) + sum(
        removed(w) for w in d["adverse_removed"]
    )
    good = sum(added(w) for w in d["beneficial_added"]) + sum(
        removed(w) for w in d["beneficial_removed"]
    )
    if any(
        w in a or w in b for w in d["fee_words"]
    ):  # a price: higher is adverse, lower beneficial
        va, vb = _amount(a), _amount(b)
        if va is not None and vb is not None and va != vb:
            adverse, good = (adverse + 2, good) if vb > va else (adverse, good + 2)
    return "beneficial" if good > adverse else "adverse"


def _amount(text: str) -> float | None:
    m = _DIGIT_RUN.search(text)
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:  # pragma: no cover - the pattern only yields numbers
        return None


def _material(
    cid: str,
    kind: str,
    old: str,
    new: str,
    topic: str,
    unit_old: Unit | None,
    unit_new: Unit | None,
    ctx: Context,
    h: Hunk | None = None,
    extra_reason: str = "",
) -> Change:
    cats = categorize(old + "\n" + new, _titles(unit_old, unit_new), topic, ctx)
    primary = cats[0]
    row = primary.row(ctx.document_type)
    verb = {"added": "追加", "removed": "削除", "moved": "移動"}.get(kind, "変更")
    if h is not None:
        verb = "追加" if not h.old_text.strip() else "削除" if not h.new_text.strip() else "変更"
    reasons = [
        f"{primary.label}に関する記載の{verb}" + (f"（{extra_reason}）" if extra_reason else "")
    ]
    if h is not None:
        reasons += _signals(old, new, ctx)
    refs = list(row.refs)
    if ctx.document_type == "terms" and row.klass in ("M-terms", "Risk"):
        direction = (
            _direction(h.before + old + h.after, h.before + new + h.after, ctx)
            if h is not None
            else _direction(old, new, ctx)
        )
        if direction == "beneficial":
            refs = [r for r in refs if "548条の4第1項第2号" not in r and "548条の4第3項" not in r]
            refs = ["民法 第548条の4第1項第1号"] + [
                r for r in refs if r != "民法 第548条の4第1項第1号"
            ]
            reasons.append("利用者に有利な変更と見られます（民法548条の4第1項第1号）。")
        else:
            for r in ("民法 第548条の4第1項第2号", "民法 第548条の4第3項"):
                if r not in refs:
                    refs.append(r)
            reasons.append(
                "利用者に不利な、又は中立の変更と見られます（民法548条の4第1項第2号: 変更の必要性・内容の相当性等による合理性が必要）。"
            )
    duty = row.duty
    reasons.append(f"必要な対応: {duty}（期限: {row.timing}）")
    categories = [c.id for c in cats]
    return Change(
        id="",
        type=kind,
        severity=Severity.MATERIAL,
        categories=tuple(categories),
        old_unit=unit_old,
        new_unit=unit_new,
        old_text=old,
        new_text=new,
        reasons=tuple(reasons),
        legal_refs=tuple(dict.fromkeys(refs)),
        duties=(ctx.rules.duty_class.get(row.klass, row.klass),),
        hunk=h,
        rule_ids=(f"{primary.id}:{row.row}:{row.klass}",),
    )


def _minor(
    proof_id: str,
    kind: str,
    old: str,
    new: str,
    unit_old,
    unit_new,
    ctx: Context,
    h: Hunk | None = None,
) -> Change:
    proof = ctx.rules.proofs[proof_id]
    return Change(
        id="",
        type=kind,
        severity=Severity.MINOR,
        categories=("editorial",),
        old_unit=unit_old,
        new_unit=unit_new,
        old_text=old,
        new_text=new,
        reasons=(proof.reason,),
        legal_refs=(),
        duties=(),
        hunk=h,
        rule_ids=(proof_id,),
    )


def _titles(*units: Unit | None) -> str:
    """The titles of the clause and its parents: what the clause is about."""
    out = []
    for u in units:
        if u is not None:
            out.append(u.clause.title)
            out.extend(p for p in u.path if p != u.clause.label)
    return "\n".join(dict.fromkeys(out))


def _topic(u: Unit | None) -> str:
    if u is None:
        return ""
    return " ".join(p for p in u.path) + "\n" + u.clause.title + "\n" + u.text[:400]


def _forced_material(u: Unit | None, ctx: Context) -> bool:
    if u is None or not ctx.rules.material_sections:
        return False
    names = {nfkc(u.clause.title), nfkc(u.clause.label), *(nfkc(p) for p in u.path)}
    return any(nfkc(s) in names for s in ctx.rules.material_sections)


def _has_operative_text(text: str) -> bool:
    s = squash(text)
    return len(s) >= 12 or bool(_SENTENCE.search(s))


def classify_hunk(h: Hunk, pair: ClausePair, ctx: Context) -> Change:
    forced = _forced_material(pair.new or pair.old, ctx)
    proof = editorial_proof(h, pair.old, pair.new, ctx) or _heading_only(h, pair)
    if proof and not forced:
        return _minor(proof, "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h)
    topic = _topic(pair.new) + "\n" + _topic(pair.old)
    change = _material("", "modified", h.old_text, h.new_text, topic, pair.old, pair.new, ctx, h)
    if forced:
        return change
    own = [c for c, _ in _scores(nfkc(h.old_text + "\n" + h.new_text), ctx)]
    renamed = not [x for x in _signals(h.old_text, h.new_text, ctx) if not x.startswith("数値")]
    if own and renamed and all(c.row(ctx.document_type).klass == "Minor" for c in own):
        return _minor("M-contact", "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h)
    if _mere_wording(h, ctx):
        return _minor("M-wording", "modified", h.old_text, h.new_text, pair.old, pair.new, ctx, h)
    return change


def _heading_only(h: Hunk, pair: ClausePair) -> str | None:
    """The hunk lies wholly inside the heading words (the title) of both clauses."""
    if pair.old is None or pair.new is None or not pair.old.heading or not pair.new.heading:
        return None
    old_limit = pair.old.heading_len + (1 if pair.old.heading_len else 0)
    new_limit = pair.new.heading_len + 1
    if h.old_end <= old_limit and h.new_end <= new_limit:
        return "M-heading"
    return None


def _particles(tokens: Sequence[Token]) -> list[str]:
    return [t.surface for t in tokens if t.pos == "助詞" and t.surface in _ROLE_PARTICLES]


def _mere_wording(h: Hunk, ctx: Context) -> bool:
    """A short rewording with nothing a lawyer's cue list reacts to: no category cue word,
    no number, no negation or modality change, no sentence added or removed."""
    a, b = squash(h.old_text), squash(h.new_text)
    if len(a) > 25 or len(b) > 25 or "。" in a + b:
        return False
    if (not a or not b) and len(a + b) > 3:
        return False  # a phrase added or removed outright adds or removes content
    po, pn = _particles(h.old_tokens), _particles(h.new_tokens)
    if po and pn and po != pn:
        return False  # 第三者に→第三者が: a case particle replaced can change who does what
    # the same (old) context on both sides: only this hunk's own edit can differ, but a word
    # that straddles the hunk boundary (ことがあ|ります) is still seen whole
    if _signals(h.old_text, h.new_text, ctx) or _signals(
        h.before + h.old_text + h.after, h.before + h.new_text + h.after, ctx
    ):
        return False
    return not _rank(nfkc(h.old_text + "\n" + h.new_text), ctx)


def classify_whole(pair: ClausePair, ctx: Context) -> Change:
    """An added, removed or moved clause."""
    if pair.status == "added":
        u = pair.new
        text = u.full_text
        if u.clause.kind is Kind.TRAILER or _all_date_lines(u):
            return _minor("M-date", "added", "", text, None, u, ctx)
        if not _has_operative_text(u.text):
            return _minor("M-empty", "added", "", text, None, u, ctx)
        return _material("", "added", "", text, _topic(u), None, u, ctx)
    if pair.status == "removed":
        u = pair.old
        text = u.full_text
        if u.clause.kind is Kind.TRAILER or _all_date_lines(u):
            return _minor("M-date", "removed", text, "", u, None, ctx)
        if not _has_operative_text(u.text):
            return _minor("M-empty", "removed", text, "", u, None, ctx)
        return _material("", "removed", text, "", _topic(u), u, None, ctx)
    # moved
    o, n = pair.old, pair.new
    if o.parent_key == n.parent_key and not _forced_material(n, ctx):
        return _minor("M-move", "moved", o.full_text, n.full_text, o, n, ctx)
    return _material(
        "",
        "moved",
        o.full_text,
        n.full_text,
        _topic(n),
        o,
        n,
        ctx,
        extra_reason="所属する条項が変わり、規定の適用範囲が変わり得ます",
    )


def _all_date_lines(u: Unit) -> bool:
    lines = [ln for ln in u.text.split("\n") if ln.strip()]
    return bool(lines) and all(
        _DATEISH.match(nfkc(ln))
        or (
            len(ln) <= 60
            and any(w in ln for w in _DATE_LINE_WORDS)
            and re.search(r"[0-9０-９]", ln)
        )
        for ln in lines
    )


def detect_document_type(title: str, text: str) -> str:
    """'terms' for 利用規約/約款, else 'privacy' (プライバシーポリシー, 個人情報保護方針 …)."""
    t = nfkc(title)
    if any(w in t for w in ("規約", "約款", "利用条件", "Terms", "terms")):
        return "terms"
    if any(w in t for w in ("プライバシー", "個人情報", "Privacy", "privacy")):
        return "privacy"
    body = nfkc(text[:20000])
    terms_score = body.count("本規約") + body.count("利用規約") + body.count("約款")
    privacy_score = body.count("個人情報") + body.count("プライバシー")
    return "terms" if terms_score > privacy_score else "privacy"

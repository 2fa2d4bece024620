"""Editorial proofs: a hunk that one of these proves 記載の訂正 is minor, with the proof's reason.

``PROOF_ORDER`` is the one table that says in which order the hunk proofs are tried (the
first that holds names the reason); ``WHOLE_CLAUSE_PROOFS`` lists the proofs of added,
removed and moved clauses. ``check_proof_table`` holds both against ``editorial.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from ..cache import static_patterns
from ..errors import ConfigError
from ..model import ClausePair, Hunk, Kind, Token, Unit
from ..numerals import KANJI_NUMERAL_CHARS, to_int
from ..rules import RuleSet, nfkc
from .addresses import address_spans, registered_domain
from .base import (
    Context,
    Side,
    is_kanji,
    is_number,
    no_punct,
    numbers,
    sig,
    squash,
    token_key,
)
from .grammar import noun_compound, subject_particle
from .polarity import same_negation

Proof = Callable[[Hunk, Side, Side, Context], bool]

_COPYRIGHT = re.compile(r"©|\(c\)|Copyright|All rights reserved", re.I)
_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")
_LATIN = re.compile(r"^[A-Za-z]{4,}$")  # a word in Latin letters the dictionary does not know
_NUM = rf"[0-9]+|[{KANJI_NUMERAL_CHARS}]+"
_REF = re.compile(
    rf"第\s*({_NUM})\s*条(?:\s*の\s*({_NUM}))?(?:\s*第\s*({_NUM})\s*項)?(?:\s*第\s*({_NUM})\s*号)?"
    rf"|第\s*({_NUM})\s*項(?:\s*第\s*({_NUM})\s*号)?|第\s*({_NUM})\s*号"
)


# --------------------------------------------------------------------------- format, width


def _width(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    a, b = h.old_text, h.new_text
    return (
        squash(a) == squash(b) and nfkc(a) == nfkc(b) and a != b and bool(a.strip() and b.strip())
    )


def _format(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    return squash(h.old_text) == squash(h.new_text)


# --------------------------------------------------------------------------- configured patterns


def _configured(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """A team's ``editorial_patterns``: the texts are equal once every match is taken out."""
    pats = ctx.rules.editorial_patterns
    if not pats:
        return False
    from ..config import compile_pattern, run_pattern

    na, nb = nfkc(h.old_text), nfkc(h.new_text)
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


# --------------------------------------------------------------------------- dates and histories


def _date_change(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """A revision date, an entry of the revision history or a copyright notice updated."""
    if any(in_history(s.unit, ctx.rules) for s in (old, new)):
        return True
    old_lines = _lines_of(old.text, h.old_start, h.old_end)
    new_lines = _lines_of(new.text, h.new_start, h.new_end)
    lines = [ln for ln in old_lines + new_lines if ln.strip()]
    if not lines:
        return False
    closing = [ln for ln in lines if nfkc(ln).strip() in ctx.rules.lexicon.trailer_words]
    dated = [ln for ln in lines if ln not in closing]
    # 「以上」 or 「附則」 beside the dated lines closes the document: no provision of its own
    if dated and all(
        _COPYRIGHT.search(ln)
        or is_date_line(ln, ctx.rules)
        or is_history_entry(ln, ctx.rules)
        or is_effective_date_line(ln, ctx.rules)
        for ln in dated
    ):
        return True
    rows = [
        ln
        for side, a, b, txt in (
            (old, h.old_start, h.old_end, h.old_text),
            (new, h.new_start, h.new_end, h.new_text),
        )  # fmt: skip
        if txt
        for ln in side.text[slice(*_line_bounds(side.text, a, b))].split("\n")
        if ln.strip()
    ]
    if (
        rows
        and all(_dated_row(ln, ctx.rules) for ln in rows)
        and all(
            _in_history_block(s.text, at, ctx.rules) or s.unit.clause.kind is Kind.TRAILER
            for s, at, txt in ((old, h.old_start, h.old_text), (new, h.new_start, h.new_text))
            if txt and s.unit is not None
        )
    ):
        # a row of a revision-history table (「2025年12月1日<TAB>…の見直し」) under its title,
        # or among the closing dates of the document
        return True
    a, b = nfkc(h.old_text), nfkc(h.new_text)
    frag = ctx.rules.lexicon.date_fragment
    if not (frag.match(a) and frag.match(b)):
        return False
    if _in_revision_date(old, h.old_start, h.old_end, ctx.rules) and _in_revision_date(
        new, h.new_start, h.new_end, ctx.rules
    ):
        return True  # 「本ポリシー（2025年4月1日改定）は…」: a labelled revision date
    return any(s.unit is not None and s.unit.clause.kind is Kind.TRAILER for s in (old, new))


def _dated_row(line: str, rules: RuleSet) -> bool:
    """A short line that opens with a date and is no operative sentence (a history row)."""
    lex = rules.lexicon
    t = nfkc(line).strip().lstrip("-*・•●○◦| \t")
    m = lex.date_expr.search(t)
    return (
        bool(m)
        and m.start() <= 2
        and len(t) <= lex.history_max
        and not (lex.operative_end.search(t[m.end() :]))
    )


HISTORY_LOOKBACK = 200  # lines read upwards for the title of a revision-history block


def _in_history_block(text: str, start: int, rules: RuleSet) -> bool:
    """The line at ``start`` stands under a revision-history title (「改定履歴」), below only
    other dated rows, blank lines and a header row (「改定日<TAB>改定内容」)."""
    lex = rules.lexicon
    above = text[: text.rfind("\n", 0, start) + 1].split("\n")[::-1]
    for line in above[1 : HISTORY_LOOKBACK + 1]:
        t = nfkc(line).strip().strip("#*（）()【】[]「」|: ")
        if not t or _dated_row(t, rules):
            continue
        if t in lex.history_titles or any(t.endswith(w) for w in lex.history_titles):
            return True
        first = t.replace("|", "\t").split("\t")[0].strip()
        if not any(first.startswith(w) for w in lex.date_words):
            return False  # some other text: this is no history block
    return False


def _in_revision_date(side: Side, start: int, end: int, rules: RuleSet) -> bool:
    """The span lies inside a date that a revision word labels: 「2025年4月1日改定」,
    「（最終更新日：2025年4月1日）」 — wherever the date stands (a title, the preamble)."""
    text = side.text
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line = text[ls : len(text) if le < 0 else le]
    for m in rules.lexicon.date_expr.finditer(line):
        if not (m.start() <= start - ls and end - ls <= m.end()):
            continue
        after = nfkc(line[m.end() : m.end() + 6]).lstrip(" \u3000")
        before = nfkc(line[max(0, m.start() - 8) : m.start()]).rstrip(" \u3000:：")
        words = rules.lexicon.date_words
        if any(after.startswith(w) or after[1:].startswith(w) for w in words):
            return True
        if any(before.endswith(w) or before.endswith(w + "日") for w in words):
            return True
    return False


def in_history(u: Unit | None, rules: RuleSet) -> bool:
    """The clause is a revision history (its title or a parent's is a history word)."""
    if u is None:
        return False
    names = [nfkc(u.clause.title), *(nfkc(p) for p in u.path)]
    return any(
        n.strip("（）()【】[]「」 ") in rules.lexicon.history_titles
        or any(n.endswith(w) for w in rules.lexicon.history_titles)
        for n in names
        if n
    )


def _lines_of(text: str, start: int, end: int) -> list[str]:
    """The whole lines of ``text`` that the span start..end touches."""
    if not text:
        return []
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return text[ls : len(text) if le < 0 else le].split("\n")


def is_date_line(line: str, rules: RuleSet) -> bool:
    """「最終改定日：2025年4月1日」「2024年4月1日 制定」: a date and at most a label."""
    lex = rules.lexicon
    t = nfkc(line)
    if not lex.date_expr.search(t):
        return False
    rest = lex.date_expr.sub("", t)
    rest = "".join(
        c for c in rest if not c.isspace() and not unicodedata.category(c).startswith(("P", "S"))
    )
    for w in sorted(lex.date_words + lex.date_labels, key=len, reverse=True):
        rest = rest.replace(w, "")
    return len(rest) <= lex.date_label_slack


def is_effective_date_line(line: str, rules: RuleSet) -> bool:
    """「本規約は、2025年4月1日から施行します。」 (a 附則): the revision's effective date and
    nothing else."""
    lex = rules.lexicon
    m = lex.effective_line.match(nfkc(line).strip())
    return bool(m) and bool(lex.date_expr.fullmatch(m.group("date").strip()))


def is_history_entry(line: str, rules: RuleSet) -> bool:
    """「2025年4月1日 改定（外部送信に関する記載の追加）」: an entry of a revision history —
    the line opens with a date, carries a revision word and at most a one-line summary, and
    is not an operative sentence (「…から施行します。」)."""
    lex = rules.lexicon
    t = nfkc(line).strip().lstrip("-*・•●○◦ \t")
    m = lex.date_expr.search(t)
    if not m or m.start() > 2 or len(t) > lex.history_max:
        return False
    rest = t[m.end() :].strip()
    if lex.operative_end.search(rest):
        return False
    # the revision word follows the date (「2024年10月1日 改定（…）」, 「2024年10月1日：一部改定」),
    # not anywhere in a sentence that merely starts with a date
    head = rest.lstrip(" \u3000:：-–—・|")[:6]
    return any(head.startswith(w) or head[1:].startswith(w) for w in lex.date_words)


def all_date_lines(u: Unit, rules: RuleSet) -> bool:
    lines = [ln for ln in u.text.split("\n") if ln.strip()]
    return bool(lines) and (
        in_history(u, rules)
        or all(
            rules.lexicon.date_fragment.match(nfkc(ln))
            or is_date_line(ln, rules)
            or is_history_entry(ln, rules)
            or is_effective_date_line(ln, rules)
            or nfkc(ln).strip() in rules.lexicon.trailer_words
            or _COPYRIGHT.search(ln)
            for ln in lines
        )
    )


# --------------------------------------------------------------------------- references


def _ref_parts(m: re.Match) -> tuple[str, str, str, str]:
    """(article, branch, paragraph, item) of a reference, canonical numbers ('' if absent)."""
    g = [to_int(x) if x else None for x in m.groups()]
    canon = ["" if v is None else str(v) for v in g]
    if m.group(1):
        return canon[0], canon[1], canon[2], canon[3]
    if m.group(5):
        return "", "", canon[4], canon[5]
    return "", "", "", canon[6]


def _canon_ref(parts: tuple[str, str, str, str]) -> str:
    art, branch, para, item = parts
    out = ""
    if art:
        out += f"第{art}条" + (f"の{branch}" if branch else "")
    if para:
        out += f"第{para}項"
    if item:
        out += f"第{item}号"
    return out


def _canon_refs(text: str) -> str:
    """Every reference of the text in one canonical spelling (第十三条 = 第13条)."""
    return _REF.sub(lambda m: _canon_ref(_ref_parts(m)), text)


def _crossref(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「第13条」→「第14条」 (or 第2項→第3項, 第三号→第四号) where alignment found that old
    article 13 is new article 14 (paragraph 2 is now paragraph 3 …)."""
    old_full = nfkc(h.before + h.old_text + h.after)
    new_full = nfkc(h.new_before + h.new_text + h.new_after)
    if not _REF.search(old_full):
        return False
    renum = ctx.renumbering or {}
    subs = ctx.sub_renumbering or {}
    own = old.unit.clause.number if old.unit is not None else ""
    # numbered sections (1. 2. …) that the text itself calls 項: 「第8項に定める」 in section 6,
    # which has no paragraph 8, cites section 8
    sections = old.unit is not None and old.unit.clause.kind is Kind.SECTION

    def mapped(m: re.Match) -> str:
        art, branch, para, item = _ref_parts(m)
        key = art + (f"-{branch}" if branch else "")
        new_art, new_branch = art, branch
        if art and key in renum:
            new_art, _, new_branch = renum[key].partition("-")
        where = key if art else own
        sub = subs.get(where, {})
        new_para = sub.get(f"p{para}", para) if para else ""
        if para and not art and sections and f"p{para}" not in sub and para in renum:
            new_para = renum[para]
        new_item = sub.get(f"i{item}", item) if item else ""
        return _canon_ref((new_art, new_branch, new_para, new_item))

    canon = _canon_refs
    return canon(_REF.sub(mapped, old_full)) == canon(new_full) != canon(old_full)


_RELATIVE = re.compile(r"(?<![各])(前|次)条")


def _article_number(side: Side) -> int | None:
    u = side.unit
    if u is None or u.clause.kind is not Kind.ARTICLE or not u.clause.number.isdigit():
        return None
    return int(u.clause.number)


def _relative_crossref(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「前条に定める」→「第6条に定める」 (or back) in 第7条: the article cited by its place
    (前条 = the article before this one, 次条 = the one after) is the article now cited by
    number, after alignment's renumbering. A 前条 that meant another article than the one
    now named stays material."""
    old_full, new_full = _full(h)
    if not (_RELATIVE.search(old_full) or _RELATIVE.search(new_full)):
        return False
    own_old, own_new = _article_number(old), _article_number(new)
    if own_old is None or own_new is None:
        return False
    renum = ctx.renumbering or {}

    def placed(text: str, own: int) -> str:
        return _RELATIVE.sub(lambda m: f"第{own - 1 if m.group(1) == '前' else own + 1}条", text)

    def moved(m: re.Match) -> str:  # an old article number in the new numbering
        art, branch, para, item = _ref_parts(m)
        if art and not branch:
            art = renum.get(art, art)
        return _canon_ref((art, branch, para, item))

    a = _canon_refs(_REF.sub(moved, placed(old_full, own_old)))
    return a == _canon_refs(placed(new_full, own_new)) and old_full != new_full


# (?<![0-9]): a number starts where a run of digits starts (a match always ends where its run
# does); tried from every digit of one long number it rescanned the rest each time (quadratic)
_DOTTED = re.compile(r"(第\s*)?(?<![0-9])([0-9]+(?:\s*\.\s*[0-9]+)+)(\s*[項条節号])?")


# a top section cited by its number and the dot of the heading (「7.に記載」), never the 7 of 7.3
_SECTION = re.compile(r"(?<![0-9.．])([0-9]+)\.(?![0-9])")


def _dotted_crossref(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「第5.4項」→「第5.5項」 in dotted section numbering, where alignment found that old
    section 5.4 is new 5.5 (a 5.3 was inserted). A dotted number is a reference only with
    第 before it, 項・条・節・号 after it, or a phrase that cites it after it (「7.3に定める」,
    editorial.toml [crossref]); 99.9% is none. A section whose renumbering alignment does
    not know, in a top section that got another number, proves nothing."""
    old_full, new_full = _full(h)
    renum = ctx.renumbering or {}
    subs = ctx.sub_renumbering or {}
    unknown = False

    after = ctx.rules.lexicon.reference_phrases

    def mapped(m: re.Match) -> str:
        nonlocal unknown
        if not (m.group(1) or m.group(3) or m.string.startswith(after, m.end())):
            return m.group(0)
        parts = re.split(r"\s*\.\s*", m.group(2))
        num = "-".join(str(int(p)) for p in parts)
        sub = subs.get(parts[0], {})
        new_num = sub.get(f"i{num}") or sub.get(f"p{num}")
        if new_num is None:
            unknown = unknown or renum.get(parts[0], parts[0]) != parts[0]
            new_num = num
        return (m.group(1) or "") + new_num.replace("-", ".") + (m.group(3) or "")

    def mapped_top(m: re.Match) -> str:  # 「7.に記載」: a top section cited by its number
        if not m.string.startswith(after, m.end()):
            return m.group(0)
        num = str(int(m.group(1)))
        if num not in renum:
            return m.group(0)
        return renum[num] + "."

    moved = squash(_SECTION.sub(mapped_top, _DOTTED.sub(mapped, old_full)))
    return not unknown and moved == squash(new_full) != squash(old_full)


def renumbered_titles(pairs: Sequence[ClausePair]) -> dict[str, tuple[str, str]]:
    """Old number → (new number, title) of each aligned section whose number changed and
    whose title stayed (9.「お問い合わせ窓口」 is now 10.)."""
    out: dict[str, tuple[str, str]] = {}
    for p in pairs:
        if p.old is None or p.new is None:
            continue
        o, n = p.old.clause, p.new.clause
        if o.number and n.number and o.number != n.number and o.title and o.title == n.title:
            out.setdefault(o.number, (n.number, nfkc(o.title)))
    return out


def _titled_crossref(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「「9. お問い合わせ窓口」に記載の窓口」→「「10. お問い合わせ窓口」…」: a section cited by
    its number and its title, where alignment renumbered that very section, its title kept.
    The number must stand on its own (not the 2 of 9.2) and the title follow it on both sides."""
    moved = ctx.renumbered_titles
    if not moved or old.unit is None or new.unit is None:
        return False
    a, b = nfkc(h.old_text).strip(), nfkc(h.new_text).strip()
    if not (a.isdigit() and b.isdigit()):
        return False
    entry = moved.get(str(int(a)))
    if entry is None or entry[0] != str(int(b)):
        return False
    number, title = entry

    def cites(text: str, start: int, end: int) -> bool:
        before = nfkc(text[max(0, start - 1) : start])
        if before and (before.isdigit() or before in ".．"):
            return False
        after = nfkc(text[end : end + len(title) + 4]).lstrip(".． \u3000")
        return after.startswith(title)

    return cites(old.text, h.old_start, h.old_end) and cites(new.text, h.new_start, h.new_end)


STATUTE_WINDOW = 64  # characters around a hunk read with it: a law's name and its definition


def _citation_rx(rules: RuleSet, names: Sequence[str]) -> re.Pattern[str]:
    """A citation 「法第23条」「個人情報保護法第23条の2」, also with the definition of the
    law's short name between name and number 「個人情報の保護に関する法律（以下「法」といいます。）
    第23条」; article numbers in digits or kanji."""
    key = (id(rules), tuple(names))
    rx = _CITATION.get(key)
    if rx is None:
        # longest first, one length in a fixed order (the same pattern in every run)
        laws = "|".join(re.escape(w) for w in sorted(set(names), key=lambda w: (-len(w), w)))
        verbs = "|".join(re.escape(w) for w in rules.lexicon.definition_verbs)
        defn = rf"(\s*[（(]\s*以下[、,]?\s*「[^「」]{{1,16}}」\s*(?:{verbs})[。.]?\s*[）)])?"
        # the table's names only (no short name a document defined): kept between runs
        with static_patterns(set(names) <= set(rules.statute_laws)):
            # a name is not the tail of a longer one (法 of 電気通信事業法 is another law)
            rx = re.compile(
                rf"{_not_in_word(rules)}({laws}){defn}\s*第?\s*({_NUM})\s*条(?:\s*の\s*({_NUM}))?"
            )
        _CITATION[key] = rx
    return rx


_CITATION: dict[tuple, re.Pattern[str]] = {}
_NOT_IN_WORD = r"(?<![\u30a0-\u30ff\u4e00-\u9fff々])"


def _not_in_word(rules: RuleSet) -> str:
    """Where a law's name may start: not inside a longer word, unless after a word of
    ``[statute] preceded_by`` (「…その他個人情報保護法第23条」)."""
    after = "".join(f"(?<={re.escape(w)})|" for w in rules.statute_preceded_by)
    return f"(?:{after}{_NOT_IN_WORD})"


def defined_law_names(texts: Sequence[str], rules: RuleSet) -> tuple[str, ...]:
    """Short names that the documents define for a statute of the table: 「個人情報の保護に
    関する法律（以下「個情法」といいます。）」 makes 「個情法第23条」 a citation of that law."""
    rx = definition_pattern(rules)
    found = {m.group(1) for t in texts for m in _definitions(rx, nfkc(t), rules.statute_laws)}
    return tuple(sorted(found - set(rules.statute_laws)))


def definition_pattern(rules: RuleSet) -> re.Pattern[str]:
    """「<law>（以下「<short name>」といいます」: group 1 is the short name."""
    laws = "|".join(re.escape(w) for w in sorted(rules.statute_laws, key=len, reverse=True))
    verbs = "|".join(re.escape(w) for w in rules.lexicon.definition_verbs)
    with static_patterns():  # made of the tables only: kept between runs
        return re.compile(
            rf"{_not_in_word(rules)}(?:{laws})\s*[（(]\s*以下[、,]?\s*「([^「」]{{1,16}})」\s*(?:{verbs})"
        )


def _definitions(rx: re.Pattern[str], text: str, laws: Sequence[str]):
    """``rx.finditer(text)`` for the definition pattern above, tried only where a match can
    start: every match holds 「以下」 after a parenthesis, and a law's name before it with
    nothing but spaces between (a scan of the whole text by the pattern was 0.7 ms, in every
    version of a log). Names empty or with a space or parenthesis of their own: the whole
    scan."""
    if not all(laws) or any(ch.isspace() or ch in "（(" for law in laws for ch in law):
        yield from rx.finditer(text)
        return
    starts: set[int] = set()
    q = text.find("以下")
    while q >= 0:
        i = q
        while i and text[i - 1].isspace():
            i -= 1
        if i and text[i - 1] in "（(":
            i -= 1
            while i and text[i - 1].isspace():
                i -= 1
            starts.update(
                i - len(w) for w in laws if len(w) <= i and text.startswith(w, i - len(w))
            )
        q = text.find("以下", q + 2)
    end = 0  # as finditer: the leftmost match from where the last one ended, and so on
    for s in sorted(starts):
        if s >= end and (m := rx.match(text, s)) is not None:
            yield m
            end = m.end()


def _statute(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「法第23条」→「法第27条」: a citation that follows the 2022 renumbering of the APPI,
    the law named by its name, by a short name the document defines, or with that
    definition between name and number."""
    w = STATUTE_WINDOW
    old_full, new_full = (
        nfkc(t) for t in _alone(h, old.text, max(0, h.old_start - w), h.old_end + w)
    )
    if not old_full:
        old_full, new_full = _full(h)
    rx = _citation_rx(ctx.rules, (*ctx.rules.statute_laws, *ctx.law_names))
    if not rx.search(old_full):
        return False

    def number(m: re.Match) -> str:
        art = str(to_int(m.group(3)))
        return art + (f"-{to_int(m.group(4))}" if m.group(4) else "")

    def cite(m: re.Match, no: str) -> str:  # the definition is kept: dropping it is no proof
        return f"{m.group(1)}{squash(m.group(2) or '')}第{no.replace('-', 'の')}条"

    def sub(m: re.Match) -> str:
        return cite(m, ctx.rules.statute_map.get(number(m)) or number(m))

    def canon_one(m: re.Match) -> str:
        return cite(m, number(m))

    def canon(s: str) -> str:
        return rx.sub(canon_one, s)

    return canon(rx.sub(sub, old_full)) == canon(new_full) != canon(old_full)


# a statute's number in parentheses after its title: 「（平成15年法律第57号）」
_LAW_NUMBER = re.compile(
    rf"\((?:明治|大正|昭和|平成|令和)\s*(?:元|{_NUM})\s*年\s*(?:法律|政令|[^()\s]{{1,6}}令)"
    rf"\s*第\s*(?:{_NUM})\s*号\)"
)


def _law_number(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「個人情報の保護に関する法律」→「個人情報の保護に関する法律（平成15年法律第57号）」: the
    number of a statute added or dropped in parentheses right after its title (the title,
    by which the law is known, is compared; its short name counts as the title)."""
    a, b = (nfkc(t) for t in _line_alone(h, old))
    na, nb = _LAW_NUMBER.findall(a), _LAW_NUMBER.findall(b)
    if not (na or nb) or (na and nb):  # added or dropped, never another number
        return False
    names = (*ctx.rules.statute_laws, *ctx.law_names)

    def bare(text: str) -> str:
        def drop(m: re.Match) -> str:
            before = text[: m.start()].rstrip()
            return "" if any(before.endswith(nfkc(n)) for n in names) else m.group(0)

        return _equivalents(_LAW_NUMBER.sub(drop, text), ctx)

    return squash(bare(a)) == squash(bare(b)) and squash(a) != squash(b)


# --------------------------------------------------------------------------- words


def same_numbers(h: Hunk) -> bool:
    """The numbers of both sides are the same values (一か月 = 1か月); any other change of a
    number is substantive. (Kept for the last hunk asked about: up to 16 proofs ask in turn,
    and a machine-made text has hunks of thousands of morphemes.)"""
    if _last_numbers[0] is not h:
        _last_numbers[:] = [h, numbers(h.old_tokens) == numbers(h.new_tokens)]
    return _last_numbers[1]


_last_numbers: list = [None, False]  # [hunk, same_numbers(hunk)]


_key = token_key


def _numeral(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """1か月→一か月: the same words, a number written in other digits."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if not a or [_key(t) for t in a] != [_key(t) for t in b]:
        return False
    return any(is_number(x) and x.surface != y.surface for x, y in zip(a, b, strict=True))


_CLOCK = re.compile(r"(?<![0-9:])([0-9]{1,2}):([0-9]{2})(?![0-9:])")
_CLOCK_ZERO = re.compile(r"(?<![0-9])([0-9]{1,2})時0?0分")


_D = f"0-9{KANJI_NUMERAL_CHARS}"
_N = f"[{_D}]++"
# 中央一丁目3番5号, 1丁目3-5, 三丁目12番地の4 — a block address (丁目・番・号) of one notation.
# A number starts where a run of digits starts and is taken whole (possessive): tried from
# every digit of a long run, it would rescan the rest each time (quadratic)
_BLOCK_ADDRESS = re.compile(
    rf"(?<![{_D}])({_N})丁目\s*+({_N})\s*+(?:番地?\s*+の?|-)\s*+({_N})(?:号)?"
)


def _as_values(text: str) -> str:
    """One way of writing a time of day and a block address: 10:00 → 10時, 9:30 → 9時30分,
    10時00分 → 10時; 一丁目3番5号 → 1-3-5."""
    t = _CLOCK.sub(lambda m: f"{int(m[1])}時" + (f"{int(m[2])}分" if int(m[2]) else ""), nfkc(text))
    t = _CLOCK_ZERO.sub(lambda m: f"{int(m[1])}時", t)
    return _BLOCK_ADDRESS.sub(lambda m: "-".join(str(to_int(m[k])) for k in (1, 2, 3)), t)


def _clock_notation(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「10:00〜18:00」→「10時〜18時」, 「中央一丁目3番5号」→「中央1-3-5」: the same times of day
    and addresses written another way (read over the line around the hunk, with this hunk's
    change alone, so that every other word and number stays as it was)."""
    if not any(c.isdigit() or c in KANJI_NUMERAL_CHARS for c in h.old_text + h.new_text):
        return False
    a, b = _line_alone(h, old)
    return squash(a) != squash(b) and squash(_as_values(a)) == squash(_as_values(b))


# a dash or hyphen typed for the long-vowel mark inside a katakana word (グル－プ, サ-ビス)
_DASH_IN_KATAKANA = re.compile(r"(?<=[ァ-ヺ])[-‐‑‒–—―─－](?=[ァ-ヺ])")


def _long_vowel_mark(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「グル－プ」→「グループ」: a dash typed for the long-vowel mark ー in a katakana word."""
    a, b = _line_alone(h, old)
    return a != b and _DASH_IN_KATAKANA.sub("ー", a) == _DASH_IN_KATAKANA.sub("ー", b)


def _conjugation(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """The same normalized forms, a verb in another conjugated form."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if not a or [_key(t) for t in a] != [_key(t) for t in b]:
        return False
    verbs = [(x, y) for x, y in zip(a, b, strict=True) if x.surface != y.surface]
    return bool(verbs) and all(
        x.pos in ("動詞", "形容詞", "助動詞")
        and x.dictionary_form != x.surface
        and x.pos_detail[4:] != y.pos_detail[4:]
        for x, y in verbs
    )


def _orthography(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """取り扱い/取扱い, 又は/または: the same Sudachi normalized forms."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if not a and not b:
        return False
    return "".join(_key(t) for t in a) == "".join(_key(t) for t in b)


def _orthography_in_line(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """The same, read over the whole line: a variant that the dictionary cuts into other
    morphemes (個人情報取扱事業者 / 個人情報取り扱い事業者) compares equal line by line."""
    a = sig(_line_tokens(old, h.old_start, h.old_end))
    b = sig(_line_tokens(new, h.new_start, h.new_end))
    if not a or not b or numbers(a) != numbers(b):
        return False
    return "".join(_key(t) for t in a) == "".join(_key(t) for t in b)


def _line_tokens(side: Side, start: int, end: int) -> list[Token]:
    return side.within(*_line_bounds(side.text, start, end))


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (or lines) of ``text`` that ``start``–``end`` lies in."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", max(start, end - 1) if end > start else start)
    return ls, len(text) if le < 0 else le


def _punctuation(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if not a and not b:
        return no_punct(h.old_text) == no_punct(h.new_text)
    return no_punct(h.old_text) == no_punct(h.new_text)


def _lemmas(tokens: Sequence[Token], rules: RuleSet) -> list[str]:
    """Lemmas without the politeness auxiliaries: what a sentence says, not how politely.
    An auxiliary is polite by its surface or by its Sudachi normalized form (the す of a
    misprinted 「ものとしす」 is read as です)."""
    return [
        _key(t)
        for t in tokens
        if not (t.pos == "助動詞" and (t.surface in rules.polite or _key(t) in rules.polite))
    ]


def _politeness(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """定めるものとする→定めるものとします, ある→あります: the same lemmas, said in the polite
    style (です・ます調) or the plain one (である調)."""
    sa, sb = sig(h.old_tokens), sig(h.new_tokens)
    if not (sa and sb):
        return False
    polite = ctx.rules.polite

    def count(ts: Sequence[Token]) -> int:
        return sum(t.pos == "助動詞" and (t.surface in polite or _key(t) in polite) for t in ts)

    return count(sa) != count(sb) and _lemmas(sa, ctx.rules) == _lemmas(sb, ctx.rules)


def _inflection(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """求めため→求めるため, 限りです→限ります: the same lemmas, another conjugated form."""
    sa, sb = sig(h.old_tokens), sig(h.new_tokens)
    if sa or sb:  # symbols alone (㈱→㈲) have no lemmas to compare: no proof here
        if _lemmas(sa, ctx.rules) == _lemmas(sb, ctx.rules):
            return True
    elif h.old_tokens or h.new_tokens:
        return False
    a = sig(old.around(h.old_start, h.old_end))
    b = sig(new.around(h.new_start, h.new_end))
    if numbers(a) != numbers(b) or len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x.surface != y.surface]
    if not differ:
        return False
    for x, y in differ:
        if _key(x) != _key(y) and x.dictionary_form != y.dictionary_form:
            return False
        if x.pos not in ("動詞", "形容詞", "助動詞") and y.pos not in ("動詞", "形容詞", "助動詞"):
            return False
    return True


def _full(h: Hunk) -> tuple[str, str]:
    return nfkc(h.before + h.old_text + h.after), nfkc(h.new_before + h.new_text + h.new_after)


def _doubled(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """おお客様→お客様: the old text is the new one with a character or word doubled."""
    a, b = _full(h)
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


def _confusion(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """Known misprints corrected (請じ→講じ), one pair or several, in either direction."""
    a, b = _full(h)
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


def _elided(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「suppo……@example…jp」→「support@example.jp」: an address or identifier that one version
    shows elided (a mail-hiding service) written out in full.

    Only an address-like text qualifies (ASCII, no spaces): an elided Japanese phrase could
    stand for anything, so 「…」→「第三者に提供し」 proves nothing. The elided side must keep at
    least a third of the full text as written.
    """
    for x, y in ((h.old_text, h.new_text), (h.new_text, h.old_text)):
        short, full = nfkc(x).replace("...", "…"), nfkc(y).replace("...", "…")
        if "…" not in short or not _ADDRESS_LIKE.fullmatch(full):
            continue
        parts = re.split(r"…+", short)
        kept = sum(map(len, parts))
        if 3 * kept >= len(full) and re.fullmatch(r"[!-~]{1,40}".join(map(re.escape, parts)), full):
            return True
    return False


_ADDRESS_LIKE = re.compile(r"[!-~]{3,}")


def _particle(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """個人情報保有します→個人情報を保有します: a missing case particle put back."""
    old_sig, new_sig = sig(h.old_tokens), sig(h.new_tokens)
    if old_sig:
        return False
    return (
        len(new_sig) == 1
        and new_sig[0].pos == "助詞"
        and new_sig[0].surface in ctx.rules.lexicon.case_particles
    )


def _implied_object(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """…、第三者に提供しません → …、個人情報を第三者に提供しません, in a clause titled
    個人情報の第三者提供: the object the clause is about, made explicit where the verb had none.
    Holds only when the inserted words are nouns + を, those nouns are in the clause's title
    (or a parent's), and the old text has no を-object between the insertion point and the
    verb that follows it."""
    if sig(h.old_tokens):
        return False
    words = sig(h.new_tokens)
    if len(words) < 2 or words[-1].surface != "を" or words[-1].pos != "助詞":
        return False
    nouns = words[:-1]
    if not all(t.pos in ("名詞", "接頭辞", "接尾辞") and not is_number(t) for t in nouns):
        return False
    noun = "".join(nfkc(t.normalized) for t in nouns)
    titles = []
    for u in (old.unit, new.unit):
        if u is not None:
            titles += [u.clause.title, *u.parent_titles]
    if not any(noun in nfkc(t) for t in titles if t):
        return False
    # the old text after the insertion point: no を before the next verb, and a verb soon
    for t in [t for t in old.tokens if t.start >= h.old_start][:12]:
        if t.pos == "助詞" and t.surface == "を":
            return False
        if t.pos == "補助記号" and t.surface in "。．":
            return False
        if t.pos == "動詞":
            return True
    return False


def _kana_spelling(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """合り→あり, 下さい→ください, 読取り→読み取り: the same reading, and one side written in
    kana only or both with the same kanji in the same order (only the okurigana differ; the
    dictionary may read one as a noun and the other as a verb, so normalized forms differ)."""
    old_sig, new_sig = sig(h.old_tokens), sig(h.new_tokens)
    if not old_sig or not new_sig:
        return False
    ra = "".join(t.reading for t in old_sig)
    rb = "".join(t.reading for t in new_sig)
    if not ra or ra != rb:
        return False
    a = "".join(t.surface for t in old_sig)
    b = "".join(t.surface for t in new_sig)
    if _KANA.match(a) or _KANA.match(b):
        return True
    kanji_a = "".join(c for c in a if is_kanji(c))
    kanji_b = "".join(c for c in b if is_kanji(c))
    # the same kanji in the same order, or some of them written in kana (御利用下さい →
    # ご利用ください): the reading, which is the same, says nothing else changed
    return bool(kanji_a and kanji_b) and (
        _subsequence(kanji_a, kanji_b) or _subsequence(kanji_b, kanji_a)
    )


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _okurigana(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """従がって→従って, 行なう→行う, 表わす→表す (or back): kana written after the kanji of a
    verb or adjective that the kanji already reads — the dictionary word's reading of its
    kanji ends in them — and nothing else differs."""
    a, b = squash(h.old_text), squash(h.new_text)
    for long, short, words in ((a, b, h.new_tokens), (b, a, h.old_tokens)):
        d = len(long) - len(short)
        if d <= 0:
            continue
        p = next(
            (k for k, (x, y) in enumerate(zip(long, short, strict=False)) if x != y), len(short)
        )
        extra = long[p : p + d]
        if long[:p] + long[p + d :] != short or p == 0 or not is_kanji(long[p - 1]):
            continue
        if not _KANA.match(extra) or p + d >= len(long) or not _KANA.match(long[p + d]):
            continue
        if _read_by_kanji(extra, p, short, words):
            return True
    return False


def _read_by_kanji(extra: str, at: int, short: str, words: Sequence[Token]) -> bool:
    """Is ``extra`` the end of what the kanji before ``short[at]`` reads, in the conjugated
    word (動詞・形容詞) of ``words`` that ends its kanji there?"""
    pos = 0
    for t in sig(words):
        s = nfkc(t.surface)
        k = short.find(s, pos)
        if k < 0:
            return False
        pos = k + len(s)
        if not (k < at < k + len(s)) or t.pos not in ("動詞", "形容詞") or t.oov:
            continue
        okuri = s[at - k :]
        if not _KANA.match(okuri) or not all(is_kanji(c) for c in s[: at - k]):
            return False
        kata = _katakana(okuri)
        if not t.reading.endswith(kata):
            return False
        return t.reading[: len(t.reading) - len(kata)].endswith(_katakana(extra))
    return False


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _without_prefixes(tokens: Sequence[Token], rules: RuleSet) -> tuple[list[Token], int]:
    """The words without the honorific prefixes (お|問い合わせ, ご|確認: Sudachi's 接頭辞 「御」)
    and suffixes (利用者|様), and how many were left out."""
    lex = rules.lexicon
    out = [
        t
        for t in tokens
        if not (
            t.pos == "接頭辞"
            and t.surface in lex.honorific_prefixes
            and nfkc(t.normalized) in lex.honorific_normalized
        )
        and not (t.pos == "接尾辞" and t.surface in lex.honorific_suffixes)
    ]
    return out, len(tokens) - len(out)


def _said_politely(x: Token, y: Token, rules: RuleSet) -> bool:
    """The same word said politely: ご利用 = 利用 (a dictionary word made of the prefix and a
    noun), 提供いたし = 提供し (the humble light verb)."""
    lex = rules.lexicon
    humble = lex.honorific_humble
    if x.pos == y.pos == "動詞":
        return humble.get(_key(x), _key(x)) == humble.get(_key(y), _key(y))
    persons = lex.honorific_persons
    nouns = x.pos == y.pos == "名詞" and "普通名詞" in x.pos_detail and "普通名詞" in y.pos_detail
    if nouns and (persons.get(x.surface) == y.surface or persons.get(y.surface) == x.surface):
        return True
    return any(
        a.pos == b.pos == "名詞"
        and a.surface[:1] in lex.honorific_prefixes
        and a.surface[1:] == b.surface
        and len(b.surface) >= 2
        for a, b in ((x, y), (y, x))
    )


def _honorific(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """ご確認→確認, お問い合わせ→問い合わせ, 提供いたします→提供します: an honorific prefix or
    the humble verb added or removed; every word is otherwise the same."""
    a, da = _without_prefixes(sig(h.old_tokens), ctx.rules)
    b, db = _without_prefixes(sig(h.new_tokens), ctx.rules)
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if _key(x) != _key(y)]
    if not (da or db or differ):
        return False
    return all(_said_politely(x, y, ctx.rules) for x, y in differ)


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def _misspelling(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """アカウンド→アカウント, プライバシポリシー→プライバシーポリシー, Goolge→Google: a word the
    dictionary does not know (in kana, or in Latin letters) corrected into one it knows, a
    character or two apart. Edit
    distance alone proves nothing (以上→以下); the unknown word on the old side is the proof."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if not a or not b or any(t.oov for t in b):
        return False
    unknown = [t for t in a if t.oov]
    if not unknown or not all(_KANA.match(t.surface) or _LATIN.match(t.surface) for t in unknown):
        return False
    if any(not t.oov and t.surface not in {x.surface for x in b} for t in a):
        return False  # a known word changed too
    x, y = squash(h.old_text), squash(h.new_text)
    limit = 2 if min(len(x), len(y)) >= 6 else 1
    return 0 < _levenshtein(x, y) <= limit


def _company_form(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「ヤマト運輸株式社」→「ヤマト運輸株式会社」: a company form (material.toml [parties]) with
    a character dropped or mistyped, restored; the name beside it is the same."""
    a, b = squash(h.old_text), squash(h.new_text)
    if not a or not b or abs(len(a) - len(b)) > 1 or _levenshtein(a, b) != 1:
        return False
    old_full, new_full = _full(h)
    forms = [f for f in ctx.rules.lexicon.company_forms if len(f) >= 4 and all(map(is_kanji, f))]
    gained = [f for f in forms if new_full.count(f) > old_full.count(f)]
    # no form lost: 社団法人→財団法人 is another kind of entity, not a misprint
    lost = [f for f in forms if new_full.count(f) < old_full.count(f)]
    return bool(gained) and not lost


def _homophone(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「許諾なく仕様する」→「使用する」, 「適性な取扱い」→「適正な」: one word for another of the
    same reading, where only the new one can take the word that follows (editorial.toml
    [homophones])."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if len(a) != 1 or len(b) != 1 or a[0].surface == b[0].surface:
        return False
    x, y = a[0], b[0]
    if not x.reading or x.reading != y.reading:
        return False
    nx, ny = _token_from(old, h.old_end), _token_from(new, h.new_end)
    if nx is None or ny is None or nx.surface != ny.surface:
        return False
    for after, needs in ctx.rules.lexicon.homophone_needs:
        if nx.normalized in after or nx.dictionary_form in after:
            return not _pos_in(x, needs) and _pos_in(y, needs)
    return False


def _token_from(side: Side, at: int) -> Token | None:
    return next((t for t in side.tokens if t.start == at), None)


def _pos_in(t: Token, fields: frozenset[str]) -> bool:
    return t.pos in fields or any(f in fields for f in t.pos_detail)


def _connective(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「また、」 added or removed at the head of a sentence: only a joining word differs."""
    a, b = sig(h.old_tokens), sig(h.new_tokens)
    if a and b:
        return False
    words = a or b
    if len(words) != 1 or words[0].surface not in ctx.rules.lexicon.connectives:
        return False
    # it opens a sentence: nothing but punctuation or a line start before it
    side, start = (old, h.old_start) if a else (new, h.new_start)
    before = side.text[:start].rstrip(" \u3000")
    return not before or before[-1] in "。．.\n"


def _equivalent(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """「…する場合があります」→「…することがあります」: read over the lines around the hunk,
    the two versions differ only by phrases of one group of editorial.toml [equivalents]."""
    groups = ctx.rules.lexicon.equivalent_phrases
    if not groups or not (h.old_text or h.new_text):
        return False
    a, b = (nfkc(t) for t in _line_alone(h, old))
    return squash(_equivalents(a, ctx)) == squash(_equivalents(b, ctx))


def _equivalents(text: str, ctx: Context) -> str:
    """The text with each phrase of an [equivalents] group written as the group's first."""
    for group in ctx.rules.lexicon.equivalent_phrases:
        for phrase in group[1:]:
            text = text.replace(phrase, group[0])
    return text


def _alone(h: Hunk, text: str, start: int, end: int) -> tuple[str, str]:
    """``text[start:end]`` (the old clause text around the hunk) before and after this hunk
    alone: another change nearby is judged on its own, never read into this one."""
    start, end = min(start, h.old_start), max(end, h.old_end)
    return text[start:end], text[start : h.old_start] + h.new_text + text[h.old_end : end]


def _line_alone(h: Hunk, old: Side) -> tuple[str, str]:
    """The old line (or lines) of the hunk, before and after this hunk alone."""
    return _alone(h, old.text, *_line_bounds(old.text, h.old_start, h.old_end))


def _same_site_address(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """https://example.jp/privacy → https://example.jp/policy/privacy, info@ → privacy@, or
    help.mirai.co.jp → support.mirai.co.jp: a page, mailbox or host of the same operator
    renamed (legal-notes M4). The hunk must lie inside one web or mail address on each side,
    and the registered domain must stay."""

    def domain(side: Side, start: int, end: int) -> str | None:
        for s0, e0, hst in address_spans(side.text):
            if s0 <= start and end <= e0:
                return hst if hst else None
        return None

    ho = domain(old, h.old_start, h.old_end)
    hn = domain(new, h.new_start, h.new_end)
    if ho is None or hn is None:
        return False
    return ho == hn or registered_domain(ho, ctx.rules) == registered_domain(hn, ctx.rules)


def heading_only(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
    """The hunk lies wholly inside the heading words (the title) of both clauses."""
    po, pn = old.unit, new.unit
    if po is None or pn is None or not po.heading or not pn.heading:
        return False
    old_limit = po.heading_len + (1 if po.heading_len else 0)
    new_limit = pn.heading_len + 1
    return h.old_end <= old_limit and h.new_end <= new_limit


def _numbers_kept(p: Proof) -> Proof:
    def proof(h: Hunk, old: Side, new: Side, ctx: Context) -> bool:
        return same_numbers(h) and p(h, old, new, ctx)

    proof.__doc__ = p.__doc__
    return proof


# the order in which hunk proofs are tried; the first that holds gives the reason
PROOF_ORDER: tuple[tuple[str, Proof], ...] = (
    ("M-width", _width),
    ("M-format", _format),
    ("M-configured", _configured),
    ("M-date", _date_change),
    ("M-crossref", _crossref),
    ("M-crossref", _dotted_crossref),
    ("M-crossref", _titled_crossref),
    ("M-crossref", _relative_crossref),
    ("M-statute", _statute),
    ("M-citation", _law_number),
    # from here on, a changed number (as a value) is never editorial
    ("M-numeral", _numbers_kept(_numeral)),
    ("M-numeral", _clock_notation),
    ("M-politeness", _numbers_kept(_politeness)),
    ("M-inflection", _numbers_kept(_conjugation)),
    ("M-orthography", _numbers_kept(_orthography)),
    ("M-punctuation", _numbers_kept(_punctuation)),
    ("M-inflection", _numbers_kept(_inflection)),
    ("M-doubled", _numbers_kept(_doubled)),
    ("M-confusion", _numbers_kept(_confusion)),
    ("M-format", _numbers_kept(_elided)),
    ("M-particle", _numbers_kept(_particle)),
    ("M-compound", _numbers_kept(noun_compound)),
    ("M-subject", _numbers_kept(subject_particle)),
    ("M-typo", _numbers_kept(_misspelling)),
    ("M-typo", _numbers_kept(_company_form)),
    ("M-homophone", _numbers_kept(_homophone)),
    ("M-object", _numbers_kept(_implied_object)),
    ("M-orthography", _numbers_kept(_kana_spelling)),
    ("M-orthography", _numbers_kept(_okurigana)),
    ("M-orthography", _numbers_kept(_orthography_in_line)),
    ("M-orthography", _long_vowel_mark),
    ("M-connective", _numbers_kept(_connective)),
    ("M-polarity", _numbers_kept(same_negation)),
    ("M-honorific", _numbers_kept(_honorific)),
    ("M-equivalent", _numbers_kept(_equivalent)),
    ("M-address", _same_site_address),
    ("M-heading", heading_only),
)
# proofs of whole clauses (added, removed, moved) and of a contact-desk change, tried in
# classify/stage.py
WHOLE_CLAUSE_PROOFS = ("M-date", "M-empty", "M-move", "M-reorder", "M-contact")


def check_proof_table(rules: RuleSet) -> None:
    """Both tables name exactly the proofs that editorial.toml declares."""
    used = {pid for pid, _ in PROOF_ORDER} | set(WHOLE_CLAUSE_PROOFS)
    declared = set(rules.proofs)
    if used != declared:
        raise ConfigError(
            "editorial.toml and the proof order disagree: "
            f"not declared {sorted(used - declared)}, never tried {sorted(declared - used)}"
        )


def editorial_proof(h: Hunk, old: Side, new: Side, ctx: Context) -> str | None:
    """The id of the first editorial proof that holds for this hunk, or None."""
    for pid, proof in PROOF_ORDER:
        if proof(h, old, new, ctx):
            return pid
    return None

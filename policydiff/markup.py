"""Markup compared on its own: link targets, anchors/ids, emphasis, front matter.

Hunks diff the visible text only (the readers keep markup out of it). What the markup says
is compared here, per aligned clause pair: a link whose words stay the same but whose target
changes is 「リンク先の変更」 (old → new target); anchors, ids, emphasis, a link added to or
taken from unchanged words, and front matter are 「書式の変更」. These changes are minor by
their own proof — the visible text they belong to is unchanged or judged by its own hunks —
and they are reported, so a markup-only revision is never called identical.
"""

from __future__ import annotations

from collections import Counter

from .model import Change, ClausePair, Document, Mark, Severity, Unit

LINK_TARGET = "markup.link_target"
LINK_ADDED_REMOVED = "markup.link"
ANCHOR = "markup.anchor"
EMPHASIS = "markup.emphasis"
FRONT_MATTER = "markup.front_matter"
SYNTAX = "markup.syntax"
_CATEGORIES = ("editorial",)
_EMPHASIS_KINDS = frozenset({"strong", "em", "del", "code"})


def markup_changes(pair: ClausePair) -> list[Change]:
    """The markup changes of an aligned pair (both sides present)."""
    old, new = pair.old, pair.new
    if old is None or new is None or old.marks == new.marks:
        return []
    out = _link_changes(old, new)
    out += _anchor_changes(old, new)
    out += _emphasis_changes(old, new)
    return out


def metadata_changes(old: Document, new: Document, at: tuple[Unit, Unit] | None) -> list[Change]:
    """Front matter is metadata, never a clause: a change there is a formatting change,
    reported ``at`` the opening clauses of the two versions."""
    if old.metadata == new.metadata or at is None:
        return []
    import difflib  # only when the front matter changed

    a, b = old.metadata.splitlines(), new.metadata.splitlines()
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return [
        _change(
            at[0],
            at[1],
            "\n".join(removed),
            "\n".join(added),
            "書式の変更（front matter のメタデータの変更。本文の規定内容に変更なし）",
            FRONT_MATTER,
        )
    ]


def syntax_change(old: Document, new: Document, at: tuple[Unit, Unit] | None) -> list[Change]:
    """Only the notation changed (a table rule, ``1\\.``, blank lines, a BOM): one minor change,
    so that such a revision is reported, not silently called minor with nothing in it."""
    if at is None or old.policy.text == new.policy.text or _visible(old) != _visible(new):
        return []
    return [
        _change(at[0], at[1], "", "",
                "書式の変更（記法・空白・改行のみの変更。表示される文言に変更なし）", SYNTAX)
    ]  # fmt: skip


def _visible(doc: Document) -> list[str]:
    return [ln.text for n in doc.root.walk() for ln in n.lines if ln.text]


def _change(old: Unit | None, new: Unit | None, old_text: str, new_text: str, reason: str,
            rule: str) -> Change:  # fmt: skip
    return Change(
        id="",
        type="modified",
        severity=Severity.MINOR,
        categories=_CATEGORIES,
        old_unit=old,
        new_unit=new,
        old_text=old_text,
        new_text=new_text,
        reasons=(reason,),
        rule_ids=(rule,),
    )


def _links(u: Unit) -> list[Mark]:
    return [m for m in u.marks if m.kind == "link"]


def _link_changes(old: Unit, new: Unit) -> list[Change]:
    a = Counter((m.text, m.value) for m in _links(old))
    b = Counter((m.text, m.value) for m in _links(new))
    gone, came = list((a - b).elements()), list((b - a).elements())
    out = []
    for text, target in list(gone):
        match = next((c for c in came if c[0] == text), None)
        if match is None:
            continue
        gone.remove((text, target))
        came.remove(match)
        out.append(_change(old, new, target, match[1],
                           f"リンク先の変更（リンクの文言「{text}」は同じ）: {target} → {match[1]}",
                           LINK_TARGET))  # fmt: skip
    # a link put on, or taken off, words that are there on both sides
    for side, items, verb in ((old, gone, "削除"), (new, came, "追加")):
        for text, target in items:
            if text and text in old.text and text in new.text:
                o, n = (target, "") if side is old else ("", target)
                out.append(_change(old, new, o, n,
                                   f"書式の変更（「{text}」のリンクの{verb}。文言に変更なし）",
                                   LINK_ADDED_REMOVED))  # fmt: skip
    return out


def _anchor_changes(old: Unit, new: Unit) -> list[Change]:
    a = Counter(m.value for m in old.marks if m.kind == "anchor")
    b = Counter(m.value for m in new.marks if m.kind == "anchor")
    if a == b:
        return []
    gone = " ".join(f"#{v}" for v in (a - b).elements())
    came = " ".join(f"#{v}" for v in (b - a).elements())
    return [_change(old, new, gone, came, "書式の変更（アンカー・属性の変更。本文に変更なし）",
                    ANCHOR)]  # fmt: skip


def _emphasis_changes(old: Unit, new: Unit) -> list[Change]:
    a = Counter(m.text for m in old.marks if m.kind in _EMPHASIS_KINDS)
    b = Counter(m.text for m in new.marks if m.kind in _EMPHASIS_KINDS)
    gone = [t for t in (a - b).elements() if t in new.text]
    came = [t for t in (b - a).elements() if t in old.text]
    if not gone and not came:
        return []
    return [_change(old, new, "\n".join(gone), "\n".join(came),
                    "書式の変更（強調・打消し線などの装飾の変更。文言に変更なし）",
                    EMPHASIS)]  # fmt: skip

"""The domain model: small records handed from one pipeline stage to the next.

Words used here are the glossary of the project: a **Policy** is loaded text; it is parsed
into a **Document**, a tree of **Clause** nodes (Article 条 / Paragraph 項 / Item 号 …);
alignment yields **ClausePair** records; the word diff yields **Hunk** records inside a
pair; classification turns each hunk into a **Change** with a **Severity**.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    MINOR = "minor"
    MATERIAL = "material"


class Kind(StrEnum):
    """What a clause node is."""

    ROOT = "root"
    TITLE = "title"
    PREAMBLE = "preamble"
    CHAPTER = "chapter"  # 第N章 / 第N節 / 第N編
    ARTICLE = "article"  # 第N条
    SECTION = "section"  # a heading: markdown heading or numbered title line
    PARAGRAPH = "paragraph"  # 項: numbered or unnumbered paragraph
    ITEM = "item"  # 号: (1), ①, 一, bullets
    TRAILER = "trailer"  # dates, 以上, signature at the end


HEADING_KINDS = frozenset(
    {Kind.TITLE, Kind.PREAMBLE, Kind.CHAPTER, Kind.ARTICLE, Kind.SECTION, Kind.TRAILER}
)


@dataclass(frozen=True)
class Policy:
    """A loaded policy: decoded, newline-normalised text and where it came from."""

    source: str
    text: str
    encoding: str
    had_bom: bool = False
    newline: str = "\n"
    fingerprint: str = ""  # load.fingerprint_of the bytes as read: equal bytes ⇒ identical

    def __post_init__(self) -> None:
        if "\r" in self.text:
            raise ValueError("Policy.text must have normalised newlines")


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands in a large document
class Mark:
    """Inline markup on visible text: compared on its own, never diffed as words."""

    kind: str  # link | anchor | strong | em | del | code
    text: str  # the visible text it covers ("" for an anchor)
    value: str = ""  # the link target, the anchor id


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands in a large document
class Line:
    """One line of the document: ``start``/``end`` index the text, ``end`` includes the newline."""

    start: int
    end: int
    raw: str  # the line as written, newline excluded
    content: str  # the line without markup, marker and indentation: what is diffed
    marker: str = ""  # the number or bullet as written: 第1条, 1., （2）, ①, -, …
    text: str = ""  # the line as it reads: markup removed, marker kept
    marks: tuple[Mark, ...] = ()  # links, anchors, emphasis on this line


@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands in a large document
class Clause:
    """A node of the clause tree.

    ``lines`` are the lines this node owns itself (its heading or marker line and
    continuation lines); the lines of ``children`` are theirs. Every line of the input
    belongs to exactly one node.
    """

    kind: Kind
    label: str  # 第1条, 1., （2）, ① … or "" when unnumbered
    number: str  # canonical number ("1", "2の2", "12") or "" — used to mask renumbering
    title: str  # 適用, 用語の定義 … or ""
    depth: int
    lines: tuple[Line, ...]
    children: tuple[Clause, ...] = ()
    style: str = ""  # the marker style that put the node at its level (article, paren, md2 …)
    heading: bool = False  # a heading-level node (title, article, section …): a unit of alignment

    def __post_init__(self) -> None:
        if self.kind is not Kind.ROOT and not self.lines and not self.children:
            raise ValueError(f"a {self.kind} clause must own at least one line or have children")
        for a, b in zip(self.lines, self.lines[1:], strict=False):
            if b.start < a.end:
                raise ValueError("clause lines overlap or are out of order")

    @property
    def name(self) -> str:
        """How the clause is referred to: its label, else its title, else its first words."""
        if self.label:
            return self.label
        if self.kind is Kind.PREAMBLE:
            return "前文"
        if self.kind is Kind.TRAILER:
            return "末尾"
        if self.title:
            return self.title
        first = next((ln.content for ln in self.lines if ln.content.strip()), "")
        return first[:20]

    def walk(self):
        """This node and all its descendants in document order (iterative: lists may nest
        thousands of levels deep)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def start(self) -> int:
        if self.lines:
            return self.lines[0].start
        return self.children[0].start if self.children else 0

    def body_lines(self, sub_units: bool) -> tuple[Line, ...]:
        """The lines of this node and of its sub-clauses, in document order; with
        ``sub_units``, heading-level sub-clauses (units of their own) are left out. A node
        with no sub-clause to take in gives its own lines."""
        if all(sub_units and c.heading for c in self.children):
            return self.lines
        lines: list[Line] = []
        stack = [self]  # iterative: lists may nest thousands of levels deep
        while stack:
            n = stack.pop()
            lines.extend(n.lines)
            stack.extend(c for c in reversed(n.children) if not (sub_units and c.heading))
        return tuple(sorted(lines, key=lambda ln: ln.start))

    def own_text(self) -> str:
        """The readable text of this node's own lines (markup and markers removed)."""
        return "\n".join(ln.content for ln in self.lines if ln.content)


@dataclass(frozen=True)
class Document:
    """A parsed policy."""

    policy: Policy
    root: Clause
    structure: str  # "clauses" or "paragraphs" (fallback when no structure was recognised)
    fallback_reason: str = ""
    format: str = "text"  # the reader that read it: text | markdown | html
    reading_text: str = ""  # the text the lines index when it is not the policy text (HTML)
    metadata: str = ""  # front matter, as written

    @property
    def text(self) -> str:
        """The text the lines of the tree tile."""
        return self.reading_text or self.policy.text

    @property
    def title(self) -> str:
        for node in self.root.children:
            if node.kind is Kind.TITLE:
                return node.title
        return ""

    def clauses(self) -> list[Clause]:
        return [n for n in self.root.walk() if n.kind is not Kind.ROOT]


@dataclass(frozen=True, slots=True)  # slots: millions of them in a large document
class Token:
    """One SudachiPy morpheme with its offsets into the text it was cut from."""

    surface: str
    normalized: str
    pos: str  # first part-of-speech field (名詞, 動詞 …)
    pos_detail: tuple[str, ...]
    oov: bool
    start: int
    end: int
    dictionary_form: str = ""
    reading: str = ""  # katakana reading (Sudachi reading_form)

    def __post_init__(self) -> None:
        if self.end - self.start != len(self.surface):
            raise ValueError(
                f"token {self.surface!r} does not fit its offsets {self.start}-{self.end}"
            )


@dataclass(frozen=True, slots=True)
class Unit:
    """An alignment unit: a heading-level clause with the text of its whole body.

    ``text`` is the readable text (markers and markup removed), ``path`` the labels from
    the root. Units are what alignment matches across versions.
    """

    index: int
    clause: Clause
    path: tuple[str, ...]
    parent_key: str  # canonical identity of the parent (used to tell a move across parents)
    text: str
    # the lines of its whole body, in document order (the clause's own tuple when it has no
    # sub-clause to take in)
    body: tuple[Line, ...] = ()
    marks: tuple[Mark, ...] = ()  # inline markup of the body (links, anchors, emphasis)
    parent_titles: tuple[str, ...] = ()  # titles of the enclosing clauses, outermost first

    @property
    def full_text(self) -> str:
        """The whole clause as it reads, numbers and headings included (made on demand: only
        a clause added, removed or moved needs it, and a large document has thousands)."""
        return "\n".join(ln.text for ln in self.body if ln.text)

    @property
    def heading(self) -> str:
        """The heading line as it reads (label + title), "" if the clause has none."""
        c = self.clause
        return c.lines[0].text if c.heading and c.lines and c.lines[0].text else ""

    @property
    def heading_len(self) -> int:
        """Length of the title words that open ``text`` (0 when the clause has no title: the
        words after 「第一条」 are then its first sentence, not a heading)."""
        return len(self.clause.lines[0].content) if self.heading and self.clause.title else 0


@dataclass(frozen=True, slots=True)  # slots: one per clause of the larger version
class ClausePair:
    """Which old unit became which new unit."""

    old: Unit | None
    new: Unit | None
    status: str  # same | modified | added | removed | moved
    similarity: float = 1.0
    how: str = ""  # exact | content | title | position

    def __post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ValueError("a ClausePair needs at least one side")
        if self.status not in {"same", "modified", "added", "removed", "moved"}:
            raise ValueError(f"unknown pair status {self.status!r}")


@dataclass(frozen=True)
class Hunk:
    """A maximal run of non-equal diff operations inside one clause pair.

    ``old_start``/``old_end`` index the old unit text, ``new_start``/``new_end`` the new one.
    """

    old_text: str
    new_text: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_tokens: tuple[Token, ...] = ()
    new_tokens: tuple[Token, ...] = ()
    before: str = ""  # a little unchanged context before (old side)
    after: str = ""  # a little unchanged context after (old side)
    new_before: str = ""  # the same context on the new side
    new_after: str = ""

    def __post_init__(self) -> None:
        if self.old_end - self.old_start != len(
            self.old_text
        ) or self.new_end - self.new_start != len(self.new_text):
            raise ValueError("hunk offsets do not match its texts")


@dataclass(frozen=True)
class Change:
    """One reported change: a classified hunk, or a whole added/removed/moved clause."""

    id: str
    type: str  # modified | added | removed | moved
    severity: Severity
    categories: tuple[str, ...]
    old_unit: Unit | None
    new_unit: Unit | None
    old_text: str
    new_text: str
    reasons: tuple[str, ...]
    legal_refs: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    hunk: Hunk | None = None
    rule_ids: tuple[str, ...] = ()
    review: bool = False  # material only because no proof covers it and no cue explains it

    def __post_init__(self) -> None:
        if self.type not in {"modified", "added", "removed", "moved"}:
            raise ValueError(f"unknown change type {self.type!r}")
        if self.type == "added" and self.old_unit is not None:
            raise ValueError("an added change has no old clause")
        if self.type == "removed" and self.new_unit is not None:
            raise ValueError("a removed change has no new clause")
        if not self.reasons:
            raise ValueError("every change needs at least one reason")
        if self.review and self.severity is not Severity.MATERIAL:
            raise ValueError("only a material change can be marked for review")


@dataclass(frozen=True)
class Report:
    """The result of comparing two policies."""

    old: Document
    new: Document
    pairs: tuple[ClausePair, ...]
    changes: tuple[Change, ...]
    document_type: str = "privacy_policy"
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        material = sum(1 for c in self.changes if c.severity is Severity.MATERIAL)
        return {"material": material, "minor": len(self.changes) - material}

    @property
    def verdict(self) -> str:
        if self.counts["material"]:
            return "material"
        old, new = self.old.policy, self.new.policy
        if self.changes or old.text != new.text or old.fingerprint != new.fingerprint:
            return "minor"
        return "identical"

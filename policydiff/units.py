"""Cut a parsed document into alignment units: heading-level clauses with their bodies."""

from __future__ import annotations

import unicodedata

from .model import Clause, Document, Kind, Unit
from .sharing import share


def document_units(doc: Document) -> list[Unit]:
    """Heading-level clauses in document order; each carries the text of its whole body.

    When the document has no heading-level clause (only numbered paragraphs, or the
    paragraph fallback), the top-level nodes are the units.
    """
    out: list[Unit] = []
    has_heading = any(n.heading for n in doc.root.walk() if n.kind is not Kind.ROOT)

    def visit(node: Clause, ancestors: tuple[Clause, ...], top: bool = False) -> None:
        # a top-level node is a unit even when it is no heading (text before a trailer that
        # is the only heading): no text is left out of the comparison
        is_unit = node.kind is not Kind.ROOT and (node.heading or not has_heading or top)
        if is_unit:
            lines = node.body_lines(has_heading)
            # every line, the last included, ends with a newline: an item added at the end
            # is then a whole line like any other
            # interned: most clauses of a revision read as in the version before
            text = share("".join(ln.content + "\n" for ln in lines if ln.content))
            parent = ancestors[-1] if ancestors else None
            out.append(
                Unit(
                    index=len(out),
                    clause=node,
                    path=tuple(a.name for a in ancestors) + (node.name,),
                    parent_key=clause_key(parent) if parent else "",
                    text=text,
                    body=lines,
                    marks=tuple(m for ln in lines for m in ln.marks),
                    parent_titles=tuple(a.title for a in ancestors if a.title),
                )
            )
        if node.kind is Kind.ROOT or (has_heading and node.heading):
            anc = (
                ancestors + (node,)
                if is_unit and node.kind not in (Kind.TITLE, Kind.PREAMBLE)
                else ancestors
            )
            for child in node.children:
                if child.heading or not has_heading or node.kind is Kind.ROOT:
                    visit(child, anc, top=node.kind is Kind.ROOT)

    visit(doc.root, ())
    # a recursive closure is a reference cycle (visit → its cell → visit) that held the
    # units, and so the whole tree, until the cyclic collector came by: cut it
    visit = None  # type: ignore[assignment]
    return out


def clause_key(node: Clause | None) -> str:
    """A renumbering-proof identity of a clause: its title, else its kind."""
    if node is None:
        return ""
    title = unicodedata.normalize("NFKC", node.title).strip()
    return f"{node.kind}:{title}" if title else f"{node.kind}:{node.style}"

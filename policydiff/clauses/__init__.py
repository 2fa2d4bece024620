"""Stage 2 — blocks to a clause tree, the same for every format.

:func:`parse` reads the policy with the reader of its format (:mod:`policydiff.readers`),
shapes each block (:mod:`.shapes`, numbering from :mod:`.markers`), runs the named passes
(:mod:`.passes`) and builds the tree (:mod:`.tree`).
"""

from __future__ import annotations

from ..model import Document, Policy
from ..readers import Reading, ReadOptions, read
from .passes import (
    FALLBACK_REASON,
    Structure,
    attach_captions,
    decide_structure,
    promote_titles,
    trailer_start,
)
from .shapes import shape_blocks
from .tree import TreeBuilder, make_line, paragraph_tree

__all__ = ["parse", "parse_reading"]


def parse(policy: Policy, options: ReadOptions | None = None) -> Document:
    """Parse a loaded policy into a clause tree."""
    return parse_reading(policy, read(policy, options))


def parse_reading(policy: Policy, reading: Reading) -> Document:
    """Build the clause tree of blocks already read.

    Each record is let go as soon as the next stage has what it needs (a block once shaped,
    a shape and its line once placed in the tree, a node once closed): a large document's
    blocks, shapes, lines and nodes are never all in memory at once."""
    blocks = list(reading.blocks)
    fmt, text, metadata, shifts = (
        reading.format.value,
        reading.text,
        reading.metadata,
        reading.shifts,
    )
    del reading  # the blocks live in ``blocks`` alone now, freed as they are shaped
    shapes, spans = _shaped(blocks, shifts)
    del blocks
    trailer_at = trailer_start(shapes)
    attach_captions(shapes)
    promote_titles(shapes, trailer_at)
    structure, has_headings = decide_structure(shapes, trailer_at)
    if structure is Structure.CLAUSES:
        builder = TreeBuilder(has_headings, trailer_at)
        for idx in range(len(shapes)):
            sh, (start, end, raw) = shapes[idx], spans[idx]
            shapes[idx] = spans[idx] = None  # type: ignore[call-overload]  # placed below
            builder.add(idx, make_line(start, end, raw, sh), sh)
        root = builder.root()
        del builder
    else:
        lines = [make_line(*span, sh) for span, sh in zip(spans, shapes, strict=True)]
        root = paragraph_tree(lines, shapes)
        del lines
    del shapes, spans  # placed in the tree
    return Document(
        policy=policy,
        root=root.build(0),
        structure=structure.value,
        fallback_reason="" if structure is Structure.CLAUSES else FALLBACK_REASON,
        format=fmt,
        reading_text="" if text == policy.text else text,
        metadata=metadata,
    )


SHAPED_AT_ONCE = 4096  # blocks shaped, then freed, at a time


def _shaped(blocks: list, shifts: tuple[int, ...] = ()) -> tuple[list, list[tuple[int, int, str]]]:
    """The shape and the (start, end, raw) of every block, at its place (``shifts``: see
    :class:`~policydiff.readers.Reading`); the blocks freed as shaped."""
    shapes: list = []
    spans: list[tuple[int, int, str]] = []
    for k in range(0, len(blocks), SHAPED_AT_ONCE):
        part = blocks[k : k + SHAPED_AT_ONCE]
        shapes.extend(shape_blocks(part))
        if shifts:
            moved = zip(part, shifts[k : k + SHAPED_AT_ONCE], strict=True)
            spans.extend((b.start + d, b.end + d, b.raw) for b, d in moved)
        else:
            spans.extend((b.start, b.end, b.raw) for b in part)
        blocks[k : k + SHAPED_AT_ONCE] = [None] * len(part)
    return shapes, spans

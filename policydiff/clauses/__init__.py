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
    """Build the clause tree of blocks already read."""
    shapes = shape_blocks(reading.blocks)
    trailer_at = trailer_start(shapes)
    attach_captions(shapes)
    promote_titles(shapes, trailer_at)
    structure, has_headings = decide_structure(shapes, trailer_at)
    lines = [
        make_line(b.start, b.end, b.raw, sh) for b, sh in zip(reading.blocks, shapes, strict=True)
    ]
    fmt, text, metadata = reading.format.value, reading.text, reading.metadata
    del reading  # the blocks are in the lines now: a large document need not hold both
    if structure is Structure.CLAUSES:
        builder = TreeBuilder(has_headings, trailer_at)
        for idx, (line, sh) in enumerate(zip(lines, shapes, strict=True)):
            builder.add(idx, line, sh)
        root = builder.root()
        del builder
    else:
        root = paragraph_tree(lines, shapes)
    del shapes, lines  # placed in the tree
    return Document(
        policy=policy,
        root=root.build(0),
        structure=structure.value,
        fallback_reason="" if structure is Structure.CLAUSES else FALLBACK_REASON,
        format=fmt,
        reading_text="" if text == policy.text else text,
        metadata=metadata,
    )

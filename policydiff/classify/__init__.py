"""Stage 6 — each hunk, added, removed or moved clause becomes a classified Change.

Two layers, as DESIGN.md sets out. First the editorial proofs (``editorial``): a change that
is provably 記載の訂正 is minor, with the proof's reason. Everything else is material: the
material cues (``cues``: numbers, negation, modality, named parties) say what changed, the
clause's topic weighed with the changed words (``topic``) says in which category, and the
category tables of ``rules/material.toml`` which statute applies and what the operator must
do. A change that no proof covers and no cue explains is material and marked for review.

Classification is a pure function of its inputs: the pipeline hands it the tokens of both
clauses; nothing here calls the tokenizer.
"""

from __future__ import annotations

from .base import Context, Side, squash
from .doctype import detect_document_type
from .editorial import PROOF_ORDER, WHOLE_CLAUSE_PROOFS, check_proof_table, editorial_proof
from .stage import classify_hunk, classify_hunks, classify_whole
from .topic import categorize

__all__ = [
    "PROOF_ORDER",
    "WHOLE_CLAUSE_PROOFS",
    "Context",
    "Side",
    "categorize",
    "check_proof_table",
    "classify_hunk",
    "classify_hunks",
    "classify_whole",
    "detect_document_type",
    "editorial_proof",
    "squash",
]

"""Document type: a terms of service (利用規約, 約款) or a privacy policy."""

from __future__ import annotations

from ..rules import RuleSet, default_rules, nfkc


def detect_document_type(title: str, text: str, rules: RuleSet | None = None) -> str:
    """'terms' or 'privacy': the words of the title decide, else the body's words are counted
    (material.toml [document_type])."""
    words = (rules or default_rules()).lexicon.doc_type
    t = nfkc(title)
    if any(w in t for w in words["terms_title"]):
        return "terms"
    if any(w in t for w in words["privacy_title"]):
        return "privacy"
    body = nfkc(text[:20000])
    terms_score = sum(body.count(w) for w in words["terms_body"])
    privacy_score = sum(body.count(w) for w in words["privacy_body"])
    return "terms" if terms_score > privacy_score else "privacy"

"""Minor needs a proof: a rewording that no editorial proof covers and no cue explains is
material, marked for review (JSON ``review: true``, 「重要（要確認）」), and ``--check`` fails on it.

All texts are our own (株式会社ミライテック)."""

from __future__ import annotations

import json

from test_classify import PRIVACY, build, compare_edit, edited

from policydiff import Severity
from policydiff.rules import default_rules

REVIEW_REASON = "記載の訂正等の軽微な変更と確認できない文言の変更です"
# an unproven rewording: no number, no negation, no modality word, no category cue, no party
OLD_WORDS, NEW_WORDS = "次の目的", "次に掲げる目的"


def test_unproven_rewording_is_material_for_review():
    (c,) = compare_edit(2, OLD_WORDS, NEW_WORDS).changes
    assert c.severity is Severity.MATERIAL
    assert c.review
    assert REVIEW_REASON in c.reasons
    assert default_rules().lexicon.review_rule in c.rule_ids
    assert c.legal_refs and c.duties


def test_a_rewording_with_a_cue_is_not_marked_for_review():
    (c,) = compare_edit(4, "30日間", "60日間").changes
    assert c.severity is Severity.MATERIAL and not c.review
    assert REVIEW_REASON not in c.reasons
    assert "30日間→60日間（延長）" in c.reasons


def test_a_proven_edit_is_minor_and_not_for_review():
    (c,) = compare_edit(4, "30日間", "３０日間").changes
    assert c.severity is Severity.MINOR and not c.review


def _files(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(build(PRIVACY), encoding="utf-8")
    new.write_text(build(edited(PRIVACY, 2, OLD_WORDS, NEW_WORDS)), encoding="utf-8")
    return old, new


def test_cli_json_text_and_check_treat_review_as_material(tmp_path, run_cli):
    old, new = _files(tmp_path)
    code, out, _ = run_cli("compare", old, new, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["verdict"] == "material"
    (c,) = report["changes"]
    assert c["classification"] == "material" and c["review"] is True
    code, out, _ = run_cli("compare", old, new)
    assert "[重要（要確認）]" in out
    code, _, _ = run_cli("compare", old, new, "--check")
    assert code == 1


def test_cli_plain_material_label_is_not_review(tmp_path, run_cli):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(build(PRIVACY), encoding="utf-8")
    new.write_text(build(edited(PRIVACY, 4, "30日間", "60日間")), encoding="utf-8")
    code, out, _ = run_cli("compare", old, new)
    assert "[重要]" in out and "要確認" not in out

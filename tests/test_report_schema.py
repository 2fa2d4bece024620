"""The JSON Schema shipped in the package holds every golden report and every report we make;
docs/report-schema.md documents every key it knows."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT

import policydiff
from policydiff.reportschema import report_schema, schema_errors

GOLDEN = sorted((REPO_ROOT / "tests" / "golden").glob("*.json"))
DOC = (REPO_ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8")


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_every_golden_report_is_valid(path: Path):
    assert schema_errors(json.loads(path.read_text(encoding="utf-8"))) == []


def test_there_are_golden_reports():
    assert len(GOLDEN) >= 5


def _report() -> dict:
    old = "プライバシーポリシー\n\n第1条（保存期間）\n当社は、個人情報を退会後30日間保存します。\n"
    new = "プライバシーポリシー\n\n第1条（保存期間）\n当社は、個人情報を退会後1年間保存します。\n"
    return policydiff.to_json(policydiff.compare(old, new))


def test_a_fresh_report_is_valid():
    assert schema_errors(_report()) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("verdict",), "changed"),
        (("changes", 0, "classification"), "major"),
        (("changes", 0, "categories"), ["marketing"]),
        (("changes", 0, "review"), "yes"),
        (("old", "clauses"), -1),
        (("schema_version",), 2),
    ],
)
def test_the_schema_rejects_a_wrong_value(path, value):
    report = copy.deepcopy(_report())
    node = report
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert schema_errors(report)


def test_a_minor_change_cannot_be_marked_for_review():
    report = copy.deepcopy(_report())
    c = report["changes"][0]
    c.update(classification="minor", categories=["editorial"], review=True)
    assert schema_errors(report)


def _keys(schema: dict) -> set[str]:
    out: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.get("properties", {}).items():
                out.add(k)
                walk(v)
            for v in node.values():
                if isinstance(v, (dict, list)):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return out


def test_the_document_names_every_key_of_the_schema():
    missing = [k for k in sorted(_keys(report_schema())) if f"`{k}`" not in DOC]
    assert missing == []


def test_readme_links_only_to_files_in_the_repository():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", readme):
        if re.match(r"[a-z]+://|#|mailto:", target):
            continue
        path = (REPO_ROOT / target.split("#")[0]).resolve()
        assert path.is_relative_to(REPO_ROOT), target
        assert path.exists(), target

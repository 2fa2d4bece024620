"""Rendering: golden files for the bundled samples (text and JSON), and determinism.

Regenerate the goldens with ``POLICYDIFF_REGEN_GOLDEN=1 python3 -m pytest tests/test_render.py``;
the diff of a golden file is the review of a behaviour change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydiff.load import read_policy
from policydiff.pipeline import compare_policies
from policydiff.render import display_width, render_text, report_to_dict, to_json_text

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted(p for p in (REPO / "samples").iterdir() if p.is_dir())
REGEN = os.environ.get("POLICYDIFF_REGEN_GOLDEN") == "1"


def _pair(folder: Path) -> tuple[str, str]:
    old = next(folder.glob("old.*"))
    new = next(folder.glob("new.*"))
    return str(old.relative_to(REPO)), str(new.relative_to(REPO))


def _report(folder: Path, monkeypatch):
    monkeypatch.chdir(REPO)
    old, new = _pair(folder)
    return compare_policies(read_policy(old), read_policy(new))


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGEN or not path.exists():
        if not REGEN:
            pytest.fail(f"golden file {path.name} is missing; run with POLICYDIFF_REGEN_GOLDEN=1")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_text_report_golden(folder, monkeypatch):
    _check(f"{folder.name}.txt", render_text(_report(folder, monkeypatch), color=False))


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_json_report_golden(folder, monkeypatch):
    _check(f"{folder.name}.json", to_json_text(_report(folder, monkeypatch)))


def test_rendering_is_byte_identical_run_to_run(monkeypatch):
    folder = SAMPLES[0]
    a = to_json_text(_report(folder, monkeypatch)) + render_text(_report(folder, monkeypatch))
    b = to_json_text(_report(folder, monkeypatch)) + render_text(_report(folder, monkeypatch))
    assert a == b


def test_no_colour_codes_unless_asked(monkeypatch):
    report = _report(SAMPLES[0], monkeypatch)
    assert "\x1b[" not in render_text(report, color=False)
    assert "\x1b[" in render_text(report, color=True)


def test_json_counts_and_verdict_agree_with_changes(monkeypatch):
    for folder in SAMPLES:
        d = report_to_dict(_report(folder, monkeypatch))
        material = sum(c["classification"] == "material" for c in d["changes"])
        assert d["counts"] == {"material": material, "minor": len(d["changes"]) - material}
        assert d["verdict"] == (
            "material" if material else "minor" if d["changes"] else d["verdict"]
        )
        assert [c["id"] for c in d["changes"]] == [f"c{k}" for k in range(1, len(d["changes"]) + 1)]
        rolled = sum(r["count"] for r in d["duties"])
        assert rolled == sum(len(c["duties"]) for c in d["changes"])


def test_original_surface_text_is_kept(monkeypatch):
    """Normalisation is for comparing: the report shows the text as written (全角, 旧字体 …)."""
    for folder in SAMPLES:
        report = _report(folder, monkeypatch)
        old_text = report.old.policy.text
        new_text = report.new.policy.text
        for c in report.changes:
            if c.type == "modified" and c.hunk is not None:  # markup changes have no hunk
                assert c.hunk.old_text in c.old_unit.text and c.hunk.new_text in c.new_unit.text
                for piece in (c.old_text.strip(), c.new_text.strip()):
                    for line in piece.splitlines():
                        assert line.strip() in old_text or line.strip() in new_text


def test_display_width_counts_wide_characters():
    assert display_width("abc") == 3
    assert display_width("個人情報") == 8
    assert display_width("ＡＢ") == 4

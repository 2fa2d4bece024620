"""Golden files for the text and Markdown notice and the Markdown 新旧対照表 of every sample.

Regenerate with ``POLICYDIFF_REGEN_GOLDEN=1 python3 -m pytest tests/test_notice_golden.py``;
the diff of a golden file is the review of a wording change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from policydiff.load import read_policy
from policydiff.notices import make_notice, make_table, resolve
from policydiff.pipeline import compare_policies

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "notices"
SAMPLES = sorted(p for p in (REPO / "samples").iterdir() if p.is_dir())
REGEN = os.environ.get("POLICYDIFF_REGEN_GOLDEN") == "1"
# fixed dates and settings: the goldens must not depend on today or on the machine
ANNOUNCE, EFFECTIVE = dt.date(2027, 1, 15), dt.date(2027, 3, 1)
OPTIONS = {"document_url": "https://example.jp/policy", "contact": "https://example.jp/contact"}


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    elif not path.exists():
        pytest.fail(f"golden file {path.name} is missing; run with POLICYDIFF_REGEN_GOLDEN=1")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture(scope="module")
def reports():
    cache = {}

    def get(folder: Path):
        if folder.name not in cache:
            old = next(folder.glob("old.*")).relative_to(REPO)
            new = next(folder.glob("new.*")).relative_to(REPO)
            cwd = Path.cwd()
            os.chdir(REPO)
            try:
                cache[folder.name] = compare_policies(read_policy(str(old)), read_policy(str(new)))
            finally:
                os.chdir(cwd)
        return cache[folder.name]

    return get


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_notice_golden(folder, reports):
    report = reports(folder)
    settings, _ = resolve(report, {}, OPTIONS, email=False)
    n = make_notice(report, settings, announce=ANNOUNCE, effective=EFFECTIVE, reason="サービス内容の見直しに伴い、記載を改めるため。")  # fmt: skip
    _check(f"{folder.name}.notice.txt", n.text)
    _check(f"{folder.name}.notice.md", n.markdown)


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_table_golden(folder, reports):
    _check(f"{folder.name}.table.md", make_table(reports(folder), "markdown"))


def test_notice_and_table_are_byte_identical_run_to_run(reports):
    report = reports(SAMPLES[0])
    settings, _ = resolve(report, {}, OPTIONS)
    runs = [
        make_notice(report, settings, announce=ANNOUNCE, effective=EFFECTIVE, reason="r").html
        + make_table(report, "html")
        for _ in range(2)
    ]
    assert runs[0] == runs[1]

"""The shortcuts ``policydiff log`` takes (issue 10) give what the long way gives, on every
document we hold: the samples and, when ``../shared`` is there, the dev and real pairs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLES, SHARED_DIR, article_doc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policydiff import pipeline
from policydiff.classify import editorial
from policydiff.classify.editorial import _definitions, definition_pattern
from policydiff.load import read_policy
from policydiff.rules import default_rules

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _documents() -> list[Path]:
    roots = [SAMPLES, SHARED_DIR / "eval" / "dev", SHARED_DIR / "real"]
    return sorted(
        f for root in roots if root.is_dir() for f in root.rglob("*")
        if f.is_file() and f.name.split(".")[0] in ("old", "new")
    )  # fmt: skip


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def prepared():
    return [pipeline.prepare(read_policy(str(f))) for f in DOCUMENTS]


def test_raw_lines_of_a_heading_are_its_body(prepared):
    """_raw_lines takes a heading unit's body instead of walking its clause: the same lines."""
    checked = 0
    for p in prepared:
        for u in p.units:
            assert pipeline._raw_lines(u) == pipeline._walked_raw_lines(u), p.policy.source
            checked += bool(u.clause.heading)
    assert checked > 100


_PIECES = [
    "法", "個人情報保護法", "個人情報の保護に関する法律", "電気通信事業法", "その他", "当社",
    "（", "(", "）", "以下", "、", ",", "「", "」", "個情法", "本法", "といいます", "という",
    "。", " ", "\u3000", "\n", "\t", "第23条", "x", "以", "下",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@example("個人情報の保護に関する法律（以下「個情法」といいます。）")
@example("個人情報保護法 \n（ 以下、「保護法」という）と電気通信事業法(以下「事業法」という")
@example("その他個人情報保護法（以下「法」という）本法（以下「本法」という）")
@example("法（以下「以下「x」という」という）法（以下「y」と称する")
def test_law_definitions_found_where_they_can_start_are_the_whole_scan(text):
    rules = default_rules()
    rx = definition_pattern(rules)
    whole = [(m.start(), m.end(), m.group(1)) for m in rx.finditer(text)]
    found = [(m.start(), m.end(), m.group(1)) for m in _definitions(rx, text, rules.statute_laws)]
    assert found == whole


def test_law_definitions_are_found():
    rules = default_rules()
    text = (
        "個人情報の保護に関する法律（以下「個情法」といいます。）及び 法 \n（ 以下、「本法」という"
    )
    assert editorial.defined_law_names((text,), rules) == ("個情法", "本法")


def test_law_definitions_of_every_document(prepared):
    rules = default_rules()
    rx = definition_pattern(rules)
    defining = 0
    for p in prepared:
        text = pipeline.nfkc_by_line(p.policy.text)
        whole = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in _definitions(rx, text, rules.statute_laws)] == whole
        defining += bool(whole)
    assert defining or not SHARED_DIR.is_dir()


ENTRY = r"""
import atexit, sys
atexit.register(lambda: print("exit callback ran", file=sys.stderr))
sys.argv = ["policydiff", *sys.argv[1:]]
from policydiff.console import main
code = main()
print(f"returned {code}", file=sys.stderr)  # only when the process was not ended in main
sys.exit(code)
"""


def test_log_runs_git_by_its_command_line_and_ends_the_process_itself(in_git_dir):
    """No GitPython (its import cost more than a short history); the process ends once the
    log is written, exit callbacks run, as a compare's does."""
    repo = in_git_dir
    repo.write("privacy.md", article_doc(ARTICLES))
    repo.commit("v1")
    repo.write("privacy.md", article_doc(ARTICLES).replace("退会後", "退会の後"))
    repo.commit("v2")
    probe = ENTRY.replace('"exit callback ran"', '"exit callback ran", "git" in sys.modules')
    proc = subprocess.run([sys.executable, "-c", probe, "log", "privacy.md", "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", cwd=repo.path,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert [e["subject"] for e in json.loads(proc.stdout)["entries"]] == ["v2", "v1"]
    assert "returned" not in proc.stderr and proc.stderr.count("exit callback ran False") == 1

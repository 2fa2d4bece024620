"""The evaluation set and the real revision histories in ../shared (skipped when absent).

The documents there are third-party text: they are read here, never copied into the project.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def dev_results(shared_dir, tmp_path_factory, cli_argv) -> tuple[dict, str]:
    """Run the scorer once over eval/dev; returns (results JSON, stdout)."""
    out = tmp_path_factory.mktemp("eval") / "results.json"
    cmd = shlex.join(cli_argv) + " compare {old} {new} --format json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(shared_dir / "eval" / "dev"),
         "--cmd", cmd, "--out", str(out), "--timeout", "120"],
        capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8")), proc.stdout


def test_dev_set_summary_line(dev_results):
    _, stdout = dev_results
    last = stdout.strip().splitlines()[-1]
    m = re.fullmatch(
        r"score: material_recall=([0-9.]+) material_precision=([0-9.]+) minor_accuracy=([0-9.]+) "
        r"verdict_accuracy=([0-9.]+) errors=([0-9]+)",
        last,
    )
    assert m, last
    recall, _, _, _, errors = m.groups()
    assert int(errors) == 0
    assert float(recall) >= 0.95


def test_dev_set_scores(dev_results):
    results, _ = dev_results
    overall = results["overall"]
    assert overall["pairs"] >= 7
    assert overall["errors"] == 0
    assert overall["material_recall"] >= 0.95
    assert overall["schema_warnings"] == 0, [p["schema_warnings"] for p in results["pairs"]]
    for pair in results["pairs"]:
        assert pair["error"] is None, (pair["pair"], pair["error"], pair["stderr_tail"])
        assert pair["exit_status"] == 0, (pair["pair"], pair["stderr_tail"])


def test_dev_set_detects_the_moved_clause(dev_results):
    results, _ = dev_results
    (move,) = [p for p in results["pairs"] if p["pair"] == "002_move"]
    assert move["gold_moved"] == 1
    assert move["moved_detected"] == 1
    assert move["verdict_ok"]


def real_pairs(shared_dir: Path) -> list[Path]:
    root = shared_dir / "real"
    return sorted(
        p for p in root.glob("*/v*") if (p / "old.txt").is_file() and (p / "new.txt").is_file()
    )


def test_real_histories_give_valid_reports(shared_dir, run_cli, check_report):
    pairs = real_pairs(shared_dir)
    if not pairs:
        pytest.skip("no pairs under ../shared/real")
    assert len(pairs) >= 40

    def run(pair: Path):
        return pair, run_cli("compare", pair / "old.txt", pair / "new.txt", "--format", "json")

    failures = []
    verdicts = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for pair, (code, out, err) in pool.map(run, pairs):
            name = f"{pair.parent.name}/{pair.name}"
            if code != 0 or "Traceback" in err or "error:" in err:
                failures.append((name, code, err.strip()[-300:]))
                continue
            try:
                report = check_report(json.loads(out))
            except (AssertionError, ValueError, KeyError) as exc:
                failures.append((name, "invalid report", repr(exc)[:300]))
                continue
            old_b, new_b = (pair / "old.txt").read_bytes(), (pair / "new.txt").read_bytes()
            if old_b != new_b and report["verdict"] == "identical":
                failures.append((name, "identical verdict for different files", ""))
            verdicts[name] = report["verdict"]
    assert not failures, failures
    assert len(verdicts) == len(pairs)

#!/usr/bin/env python3
"""Benchmark ``policydiff log`` on an N-version history against N-1 single compares.

A temporary git repository gets N versions of a policy (by default the first sample pair:
versions alternate between its old and new text, each with its own revision line, so every
version is a distinct blob and every step has real changes). Then:

* whole process: ``policydiff log FILE --format json`` as one cold subprocess, against the
  N-1 subprocesses ``policydiff compare REV~1:FILE REV:FILE --format json`` a script would run
  for the same steps (median of ``--runs``, after one untimed warm-up);
* in process (dictionary loaded beforehand): ``history.run_log`` against N-1
  ``compare_policies`` calls on the same versions.

``log`` analyses each version once and compares consecutive ones, and it compares one step
more than the N-1 (the first version against an empty document).

    python3 benchmarks/log.py [--versions 20] [--runs 3] [--old OLD --new NEW] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench import find_default_pair  # noqa: E402

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def build_history(where: Path, old: str, new: str, n: int, name: str) -> list[str]:
    """N commits of ``name``; returns the commit ids, oldest first."""
    _git(where, "init", "-q")
    _git(where, "config", "commit.gpgsign", "false")
    commits = []
    for k in range(n):
        text = (old if k % 2 == 0 else new).rstrip("\n") + f"\n\n{2000 + k}年4月1日 改定\n"
        (where / name).write_text(text, encoding="utf-8")
        _git(where, "add", name)
        _git(where, "commit", "-q", "--no-verify", "-m", f"version {k + 1}")
        commits.append(_git(where, "rev-parse", "HEAD").strip())
    return commits


def _cli() -> list[str]:
    exe = shutil.which("policydiff")
    return [exe] if exe else [sys.executable, "-m", "policydiff"]


def _timed(argv: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - t0


def whole_process(repo: Path, name: str, commits: list[str], runs: int) -> dict:
    cli = _cli()
    log_argv = [*cli, "log", name, "--format", "json"]
    steps = [[*cli, "compare", f"{a}:{name}", f"{b}:{name}", "--format", "json"]
             for a, b in zip(commits, commits[1:], strict=False)]  # fmt: skip
    _timed(log_argv, repo)
    _timed(steps[0], repo)
    logs = [_timed(log_argv, repo) for _ in range(runs)]
    compares = [sum(_timed(a, repo) for a in steps) for _ in range(runs)]
    return {"log_s": statistics.median(logs), "compares_s": statistics.median(compares),
            "compare_each_s": statistics.median(compares) / len(steps)}  # fmt: skip


def in_process(repo: Path, name: str, commits: list[str], runs: int) -> dict:
    from policydiff import history
    from policydiff.load import decode_policy
    from policydiff.pipeline import compare_policies
    from policydiff.tokens import _tokenize_cached, tokenize

    tokenize("辞書を読み込む")  # the dictionary, once
    texts = [_git(repo, "show", f"{c}:{name}").encode() for c in commits]
    policies = [decode_policy(t, f"v{k}") for k, t in enumerate(texts)]
    logs, compares = [], []
    for _ in range(runs):
        _tokenize_cached.cache_clear()
        t0 = time.perf_counter()
        history.run_log(name, "json", cwd=repo)
        logs.append(time.perf_counter() - t0)
        _tokenize_cached.cache_clear()
        t0 = time.perf_counter()
        for a, b in zip(policies, policies[1:], strict=False):
            compare_policies(a, b)
        compares.append(time.perf_counter() - t0)
    return {"log_s": statistics.median(logs), "compares_s": statistics.median(compares)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--old", type=Path)
    ap.add_argument("--new", type=Path)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    old_p, new_p = (args.old, args.new) if args.old and args.new else find_default_pair()
    old, new = old_p.read_text(encoding="utf-8"), new_p.read_text(encoding="utf-8")
    name = "privacy" + old_p.suffix
    with tempfile.TemporaryDirectory(prefix="policydiff-log-bench-") as tmp:
        repo = Path(tmp)
        commits = build_history(repo, old, new, args.versions, name)
        whole = whole_process(repo, name, commits, args.runs)
        inproc = in_process(repo, name, commits, args.runs)
    n = args.versions
    print(f"history: {n} versions of {old_p.parent.name} ({len(old)}/{len(new)} chars), "
          f"median of {args.runs} runs")  # fmt: skip
    print(f"{'':28}{'log (N steps)':>16}{f'{n - 1} compares':>16}{'ratio':>8}")
    for label, r in (("whole process (s)", whole), ("in process (s)", inproc)):
        print(f"{label:28}{r['log_s']:>16.3f}{r['compares_s']:>16.3f}"
              f"{r['log_s'] / r['compares_s']:>8.2f}")  # fmt: skip
    print(f"one compare subprocess: {whole['compare_each_s']:.3f} s")
    if args.json:
        args.json.write_text(json.dumps({"versions": n, "whole_process": whole,
                                         "in_process": inproc}, indent=2), encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()

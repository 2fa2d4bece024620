"""Real policy histories replayed as git repositories: ``policydiff log`` against the gold verdicts.

Each source of ``../shared/real`` (or of the folders in ``POLICYDIFF_REAL_HISTORIES``,
``os.pathsep``-separated, laid out the same way) becomes a repository with one commit per
version: the ``old.txt`` of the first step, then every step's ``new.txt``, bytes as saved.
``policydiff log --reverse`` then gives one entry per version; entry k+1 is step k. The
verdicts must agree with gold.json on at least 95% of the steps (90% on other histories).
Skipped when ``../shared`` is absent; third-party text is only read, never copied here.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import SHARED_DIR
from gitutil import GitRepo, new_repo, pin_identity

EXTRA = os.environ.get("POLICYDIFF_REAL_HISTORIES", "")
ROOTS = [Path(p) for p in EXTRA.split(os.pathsep) if p] or [SHARED_DIR / "real"]
THRESHOLD = 0.90 if EXTRA else 0.95


def _steps(source: Path) -> list[Path]:
    def key(p: Path) -> int:
        m = re.match(r"v(\d+)-v\d+$", p.name)
        return int(m.group(1)) if m else -1

    return sorted((p for p in source.iterdir() if key(p) >= 0 and (p / "gold.json").is_file()),
                  key=key)  # fmt: skip


def _sources() -> list[Path]:
    out = []
    for root in ROOTS:
        if root.is_dir():
            out += [d for d in sorted(root.iterdir()) if d.is_dir() and _steps(d)]
    return out


SOURCES = _sources()


def _replay(source: Path, where: Path) -> tuple[GitRepo, str, list[dict]]:
    """The repository of one source, the file name used, and the gold of each step."""
    steps = _steps(source)
    repo = new_repo(where)
    name = "policy.md"
    versions = [(steps[0] / "old.txt").read_bytes()] + [(s / "new.txt").read_bytes() for s in steps]
    for k, data in enumerate(versions, 1):
        repo.write(name, data)
        repo.commit(f"v{k}")
    return repo, name, [json.loads((s / "gold.json").read_text(encoding="utf-8")) for s in steps]


@pytest.fixture(scope="module")
def replayed(tmp_path_factory, cli_argv):
    if not SOURCES:
        pytest.skip(f"no real histories under {', '.join(map(str, ROOTS))}")
    import subprocess

    base = tmp_path_factory.mktemp("real-histories")
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        pin_identity(tmp_path_factory, mp)
        for source in SOURCES:
            repo, name, golds = _replay(source, base / source.name)
            proc = subprocess.run(
                [*cli_argv, "log", name, "--format", "json", "--reverse"], cwd=repo.path,
                capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
            )  # fmt: skip
            assert proc.returncode == 0, f"{source.name}: {proc.stderr}"
            results[source.name] = (json.loads(proc.stdout)["entries"], golds)
    return results


def test_one_entry_per_version(replayed):
    for name, (entries, golds) in replayed.items():
        assert len(entries) == len(golds) + 1, name
        assert entries[0]["parent"] is None
        assert [e["subject"] for e in entries] == [f"v{k}" for k in range(1, len(entries) + 1)]
        assert all(e["parent"] == p["commit"] for p, e in zip(entries, entries[1:], strict=False))


def test_log_verdicts_agree_with_gold(replayed):
    total, agree, misses = 0, 0, []
    for entries, golds in replayed.values():
        for entry, gold in zip(entries[1:], golds, strict=True):
            total += 1
            if entry["verdict"] == gold["verdict"]:
                agree += 1
            else:
                misses.append(f"{gold['pair']}: log {entry['verdict']}, gold {gold['verdict']}")
    print(f"\nreal histories: {agree}/{total} step verdicts agree ({agree / total:.1%})")
    assert total and agree / total >= THRESHOLD, "\n".join(misses)

"""policydiff.cache, module code: the code of the modules a run imported is kept and serves
the next run only where the usual import would find and run that very code — a changed
source, a module that appeared earlier on the path, a moved package, a corrupt file or
PYTHONDONTWRITEBYTECODE all mean the usual import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "samples"

PROBE = r"""
import json, os, sys
sys.path[1:1] = sys.argv[1].split(os.pathsep)
from policydiff import cache
cache.install_module_cache()
import kpkg.sub, shadowme, inspect
from importlib.machinery import SourceFileLoader
print(json.dumps({
    "value": kpkg.sub.VALUE, "shadow": shadowme.WHERE,
    "file": kpkg.sub.__file__, "cached": kpkg.sub.__cached__,
    "source_loader": isinstance(kpkg.sub.__loader__, SourceFileLoader),
    "source": inspect.getsource(kpkg.sub.f),
    "co_filename": kpkg.sub.f.__code__.co_filename,
    "kept": sorted(n for n in cache.MODULES.used if n.startswith(("kpkg", "shadowme"))),
}))
cache.save()
"""


@pytest.fixture
def tree(tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    (later / "kpkg").mkdir(parents=True)
    first.mkdir()
    (tmp_path / "cwd").mkdir()  # the folder of sys.path's "" (the cache is written elsewhere)
    (later / "kpkg" / "__init__.py").write_text("", encoding="utf-8")
    (later / "kpkg" / "sub.py").write_text("VALUE = 1\n\ndef f():\n    return VALUE\n", "utf-8")
    (later / "shadowme.py").write_text("WHERE = 'later'\n", encoding="utf-8")
    return tmp_path


def probe(tree: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["POLICYDIFF_CACHE_DIR"] = str(tree / "cache")
    path = os.pathsep.join([str(tree / "first"), str(tree / "later")])
    proc = subprocess.run([sys.executable, "-c", PROBE, path], capture_output=True, text=True,
                          env=env, timeout=60, cwd=tree / "cwd")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def modules_file(tree: Path) -> Path:
    (path,) = (tree / "cache").glob("modules*.marshal")
    return path


def test_kept_code_serves_the_next_run_as_the_usual_import_would(tree):
    first = probe(tree)
    assert first["kept"] == []
    second = probe(tree)
    assert second["kept"] == ["kpkg", "kpkg.sub", "shadowme"]
    assert {k: v for k, v in second.items() if k != "kept"} == {
        k: v for k, v in first.items() if k != "kept"
    }
    assert second["source_loader"] and "return VALUE" in second["source"]
    assert second["co_filename"] == second["file"]
    written = modules_file(tree).stat().st_mtime_ns
    probe(tree)
    assert modules_file(tree).stat().st_mtime_ns == written  # nothing new: not written again


def test_a_changed_source_is_imported_afresh(tree):
    probe(tree)
    time.sleep(0.01)
    (tree / "later" / "kpkg" / "sub.py").write_text("VALUE = 22\n\ndef f():\n    return VALUE\n")
    again = probe(tree)
    assert again["value"] == 22
    assert "kpkg.sub" not in again["kept"]
    assert probe(tree)["kept"] == ["kpkg", "kpkg.sub", "shadowme"]  # kept anew


def test_a_module_that_appears_earlier_on_the_path_wins_as_usual(tree):
    probe(tree)
    assert probe(tree)["shadow"] == "later"
    (tree / "first" / "shadowme.py").write_text("WHERE = 'first'\n", encoding="utf-8")
    assert probe(tree)["shadow"] == "first"


def test_a_moved_package_is_imported_from_where_it_is(tree):
    probe(tree)
    (tree / "later" / "kpkg").rename(tree / "first" / "kpkg")
    moved = probe(tree)
    assert moved["file"] == str(tree / "first" / "kpkg" / "sub.py")
    assert "kpkg.sub" not in moved["kept"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_corrupt_modules_file_is_ignored(tree, damage):
    expected = probe(tree)
    path = modules_file(tree)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    else:
        path.write_bytes(b"")
    again = probe(tree)
    assert again["kept"] == [] and again["value"] == expected["value"]
    assert probe(tree)["kept"] == ["kpkg", "kpkg.sub", "shadowme"]  # rewritten whole


def test_nothing_is_kept_when_bytecode_is_not_to_be_written(tree):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "POLICYDIFF_CACHE_DIR": str(tree / "c")}
    path = os.pathsep.join([str(tree / "first"), str(tree / "later")])
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", PROBE, path], capture_output=True,
                              text=True, env=env, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["kept"] == []
    assert not list((tree / "c").glob("modules*"))


def test_a_compare_gives_the_same_report_from_kept_modules(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["POLICYDIFF_CACHE_DIR"] = str(tmp_path / "cache")
    old, new = (str(SAMPLES / "articles-terms" / f"{v}.md") for v in ("old", "new"))
    code = (
        "import sys\nfrom policydiff.console import main\nfrom policydiff import cache\n"
        "rc = main(sys.argv[1:])\n"
        "print(len([n for n in cache.MODULES.used if n.startswith('policydiff.')]), "
        "file=sys.stderr)\n"
    )
    runs = []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", code, "compare", old, new, "--format",
                               "json"], capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        runs.append((proc.stdout, int(proc.stderr.strip().splitlines()[-1])))
    assert runs[0][0] == runs[1][0] == runs[2][0]
    assert runs[0][1] == 0 and runs[2][1] > 20  # policydiff's own modules from kept code

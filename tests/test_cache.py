"""policydiff.cache: the parsed rule tables and the regex programs kept between runs — the
same results with and without them, and a missing, corrupt or unwritable cache is never an
error."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from policydiff import cache, rules

SAMPLES = REPO_ROOT / "samples"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(d))
    monkeypatch.setattr(cache, "_dir", False)
    return d


def entries(d: Path, name: str) -> list[Path]:
    return sorted(d.glob(f"{name}-*.marshal")) if d.is_dir() else []


# --------------------------------------------------------------------------- entries


def test_an_entry_reads_back(cache_dir):
    cache.store("t", "k", {"a": [1, 2.5, "三", True], "b": {}})
    assert cache.load("t", "k") == {"a": [1, 2.5, "三", True], "b": {}}
    assert cache.load("t", "other") is None
    assert [p.name for p in entries(cache_dir, "t")] == [f"t-{cache.__version__}-k.marshal"]
    assert not list(cache_dir.glob("*.tmp"))


@pytest.mark.parametrize("damage", [b"", b"\x00\x01", b"garbage that is not marshal data", None])
def test_a_corrupt_entry_is_ignored(cache_dir, damage):
    cache.store("t", "k", ["value"] * 10)
    (path,) = entries(cache_dir, "t")
    data = path.read_bytes()
    path.write_bytes(damage if damage is not None else data[:-3] + b"xyz")  # or a changed byte
    assert cache.load("t", "k") is None


def test_storing_replaces_the_other_entries_of_the_name(cache_dir):
    cache.store("t", "one", 1)
    cache.store("u", "one", 1)
    cache.store("t", "two", 2)
    assert [p.name.split("-")[-1] for p in entries(cache_dir, "t")] == ["two.marshal"]
    assert cache.load("u", "one") == 1


def test_an_unwritable_or_unusable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "_dir", False)
    cache.store("t", "k", 1)
    assert cache.load("t", "k") is None
    cache.store("t", "k", object())  # not plain data: not stored, no error
    assert cache.load("t", "k") is None


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", "off")
    monkeypatch.setattr(cache, "_dir", False)
    assert cache.directory() is None
    cache.store("t", "k", 1)
    assert cache.load("t", "k") is None


# --------------------------------------------------------------------------- rule tables


def test_the_rule_tables_come_back_as_tomllib_reads_them(cache_dir):
    names = ("material.toml", "editorial.toml")
    fresh = [tomllib.loads((REPO_ROOT / "policydiff" / "rules" / n).read_text("utf-8")) for n in names]  # fmt: skip
    assert rules._load_tables(*names) == fresh  # parsed, stored
    assert len(entries(cache_dir, "rules")) == 1
    assert rules._load_tables(*names) == fresh  # read back


def test_a_changed_table_is_parsed_again(cache_dir, monkeypatch):
    names = ("material.toml", "editorial.toml")
    rules._load_tables(*names)
    (path,) = entries(cache_dir, "rules")
    # the same key with other content must never be served: the key names the content
    assert cache.content_key(b"a = 1") != cache.content_key(b"a = 2")
    assert cache.content_key(b"ab", b"c") != cache.content_key(b"a", b"bc")
    path.write_bytes(b"corrupt")
    assert rules._load_tables(*names)[0]["category"]  # parsed again, entry rewritten
    assert cache.load("rules", path.name.split("-", 2)[2][: -len(".marshal")]) is not None


# --------------------------------------------------------------------------- regex programs

RUN = r"""
import json, sys
from policydiff.console import main
code = main(sys.argv[1:])
from policydiff import cache
import re
print(json.dumps({"rc": code, "installed": cache._installed, "kept": cache.PROGRAMS.loaded}))
"""


def run(*args: str, env: dict, cwd=None) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    *report, status = proc.stdout.strip().splitlines()
    import json

    return json.loads(status), "\n".join(report)


def test_a_compare_gives_the_same_report_with_kept_programs(cache_dir, tmp_path):
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    old, new = (str(SAMPLES / "articles-terms" / f"{v}.md") for v in ("old", "new"))
    first, report1 = run("compare", old, new, "--format", "json", env=env)
    assert first["rc"] == 0 and first["kept"] == 0
    assert len(entries(cache_dir, "regex")) == 1
    second, report2 = run("compare", old, new, "--format", "json", env=env)
    assert second["kept"] > 50  # the module-level patterns of policydiff and its libraries
    assert report2 == report1
    off, report3 = run("compare", old, new, "--format", "json",
                       env={**env, "POLICYDIFF_CACHE_DIR": "off"})  # fmt: skip
    assert not off["installed"]
    assert report3 == report1


def test_kept_programs_rebuild_the_patterns_re_compiles(cache_dir):
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    old, new = (str(SAMPLES / "markdown-privacy" / f"{v}.md") for v in ("old", "new"))
    run("compare", old, new, "--format", "json", env=env)
    import _sre

    programs = cache.load("regex", cache._programs_key())
    assert programs
    for (pattern, flags), program in programs.items():
        re.purge()
        assert _sre.compile(pattern, *program) == re.compile(pattern, flags), pattern


def test_a_corrupt_program_file_is_ignored(cache_dir):
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    old, new = (str(SAMPLES / "articles-terms" / f"{v}.md") for v in ("old", "new"))
    _, report = run("compare", old, new, "--format", "json", env=env)
    (path,) = entries(cache_dir, "regex")
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    status, again = run("compare", old, new, "--format", "json", env=env)
    assert status["rc"] == 0 and again == report
    assert cache.load("regex", cache._programs_key())  # rewritten whole


def test_a_program_that_does_not_fit_is_compiled_afresh(cache_dir, monkeypatch):
    """A kept program _sre refuses (another build's opcodes) is dropped, not an error."""
    key = ("x+y", 0)
    bogus = {key: (32, [999999, 1, 2], 0, {}, (None,))}
    cache.store("regex", cache._programs_key(), bogus)
    code = (
        "from policydiff import cache\n"
        "cache.install_regex_cache()\n"
        "import re\n"
        "assert re.compile('x+y').match('xxy')\n"
        "print('ok')\n"
    )
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_no_text_of_a_document_is_kept(cache_dir, tmp_path):
    """Patterns built at run time (from the documents: a law's short name they define) are
    never kept; only those of module-level code and of the bundled tables."""
    name = "個情保護法律ワ"
    text = (
        "第1条（目的）\n個人情報の保護に関する法律（以下「{n}」といいます。）に従います。\n"
        "第2条（提供）\n当社は、{n}第23条に基づき提供します。\n"
    )
    (tmp_path / "old.txt").write_text(text.format(n=name), "utf-8")
    (tmp_path / "new.txt").write_text(text.format(n=name).replace("23", "27"), "utf-8")
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    args = ("compare", "old.txt", "new.txt", "--format", "json")
    run(*args, env=env, cwd=tmp_path)
    run(*args, env=env, cwd=tmp_path)
    data = b"".join(p.read_bytes() for p in cache_dir.iterdir())
    assert len(entries(cache_dir, "regex")) == 1
    assert name.encode("utf-8") not in data
    # the control: kept regardless of where it was compiled, the document's name would be there
    keep_all = RUN.replace("from policydiff.console import main\n",
                           "from policydiff.console import main\nfrom policydiff import cache\n"
                           "cache._from_module_code = lambda: True\n")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", keep_all, *args], capture_output=True,
                          env={**env, "POLICYDIFF_CACHE_DIR": str(tmp_path / "all")},
                          cwd=tmp_path, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert name.encode("utf-8") in b"".join(p.read_bytes() for p in (tmp_path / "all").iterdir())


def test_the_kept_programs_stay_few(cache_dir, monkeypatch):
    """Past the limit only the programs the last run used or made are written."""
    kept = cache._Kept("regex", 400)
    kept.key = cache._programs_key()
    kept.entries = {(f"old{i}", 0): (32, [1], 0, {}, (None,)) for i in range(700)}
    kept.new = {("a+b", 0): cache._program("a+b", 0, re.compile("a+b"))}
    assert kept.get(("old3", 0)) is not None
    kept.save()
    assert set(cache.load("regex", cache._programs_key())) == {("a+b", 0), ("old3", 0)}


# --------------------------------------------------------------------------- dataclass methods

METHODS = r"""
import dataclasses, json, marshal, sys
from policydiff import cache
cache.install()
import policydiff.model, policydiff.rules, policydiff.pipeline
out = {}
for mod in ("policydiff.model", "policydiff.rules", "policydiff.pipeline"):
    for name, cls in vars(sys.modules[mod]).items():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == mod:
            for m in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
                f = cls.__dict__.get(m)
                if f is not None and hasattr(f, "__code__"):
                    out[f"{mod}.{name}.{m}"] = marshal.dumps(f.__code__).hex()
kept = cache.CODES.loaded  # read back (what this run compiled is in CODES.new)
cache.save()
print(json.dumps({"methods": out, "kept": kept}))
"""


def methods(env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", METHODS], capture_output=True, text=True,
                          env=env, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_kept_dataclass_methods_are_the_methods_dataclasses_writes(cache_dir):
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    plain = methods({**env, "POLICYDIFF_CACHE_DIR": "off"})
    first = methods(env)  # compiles and keeps them
    second = methods(env)  # runs the kept code
    assert entries(cache_dir, "dataclass")
    assert first["kept"] == 0 and second["kept"] > 50
    assert len(plain["methods"]) > 60
    assert first["methods"] == second["methods"] == plain["methods"]


def test_a_corrupt_dataclass_entry_is_ignored(cache_dir):
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(cache_dir)}
    plain = methods(env)
    (path,) = entries(cache_dir, "dataclass")
    path.write_bytes(b"\x00" * 64)
    again = methods(env)
    assert again["kept"] == 0 and again["methods"] == plain["methods"]

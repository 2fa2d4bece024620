"""Start-up cost: what ``import policydiff``, ``policydiff --help`` and a hook run with no
policy staged load and compile (issue 10: a command imports only what it uses).

Each check runs in a fresh interpreter. A probe wraps ``re._compile`` (every ``re.compile``,
``re.match``… goes through it) and records the patterns compiled from policydiff's own
files; the run's ``sys.modules`` say what was imported. Timings are the benchmark's job.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

PROBE = r"""
import importlib.util, json, os, re, sys
PKG = os.path.dirname(importlib.util.find_spec("policydiff").origin) + os.sep
compiled = []
_orig = re._compile

def _compile(pattern, flags):
    f = sys._getframe(1)
    while f is not None and f.f_code.co_filename.startswith(os.path.dirname(re.__file__)):
        f = f.f_back  # re.compile / re.sub … → the caller
    if f is not None and f.f_code.co_filename.startswith(PKG):
        if (pattern, flags) not in seen:
            seen.add((pattern, flags))
            compiled.append(f"{os.path.basename(f.f_code.co_filename)}: {pattern!r}"[:120])
    return _orig(pattern, flags)

seen = set()
re._compile = _compile
rc = None
code = sys.argv[1]
if code == "import":
    import policydiff
else:
    import contextlib, io
    from policydiff.console import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            rc = main(sys.argv[2:])
        except SystemExit as exc:
            rc = exc.code
print(json.dumps({"rc": rc, "compiled": compiled, "modules": sorted(sys.modules)}))
"""

HEAVY = ("sudachipy", "sudachidict_core", "diff_match_patch", "jinja2", "markupsafe", "git",
         "markdown_it", "mdit_py_plugins", "selectolax", "docx", "regex", "jsonschema")  # fmt: skip


def probe(*args: str, cwd=None) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ours(modules: list[str]) -> set[str]:
    return {m for m in modules if m == "policydiff" or m.startswith("policydiff.")}


def test_import_policydiff_loads_and_compiles_nothing():
    r = probe("import")
    assert ours(r["modules"]) == {"policydiff", "policydiff.errors"}
    assert r["compiled"] == []
    assert not set(HEAVY) & set(r["modules"])
    assert "typer" not in r["modules"]


def test_help_loads_only_the_cli():
    r = probe("main", "--help")
    assert r["rc"] == 0
    # policydiff.output: the standard-output guard (errors and os only)
    assert ours(r["modules"]) <= {"policydiff", "policydiff.errors", "policydiff.console",
                                  "policydiff.cli", "policydiff.cliopts", "policydiff.output"}  # fmt: skip
    assert r["compiled"] == []
    assert not set(HEAVY) & set(r["modules"])
    assert "tomllib" not in r["modules"]  # no rule table, no configuration


@pytest.fixture
def repo(in_git_dir):
    in_git_dir.write("privacy.md", "第1条（目的）\n本ポリシーは目的を定めます。\n")
    in_git_dir.write("README.md", "readme\n")
    in_git_dir.commit("v1")
    in_git_dir.write("README.md", "readme 2\n")
    in_git_dir.git("add", "-A")
    return in_git_dir


@pytest.mark.parametrize("args", [["hook", "README.md", "src/app.py"], ["hook"]])
def test_hook_with_no_policy_staged_loads_no_framework_and_compiles_nothing(repo, args):
    r = probe("main", *args, cwd=repo.path)
    assert r["rc"] == 0
    # the file names are matched against the globs of rules/hook.toml (fnmatch compiles
    # those); nothing else: no typer, no model, no rule tables, no date patterns
    assert ours(r["modules"]) <= {"policydiff", "policydiff.errors", "policydiff.console",
                                  "policydiff.hook", "policydiff.config"}  # fmt: skip
    assert r["compiled"] == []
    assert "typer" not in r["modules"]
    assert not set(HEAVY) & set(r["modules"])


def test_the_installed_command_takes_the_hook_fast_path(repo):
    """The console script (what pre-commit runs) is the typer-free entry point."""
    exe = shutil.which("policydiff")
    if exe is None:
        pytest.skip("policydiff is not installed on PATH")
    proc = subprocess.run([sys.executable, "-X", "importtime", exe, "hook", "README.md"],
                          capture_output=True, text=True, encoding="utf-8", cwd=repo.path,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    imported = {ln.split("|")[-1].strip() for ln in proc.stderr.splitlines()
                if ln.startswith("import time:")}  # fmt: skip
    assert "policydiff.hook" in imported
    assert "typer" not in imported


def test_a_staged_policy_still_compiles_the_date_patterns(repo):
    repo.write("privacy.md", "第1条（目的）\n本ポリシーは目的を定めます。\n2025年4月1日 改定\n")
    repo.git("add", "-A")
    r = probe("main", "hook", "privacy.md", cwd=repo.path)
    assert r["rc"] == 0
    assert any(c.startswith("hook.py:") and "年" in c for c in r["compiled"])


@pytest.mark.parametrize("args", [["hook", "--help"], ["--debug", "hook", "README.md"]])
def test_hook_options_still_go_through_typer(repo, run_cli, args):
    code, out, err = run_cli(*args, cwd=repo.path)
    assert code == 0, err
    if "--help" in args:
        assert "Usage: policydiff hook" in out


def test_library_names_survive_lazy_loading():
    code = (
        "import policydiff, types\n"
        "import policydiff.load, policydiff.parse\n"  # the submodules named like the functions
        "from policydiff.clauses import parse\n"
        "assert isinstance(policydiff.load, types.FunctionType), policydiff.load\n"
        "assert isinstance(policydiff.parse, types.FunctionType), policydiff.parse\n"
        "from policydiff import Report, Severity, compare\n"
        "assert policydiff.Policy.__name__ == 'Policy'\n"
        "assert policydiff.tokens.__name__ == 'policydiff.tokens'\n"
        "try:\n"
        "    policydiff.no_such_name\n"
        "except AttributeError as exc:\n"
        "    assert 'no_such_name' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
        "assert all(getattr(policydiff, n) is not None for n in policydiff.__all__)\n"
        "print(policydiff.parse('第1条（目的）\\n本文です。\\n').clauses()[0].label)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "第1条"


def test_a_plain_text_compare_loads_no_reader_or_engine_it_does_not_use():
    """Markdown/HTML readers load for those formats only; ``regex`` for editorial_patterns."""
    old, new = (
        str(REPO_ROOT / "samples" / "plain-paragraphs" / f"{v}.txt") for v in ("old", "new")
    )
    r = probe("main", "compare", old, new, "--format", "json")
    assert r["rc"] == 0
    loaded = {m.split(".")[0] for m in r["modules"]}
    assert loaded.isdisjoint({"markdown_it", "mdit_py_plugins", "selectolax", "regex", "jinja2",
                              "git", "docx", "jsonschema"})  # fmt: skip
    assert "policydiff.readers.markdown" not in r["modules"]
    assert "policydiff.gitio" not in r["modules"]  # no REV:path argument


@pytest.mark.parametrize("patterns", [False, True])
def test_regex_is_loaded_for_editorial_patterns_only(tmp_path, patterns):
    src = REPO_ROOT / "samples" / "plain-paragraphs"
    for v in ("old", "new"):
        (tmp_path / f"{v}.txt").write_bytes((src / f"{v}.txt").read_bytes())
    toml = 'editorial_patterns = ["（以下「[^」]+」）"]\n' if patterns else ""
    toml += '[cues]\npurpose_of_use = ["レコメンド"]\n'
    (tmp_path / "policydiff.toml").write_text(toml, encoding="utf-8")
    r = probe("main", "compare", "old.txt", "new.txt", "--format", "json", cwd=tmp_path)
    assert r["rc"] == 0
    assert ("regex" in r["modules"]) is patterns


def test_a_compare_with_a_warm_cache_parses_no_toml_and_imports_no_typer(tmp_path, monkeypatch):
    """The rule tables are read back from the user cache (policydiff.cache) once parsed."""
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path / "cache"))
    src = REPO_ROOT / "samples" / "plain-paragraphs"  # copied: no pyproject.toml above them
    for v in ("old", "new"):
        (tmp_path / f"{v}.txt").write_bytes((src / f"{v}.txt").read_bytes())
    first = probe("main", "compare", "old.txt", "new.txt", "--format", "json", cwd=tmp_path)
    second = probe("main", "compare", "old.txt", "new.txt", "--format", "json", cwd=tmp_path)
    assert first["rc"] == second["rc"] == 0
    assert "tomllib" in first["modules"]
    assert "tomllib" not in second["modules"]
    assert "typer" not in second["modules"]
    assert "hashlib" not in second["modules"]  # the fingerprint is the built-in blake2b's


def test_the_other_analysing_commands_use_the_cache_and_help_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(tmp_path / "cache"))
    doc = REPO_ROOT / "samples" / "articles-terms" / "new.md"
    parsed = probe("main", "parse", str(doc), "--format", "json")
    assert parsed["rc"] == 0
    assert "policydiff.cache" in parsed["modules"]
    assert list((tmp_path / "cache").glob("dataclass-*.marshal"))
    for args in (["parse", "--help"], ["--help"], ["--version"]):
        r = probe("main", *args)
        assert r["rc"] == 0 and "policydiff.cache" not in r["modules"], args

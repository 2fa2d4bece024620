"""Start-up shortcuts of a compare (issue 10): the cache directory found without platformdirs
in the usual case (the same answer), patterns of class bodies kept like module-level ones, and
the console entry point ending the process once the output is written — the same output,
exit code and exit callbacks as an ordinary exit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

from policydiff import cache

SAMPLES = REPO_ROOT / "samples"
PAIR = [str(SAMPLES / "articles-terms" / f"{v}.md") for v in ("old", "new")]


# --------------------------------------------------------------------------- cache directory


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is Linux's")
@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/someone"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "/var/tmp/xdg"},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": ""},
        {"HOME": "/home/someone", "XDG_CACHE_HOME": "relative/xdg"},
        {"HOME": "relative-home"},
        {"HOME": "/home/someone", "ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"},
    ],
)
def test_the_cache_directory_is_the_one_platformdirs_names(monkeypatch, env):
    for var in ("HOME", "XDG_CACHE_HOME", "ANDROID_DATA", "ANDROID_ROOT", "SHELL", "PREFIX"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("POLICYDIFF_CACHE_DIR", raising=False)
    shortcut = cache._xdg_cache_dir()
    try:
        from platformdirs import user_cache_dir

        expected = user_cache_dir("policydiff", appauthor=False)
    except Exception:
        expected = None
    if shortcut is not None:  # answered without platformdirs: its answer
        assert shortcut == expected
    else:  # left to platformdirs
        assert not os.path.isabs(env["HOME"]) or "ANDROID_DATA" in env
    monkeypatch.setattr(cache, "_dir", False)
    assert cache.directory() == expected


def test_a_compare_does_not_import_platformdirs_in_the_usual_case(tmp_path):
    if sys.platform != "linux":
        pytest.skip("the shortcut is Linux's")
    env = {
        k: v for k, v in os.environ.items() if k not in ("POLICYDIFF_CACHE_DIR", "XDG_CACHE_HOME")
    }
    env["HOME"] = str(tmp_path)
    code = (
        "import sys\nfrom policydiff.console import main\n"
        f"main(['compare', {PAIR[0]!r}, {PAIR[1]!r}, '--format', 'json'])\n"
        "print('platformdirs' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "False"
    assert list((tmp_path / ".cache" / "policydiff").glob("regex-*.marshal"))


# --------------------------------------------------------------------------- class bodies

MODULE = """
import re

class Style:
    pattern = re.compile("class-body-[a-z]+")

def compiled_later(word):
    return re.compile("function-" + word)
"""


def test_patterns_of_class_bodies_are_kept_and_those_of_functions_not(tmp_path):
    (tmp_path / "probe_mod.py").write_text(MODULE, encoding="utf-8")
    code = (
        "import sys\nsys.path.insert(0, sys.argv[1])\n"
        "from policydiff import cache\ncache.install_regex_cache()\n"
        "import probe_mod\nprobe_mod.compiled_later('x')\n"
        "print(sorted(p for p, _ in cache.PROGRAMS.new))\n"
    )
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    kept = proc.stdout
    assert "class-body-[a-z]+" in kept
    assert "function-x" not in kept


# --------------------------------------------------------------------------- ending the process

ENTRY = r"""
import atexit, sys, threading
atexit.register(lambda: print("exit callback ran", file=sys.stderr))
if sys.argv[1] == "thread":
    threading.Thread(target=lambda: __import__("time").sleep(0.5)).start()
sys.argv = ["policydiff", *sys.argv[2:]]
from policydiff.console import main
code = main()
print(f"returned {code}", file=sys.stderr)  # only when the process was not ended in main
sys.exit(code)
"""


def entry(mode: str, *args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLICYDIFF_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", ENTRY, mode, *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)  # fmt: skip


@pytest.mark.parametrize("check", [False, True])
def test_the_entry_point_ends_a_compare_with_its_output_code_and_exit_callbacks(tmp_path, check):
    args = ["compare", *PAIR, "--format", "json", *(["--check"] if check else [])]
    quick = entry("plain", *args, tmp_path=tmp_path)
    usual = entry("thread", *args, tmp_path=tmp_path)  # another thread: the usual way out
    assert "returned" not in quick.stderr
    assert "returned" in usual.stderr
    assert quick.returncode == usual.returncode == (1 if check else 0)
    assert quick.stdout == usual.stdout and quick.stdout.startswith("{")
    assert quick.stderr.count("exit callback ran") == 1
    assert usual.stderr.count("exit callback ran") == 1


def test_typer_commands_end_the_usual_way(tmp_path):
    proc = entry("plain", "parse", PAIR[0], tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "returned 0" in proc.stderr

"""The documentation is tested: the README's two set-up commands, CI, command help."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_lines() -> list[str]:
    blocks = re.findall(r"```\n(.*?)```", README, flags=re.S)
    return [ln.strip() for b in blocks for ln in b.splitlines() if ln.strip()]


def setup_commands() -> list[str]:
    return [ln for ln in _code_lines() if ln.startswith("python3 -m pip install")]


def test_readme_has_exactly_two_setup_commands():
    cmds = setup_commands()
    assert len(cmds) == 2, cmds
    assert "policydiff compare samples/" in cmds[0]
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_readme_quick_start_sample_exists_and_runs():
    """The first command's compare part, run as written (the package is already installed)."""
    cmd = setup_commands()[0].split("&&", 1)[1].strip()
    argv = shlex.split(cmd)
    for arg in argv[2:]:
        if not arg.startswith("-"):
            assert (REPO / arg).is_file(), arg
    proc = subprocess.run(
        [sys.executable, "-m", "policydiff", *argv[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "結果:" in proc.stdout


@pytest.mark.parametrize("command", ["compare", "parse"])
def test_every_command_has_help_with_an_example(command):
    proc = subprocess.run(
        [sys.executable, "-m", "policydiff", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert "Example:" in proc.stdout
    assert f"`policydiff {command}" in README or f"policydiff {command} " in README


def test_readme_names_every_rule_table():
    for table in ("editorial.toml", "material.toml"):
        assert table in README
        assert (REPO / "policydiff" / "rules" / table).is_file()

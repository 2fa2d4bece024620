"""Temporary git repositories for the tests (loaded as a pytest plugin by conftest).

Like pre-commit's own ``in_git_dir``: a fresh repository in a temporary directory, the
process changed into it, a pinned identity and a private global config, so that nothing
of the developer's git set-up (signing, hooks path, autocrlf, default branch) leaks in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

IDENTITY = {
    "GIT_AUTHOR_NAME": "Policy Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.invalid",
    "GIT_COMMITTER_NAME": "Policy Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.invalid",
}

GITCONFIG = """\
[user]
\tname = Policy Tester
\temail = tester@example.invalid
[init]
\tdefaultBranch = main
[commit]
\tgpgsign = false
[core]
\tautocrlf = false
[advice]
\tdetachedHead = false
"""


class GitRepo:
    """A repository in a temporary directory, driven through the real ``git`` command."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tick = 0

    def git(self, *args: str, check: bool = True, env: dict | None = None) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, encoding="utf-8",
            env={**os.environ, **(env or {})}, check=False,
        )  # fmt: skip
        if check and proc.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}{proc.stdout}")
        return proc.stdout

    def write(self, name: str, content: str | bytes) -> Path:
        p = self.path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode("utf-8"))
        return p

    def commit(self, message: str, *paths: str, date: str | None = None) -> str:
        """Stage ``paths`` (default: everything) and commit; returns the full commit id.

        Dates default to one day apart from 2024-01-01, so histories are reproducible.
        """
        self.git("add", "-A", *(["--", *paths] if paths else []))
        if date is None:
            self._tick += 1
            day = datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(days=self._tick)
            date = day.isoformat()
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("commit", "-q", "--no-verify", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()


def pin_identity(tmp_path_factory, monkeypatch) -> dict[str, str]:
    """Set a pinned identity and a private global git config (undone with ``monkeypatch``)."""
    cfg = tmp_path_factory.mktemp("gitconfig") / "config"
    cfg.write_text(GITCONFIG, encoding="utf-8")
    env = {**IDENTITY, "GIT_CONFIG_GLOBAL": str(cfg), "GIT_CONFIG_NOSYSTEM": "1"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "POLICYDIFF_ALLOW_MATERIAL"):
        monkeypatch.delenv(k, raising=False)
    return env


def new_repo(path: Path) -> GitRepo:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(path)
    repo.git("init", "-q")
    return repo


@pytest.fixture
def git_identity(tmp_path_factory, monkeypatch) -> dict[str, str]:
    """A pinned identity and a private global git config for this test (and its children)."""
    return pin_identity(tmp_path_factory, monkeypatch)


@pytest.fixture
def in_git_dir(tmp_path, monkeypatch, git_identity) -> GitRepo:
    """A fresh repository in ``tmp_path/repo``; the test runs with it as the current directory."""
    repo = new_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.path)
    return repo

"""The real pre-commit framework installs THIS repository's hook by its manifest and gates commits.

A snapshot of the working tree (tracked and untracked files, ignored ones left out) is
committed into a scratch repository, so the test checks the code as it is now, uncommitted
edits included. pre-commit builds its own virtualenv and pip-installs the snapshot there;
``PRE_COMMIT_HOME`` is one directory per test session, so that happens once a session
(about 10 s here: the wheels resolve from the configured package index and cache).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ARTICLES, REPO_ROOT, article_doc

V1 = article_doc(ARTICLES)
EDITORIAL = V1.replace("お問い合わせは", "お問合せは")
MATERIAL = EDITORIAL.replace("サービスの提供、", "サービスの提供、広告の配信、")
DATED = MATERIAL.replace("2024年4月1日 制定", "2024年4月1日 制定\n2025年7月1日 改定")


def _run(cmd, cwd, env=None, timeout=900):
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace",
        env={**os.environ, **(env or {})}, timeout=timeout, check=False,
    )  # fmt: skip


PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory) -> tuple[Path, str]:
    """A commit holding the current working tree of this repository: (path, commit id)."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    listing = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], REPO_ROOT)
    if listing.returncode:
        pytest.skip(f"{REPO_ROOT} is not a git checkout")
    snap = tmp_path_factory.mktemp("hook-source")
    for name in filter(None, listing.stdout.split("\0")):
        src = REPO_ROOT / name
        if src.is_file():
            (snap / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, snap / name)
    ident = ["-c", "user.name=Snapshot", "-c", "user.email=snapshot@example.invalid"]
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"],
                ["git", *ident, "commit", "-q", "--no-verify", "-m", "snapshot"]):  # fmt: skip
        proc = _run(cmd, snap)
        assert proc.returncode == 0, proc.stderr
    return snap, _run(["git", "rev-parse", "HEAD"], snap).stdout.strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> dict[str, str]:
    return {"PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}


@pytest.fixture
def gated_repo(in_git_dir, hook_source, pre_commit_home):
    """A user's repository with privacy.md committed and this hook installed by pre-commit."""
    snap, rev = hook_source
    repo = in_git_dir
    repo.write(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {snap}\n    rev: {rev}\n    hooks:\n      - id: policydiff\n",
    )
    repo.write("privacy.md", V1)
    repo.commit("privacy policy v1")
    for args in (["install"], ["install-hooks"]):  # the hook environment: once per session
        proc = _run([*PRE_COMMIT, *args], repo.path, env=pre_commit_home)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return repo


def commit(repo, env, message: str, **files: str):
    """``git commit`` with the hook active; returns (returncode, all output, new HEAD or None)."""
    before = repo.head()
    for name, text in files.items():
        repo.write(name, text)
    repo.git("add", "-A")
    proc = _run(["git", "commit", "-m", message], repo.path, env=env)
    after = repo.head()
    return proc.returncode, proc.stdout + proc.stderr, (after if after != before else None)


def test_manifest_declares_the_hook():
    text = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: policydiff" in text and "entry: policydiff hook" in text


def test_precommit_gate(gated_repo, pre_commit_home, cli_argv):
    repo, env = gated_repo, pre_commit_home
    # an editorial edit commits
    code, out, new_head = commit(repo, env, "表記の統一", **{"privacy.md": EDITORIAL})
    assert code == 0, out
    assert new_head is not None
    assert "policydiff: privacy.md: minor changes only" in out and "Passed" in out

    # a material edit with neither a new revision date nor a notice is blocked
    code, out, new_head = commit(repo, env, "広告配信を追加", **{"privacy.md": MATERIAL})
    assert code == 1, out
    assert new_head is None
    assert "Failed" in out and "commit blocked" in out
    assert "the revision date is not updated" in out
    assert "no notice draft is staged under notices/" in out
    assert "policydiff notice HEAD:privacy.md :privacy.md --effective-date YYYY-MM-DD" in out

    # the same edit with an updated revision date and the notice draft the message asks for
    (command,) = [ln.strip() for ln in out.splitlines() if "policydiff notice " in ln]
    assert command.startswith("mkdir -p notices && policydiff notice ")  # no notices/ folder yet
    effective = (date.today() + timedelta(days=45)).isoformat()
    argv = shlex.split(command.split("&&", 1)[1].replace("YYYY-MM-DD", effective))
    (repo.path / "notices").mkdir()
    repo.write("privacy.md", DATED)
    repo.git("add", "privacy.md")  # the notice is drafted from HEAD and the staged version
    proc = _run([*cli_argv, *argv[1:]], repo.path)
    assert proc.returncode == 0, proc.stderr
    draft = f"notices/privacy-{effective}.md"
    assert "改定" in (repo.path / draft).read_text(encoding="utf-8")
    code, out, new_head = commit(repo, env, "広告配信を追加（改定日・お知らせ）")
    assert code == 0, out
    assert new_head is not None
    assert "revision date updated and notice draft staged" in out
    shown = repo.git("show", "--name-only", "--format=%s", "HEAD").split("\n")
    assert shown[0] == "広告配信を追加（改定日・お知らせ）"
    assert {"privacy.md", draft} <= set(shown)

    # an unrelated file commits without a word; POLICYDIFF_ALLOW_MATERIAL=1 lets a material
    # change through and says so
    code, out, new_head = commit(repo, env, "readme", **{"README.md": "hello\n"})
    assert code == 0 and new_head is not None, out
    allow = {**env, "POLICYDIFF_ALLOW_MATERIAL": "1"}
    urgent = DATED.replace("退会後30日間", "退会後90日間")
    code, out, new_head = commit(repo, allow, "urgent", **{"privacy.md": urgent})
    assert code == 0 and new_head is not None, out
    assert "allowed by POLICYDIFF_ALLOW_MATERIAL=1" in out

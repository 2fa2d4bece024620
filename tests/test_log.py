"""``policydiff log``: a policy's history with a verdict per commit, in a temporary repository."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ARTICLES, article_doc
from gitutil import new_repo, pin_identity

import policydiff
from policydiff import history
from policydiff.load import policy_from_text
from policydiff.pipeline import compare_policies

V1 = article_doc(ARTICLES)
ENTRY_KEYS = ["commit", "parent", "date", "author", "subject", "verdict", "counts", "categories",
              "review"]  # fmt: skip


def _retention(text: str, days: int) -> str:
    return re.sub(r"退会後\d+日間", f"退会後{days}日間", text)


def _toggle_orthography(text: str) -> str:
    if "お問い合わせは" in text:
        return text.replace("お問い合わせは", "お問合せは")
    return text.replace("お問合せは", "お問い合わせは")


@pytest.fixture(scope="module")
def long_history(tmp_path_factory):
    """Built once for the module (the tests only read it)."""
    with pytest.MonkeyPatch.context() as mp:
        pin_identity(tmp_path_factory, mp)
        yield _build_long_history(new_repo(tmp_path_factory.mktemp("history") / "repo"))


def _build_long_history(repo):
    """23 commits of the policy (one a pure rename) and 2 unrelated commits.

    Returns the repository and the expected verdicts, oldest first.
    """
    expected: list[tuple[str, str]] = []
    text = V1
    repo.write("privacy.md", text)
    repo.commit("制定")
    expected.append(("制定", "material"))  # compared with an empty document
    name = "privacy.md"
    for k in range(1, 11):
        text = _retention(text, 30 + 10 * k)
        repo.write(name, text)
        repo.commit(f"retention {30 + 10 * k} days")
        expected.append((f"retention {30 + 10 * k} days", "material"))
        text = _toggle_orthography(text)
        repo.write(name, text)
        repo.commit(f"orthography {k}")
        expected.append((f"orthography {k}", "minor"))
        if k == 4:
            repo.write("README.md", "unrelated\n")
            repo.commit("unrelated file")
            repo.git("mv", "privacy.md", "privacy-policy.md")
            name = "privacy-policy.md"
            repo.commit("rename the policy file")
            expected.append(("rename the policy file", "identical"))
        if k == 7:
            text = text.replace("2024年4月1日 制定", "2024年4月1日 制定\n2024年10月1日 改定")
            repo.write(name, text)
            repo.commit("revision date")
            expected.append(("revision date", "minor"))
    repo.write("README.md", "unrelated again\n")
    repo.commit("unrelated file again")
    return repo, expected


def _log(run_cli, repo, *args):
    code, out, err = run_cli("log", "privacy-policy.md", *args, cwd=repo.path)
    assert code == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal
    return out


def test_log_json_over_a_long_history(run_cli, long_history):
    repo, expected = long_history
    assert len(expected) >= 20
    doc = json.loads(_log(run_cli, repo, "--format", "json"))
    assert doc["schema_version"] == 1 and doc["path"] == "privacy-policy.md"
    entries = doc["entries"]
    assert [(e["subject"], e["verdict"]) for e in entries] == expected[::-1]  # newest first
    for e, older in zip(entries, [*entries[1:], None], strict=True):
        assert list(e) == ENTRY_KEYS
        assert re.fullmatch(r"[0-9a-f]{40}", e["commit"])
        assert e["parent"] == (older["commit"] if older else None)
        assert datetime.fromisoformat(e["date"]).year == 2024
        assert e["author"] == "Policy Tester"
        assert isinstance(e["review"], bool)
        assert set(e["counts"]) == {"material", "minor"}
        if e["verdict"] == "material":
            assert e["counts"]["material"] >= 1
        if e["subject"].startswith("retention"):
            assert e["counts"] == {"material": 1, "minor": 0}
            assert "retention" in e["categories"]
        if e["verdict"] == "identical":
            assert e["counts"] == {"material": 0, "minor": 0} and e["categories"] == []
    first = entries[-1]
    assert first["parent"] is None and first["counts"]["material"] >= 10
    all_commits = repo.git("log", "--format=%H").split()
    assert len(all_commits) == len(expected) + 2  # the unrelated commits are not listed
    assert set(all_commits) - {e["commit"] for e in entries} != set()


def test_log_verdicts_agree_with_single_compares(long_history):
    """Each entry is what ``compare PARENT:path COMMIT:path`` says (checked in process)."""
    repo, _ = long_history
    doc = json.loads(history.run_log("privacy-policy.md", "json", cwd=repo.path))
    for e in doc["entries"][:-1]:
        old_name = "privacy.md" if e["parent"] in _before_rename(repo) else "privacy-policy.md"
        new_name = "privacy.md" if e["commit"] in _before_rename(repo) else "privacy-policy.md"
        old = repo.git("show", f"{e['parent']}:{old_name}")
        new = repo.git("show", f"{e['commit']}:{new_name}")
        report = policydiff.compare(old, new)
        assert report.verdict == e["verdict"], e["subject"]
        assert report.counts == e["counts"], e["subject"]


def _before_rename(repo) -> set[str]:
    rename = repo.git("log", "--format=%H", "--grep=rename the policy file").split()[0]
    return set(repo.git("rev-list", f"{rename}~1").split())


def test_log_text_reverse_max_count_since(run_cli, long_history):
    repo, expected = long_history
    lines = _log(run_cli, repo).splitlines()
    assert len(lines) == len(expected)
    newest = lines[0].split()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest[0]) and re.fullmatch(r"[0-9a-f]{7}", newest[1])
    assert newest[2] == "minor" and "orthography 10" in lines[0]
    assert "material" in lines[-1] and "制定" in lines[-1]
    assert any("retention" in ln and "[retention" in ln for ln in lines)
    before = lines[lines.index(next(ln for ln in lines if "rename the policy" in ln)) + 1 :]
    assert before and all("(privacy.md)" in ln for ln in before), before

    reverse = _log(run_cli, repo, "--reverse").splitlines()
    assert reverse == lines[::-1]

    five = _log(run_cli, repo, "--max-count", "5").splitlines()
    assert five == lines[:5]
    assert _log(run_cli, repo, "-n", "0") == ""

    full = json.loads(_log(run_cli, repo, "-f", "json"))["entries"]
    cut = full[6]["date"]  # entries 0..6 are on or after this date
    since = json.loads(_log(run_cli, repo, "-f", "json", "--since", cut))["entries"]
    assert since == full[:7]  # the oldest shown is still compared with its predecessor
    since_rev = json.loads(_log(run_cli, repo, "-f", "json", "--since", cut, "--reverse",
                                "--max-count", "3"))["entries"]  # fmt: skip
    assert since_rev == full[:3][::-1]


def test_log_follows_the_rename(run_cli, long_history):
    repo, expected = long_history
    out = _log(run_cli, repo, "-f", "json")
    subjects = [e["subject"] for e in json.loads(out)["entries"]]
    assert "制定" in subjects and "retention 40 days" in subjects  # before the rename
    # the old name: its history ends with the commit that removed it (compared with nothing)
    code, out, err = run_cli("log", "privacy.md", "-f", "json", cwd=repo.path)
    assert code == 0, err
    old_entries = json.loads(out)["entries"]
    assert old_entries[0]["subject"] == "rename the policy file"
    assert old_entries[0]["verdict"] == "material" and old_entries[0]["counts"]["minor"] >= 0
    assert [e["subject"] for e in old_entries[1:]] == subjects[subjects.index("orthography 4") :]


def test_each_version_is_analysed_once(long_history, monkeypatch):
    repo, expected = long_history
    import policydiff.pipeline as pipeline

    calls = []
    real = pipeline.prepare
    monkeypatch.setattr(
        pipeline, "prepare", lambda p, *a, **kw: calls.append(p.fingerprint) or real(p, *a, **kw)
    )
    doc = json.loads(history.run_log("privacy-policy.md", "json", cwd=repo.path))
    assert len(doc["entries"]) == len(expected)
    assert len(calls) == len(set(calls))  # no version parsed twice
    # the empty document + one analysis per new version (the pure rename reuses its blob)
    changed = [e for e in doc["entries"] if e["verdict"] != "identical"]
    assert len(calls) == 1 + len(changed)


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = history.Progress(stream)
        for k in range(1, 6):
            bar(k, 5)
        bar.close()
    assert "policydiff log: [" in tty.getvalue() and "5/5" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_log_errors(run_cli, in_git_dir, tmp_path_factory):
    repo = in_git_dir
    repo.write("privacy.md", V1)
    repo.commit("v1")
    code, out, err = run_cli("log", "terms.md", cwd=repo.path)
    assert code == 2 and out == "" and "terms.md: no commit touches this path" in err
    outside = tmp_path_factory.mktemp("plain")
    code, out, err = run_cli("log", "privacy.md", cwd=outside)
    assert code == 2 and "not a git repository" in err and len(err.splitlines()) == 1
    code, out, err = run_cli("log", "privacy.md", "--max-count=-1", cwd=repo.path)
    assert code == 2 and "--max-count must be 0 or more" in err
    code, out, err = run_cli("log", "privacy.md", "--since", "not a date at all", cwd=repo.path)
    assert code in (0, 2) and "Traceback" not in err


def test_first_version_is_compared_with_an_empty_document():
    empty = history.empty_policy("(none)")
    report = compare_policies(empty, policy_from_text(V1, "v1"))
    assert report.verdict == "material"
    assert all(c.type == "added" for c in report.changes)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_real_terminal_stderr(long_history, cli_argv):
    """stderr on a pseudo-terminal gets the bar; stdout (a pipe) gets only the log."""
    import pty

    repo, expected = long_history
    master, slave = pty.openpty()
    proc = subprocess.Popen([*cli_argv, "log", "privacy-policy.md"], cwd=repo.path,
                            stdout=subprocess.PIPE, stderr=slave)  # fmt: skip
    os.close(slave)
    out = proc.stdout.read().decode("utf-8")
    proc.wait(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert proc.returncode == 0
    assert f"{len(expected)}/{len(expected)}" in err.decode("utf-8", "replace")
    assert "policydiff log: [" in err.decode("utf-8", "replace")
    assert "policydiff log: [" not in out and len(out.splitlines()) == len(expected)


@pytest.mark.parametrize("command", ["log", "hook"])
def test_git_commands_have_help_with_an_example(run_cli, command):
    code, out, _ = run_cli(command, "--help")
    assert code == 0 and f"Example: policydiff {command}" in out
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"policydiff {command} " in readme
    code, out, _ = run_cli("--help")
    assert re.search(rf"^\s+{command}\s", out, re.M)


TERMS = article_doc(
    [("適用", "本規約は、当社が提供するノートアプリの利用条件を定めます。"),
     ("禁止事項", "ユーザーは、法令に違反する行為をしてはなりません。"),
     ("免責", "当社は、当社の故意又は重大な過失による場合を除き、責任を負いません。")],
    title="利用規約",
)  # fmt: skip


def test_log_follows_a_rename_that_rewrote_the_file(run_cli, in_git_dir):
    """git --follow misses a rename with most of the text rewritten; log still follows it."""
    repo = in_git_dir
    repo.write("kiyaku.md", V1)
    repo.write("README.md", "readme\n")
    first = repo.commit("旧規約")
    repo.git("mv", "kiyaku.md", "terms.md")
    repo.write("terms.md", TERMS)
    rename = repo.commit("全面改定（ファイル名も変更）")
    repo.write("terms.md", TERMS.replace("法令に違反する", "法令又は公序良俗に違反する"))
    repo.commit("禁止事項の追加")
    status = repo.git("log", "--follow", "--format=", "--name-status", "--", "terms.md").split()
    assert status[-2:] == ["A", "terms.md"]  # git alone stops at the rewrite
    code, out, err = run_cli("log", "terms.md", "-f", "json", cwd=repo.path)
    assert code == 0, err
    entries = json.loads(out)["entries"]
    assert [e["subject"] for e in entries] == [
        "禁止事項の追加",
        "全面改定（ファイル名も変更）",
        "旧規約",
    ]
    assert entries[1]["commit"] == rename and entries[1]["parent"] == first
    assert entries[2]["parent"] is None


def test_log_does_not_guess_a_rename_among_several_files(run_cli, in_git_dir):
    repo = in_git_dir
    repo.write("a.md", V1)
    repo.write("b.md", V1.replace("プライバシーポリシー", "クッキーポリシー"))
    repo.commit("two files")
    repo.git("rm", "-q", "a.md", "b.md")
    repo.write("terms.md", TERMS)
    repo.commit("replaced by one")
    code, out, err = run_cli("log", "terms.md", "-f", "json", cwd=repo.path)
    assert code == 0, err
    (entry,) = json.loads(out)["entries"]
    assert entry["parent"] is None

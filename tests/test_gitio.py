"""Revision arguments (REV:path, :path, plain path) end to end, in temporary git repositories."""

from __future__ import annotations

import json

import pytest
from conftest import ARTICLES, article_doc

from policydiff.errors import GitError
from policydiff.gitio import parse_revision_arg

V1 = article_doc(ARTICLES)
V2 = V1.replace("退会後30日間", "退会後90日間")  # retention: material
V3 = V2.replace("お問い合わせは", "お問合せは")  # orthography: minor


def one_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("policydiff: error: "), err
    return lines[0]


@pytest.fixture
def history(in_git_dir):
    """privacy.md in three commits (v1, v2 material, v3 minor) and v3 edited in the tree."""
    repo = in_git_dir
    for text, msg in ((V1, "v1"), (V2, "retention 90 days"), (V3, "orthography")):
        repo.write("privacy.md", text)
        repo.commit(msg)
    return repo


def test_compare_two_revisions(run_cli, history, check_report):
    code, out, err = run_cli("compare", "HEAD~2:privacy.md", "HEAD~1:privacy.md", "-f", "json",
                             cwd=history.path)  # fmt: skip
    assert code == 0, err
    report = check_report(json.loads(out))
    assert report["verdict"] == "material"
    assert report["old"]["source"] == "HEAD~2:privacy.md"
    assert report["new"]["source"] == "HEAD~1:privacy.md"
    (change,) = report["changes"]
    assert (change["old_text"], change["new_text"]) == ("30", "90")
    assert "retention" in change["categories"]


def test_compare_revision_with_working_tree_and_check(run_cli, history):
    history.write("privacy.md", V3.replace("サービスの提供、", "サービスの提供、広告配信、"))
    code, out, _ = run_cli("compare", "HEAD:privacy.md", "privacy.md", "--check", cwd=history.path)
    assert code == 1
    assert "広告配信" in out and "[重要]" in out
    code, out, _ = run_cli("compare", "HEAD~1:privacy.md", "HEAD:privacy.md", "--check",
                           cwd=history.path)  # fmt: skip
    assert code == 0 and "[軽微]" in out


def test_staged_version_and_commit_ids(run_cli, history):
    first = history.git("rev-list", "--max-parents=0", "HEAD").strip()
    history.write("privacy.md", V1)
    history.git("add", "privacy.md")
    history.write("privacy.md", V2)  # the working tree differs from the index again
    code, out, err = run_cli("compare", f"{first[:8]}:privacy.md", ":privacy.md", "-f", "json",
                             cwd=history.path)  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["verdict"] == "identical"  # the index holds v1 again
    code, out, _ = run_cli("compare", ":privacy.md", "privacy.md", "-f", "json", cwd=history.path)
    assert json.loads(out)["verdict"] == "material"


def test_paths_in_a_subdirectory(run_cli, in_git_dir):
    repo = in_git_dir
    repo.write("docs/legal/privacy.md", V1)
    repo.commit("v1")
    repo.write("docs/legal/privacy.md", V2)
    sub = repo.path / "docs" / "legal"
    for old in ("HEAD:docs/legal/privacy.md", "HEAD:./privacy.md", "main:./privacy.md"):
        code, out, err = run_cli("compare", old, "privacy.md", "-f", "json", cwd=sub)
        assert code == 0, (old, err)
        assert json.loads(out)["verdict"] == "material"
    code, out, err = run_cli("parse", "HEAD:../legal/privacy.md", cwd=sub)
    assert code == 0, err
    assert out.startswith("HEAD:../legal/privacy.md")


def test_an_existing_file_wins_over_a_revision(run_cli, history):
    (history.path / "HEAD:privacy.md").write_text(V1, encoding="utf-8")  # a file of that name
    code, out, err = run_cli("compare", "HEAD:privacy.md", "privacy.md", "-f", "json",
                             cwd=history.path)  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["verdict"] == "material"  # the file holds v1; HEAD holds v3
    assert parse_revision_arg(str(history.path / "HEAD:privacy.md")) is None


def test_revision_argument_spelling():
    assert parse_revision_arg("privacy.md") is None
    assert parse_revision_arg("-") is None
    spec = parse_revision_arg(":docs/p.md")
    assert (spec.rev, spec.path) == (None, "docs/p.md")
    spec = parse_revision_arg("origin/main:p.md")
    assert (spec.rev, spec.path) == ("origin/main", "p.md")
    with pytest.raises(GitError, match="no path after the colon"):
        parse_revision_arg("HEAD:")


# --------------------------------------------------------------------------- git errors: one line, exit 2


def test_not_a_repository(run_cli, tmp_path, git_identity):
    (tmp_path / "p.md").write_text(V1, encoding="utf-8")
    line = one_error(*run_cli("compare", "HEAD:p.md", "p.md", cwd=tmp_path))
    assert "not a git repository" in line


def test_unknown_revision(run_cli, history):
    line = one_error(*run_cli("compare", "nosuchbranch:privacy.md", "privacy.md", cwd=history.path))
    assert "nosuchbranch: unknown revision" in line
    line = one_error(*run_cli("compare", "HEAD~7:privacy.md", "privacy.md", cwd=history.path))
    assert "HEAD~7: unknown revision" in line


def test_path_absent_at_revision(run_cli, history):
    line = one_error(*run_cli("compare", "HEAD:terms.md", "privacy.md", cwd=history.path))
    assert "HEAD:terms.md: the path does not exist at HEAD" in line
    line = one_error(*run_cli("compare", ":terms.md", "privacy.md", cwd=history.path))
    assert "not in the index" in line
    line = one_error(*run_cli("compare", "HEAD:", "privacy.md", cwd=history.path))
    assert "no path after the colon" in line


def test_initial_commit_has_no_head(run_cli, in_git_dir):
    in_git_dir.write("privacy.md", V1)
    in_git_dir.git("add", "privacy.md")
    line = one_error(*run_cli("compare", "HEAD:privacy.md", ":privacy.md", cwd=in_git_dir.path))
    assert "no commits yet" in line


def test_unmerged_path_during_a_merge(run_cli, history):
    history.git("checkout", "-q", "-b", "other", "HEAD~1")
    history.write("privacy.md", V2.replace("退会後90日間", "退会後180日間"))
    history.commit("other retention")
    history.git("checkout", "-q", "main")
    history.write("privacy.md", V3.replace("退会後90日間", "退会後365日間"))
    history.commit("main retention")
    history.git("merge", "other", check=False)  # conflicts
    line = one_error(*run_cli("compare", "HEAD:privacy.md", ":privacy.md", cwd=history.path))
    assert "merge is in progress" in line


def test_revision_names_a_tree(run_cli, in_git_dir):
    in_git_dir.write("docs/privacy.md", V1)
    in_git_dir.commit("v1")
    line = one_error(*run_cli("compare", "HEAD:docs", "docs/privacy.md", cwd=in_git_dir.path))
    assert "is a tree" in line


def test_read_blobs_gives_every_blob_as_stored(in_git_dir):
    """One ``git cat-file --batch`` for many blobs: the bytes of each, newlines, NUL bytes
    and an empty blob included; an id the repository lacks is a one-line error."""
    from policydiff.gitio import open_repo, read_blobs

    repo = in_git_dir
    contents = [b"", b"\n", "第1条\r\n本文。\n".encode(), b"a\x00b\nc", "x" * 70000]
    ids = []
    for k, data in enumerate(contents):
        repo.write(f"f{k}.md", data)
        ids.append(repo.git("hash-object", "-w", f"f{k}.md").strip())
    got = read_blobs(open_repo(repo.path), [*reversed(ids), ids[0]])
    assert got == {
        i: c if isinstance(c, bytes) else c.encode() for i, c in zip(ids, contents, strict=True)
    }
    with pytest.raises(GitError):
        read_blobs(open_repo(repo.path), ["0" * 40])

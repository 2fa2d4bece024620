"""``policydiff hook`` (the pre-commit gate) run directly, in temporary git repositories.

The same gate run by the real pre-commit framework is in ``test_precommit.py``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ARTICLES, article_doc

from policydiff import hook

V1 = article_doc(ARTICLES)
EDITORIAL = V1.replace("お問い合わせは", "お問合せは")
MATERIAL = V1.replace("サービスの提供、", "サービスの提供、広告の配信、")
DATED = MATERIAL.replace("2024年4月1日 制定", "2024年4月1日 制定\n2025年7月1日 改定")
NOTICE = "# 改定のお知らせ（下書き）\n\n2025年7月1日に改定します。\n"


@pytest.fixture
def repo(in_git_dir):
    in_git_dir.write("privacy.md", V1)
    in_git_dir.write("README.md", "readme\n")
    in_git_dir.commit("v1")
    return in_git_dir


def stage(repo, **files: str) -> None:
    for name, text in files.items():
        repo.write(name.replace("__", "/").replace("_md", ".md"), text)
    repo.git("add", "-A")


def run_hook(run_cli, repo, *files, env=None):
    return run_cli("hook", *files, cwd=repo.path, env=env)


def test_editorial_edit_passes_with_one_line(run_cli, repo):
    stage(repo, privacy_md=EDITORIAL)
    for args in (("privacy.md",), ()):  # the files pre-commit passes, or the staged ones
        code, out, err = run_hook(run_cli, repo, *args)
        assert code == 0, err
        assert out == "policydiff: privacy.md: minor changes only (0 material, 1 minor) — ok\n"
        assert err == ""


def test_material_edit_is_blocked_with_what_is_missing(run_cli, repo):
    stage(repo, privacy_md=MATERIAL)
    code, out, err = run_hook(run_cli, repo, "privacy.md")
    assert code == 1 and out == ""
    assert "policydiff: privacy.md: material change (1 material, 0 minor; purpose_of_use)" in err
    assert "commit blocked" in err
    assert (
        "    第3条（利用目的） (modified): purpose_of_use\n" in err
    )  # what is material, and where
    assert "the revision date is not updated" in err
    assert "no notice draft is staged under notices/" in err
    assert (
        "policydiff notice HEAD:privacy.md :privacy.md --effective-date YYYY-MM-DD "
        "-o notices/privacy-YYYY-MM-DD.md" in err
    )
    assert "POLICYDIFF_ALLOW_MATERIAL=1" in err


def test_date_alone_or_notice_alone_is_not_enough(run_cli, repo):
    stage(repo, privacy_md=DATED)
    code, _, err = run_hook(run_cli, repo, "privacy.md")
    assert code == 1
    assert "revision date" not in err.split("commit blocked:")[1].split("\n")[1]
    assert "no notice draft is staged" in err and "the revision date is not updated" not in err

    stage(repo, privacy_md=MATERIAL, notices__draft_md=NOTICE)
    code, _, err = run_hook(run_cli, repo, "privacy.md", "notices/draft.md")
    assert code == 1
    assert "the revision date is not updated" in err and "no notice draft" not in err


def test_date_and_notice_let_the_material_change_through(run_cli, repo):
    repo.write("notices/privacy-2025-07-01.md", NOTICE)  # the name the message suggests
    stage(repo, privacy_md=DATED)
    code, out, err = run_hook(run_cli, repo, "privacy.md", "notices/privacy-2025-07-01.md")
    assert code == 0, err
    assert "material change" in out and "revision date updated and notice draft staged" in out


def test_allow_material_lets_it_through_and_says_so(run_cli, repo):
    stage(repo, privacy_md=MATERIAL)
    code, out, err = run_hook(run_cli, repo, "privacy.md", env={"POLICYDIFF_ALLOW_MATERIAL": "1"})
    assert code == 0, err
    assert "allowed by POLICYDIFF_ALLOW_MATERIAL=1" in out
    assert "an updated revision date and a staged notice draft" in out


def test_a_new_policy_file_is_a_material_change(run_cli, repo):
    stage(repo, terms_md=article_doc(ARTICLES[:3], title="利用規約"))
    code, _, err = run_hook(run_cli, repo)
    assert code == 1 and "terms.md: material change" in err


def test_a_renamed_policy_is_compared_with_its_old_name(run_cli, repo):
    repo.git("mv", "privacy.md", "privacy-policy.md")
    stage(repo, **{"privacy-policy.md": EDITORIAL})
    code, out, err = run_hook(run_cli, repo, "privacy-policy.md")
    assert code == 0, err
    assert "privacy-policy.md: minor changes only" in out


def test_no_policy_staged_passes_silently(run_cli, repo):
    stage(repo, README_md="readme 2\n")
    assert run_hook(run_cli, repo, "README.md") == (0, "", "")
    assert run_hook(run_cli, repo) == (0, "", "")


FAST = """
import sys
from policydiff.cli import main
rc = main(sys.argv[1:])
heavy = [m for m in ('git', 'sudachipy', 'sudachidict_core', 'diff_match_patch') if m in sys.modules]
print('RESULT', rc, heavy)
"""


@pytest.mark.parametrize("args", [["hook", "README.md", "src/app.py"], ["hook"]])
def test_fast_path_loads_neither_git_nor_sudachi(repo, args):
    stage(repo, README_md="readme 3\n")
    proc = subprocess.run([sys.executable, "-c", FAST, *args], capture_output=True, text=True,
                          cwd=repo.path, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "RESULT 0 []"


def test_policy_globs_and_notices_folder_from_the_config(run_cli, repo):
    repo.write(
        "policydiff.toml", '[hook]\npolicy_globs = ["legal/*.md"]\nnotices_dir = "announce"\n'
    )
    repo.write("legal/kiyaku.md", V1)
    repo.commit("config")
    stage(repo, privacy_md=MATERIAL)  # no longer a policy by the project's globs
    assert run_hook(run_cli, repo)[0] == 0
    repo.git("reset", "-q", "--hard")
    stage(repo, legal__kiyaku_md=DATED, notices__a_md=NOTICE)
    code, _, err = run_hook(run_cli, repo)
    assert code == 1 and "no notice draft is staged under announce/" in err
    stage(repo, announce__a_md=NOTICE)
    assert run_hook(run_cli, repo)[0] == 0


def test_a_bad_hook_config_is_one_line(run_cli, repo):
    repo.write("policydiff.toml", '[hook]\nnotices = "x"\n')
    stage(repo, privacy_md=EDITORIAL)
    code, out, err = run_hook(run_cli, repo)
    assert code == 2 and "unknown key 'hook.notices'" in err and len(err.splitlines()) == 1


# --------------------------------------------------------------------------- git errors and failing closed


def test_not_a_repository(run_cli, tmp_path, git_identity):
    (tmp_path / "privacy.md").write_text(V1, encoding="utf-8")
    code, out, err = run_cli("hook", "privacy.md", cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("policydiff: error: ") and "not a git repository" in err
    assert len(err.splitlines()) == 1


def test_initial_commit_has_no_head(run_cli, in_git_dir):
    stage(in_git_dir, privacy_md=V1)
    code, _, err = run_cli("hook", "privacy.md", cwd=in_git_dir.path)
    assert code == 2 and "no commits yet" in err and len(err.splitlines()) == 1


def test_merge_in_progress(run_cli, repo):
    repo.git("checkout", "-q", "-b", "other")
    repo.write("README.md", "other readme\n")
    repo.commit("other")
    repo.git("checkout", "-q", "main")
    repo.write("privacy.md", EDITORIAL)
    repo.commit("editorial")
    repo.git("merge", "--no-commit", "--no-ff", "other")
    stage(repo, privacy_md=MATERIAL)
    code, _, err = run_cli("hook", "privacy.md", cwd=repo.path)
    assert code == 2 and "a merge is in progress" in err and len(err.splitlines()) == 1


def test_an_internal_error_fails_closed(repo, monkeypatch, capsys):
    stage(repo, privacy_md=EDITORIAL)

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(hook, "check_file", broken)
    assert hook.run_hook(["privacy.md"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: simulated failure" in err and "fail closed" in err


def test_an_undecodable_staged_policy_is_an_error(run_cli, repo):
    repo.write("privacy.md", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    repo.git("add", "privacy.md")
    code, _, err = run_cli("hook", "privacy.md", cwd=repo.path)
    assert code == 2 and ":privacy.md: binary data" in err


# --------------------------------------------------------------------------- which files, which dates


@pytest.fixture(scope="module")
def settings():
    return hook._settings(hook._defaults(), "hook.toml")


@pytest.mark.parametrize(
    "path",
    ["privacy.md", "docs/Privacy-Policy.MD", "legal/terms.txt", "利用規約.md", "個人情報保護方針.html",
     "プライバシーポリシー.txt", "cookie-policy.html"],
)  # fmt: skip
def test_policy_files(path, settings):
    assert hook.is_policy(path, settings)


@pytest.mark.parametrize(
    "path", ["README.md", "privacy.py", "terms.pdf", "notices/privacy-2025-07-01.md"]
)
def test_not_policy_files(path, settings):
    assert not hook.is_policy(path, settings)


@pytest.mark.parametrize(
    "line, date",
    [
        ("改定日：2025年7月1日", "2025-07-01"),
        ("最終改定日 2025年７月１日", "2025-07-01"),
        ("施行日: 令和7年7月1日", "2025-07-01"),
        ("2025年7月1日 改定", "2025-07-01"),
        ("制定　平成三十年五月二十五日", "2018-05-25"),
        ("（2025/07/01 改訂）", "2025-07-01"),
        ("Last updated: 2025-07-01", "2025-07-01"),
        ("令和元年10月1日　施行", "2019-10-01"),
    ],
)
def test_revision_date_lines(line, date, settings):
    assert hook.revision_dates(f"本文\n{line}\n", settings) == {date}


@pytest.mark.parametrize(
    "text",
    [
        "2025年7月1日",  # a date with no revision word
        "改定について",  # a revision word with no date
        "当社は、2025年7月1日以降、必要に応じて本ポリシーを改定することがありますが、その場合には"
        "変更後の内容を当社ウェブサイトに掲載する方法により周知し、利用者の皆様にお知らせいたします。",
    ],
)
def test_not_revision_date_lines(text, settings):
    assert hook.revision_dates(text, settings) == set()


def test_date_line_changed(settings):
    assert hook.date_line_changed(V1, DATED, settings)
    assert not hook.date_line_changed(V1, MATERIAL, settings)
    assert not hook.date_line_changed(
        DATED, DATED.replace("2025年7月1日", "2025年７月１日"), settings
    )


def test_an_error_naming_a_file_shows_its_control_characters_escaped(run_cli, repo, tmp_path):
    name = str(tmp_path / "privacy\x1b[2J.md")
    code, out, err = run_hook(run_cli, repo, name)
    assert code == 2, err
    assert "\x1b" not in err and "\\x1b[2J" in err and "outside the repository" in err

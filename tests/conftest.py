"""Shared fixtures and the fictional policy texts the tests are built on.

Every policy text here is our own, written for the fictional company 株式会社ミライテック.
The real third-party documents in ``../shared`` are only read (by ``test_shared_eval.py``),
never copied.

The Sudachi dictionary costs ~130 MB per ``Dictionary``: tests tokenize only through
``policydiff.tokens.tokenize`` so that one dictionary serves the whole session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

pytest_plugins = ("gitutil",)  # temporary git repositories: in_git_dir, git_identity

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _session_cache_dir(tmp_path_factory):
    """policydiff.cache (parsed rule tables, regex programs) writes to a folder of the test
    session, never to the user's cache; test_cache.py points it elsewhere itself."""
    os.environ["POLICYDIFF_CACHE_DIR"] = str(tmp_path_factory.mktemp("policydiff-cache"))
    yield


# --------------------------------------------------------------------------- policy texts

ARTICLES: list[tuple[str, str]] = [
    (
        "目的",
        "本ポリシーは、株式会社ミライテックが提供するサービスにおける個人情報の取扱いについて定めるものです。",
    ),
    ("取得する情報", "当社は、氏名、メールアドレス、電話番号及び購入履歴を取得します。"),
    (
        "利用目的",
        "当社は、取得した個人情報を、サービスの提供、本人確認及びお問い合わせへの対応のために利用します。",
    ),
    (
        "第三者提供",
        "当社は、法令に基づく場合を除き、本人の同意を得ることなく個人情報を第三者に提供しません。",
    ),
    (
        "委託",
        "当社は、利用目的の達成に必要な範囲で、個人情報の取扱いを外部の事業者に委託することがあります。",
    ),
    (
        "安全管理措置",
        "当社は、個人情報の漏えい、滅失又は毀損を防止するため、必要かつ適切な安全管理措置を講じます。",
    ),
    ("保存期間", "当社は、個人情報を退会後30日間保存し、その後速やかに消去します。"),
    (
        "開示等の請求",
        "本人は、当社に対し、保有個人データの開示、訂正、利用停止等を請求することができます。",
    ),
    ("Cookieの利用", "当社のウェブサイトでは、利便性の向上のためにCookieを使用しています。"),
    (
        "お問い合わせ窓口",
        "個人情報の取扱いに関するお問い合わせは、当社のお客様相談室までご連絡ください。",
    ),
]


def article_doc(articles: Sequence[tuple[str, str]], title: str = "プライバシーポリシー") -> str:
    """A policy of 第N条（title） articles numbered in order, with a trailing date line."""
    out = [title, ""]
    for k, (head, body) in enumerate(articles, 1):
        out += [f"第{k}条（{head}）", body, ""]
    out.append("2024年4月1日 制定")
    return "\n".join(out) + "\n"


@pytest.fixture
def articles() -> list[tuple[str, str]]:
    return list(ARTICLES)


@pytest.fixture
def make_doc() -> Callable[..., str]:
    return article_doc


@pytest.fixture
def policy_text() -> str:
    return article_doc(ARTICLES)


# --------------------------------------------------------------------------- ../shared


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; the test is skipped when it is absent."""
    if not (SHARED_DIR / "eval").is_dir():
        pytest.skip(f"{SHARED_DIR} is absent")
    return SHARED_DIR


# --------------------------------------------------------------------------- the installed CLI


def cli_command() -> list[str]:
    exe = shutil.which("policydiff")
    return [exe] if exe else [sys.executable, "-m", "policydiff"]


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def cli_argv() -> list[str]:
    """The argv prefix that runs the installed command."""
    return cli_command()


@pytest.fixture(scope="session")
def cli_cwd(tmp_path_factory) -> Path:
    """An empty working directory, so that no policydiff.toml of the developer is picked up."""
    return tmp_path_factory.mktemp("cwd")


@pytest.fixture
def run_cli(cli_cwd: Path) -> RunCli:
    """Run the installed ``policydiff`` command; returns (returncode, stdout, stderr).

    ``NO_COLOR`` / ``FORCE_COLOR`` are removed from the environment unless given in ``env``.
    """

    def run(*args: str | os.PathLike[str], env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120, command: Sequence[str] | None = None) -> tuple[int, str, str]:  # fmt: skip
        full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        full_env["PYTHONIOENCODING"] = "utf-8"
        full_env.update(env or {})
        proc = subprocess.run(
            [*(command or cli_command()), *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            cwd=cwd or cli_cwd,
            timeout=timeout,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run


# --------------------------------------------------------------------------- the JSON report contract

# The category list of report-schema.md (schema_version 1), in its order; written out here,
# not imported from the package, so that the package is checked against the contract.
SCHEMA_CATEGORY_ORDER = (
    "purpose_of_use", "data_collected", "third_party", "joint_use", "foreign_transfer",
    "outsourcing", "sensitive_data", "retention", "user_rights", "security",
    "cookies_tracking", "contact", "policy_change", "liability", "fees",
    "term_termination", "prohibited_acts", "service_change", "governing_law",
    "definitions", "editorial", "other",
)  # fmt: skip
SCHEMA_CATEGORIES = frozenset(SCHEMA_CATEGORY_ORDER)
CHANGE_KEYS = ("id", "type", "classification", "categories", "old_clause", "new_clause",
               "old_text", "new_text", "reasons", "legal_refs")  # fmt: skip


def check_report(report: object) -> dict:
    """Assert that ``report`` is a JSON report as report-schema.md (schema_version 1) defines it."""
    assert isinstance(report, dict)
    assert report["schema_version"] == 1
    for side in ("old", "new"):
        info = report[side]
        assert isinstance(info["source"], str) and info["source"]
        assert isinstance(info["title"], str)
        assert isinstance(info["clauses"], int) and info["clauses"] >= 0
    assert report["verdict"] in ("identical", "minor", "material")
    changes = report["changes"]
    assert isinstance(changes, list)
    material = sum(c["classification"] == "material" for c in changes)
    assert report["counts"] == {"material": material, "minor": len(changes) - material}
    if material:
        assert report["verdict"] == "material"
    elif changes:
        assert report["verdict"] == "minor"
    else:  # no change at all, or formatting the changes do not show (e.g. a BOM)
        assert report["verdict"] in ("identical", "minor")
    ids = [c["id"] for c in changes]
    assert len(set(ids)) == len(ids)
    for c in changes:
        for key in CHANGE_KEYS:
            assert key in c, key
        assert isinstance(c["id"], str) and c["id"]
        assert c["type"] in {"modified", "added", "removed", "moved"}
        assert c["classification"] in {"material", "minor"}
        assert isinstance(c["categories"], list) and set(c["categories"]) <= SCHEMA_CATEGORIES, c[
            "categories"
        ]
        assert isinstance(c["old_text"], str) and isinstance(c["new_text"], str)
        assert c["reasons"] and all(isinstance(r, str) and r for r in c["reasons"])
        assert isinstance(c["legal_refs"], list) and all(
            isinstance(r, str) for r in c["legal_refs"]
        )
        for key in ("old_clause", "new_clause"):
            cl = c[key]
            if cl is not None:
                assert isinstance(cl["label"], str) and isinstance(cl["title"], str)
                assert isinstance(cl["path"], list) and all(isinstance(p, str) for p in cl["path"])
        if c["type"] == "added":
            assert c["old_clause"] is None and c["old_text"] == ""
        if c["type"] == "removed":
            assert c["new_clause"] is None and c["new_text"] == ""
        if c["type"] in ("modified", "moved"):
            assert c["old_clause"] is not None and c["new_clause"] is not None
    return report


@pytest.fixture(name="check_report")
def check_report_fixture() -> Callable[[object], dict]:
    return check_report

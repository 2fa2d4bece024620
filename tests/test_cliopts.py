"""The typer-free compare path (policydiff.cliopts, console.py): the same declarations as the
typer command, and the same stdout, stderr and exit code as typer for every command line."""

from __future__ import annotations

import re
import shutil

import pytest
import typer
from conftest import REPO_ROOT
from test_startup import probe

from policydiff import cache, cli, cliopts, console

SAMPLES = REPO_ROOT / "samples"


def _click_compare():
    group = typer.main.get_command(cli.app)
    return group.commands["compare"]


def test_the_typer_command_is_built_from_the_declarations():
    params = {p.name: p for p in _click_compare().params}
    declared = {p.name: p for p in (*cliopts.COMPARE_ARGUMENTS, *cliopts.COMPARE_OPTIONS)}
    assert set(params) == set(declared)
    for name, spec in declared.items():
        click_param = params[name]
        assert click_param.help == spec.help
        if not spec.decls:  # a positional argument
            assert click_param.param_type_name == "argument"
            assert click_param.metavar == spec.metavar
            assert click_param.required and click_param.nargs == 1
            continue
        assert click_param.param_type_name == "option"
        assert set(click_param.opts) == set(spec.decls)
        assert click_param.secondary_opts == ([spec.off] if spec.off else [])
        assert click_param.is_flag == spec.flag
        assert click_param.multiple == spec.multiple
        assert click_param.nargs == 1
        assert click_param.metavar == spec.metavar
        choices = getattr(click_param.type, "choices", None)
        assert tuple(str(c.value if hasattr(c, "value") else c) for c in choices or ()) == (
            spec.choices
        )
        default = click_param.default
        assert (default.value if hasattr(default, "value") else default) == spec.default
        assert ("Path" in type(click_param.type).__name__) == spec.path


@pytest.fixture
def pair(tmp_path):
    for name in ("articles-terms", "html-page-privacy"):
        shutil.copytree(SAMPLES / name, tmp_path / name)
    (tmp_path / "rules.toml").write_text('[cues]\npurpose_of_use = ["レコメンド"]\n', "utf-8")
    return tmp_path


OLD, NEW = "articles-terms/old.md", "articles-terms/new.md"
HTML_OLD, HTML_NEW = "html-page-privacy/old.html", "html-page-privacy/new.html"

FAST = [
    ["compare", OLD, NEW],
    ["compare", OLD, NEW, "--format", "json"],
    ["compare", OLD, NEW, "-f", "json", "--no-minor"],
    ["compare", "--format=json", OLD, NEW, "--check"],
    ["compare", OLD, NEW, "-fjson", "--minor", "--type", "terms"],
    ["compare", OLD, NEW, "--type=privacy", "--check", "--no-minor"],
    ["compare", OLD, NEW, "--from", "markdown", "-f", "json"],
    ["compare", OLD, NEW, "--from", "text"],
    ["compare", OLD, NEW, "--config", "rules.toml", "-f", "json"],
    ["compare", HTML_OLD, HTML_NEW, "--select", "main", "--remove", "nav", "--remove=footer"],
    ["compare", HTML_OLD, HTML_NEW, "--from=html", "--select=article", "-f", "json"],
    ["compare", "articles-terms//old.md", "./articles-terms/new.md"],
    ["compare", OLD, OLD],
    ["--debug", "compare", OLD, NEW, "-f", "json"],
    ["compare", OLD, NEW, "--debug", "--check"],
    ["compare", OLD, "missing.md"],
    ["compare", OLD, NEW, "--config", "missing.toml"],
    ["compare", OLD, "articles-terms"],
    ["compare", OLD, "HEAD~99:x.md"],
]
TYPER = [
    ["compare", OLD, NEW, "--format", "xml"],
    ["compare", OLD, NEW, "--format"],
    ["compare", OLD],
    ["compare"],
    ["compare", OLD, NEW, NEW],
    ["compare", OLD, NEW, "--bogus"],
    ["compare", OLD, NEW, "--form", "json"],
    ["compare", "--help"],
    ["compare", OLD, NEW, "-h"],
    ["compare", OLD, NEW, "--"],
    ["compare", "--", OLD, NEW],
    ["compare", OLD, NEW, "--check", "--check"],
    ["compare", OLD, NEW, "-f", "json", "--format", "text"],
    ["compare", OLD, NEW, "--check=1"],
    ["compare", OLD, NEW, "--select="],
    ["compare", OLD, NEW, "--select", "-x"],
    ["compare", OLD, NEW, "-x"],
    ["compare", OLD, NEW, "-fx"],
    ["compare", OLD, NEW, "-f=json"],
    ["compare", OLD, ""],
    ["compare", OLD, NEW, "--type", "Terms"],
]


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    """console.main in this process: no regex cache installed for the rest of the session."""
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", "off")
    monkeypatch.setattr(cache, "_dir", False)


def _run(main, argv, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    err = re.sub(r"(timings: ).*", r"\1…", err)
    return code, out, err


@pytest.mark.parametrize("argv", FAST + TYPER, ids=lambda a: " ".join(a) or "-")
def test_fast_path_and_typer_answer_alike(argv, pair, capsys, monkeypatch):
    monkeypatch.chdir(pair)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    rest = [a for a in argv if a != "--debug"]
    assert (cliopts.parse_compare(rest[1:]) is not None) == (argv in FAST)
    fast = _run(console.main, argv, capsys)
    slow = _run(cli.main, argv, capsys)
    if "--debug" in argv and fast[0] >= 2:  # tracebacks name different frames
        fast, slow = (
            (c, o, [ln for ln in e.splitlines() if ln.startswith("policydiff:")])
            for c, o, e in (fast, slow)
        )
    assert fast == slow


def test_a_compare_imports_no_typer():
    old, new = (str(SAMPLES / "plain-paragraphs" / f"{v}.txt") for v in ("old", "new"))
    r = probe("main", "compare", old, new, "--format", "json", "--no-minor")
    assert r["rc"] == 0
    assert "typer" not in r["modules"]
    assert "policydiff.cli" not in r["modules"]


def test_an_unusual_compare_line_goes_through_typer():
    old, new = (str(SAMPLES / "plain-paragraphs" / f"{v}.txt") for v in ("old", "new"))
    r = probe("main", "compare", old, new, "--format", "yaml")
    assert r["rc"] == 2
    assert "typer" in r["modules"]


def test_shell_completion_goes_through_typer(monkeypatch):
    monkeypatch.setenv("_POLICYDIFF_COMPLETE", "bash_complete")
    assert cliopts.parse_compare([OLD, NEW]) is None

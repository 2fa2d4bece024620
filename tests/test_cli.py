"""End-to-end tests of the installed ``policydiff`` command."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from policydiff.load import MAX_BYTES

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def pair(tmp_path, articles, make_doc):
    """old.md / new.md: 第2条 inserted (material) and 30日間→60日間 in the shifted 保存期間."""
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    arts = (
        articles[:1]
        + [("適用範囲", "本ポリシーは、当社が運営するすべてのサービスに適用されます。")]
        + articles[1:]
    )
    arts[7] = ("保存期間", articles[6][1].replace("30日間", "60日間"))
    old.write_text(make_doc(articles), encoding="utf-8")
    new.write_text(make_doc(arts), encoding="utf-8")
    return old, new


@pytest.fixture
def editorial_pair(tmp_path, policy_text):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(policy_text, encoding="utf-8")
    new.write_text(
        policy_text.replace("取扱い", "取り扱い").replace("30日間", "３０日間"), encoding="utf-8"
    )
    return old, new


def assert_one_error_line(code: int, out: str, err: str) -> str:
    assert code == 2, (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("policydiff: error: ")
    assert len(lines[0]) > len("policydiff: error: ")
    return lines[0]


# --------------------------------------------------------------------------- help and start-up


def test_help_lists_the_commands(run_cli):
    code, out, err = run_cli("--help")
    assert code == 0
    assert re.search(r"^\s+compare\s", out, re.M)
    assert re.search(r"^\s+parse\s", out, re.M)
    assert "Example" in out
    assert err == ""


@pytest.mark.parametrize("command", ["compare", "parse"])
def test_command_help_has_an_example(run_cli, command):
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    assert "Example: policydiff " + command in out
    assert "--format" in out


def test_python_dash_m_works(run_cli):
    code, out, err = run_cli("--help", command=[sys.executable, "-m", "policydiff"])
    assert code == 0
    assert "compare" in out and "parse" in out


def test_help_does_not_load_heavy_modules():
    code = (
        "import sys\n"
        "from policydiff.cli import main\n"
        "try:\n"
        "    rc = main(['--help'])\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "heavy = [m for m in ('sudachipy', 'sudachidict_core', 'jinja2', 'git', 'diff_match_patch',"
        " 'markdown_it', 'mdit_py_plugins', 'selectolax') if m in sys.modules]\n"
        "print('RESULT', rc or 0, '[' + ','.join(heavy) + ']')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last == "RESULT 0 []", last
    assert "compare" in proc.stdout


def test_importtime_of_help_has_no_sudachi():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "policydiff", "--help"],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "policydiff.cli" in imported
    for heavy in ("sudachipy", "sudachidict_core", "jinja2", "git", "markdown_it", "selectolax"):
        assert heavy not in imported


def test_no_arguments_shows_readable_help(run_cli):
    """Regression: the help used to be squeezed into one 'policydiff: error: Usage: …' line."""
    code, out, err = run_cli()
    assert code in (0, 2)
    assert "Traceback" not in err
    assert any(ln.strip() == "Commands:" for ln in (out + err).splitlines())
    assert not err.startswith("policydiff: error: Usage:")


# --------------------------------------------------------------------------- compare: text


def test_compare_text_report(run_cli, pair):
    old, new = pair
    code, out, err = run_cli("compare", old, new)
    assert code == 0
    assert not ANSI.search(out)
    assert f"{old} → {new}" in out
    assert "[重要]" in out
    assert "{+" in out and "[-30-]{+60+}" in out
    assert "結果: 重要な変更あり（重要 2件 / 軽微 0件）" in out
    assert err == ""


@pytest.mark.parametrize(
    "env",
    [{}, {"NO_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "xterm-256color"}],
)
def test_no_ansi_escapes_when_piped_or_no_color(run_cli, pair, env):
    code, out, _ = run_cli("compare", *pair, env=env)
    assert code == 0
    assert "\x1b" not in out


def test_force_color_colours_the_redline(run_cli, pair):
    code, out, _ = run_cli("compare", *pair, env={"FORCE_COLOR": "1"})
    assert code == 0
    assert ANSI.search(out)
    assert "\x1b[31;9m30\x1b[0m" in out


def test_no_minor_hides_minor_changes(run_cli, editorial_pair):
    code, out, _ = run_cli("compare", *editorial_pair)
    assert code == 0 and "[軽微]" in out
    code, out, _ = run_cli("compare", *editorial_pair, "--no-minor")
    assert code == 0 and "[軽微]" not in out
    assert "軽微な変更のみ" in out


def test_identical_files(run_cli, tmp_path, policy_text):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(policy_text, encoding="utf-8")
    b.write_text(policy_text, encoding="utf-8")
    code, out, _ = run_cli("compare", a, b, "--check")
    assert code == 0
    assert "変更なし" in out
    code, out, _ = run_cli("compare", a, b, "--format", "json")
    assert json.loads(out)["verdict"] == "identical"


def test_compare_files_in_other_encodings(run_cli, tmp_path, policy_text):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(policy_text.replace("\n", "\r\n").encode("cp932"))
    b.write_bytes(b"\xef\xbb\xbf" + policy_text.encode("utf-8"))
    code, out, err = run_cli("compare", a, b, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["old"]["title"] == report["new"]["title"] == "プライバシーポリシー"
    assert report["counts"]["material"] == 0
    assert report["verdict"] == "minor"  # same text, different bytes


# --------------------------------------------------------------------------- compare: JSON


def test_compare_json_follows_the_schema(run_cli, pair, check_report):
    old, new = pair
    code, out, err = run_cli("compare", old, new, "--format", "json")
    assert code == 0, err
    report = json.loads(out)  # exactly one JSON object: json.loads refuses trailing data
    assert isinstance(report, dict)
    assert report["schema_version"] == 1
    for side, path, clauses in (("old", old, 12), ("new", new, 13)):
        info = report[side]
        assert info["source"] == str(path)
        assert info["title"] == "プライバシーポリシー"
        assert isinstance(info["clauses"], int) and info["clauses"] == clauses
    assert report["verdict"] == "material"
    check_report(report)
    changes = report["changes"]
    assert len(changes) == 2
    added, modified = changes
    assert added["type"] == "added" and added["new_clause"]["label"] == "第2条"
    assert added["new_clause"]["title"] == "適用範囲"
    assert "本ポリシーは、当社が運営するすべてのサービスに適用されます。" in added["new_text"]
    assert modified["type"] == "modified"
    assert (modified["old_text"], modified["new_text"]) == ("30", "60")
    assert modified["old_clause"] == {"label": "第7条", "title": "保存期間", "path": ["第7条"]}
    assert modified["new_clause"] == {"label": "第8条", "title": "保存期間", "path": ["第8条"]}
    assert "retention" in modified["categories"]
    assert modified["legal_refs"]


def test_json_output_is_byte_identical_run_to_run(run_cli, pair):
    first = run_cli("compare", *pair, "--format", "json")
    second = run_cli("compare", *pair, "--format", "json")
    assert first == second


def test_json_text_has_no_markup(run_cli, tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("# ポリシー\n\n## 第1条（目的）\n- **氏名**を取得します。\n", encoding="utf-8")
    new.write_text(
        "# ポリシー\n\n## 第1条（目的）\n- **氏名**を取得します。\n\n## 第2条（委託）\n- **業務**を委託します。\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("compare", old, new, "-f", "json")
    assert code == 0
    (c,) = json.loads(out)["changes"]
    assert c["type"] == "added"
    assert "業務を委託します。" in c["new_text"]
    assert not any(m in c["new_text"] for m in ("#", "**", "- "))


# --------------------------------------------------------------------------- --check


def test_check_fails_on_a_material_change(run_cli, pair):
    assert run_cli("compare", *pair)[0] == 0
    code, out, err = run_cli("compare", *pair, "--check")
    assert code == 1
    assert "重要" in out
    assert "Traceback" not in err


def test_check_passes_an_editorial_change(run_cli, editorial_pair):
    code, out, err = run_cli("compare", *editorial_pair, "--check", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["verdict"] == "minor"
    assert report["counts"]["material"] == 0 and report["counts"]["minor"] >= 2
    assert all(c["categories"] == ["editorial"] for c in report["changes"])


def test_debug_prints_timings(run_cli, editorial_pair):
    code, _, err = run_cli("compare", *editorial_pair, "--debug")
    assert code == 0
    assert "policydiff: timings:" in err


# --------------------------------------------------------------------------- parse


PARSE_DOC = (
    "プライバシーポリシー\n\n第1条（個人情報の取得）\n1. 当社は、適正な手段により個人情報を取得します。\n"
    "2. 当社は、次の情報を取得します。\n（1）氏名\n（2）メールアドレス\n\n第2条の2（委託）\n"
    "当社は、個人情報の取扱いを委託することがあります。\n\n2024年4月1日 制定\n"
)


def test_parse_json(run_cli, tmp_path):
    f = tmp_path / "policy.md"
    f.write_text(PARSE_DOC, encoding="utf-8")
    code, out, err = run_cli("parse", f, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["source"] == str(f)
    assert data["title"] == "プライバシーポリシー"
    assert data["structure"] == "clauses" and data["fallback_reason"] == ""
    kinds = [c["kind"] for c in data["clauses"]]
    assert kinds == ["title", "article", "article", "trailer"]
    art1 = data["clauses"][1]
    assert (art1["label"], art1["number"], art1["title"]) == ("第1条", "1", "個人情報の取得")
    assert [p["label"] for p in art1["children"]] == ["1.", "2."]
    assert [i["text"] for i in art1["children"][1]["children"]] == [
        "（1）氏名",
        "（2）メールアドレス",
    ]
    assert data["clauses"][2]["number"] == "2-2"


def test_parse_text(run_cli, tmp_path):
    f = tmp_path / "policy.md"
    f.write_text(PARSE_DOC, encoding="utf-8")
    code, out, err = run_cli("parse", f)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(str(f)) and "clauses" in lines[0]
    assert any(ln.startswith("第1条（個人情報の取得） [article]") for ln in lines)
    assert any(ln.startswith("  1. [paragraph]") for ln in lines)
    assert any(ln.startswith("    （1） [item] 氏名") for ln in lines)
    assert any("[trailer]" in ln for ln in lines)


def test_parse_warns_on_fallback(run_cli, tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text(
        "当社はお客様の情報を大切に扱います。\n\n当社はお問い合わせに対応します。\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("parse", f, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["structure"] == "paragraphs" and data["fallback_reason"]
    assert err.startswith("policydiff: warning:")


# --------------------------------------------------------------------------- bad input


def _bad_file(tmp_path, kind: str):
    p = tmp_path / f"bad-{kind}.txt"
    if kind == "missing":
        return p
    if kind == "directory":
        p.mkdir()
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "whitespace":
        p.write_bytes(b" \n\t\n")
    elif kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    elif kind == "undecodable":
        p.write_bytes(b"\xff\xfa\xfb\xfc" * 16)
    elif kind == "huge":
        with p.open("wb") as f:
            f.truncate(MAX_BYTES + 1024)
    return p


BAD = {
    "missing": "no such file",
    "directory": "directory",
    "empty": "empty",
    "whitespace": "whitespace",
    "binary": "binary",
    "undecodable": "cannot decode",
    "huge": "too large",
}


@pytest.mark.parametrize("kind", list(BAD))
def test_compare_bad_input(run_cli, tmp_path, kind, policy_text):
    good = tmp_path / "good.txt"
    good.write_text(policy_text, encoding="utf-8")
    bad = _bad_file(tmp_path, kind)
    for args in (("compare", bad, good), ("compare", good, bad)):
        code, out, err = run_cli(*args)
        line = assert_one_error_line(code, out, err)
        assert BAD[kind] in line
        assert str(bad) in line
        assert out == ""


@pytest.mark.parametrize("kind", ["missing", "directory", "binary", "undecodable"])
def test_parse_bad_input(run_cli, tmp_path, kind):
    code, out, err = run_cli("parse", _bad_file(tmp_path, kind))
    line = assert_one_error_line(code, out, err)
    assert BAD[kind] in line


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "--bogus", "a", "b"),
        ("--bogus",),
        ("parse", "--frobnicate", "x"),
        ("nosuchcommand",),
        ("compare", "only-one.txt"),
        ("compare", "a.txt", "b.txt", "--format", "xml"),
    ],
    ids=[
        "unknown-option",
        "unknown-root-option",
        "parse-unknown-option",
        "unknown-command",
        "missing-argument",
        "bad-format",
    ],
)
def test_usage_errors(run_cli, args):
    assert_one_error_line(*run_cli(*args))


def test_bad_type_option(run_cli, editorial_pair):
    line = assert_one_error_line(*run_cli("compare", *editorial_pair, "--type", "contract"))
    assert "--type" in line


def test_bad_config(run_cli, editorial_pair, tmp_path):
    cfg = tmp_path / "policydiff.toml"
    cfg.write_text("material_sections = [\n", encoding="utf-8")
    line = assert_one_error_line(*run_cli("compare", *editorial_pair, "--config", cfg))
    assert "TOML" in line


def test_debug_shows_a_traceback_on_error(run_cli, tmp_path):
    code, _, err = run_cli(
        "--debug", "compare", tmp_path / "missing.txt", tmp_path / "missing2.txt"
    )
    assert code == 2
    assert "Traceback" in err
    assert err.strip().splitlines()[-1].startswith("policydiff: error:")

"""Project configuration: where it is found, what it changes, how a bad one is reported.

``policydiff.toml`` (or ``[tool.policydiff]`` in ``pyproject.toml``) found by walking up from
the working directory, or given with ``--config FILE``. Policy texts are our own, for the
fictional company 株式会社ミライテック.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policydiff
from policydiff import ConfigError, Severity
from policydiff.config import apply_config, find_config, load_config
from policydiff.rules import default_rules

ARTICLES = [
    ("目的", "本ポリシーは、株式会社ミライテック（以下「当社」といいます。）が提供するサービスにおける個人情報の取扱いについて定めるものです。"),
    ("利用目的", "当社は、取得した個人情報を次の目的のために利用します。\n(1) サービスの提供のため\n(2) 本人確認のため"),
    ("第三者提供", "当社は、法令に基づく場合を除き、あらかじめ本人の同意を得ることなく、個人情報を第三者に提供しません。"),
    ("保存期間", "当社は、個人情報を退会後30日間保存し、その後速やかに削除します。"),
    ("お問い合わせ窓口", "本ポリシーに関するお問い合わせは、当社のお客様相談室までご連絡ください。"),
]  # fmt: skip


def build(articles=ARTICLES) -> str:
    out = ["プライバシーポリシー", ""]
    for k, (head, body) in enumerate(articles, 1):
        out += [f"第{k}条（{head}）", body, ""]
    out.append("2024年4月1日 制定")
    return "\n".join(out) + "\n"


def edited(n: int, old: str, new: str) -> str:
    arts = list(ARTICLES)
    head, body = arts[n - 1]
    assert body.count(old) == 1
    arts[n - 1] = (head, body.replace(old, new))
    return build(arts)


OLD = build()
# minor without configuration: 予め → あらかじめ (M-orthography) in 第3条（第三者提供）
MINOR_IN_ART3 = edited(3, "あらかじめ", "予め")
# material without configuration: a new sentence in 第1条 with no cue word of its own
SCORE_SENTENCE = "当社は、会員ごとにミライスコアを算出します。"
NEW_SENTENCE = edited(1, "定めるものです。", "定めるものです。" + SCORE_SENTENCE)
# material: a definition added in 第1条 (the cue 以下「)
DEFINED = edited(1, "提供するサービス", "提供するサービス（以下「本サービス」といいます。）")
# material: 30日 → 60日
LONGER = edited(4, "30日間", "60日間")


def only_change(old: str, new: str, rules=None):
    report = policydiff.compare(old, new, rules=rules)
    assert len(report.changes) == 1, [(c.type, c.rule_ids) for c in report.changes]
    return report.changes[0]


# --------------------------------------------------------------------------- finding the file


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_gives_the_default_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config() is None
    assert load_config() is default_rules()


def test_policydiff_toml_found_walking_up(tmp_path, monkeypatch):
    cfg = write(tmp_path / "policydiff.toml", '[cues]\npurpose_of_use = ["ミライスコア"]\n')
    deep = tmp_path / "docs" / "policies"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    path, data = find_config()
    assert path == cfg.resolve()
    assert data == {"cues": {"purpose_of_use": ["ミライスコア"]}}
    rules = load_config()
    assert "ミライスコア" in rules.category("purpose_of_use").cues
    assert only_change(OLD, NEW_SENTENCE, rules).categories[0] == "purpose_of_use"


def test_pyproject_tool_section_found(tmp_path, monkeypatch):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.policydiff]\nmaterial_sections = ["第三者提供"]\n',
    )
    monkeypatch.chdir(tmp_path)
    path, data = find_config()
    assert path.name == "pyproject.toml"
    assert data == {"material_sections": ["第三者提供"]}
    assert load_config().material_sections == ("第三者提供",)


def test_pyproject_without_section_is_passed_over(tmp_path, monkeypatch):
    cfg = write(tmp_path / "policydiff.toml", 'material_sections = ["第5条"]\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    monkeypatch.chdir(tmp_path / "app")
    assert find_config()[0] == cfg.resolve()


def test_a_pyproject_section_spelt_with_escapes_is_found(tmp_path, monkeypatch):
    """A file without the word itself is passed over unparsed, unless escapes may spell it."""
    write(tmp_path / "pyproject.toml", '[tool."\\u0070olicydiff"]\nmaterial_sections = ["第5条"]\n')
    monkeypatch.chdir(tmp_path)
    path, section = find_config()
    assert path.name == "pyproject.toml" and section == {"material_sections": ["第5条"]}


def test_policydiff_toml_wins_over_pyproject_in_the_same_directory(tmp_path, monkeypatch):
    cfg = write(tmp_path / "policydiff.toml", 'material_sections = ["第5条"]\n')
    write(tmp_path / "pyproject.toml", '[tool.policydiff]\nmaterial_sections = ["第1条"]\n')
    monkeypatch.chdir(tmp_path)
    assert find_config()[0] == cfg.resolve()
    assert load_config().material_sections == ("第5条",)


def test_nearest_config_wins(tmp_path, monkeypatch):
    write(tmp_path / "policydiff.toml", 'material_sections = ["第1条"]\n')
    near = write(tmp_path / "sub" / "policydiff.toml", 'material_sections = ["第2条"]\n')
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config()[0] == near.resolve()


def test_explicit_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "policydiff.toml", 'material_sections = ["第1条"]\n')
    other = write(tmp_path / "conf" / "team.toml", 'material_sections = ["第2条"]\n')
    assert load_config(other).material_sections == ("第2条",)
    pyproject = write(
        tmp_path / "conf" / "pyproject.toml", '[tool.policydiff]\ncues = {fees = ["ポイント"]}\n'
    )
    assert "ポイント" in load_config(pyproject).category("fees").cues


def test_default_rules_are_not_changed_by_a_config():
    before = default_rules().category("purpose_of_use").cues
    apply_config(default_rules(), {"cues": {"purpose_of_use": ["ミライスコア"]}}, "x.toml")
    assert default_rules().category("purpose_of_use").cues == before


# --------------------------------------------------------------------------- what a config changes


def test_extra_cue_words_change_the_category():
    plain = only_change(OLD, NEW_SENTENCE)
    assert plain.severity is Severity.MATERIAL
    assert "purpose_of_use" not in plain.categories
    rules = apply_config(
        default_rules(), {"cues": {"purpose_of_use": ["ミライスコア"]}}, "policydiff.toml"
    )
    change = only_change(OLD, NEW_SENTENCE, rules)
    assert change.severity is Severity.MATERIAL
    assert change.categories[0] == "purpose_of_use"
    assert "個人情報保護法 第17条第2項" in change.legal_refs


def test_extra_cue_words_can_name_a_new_sensitive_item():
    rules = apply_config(default_rules(), {"cues": {"sensitive_data": ["睡眠データ"]}}, "c.toml")
    new = edited(2, "(2) 本人確認のため", "(2) 本人確認のため\n(3) 睡眠データの提供のため")
    change = only_change(OLD, new, rules)
    assert "sensitive_data" in change.categories


@pytest.mark.parametrize("section", ["第三者提供", "第3条"])
def test_material_sections_force_material(section):
    assert only_change(OLD, MINOR_IN_ART3).severity is Severity.MINOR
    rules = apply_config(default_rules(), {"material_sections": [section]}, "c.toml")
    change = only_change(OLD, MINOR_IN_ART3, rules)
    assert change.severity is Severity.MATERIAL
    assert change.legal_refs
    assert any("必要な対応" in r for r in change.reasons)


def test_material_sections_leave_other_clauses_alone():
    rules = apply_config(default_rules(), {"material_sections": ["保存期間"]}, "c.toml")
    assert only_change(OLD, MINOR_IN_ART3, rules).severity is Severity.MINOR


# Patterns are matched against the NFKC-normalised text: （） reads as ().
DEFINED_PATTERN = r"\(以下「[^」]+」といいます。\)"


def test_editorial_patterns_turn_a_change_minor():
    plain = only_change(OLD, DEFINED)
    assert plain.severity is Severity.MATERIAL
    rules = apply_config(default_rules(), {"editorial_patterns": [DEFINED_PATTERN]}, "c.toml")
    change = only_change(OLD, DEFINED, rules)
    assert change.severity is Severity.MINOR
    assert change.categories == ("editorial",)


def test_editorial_pattern_with_full_width_brackets():
    rules = apply_config(
        default_rules(), {"editorial_patterns": ["（以下「[^」]+」といいます。）"]}, "c.toml"
    )
    assert only_change(OLD, DEFINED, rules).severity is Severity.MINOR


def test_editorial_patterns_do_not_hide_other_edits():
    rules = apply_config(default_rules(), {"editorial_patterns": [DEFINED_PATTERN]}, "c.toml")
    assert only_change(OLD, LONGER, rules).severity is Severity.MATERIAL


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"colour": "red"}, "colour"),
        ({"cues": ["x"]}, "cues"),
        ({"cues": {"marketing": ["x"]}}, "cues.marketing"),
        ({"cues": {"editorial": ["x"]}}, "cues.editorial"),
        ({"cues": {"fees": "ポイント"}}, "cues.fees"),
        ({"cues": {"fees": [""]}}, "cues.fees"),
        ({"material_sections": "第3条"}, "material_sections"),
        ({"editorial_patterns": ["(以下"]}, "editorial_patterns[0]"),
        ({"editorial_patterns": 3}, "editorial_patterns"),
    ],
)
def test_apply_config_rejects(data, key):
    with pytest.raises(ConfigError) as err:
        apply_config(default_rules(), data, "team.toml")
    assert "team.toml" in str(err.value)
    assert key in str(err.value)


# --------------------------------------------------------------------------- through the CLI


def cli(*args, cwd: Path) -> tuple[int, str, str]:
    exe = shutil.which("policydiff")
    command = [exe] if exe else [sys.executable, "-m", "policydiff"]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def work(tmp_path) -> Path:
    """A directory with old.md and a few new versions; no config anywhere above it."""
    write(tmp_path / "old.md", OLD)
    write(tmp_path / "same.md", OLD)
    write(tmp_path / "minor.md", MINOR_IN_ART3)
    write(tmp_path / "material.md", LONGER)
    return tmp_path


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("policydiff: error: "), stderr
    return lines[0]


BAD_CONFIGS = [
    ("invalid-toml", "cues = [\n", None),
    ("unknown-key", "colour = 1\n", "colour"),
    ("unknown-category", '[cues]\nmarketing = ["x"]\n', "cues.marketing"),
    ("editorial-category", '[cues]\neditorial = ["x"]\n', "cues.editorial"),
    ("cues-not-table", 'cues = ["x"]\n', "cues"),
    ("cue-words-not-list", '[cues]\nfees = "ポイント"\n', "cues.fees"),
    ("sections-not-list", 'material_sections = "第3条"\n', "material_sections"),
    ("patterns-not-list", "editorial_patterns = 1\n", "editorial_patterns"),
    ("invalid-regex", 'editorial_patterns = ["(以下"]\n', "editorial_patterns[0]"),
]


@pytest.mark.parametrize(("text", "key"), [pytest.param(t, k, id=i) for i, t, k in BAD_CONFIGS])
def test_cli_bad_config_file(work, text, key):
    write(work / "bad.toml", text)
    code, out, err = cli("compare", "old.md", "material.md", "--config", "bad.toml", cwd=work)
    assert code == 2
    assert out == ""
    line = one_error_line(err)
    assert "bad.toml" in line
    if key:
        assert key in line
    assert "Traceback" not in err


def test_cli_missing_config_file(work):
    code, out, err = cli("compare", "old.md", "material.md", "--config", "nowhere.toml", cwd=work)
    assert code == 2
    assert out == ""
    assert "nowhere.toml" in one_error_line(err)


def test_cli_bad_pyproject_section(work):
    write(work / "conf" / "pyproject.toml", "[tool.policydiff]\nlevel = 3\n")
    code, _, err = cli(
        "compare", "old.md", "material.md", "--config", "conf/pyproject.toml", cwd=work
    )
    assert code == 2
    line = one_error_line(err)
    assert "pyproject.toml" in line and "level" in line


def test_cli_bad_config_found_walking_up(work):
    write(work / "policydiff.toml", "material_sections = 5\n")
    sub = work / "sub"
    sub.mkdir()
    code, _, err = cli("compare", "../old.md", "../material.md", cwd=sub)
    assert code == 2
    line = one_error_line(err)
    assert "policydiff.toml" in line and "material_sections" in line


@pytest.mark.parametrize(("new", "expected"), [("material.md", 1), ("minor.md", 0), ("same.md", 0)])
def test_cli_check_exit_code(work, new, expected):
    code, out, err = cli("compare", "old.md", new, "--check", cwd=work)
    assert code == expected, err
    assert "policydiff: error" not in err


def test_cli_without_check_exits_0_on_material(work):
    code, _, _ = cli("compare", "old.md", "material.md", cwd=work)
    assert code == 0


def test_cli_config_option_is_used(work):
    write(work / "strict.toml", 'material_sections = ["第三者提供"]\n')
    assert cli("compare", "old.md", "minor.md", "--check", cwd=work)[0] == 0
    code, _, err = cli(
        "compare", "old.md", "minor.md", "--check", "--config", "strict.toml", cwd=work
    )
    assert code == 1, err


def test_cli_config_found_walking_up_is_used(work):
    write(work / "policydiff.toml", 'material_sections = ["第3条"]\n')
    sub = work / "sub"
    sub.mkdir()
    code, _, err = cli("compare", "../old.md", "../minor.md", "--check", cwd=sub)
    assert code == 1, err


def test_cli_config_option_overrides_the_found_one(work):
    write(work / "policydiff.toml", 'material_sections = ["第3条"]\n')
    write(work / "lenient.toml", "material_sections = []\n")
    assert cli("compare", "old.md", "minor.md", "--check", cwd=work)[0] == 1
    code, _, err = cli(
        "compare", "old.md", "minor.md", "--check", "--config", "lenient.toml", cwd=work
    )
    assert code == 0, err


def test_cli_editorial_pattern_config_turns_check_green(work):
    write(work / "defined.md", DEFINED)
    write(work / "policydiff.toml", "editorial_patterns = ['\\(以下「[^」]+」といいます。\\)']\n")
    sub = work / "plain"
    sub.mkdir()
    # without the config (run from a directory that is not below it): material
    code_plain, _, _ = cli("compare", work / "old.md", work / "defined.md", "--check", "--config",
                           write(sub / "empty.toml", ""), cwd=sub)  # fmt: skip
    assert code_plain == 1
    code, _, err = cli("compare", "old.md", "defined.md", "--check", cwd=work)
    assert code == 0, err

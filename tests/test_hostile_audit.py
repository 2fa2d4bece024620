"""Defects the independent hostile-input audit found (issue 8, /work/audit): each end to end
through the installed command. Sizes are those that showed the defect; nothing here is timed
(a quadratic step shows as the subprocess timeout, not as a timed assertion)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from test_hostile import one_error_line


def doc(*bodies: str, title: str = "プライバシーポリシー") -> str:
    out = [title, ""]
    for k, body in enumerate(bodies, 1):
        out += [f"第{k}条（第{k}の定め）", body, ""]
    return "\n".join(out)


RNG_KANJI = "山川空海森林火水木金土日月年時分雨雪風花鳥魚"


def _long_word(kind: str) -> str:
    if kind == "ascii":
        return "本文" + "a" * 100_000
    if kind == "digits":
        return "1" * 100_000
    rng = random.Random(6)
    return "".join(rng.choice(RNG_KANJI) for _ in range(70_000))


@pytest.mark.parametrize("kind", ["ascii", "digits", "kanji"])
def test_one_long_word_in_a_changed_clause_is_linear(run_cli, tmp_path, kind):
    word = _long_word(kind)
    old = doc("当社は、氏名を取得します。", word)
    new = old.replace(word, word[: len(word) // 2] + "改" + word[len(word) // 2 :])
    (tmp_path / "old.md").write_text(old, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    # quadratic classify (an address / date regex retried from every character) took > 60 s
    code, out, err = run_cli("compare", "old.md", "new.md", "-f", "json", cwd=tmp_path, timeout=60)
    assert code in (0, 1), err
    changes = json.loads(out)["changes"]
    assert any("改" in json.dumps(c, ensure_ascii=False) for c in changes), changes


def test_address_scan_finds_what_the_plain_regex_finds():
    from policydiff.classify import addresses

    rng = random.Random(8)
    alphabet = "ab.+-@/: ）x1。h"
    for _ in range(5000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        t = t.replace("h", "https://", rng.randint(0, 1))
        want = [(m.span(), m.groups()) for m in addresses._ADDRESS.finditer(t)]
        assert [(m.span(), m.groups()) for m in addresses._address_matches(t)] == want, t


@pytest.mark.parametrize(
    "label",
    [
        "第" + "9" * 5000 + "条",
        "第" + "九" * 5000 + "条",
        "第" + "９" * 5000 + "条",
        "第1条の" + "9" * 5000,
        "（" + "9" * 5000 + "）項目",
    ],  # fmt: skip
    ids=["digits", "kanji", "fullwidth", "branch", "item"],
)
def test_a_number_longer_than_any_clause_number_is_kept_as_text(run_cli, tmp_path, label):
    # int() refuses more than 4 300 digits: this was exit 3 (ValueError) in canon_number
    old = (
        doc("当社は、氏名を取得します。", "当社は、情報を利用します。")
        + f"\n{label}\n付則の本文です。\n"
    )
    new = old.replace("氏名を", "氏名及び住所を")
    (tmp_path / "old.md").write_text(old, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    code, out, err = run_cli("compare", "old.md", "new.md", "-f", "json", cwd=tmp_path)
    assert code in (0, 1), err
    assert len(json.loads(out)["changes"]) == 1
    code, out, err = run_cli("parse", "new.md", "--format", "json", cwd=tmp_path)
    assert code == 0, err
    assert "9" * 5000 in out or "九" * 5000 in out


SAMPLE = REPO_ROOT / "samples" / "articles-terms"


def _run_to(cli_argv, args, stdout):
    proc = subprocess.run([*cli_argv, *args], stdout=stdout, stderr=subprocess.PIPE, cwd=SAMPLE,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)  # fmt: skip
    return proc.returncode, proc.stderr.decode("utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["compare", "old.md", "new.md"], ["parse", "new.md"],
                                  ["table", "old.md", "new.md", "-f", "docx"]])  # fmt: skip
def test_a_full_disk_is_one_error_line(cli_argv, args):
    with open("/dev/full", "wb") as full:
        code, err = _run_to(cli_argv, args, full)
    line = one_error_line(code, "", err)
    assert "cannot write the output: No space left on device" in line


@pytest.mark.parametrize(
    "args", [["compare", "old.md", "new.md", "-f", "json"], ["parse", "new.md"]]
)
def test_a_closed_standard_output_is_one_error_line(cli_argv, args):
    # ``policydiff parse p.md >&-``: sys.stdout is None in the child
    proc = subprocess.run(["bash", "-c", 'exec "$@" >&-', "_", *cli_argv, *args],
                          stderr=subprocess.PIPE, cwd=SAMPLE, timeout=120)  # fmt: skip
    line = one_error_line(proc.returncode, "", proc.stderr.decode("utf-8"))
    assert "cannot write the output: standard output is closed" in line


def test_a_broken_pipe_is_still_not_an_error(cli_argv):
    proc = subprocess.Popen([*cli_argv, "parse", "new.md", "-f", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=SAMPLE)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr is not None and proc.stderr.read() == b""


@pytest.mark.parametrize("how", ["--config", "found", "hook"])
def test_a_deeply_nested_config_is_not_valid_toml(run_cli, tmp_path, how):
    # tomllib recursed into 100 000 nested arrays: exit 3 RecursionError
    cfg = tmp_path / "policydiff.toml"
    cfg.write_text("material_sections = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for name in ("old.md", "new.md"):
        (tmp_path / name).write_bytes((SAMPLE / name).read_bytes())
    args = {"--config": ["compare", "old.md", "new.md", "--config", str(cfg)],
            "found": ["compare", "old.md", "new.md"], "hook": ["hook", "new.md"]}[how]  # fmt: skip
    line = one_error_line(*run_cli(*args, cwd=tmp_path))
    assert str(cfg) in line and "not valid TOML" in line


NOPRIV = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
needs_nopriv = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="drops DAC override with setpriv (needs root); as a normal user chmod 0 is enough",
)


@needs_nopriv
@pytest.mark.parametrize("arg", [":p.md", "HEAD:p.md"])
def test_a_git_path_in_an_unsearchable_directory_is_permission_denied(cli_argv, tmp_path, arg):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    cwd.chmod(0)
    try:
        proc = subprocess.run([*NOPRIV, *cli_argv, "parse", arg], capture_output=True, cwd=cwd,
                              timeout=120)  # fmt: skip
    finally:
        cwd.chmod(0o755)
    line = one_error_line(proc.returncode, "", proc.stderr.decode("utf-8"))
    assert line == f"policydiff: error: {arg}: permission denied"


@pytest.mark.parametrize("pattern", ["(?:(?:a{1000}){1000}){1000}", "(?:第[0-9]{1,3}条){100000}"])
def test_a_pattern_that_unrolls_too_far_is_refused_before_compiling(run_cli, tmp_path, pattern):
    # the regex engine writes out counted repetitions when it compiles: 10 GB, then MemoryError
    cfg = tmp_path / "policydiff.toml"
    cfg.write_text(f"editorial_patterns = [{json.dumps(pattern)}]\n", encoding="utf-8")
    for p in ("old.md", "new.md"):
        (tmp_path / p).write_bytes((SAMPLE / p).read_bytes())
    line = one_error_line(*run_cli("compare", "old.md", "new.md", cwd=tmp_path, timeout=60))
    assert str(cfg) in line and "editorial_patterns[0]" in line and "repeats too much" in line


def test_ordinary_counted_patterns_are_accepted():
    from policydiff.config import MAX_UNROLLED, unrolled_size

    for p in ["（以下「[^」]+」）", "第[0-9]{1,3}条", r"\d{4}年\d{1,2}月", "(?:[0-9]{2}-){3}"]:
        assert unrolled_size(p) < MAX_UNROLLED, p


# --------------------------------------------------------------------------- one-line output


def test_a_line_break_in_a_file_name_stays_on_one_line(run_cli, tmp_path):
    odd = tmp_path / "a\nb.md"
    odd.write_bytes((SAMPLE / "old.md").read_bytes())
    code, out, err = run_cli("compare", odd, SAMPLE / "new.md")
    assert code in (0, 1), err
    assert out.splitlines()[0] == f"policydiff: {tmp_path}/a\\nb.md → {SAMPLE / 'new.md'}"
    line = one_error_line(*run_cli("compare", tmp_path / "gone\r\nBcc.md", SAMPLE / "new.md"))
    assert "gone" in line and "Bcc.md: no such file" in line
    code, out, err = run_cli("parse", odd)
    assert code == 0 and out.splitlines()[0].startswith(f"{tmp_path}/a\\nb.md  (")


def test_zero_width_characters_are_shown_in_text_and_kept_in_json(run_cli, tmp_path):
    new = (SAMPLE / "new.md").read_text(encoding="utf-8")
    hidden = new.replace("個人情報", "個人\u200b情報", 1).replace("当社", "当\u2060社", 1)
    hidden += "\n家族👨\u200d👩\u200d👧です。\ufeff\n"
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    (tmp_path / "hidden.md").write_text(hidden, encoding="utf-8")
    code, out, err = run_cli("compare", "new.md", "hidden.md", cwd=tmp_path)
    assert code in (0, 1), err
    assert "個人\\u200b情報" in out and "当\\u2060社" in out and "\\ufeff" in out
    assert not re.search("[\u200b\u2060\ufeff]", out)
    assert "👨\u200d👩\u200d👧" in out  # the joiner inside an emoji sequence is drawn, not shown
    code, out, err = run_cli("compare", "new.md", "hidden.md", "-f", "json", cwd=tmp_path)
    assert "個人\u200b情報" in json.dumps(json.loads(out), ensure_ascii=False)


# --------------------------------------------------------------------------- notice refusals


def test_a_notice_refusal_is_one_line(run_cli, tmp_path):
    args = ["notice", SAMPLE / "old.md", SAMPLE / "new.md", "--effective-date", "2099-01-01"]
    line = one_error_line(*run_cli(*args, "-o", tmp_path))
    assert line == f"policydiff: error: {tmp_path}: is a directory, expected an output file"
    code, out, err = run_cli(*args, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", "1",
                             "--to", "u@x.invalid")  # fmt: skip
    assert "cannot connect" in one_error_line(code, out, err)
    # once the notice is out the warnings about unset settings follow
    code, out, err = run_cli(*args, "-o", tmp_path / "n.txt")
    assert code == 0 and "warning: notice.document_url is not set" in err


def test_a_table_to_a_directory_is_refused_before_the_comparison(run_cli, tmp_path):
    line = one_error_line(*run_cli("table", SAMPLE / "old.md", SAMPLE / "new.md", "-o", tmp_path))
    assert "is a directory" in line


# --------------------------------------------------------------------------- unrelated, --since


def test_two_small_unrelated_documents_are_warned_about(run_cli, tmp_path):
    rng = random.Random(4)
    kana = "あいうえおかきくけこさしすせそアイウエオカキクケコ山川空海森林火水木金"
    words = ["".join(rng.choice(kana) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    lines = ["".join(words[k : k + 10]) + "。" for k in range(0, 300, 10)]
    body = "\n".join(f"第{n}条（{words[n][:2]}）\n{line}" for n, line in enumerate(lines, 1))
    (tmp_path / "random.md").write_text(body + "\n", encoding="utf-8")
    code, out, err = run_cli("compare", SAMPLE / "old.md", tmp_path / "random.md", "-f", "json")
    assert code in (0, 1), err
    assert "do not look like two versions of one policy" in err
    assert any("do not look like" in w for w in json.loads(out)["warnings"])


def test_a_real_small_revision_is_not_warned_about(run_cli):
    for d in sorted((REPO_ROOT / "samples").iterdir()):
        if (d / "old.md").exists() and (d / "new.md").exists():
            code, out, err = run_cli("compare", d / "old.md", d / "new.md")
            assert "do not look like" not in err, d


@pytest.mark.parametrize("since", ["garbage", "--output=X", "next blursday"])
def test_log_refuses_a_since_that_is_not_a_date(run_cli, tmp_path, since):
    import git

    repo = git.Repo.init(tmp_path)
    for name in ("old.md", "new.md"):
        (tmp_path / "p.md").write_bytes((SAMPLE / name).read_bytes())
        repo.index.add(["p.md"])
        repo.index.commit(name, author=git.Actor("a", "a@x.invalid"))
    line = one_error_line(*run_cli("log", "p.md", f"--since={since}", cwd=tmp_path))
    assert line.startswith(f"policydiff: error: --since {since!r}: not a date")
    assert not list(tmp_path.glob("X*")) and not (tmp_path / "X").exists()
    code, out, err = run_cli("log", "p.md", "--since=2000-01-01", cwd=tmp_path)
    assert code == 0 and out.strip(), err

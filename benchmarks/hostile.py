#!/usr/bin/env python3
"""Time and memory of policydiff on the hostile inputs of issue 8.

Each case is built in a temporary directory and run as the real command
(``policydiff compare OLD NEW --format json`` unless said otherwise) in a cold subprocess;
the row gives its wall time, its CPU time (user + system), the command's peak RSS (``ru_maxrss`` from ``os.wait4``), the exit
code, whether stdout or stderr held a control character a terminal could act on, and a
short summary of the report (verdict, number of changes and of moves, warnings).

The ``policy-pair-*`` rows compare a 1 MB and a 10 MB policy pair made of varied copies of
our Markdown sample (no clause repeats; one copy in 20 revised); the line after them gives the ratios (time linear in
the input: 10x the input within 11x the time).

Expected: every case ends within seconds and a few hundred MiB, with exit 0, 1 or 2 and no
control code in the output. Only the standard library is used (the policydiff package is
run as a command, from the environment's PATH or ``python -m policydiff``).

    python3 benchmarks/hostile.py [--only NAME ...] [--timeout 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "articles-terms" / "old.md"
OTHER = REPO / "samples" / "sections-privacy" / "old.txt"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")
MB = 2**20

# --------------------------------------------------------------------------- inputs


def repeat_to(text: str, size: int) -> str:
    return text * max(1, size // len(text.encode("utf-8")))


def one_edit(text: str) -> str:
    at = text.index("当社", len(text) // 2)
    return text[:at] + "弊社" + text[at + 2 :]


def tiny_articles(n: int) -> str:
    return "プライバシーポリシー\n\n" + "".join(
        f"第{k}条（項目{k}）\n当社は、項目{k}に関する情報を取得します。\n" for k in range(1, n + 1)
    )


def deep_list(depth: int) -> str:
    lines = ["プライバシーポリシー", "", "第1条（取得する情報）", "当社は次の情報を取得します。"]
    return "\n".join(lines + [" " * k + f"- 項目{k}" for k in range(depth)]) + "\n"


def long_spaces(n: int) -> str:
    return f"プライバシーポリシー\n\n第1条（目的）\n{' ' * n}当社は個人情報を利用します。\n\n第2条（窓口）\nお問い合わせは窓口まで。\n"


def unrelated(size: int) -> str:
    para = "\n".join(
        f"## {k}. 気象観測の手引き\n観測所では毎朝{k % 24}時に気温、湿度、風向及び降水量を記録し、月末に集計する。"
        for k in range(1, 2000)
    )
    return repeat_to("# 観測の手引き\n\n" + para + "\n", size)


# a policy pair of any size from our Markdown sample: copies under 「# 第k部」 headings, each
# with its own wording (every fifth kanji, chosen by the character and the one before it,
# swapped for another), so that no clause repeats; one copy in REVISED is the sample's new
# version, as a revision of a long policy changes a part of it
PAIR_SEED = REPO / "samples" / "markdown-privacy"
REVISED = 20
_SWAP = "安以宇衣於加幾久計己左之寸世曽太知川天止奈仁奴祢乃波比不部保末美武女毛也由与良利留礼呂和"


def vary(text: str, k: int) -> str:
    out, prev = [], " "
    for c in text:
        if "\u4e00" <= c <= "\u9fff" and (ord(c) * 7 + ord(prev) * 3 + k) % 5 == 0:
            out.append(_SWAP[(ord(c) + ord(prev) + k) % len(_SWAP)])
        else:
            out.append(c)
        prev = c
    return "".join(out)


def varied_copies(old: str, new: str | None, size: int) -> str:
    """``old`` in copies up to ``size`` bytes; with ``new``, every REVISED-th copy is ``new``."""
    n = max(1, size // len(old.encode("utf-8")))
    return "".join(
        f"# 第{k + 1}部\n\n{vary(new if new is not None and k % REVISED == 0 else old, k).strip()}\n\n"
        for k in range(n)
    )


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31m"

# name -> builder(dir) returning the argv after "policydiff"
Case = Callable[[Path], list[str]]


def pair(d: Path, old: str, new: str, ext: str = "md") -> tuple[Path, Path]:
    a, b = d / f"old.{ext}", d / f"new.{ext}"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return a, b


def compare_json(a: Path, b: Path, *extra: str) -> list[str]:
    return ["compare", str(a), str(b), "--format", "json", *extra]


def case_identical(d: Path) -> list[str]:
    text = repeat_to(SEED.read_text(encoding="utf-8"), 15 * MB)
    return compare_json(*pair(d, text, text))


def case_repeated(d: Path) -> list[str]:
    text = repeat_to(SEED.read_text(encoding="utf-8"), 15 * MB)
    return compare_json(*pair(d, text, one_edit(text)))


def case_unrelated(d: Path) -> list[str]:
    return compare_json(
        *pair(d, repeat_to(OTHER.read_text(encoding="utf-8"), 2 * MB), unrelated(2 * MB))
    )


def case_articles(n: int) -> Case:
    def build(d: Path) -> list[str]:
        text = tiny_articles(n)
        k = n // 2
        return compare_json(
            *pair(d, text, text.replace(f"項目{k}に関する", f"項目{k}及び住所に関する"))
        )

    return build


def case_deep(depth: int) -> Case:
    def build(d: Path) -> list[str]:
        text = deep_list(depth)
        return compare_json(*pair(d, text, text.replace("項目1\n", "項目一\n")))

    return build


def case_spaces(d: Path) -> list[str]:
    text = long_spaces(100_000)
    return compare_json(*pair(d, text, text.replace("利用します", "利用いたします")))


def case_escapes_text(d: Path) -> list[str]:
    old = SEED.read_text(encoding="utf-8")
    new = old.replace("当社", f"当社{ESCAPES}", 3)
    a, b = pair(d, old, new)
    return ["compare", str(a), str(b)]


def case_escapes_parse(d: Path) -> list[str]:
    new = SEED.read_text(encoding="utf-8").replace("当社", f"当社{ESCAPES}", 3)
    return ["parse", str(pair(d, new, new)[1])]


def case_pattern(pattern: str) -> Case:
    def build(d: Path) -> list[str]:
        (d / "policydiff.toml").write_text(
            f'editorial_patterns = ["{pattern}"]\n', encoding="utf-8"
        )
        run = "a" * 40
        old = f"プライバシーポリシー\n\n第1条（目的）\n当社は{run}bを利用します。\n"
        return compare_json(*pair(d, old, old.replace(f"{run}b", f"{run}c")))

    return build


def case_policy_pair(size: int) -> Case:
    def build(d: Path) -> list[str]:
        old = (PAIR_SEED / "old.md").read_text(encoding="utf-8")
        new = (PAIR_SEED / "new.md").read_text(encoding="utf-8")
        return compare_json(*pair(d, varied_copies(old, None, size), varied_copies(old, new, size)))

    return build


def case_fifo(d: Path) -> list[str]:
    fifo = d / "nobody-writes.fifo"
    os.mkfifo(fifo)
    return ["compare", str(fifo), str(SEED)]


CASES: dict[str, Case] = {
    "identical-15MB": case_identical,
    "repeated-seed-15MB-one-edit": case_repeated,
    "unrelated-2MB": case_unrelated,
    "articles-100k": case_articles(100_000),
    "articles-20k": case_articles(20_000),
    "list-depth-2000": case_deep(2_000),
    "list-depth-5000": case_deep(5_000),
    "spaces-100k-line": case_spaces,
    "escapes-text": case_escapes_text,
    "escapes-parse": case_escapes_parse,
    "pattern-(a+)+$": case_pattern("(a+)+$"),
    "pattern-(a|aa)+$": case_pattern("(a|aa)+$"),
    "fifo-without-writer": case_fifo,
    "policy-pair-1MB": case_policy_pair(1 * MB),
    "policy-pair-10MB": case_policy_pair(10 * MB),
}
# rows compared for linearity: (small, large, size factor)
LINEAR = [("policy-pair-1MB", "policy-pair-10MB", 10)]

# --------------------------------------------------------------------------- running


def command() -> list[str]:
    exe = shutil.which("policydiff")
    return [exe] if exe else [sys.executable, "-m", "policydiff"]


# The command is started by a small launcher process: a child forked straight from this
# process would inherit its memory high-water mark (the inputs built here), and ru_maxrss
# would report that instead of the command's own peak.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime}")
"""


def run(argv: list[str], cwd: Path, timeout: float) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    out_path, err_path, usage_path = cwd / "stdout", cwd / "stderr", cwd / "usage"
    t0 = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(usage_path)]
        proc = subprocess.Popen(
            [*launcher, *command(), *argv], stdout=out, stderr=err, cwd=cwd, env=env,
            start_new_session=True,
        )  # fmt: skip
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    wall = time.perf_counter() - t0
    maxrss_kib, code, cpu = (0, None, 0.0)
    if usage_path.exists():
        rss, status, seconds = usage_path.read_text().split()
        maxrss_kib, code, cpu = int(rss), int(status), float(seconds)
    stdout = out_path.read_bytes().decode("utf-8", "replace")
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    row = {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),  # user + system: steadier than wall time on a busy machine
        "peak_rss_mib": round(maxrss_kib / 1024, 1),
        "exit": "TIMEOUT" if code is None else code,
        "control_in_output": bool(CONTROL.search(OWN_SGR.sub("", stdout + stderr))),
        "stderr": stderr.strip().splitlines()[-1][:160] if stderr.strip() else "",
    }
    try:
        report = json.loads(stdout)
    except ValueError:
        return row
    changes = report.get("changes", [])
    row["report"] = {
        "verdict": report.get("verdict"),
        "changes": len(changes),
        "moved": sum(c.get("type") == "moved" for c in changes),
        "json_bytes": len(stdout.encode("utf-8")),
        "warnings": [w[:100] for w in report.get("warnings", [])],
    }
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--only", nargs="*", help="case names (default: all)", choices=list(CASES), metavar="NAME"
    )
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per case (default 300)")
    ap.add_argument("--json", type=Path, help="write the rows to this file")
    args = ap.parse_args()
    rows = {}
    for name in args.only or CASES:
        with tempfile.TemporaryDirectory(prefix="policydiff-hostile-") as tmp:
            d = Path(tmp)
            argv = CASES[name](d)
            row = run(argv, d, args.timeout)
        rows[name] = row
        rep = row.get("report", {})
        summary = (
            f"verdict={rep['verdict']} changes={rep['changes']} moved={rep['moved']} warnings={len(rep['warnings'])}"
            if rep
            else row["stderr"]
        )
        print(
            f"{name:28} {row['wall_s']:8.2f} s {row['cpu_s']:8.2f} s cpu {row['peak_rss_mib']:8.1f} MiB  exit={row['exit']!s:7} "
            f"control={'YES' if row['control_in_output'] else 'no '}  {summary}",
            flush=True,
        )
    for small, large, factor in LINEAR:
        if small in rows and large in rows and rows[small]["cpu_s"]:
            a, b = rows[small], rows[large]
            print(
                f"{large} / {small} ({factor}x the input): wall {b['wall_s'] / max(a['wall_s'], 1e-9):.1f}x, "
                f"cpu {b['cpu_s'] / a['cpu_s']:.1f}x, peak RSS {b['peak_rss_mib']:.0f} / {a['peak_rss_mib']:.0f} MiB"
            )
    if args.json:
        args.json.write_text(
            json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    bad = [n for n, r in rows.items() if r["exit"] not in (0, 1, 2) or r["control_in_output"]]
    if bad:
        print("not bounded / not safe:", ", ".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

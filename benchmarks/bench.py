#!/usr/bin/env python3
"""policydiff's speed figures, each as a ratio to its floor measured in the same run (issue 10).

Every figure is a pair of whole processes run alternately (command, floor, command, floor …)
after one untimed warm-up of each; the ratio is median(command) / median(floor) over
``--runs`` (default 7). Bytecode is cached: ``compileall`` is run on the installed package
first and the children run without ``PYTHONDONTWRITEBYTECODE`` (the environment sets it;
without care every process would recompile policydiff, ~50 ms).

  compare     ``policydiff compare OLD NEW --format json`` vs python + ``import sudachipy`` +
              the core dictionary's tokenizer (tokens.py's config, SplitMode.C) + tokenizing
              both files, chunked as tokens.py chunks (≤ 32 000 UTF-8 bytes, cut at line ends);
              on one step of each real source (../shared/real, skipped when absent), the
              sample pair, and a generated pair that differs in one clause. Target ≤ 1.3
              (≤ 1.2 for the one-clause pair).
  help        ``policydiff --help`` vs ``python -c "import typer"``. Target ≤ 1.2.
  hook        ``policydiff hook`` in a repository with nothing staged, and with a README
              staged (pre-commit passes its name), vs ``import typer``. Target ≤ 1.2.
  log         ``policydiff log`` over a 100-version history of a real policy vs one compare
              of two of its versions (see log.py). Target ≤ 3.0.
  large       the sample's old text scaled to ~1 MB and ~10 MB, against itself with one
              clause edited: time and peak RSS of each, and
              time(10 MB) / time(1 MB) against 11 (linear), RSS against 300 MiB.

Standard library and policydiff only. ``--quick`` skips the 10 MB pair and the real pairs but
one (about 40 s); the default run takes about 2 minutes on 2 cores.

    python3 benchmarks/bench.py [--quick] [--only compare help hook log large] [--runs 7]
                                [--old A --new B] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

MIB = 2**20

# --------------------------------------------------------------------------- inputs


def shared_dir() -> Path | None:
    """``../shared`` beside the checkout (as the tests find it), else None."""
    for cand in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        if (cand / "real").is_dir():
            return cand
    return None


def find_default_pair() -> tuple[Path, Path]:
    samples = REPO / "samples"
    if samples.is_dir():
        for d in sorted(p for p in samples.iterdir() if p.is_dir()):
            for ext in (".md", ".txt"):
                old, new = d / f"old{ext}", d / f"new{ext}"
                if old.is_file() and new.is_file():
                    return old, new
    sys.exit("bench: no input pair: give --old/--new, or put old.md/new.md under samples/<name>/")


_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_CHARS = "〇零一二三四五六七八九十百千"
_ARTICLE_NUM = re.compile(r"第([0-9０-９]+|[〇零一二三四五六七八九十百千]+)条")
_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def _to_kanji(n: int) -> str:
    """101 → 百一, 213 → 二百十三 (n < 10000)."""
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else _KANJI_DIGITS[q]) + unit
    return out + (_KANJI_DIGITS[n] if n else "")


def renumber_articles(text: str, offset: int) -> str:
    """Add ``offset`` to every 第N条 (headings and cross-references), keeping the numeral style
    (kanji numbers past 9999 are written in arabic digits)."""
    if offset == 0:
        return text
    from policydiff.numerals import to_int

    def sub(m: re.Match) -> str:
        num = m.group(1)
        n = to_int(num)
        if n is None:
            return m.group(0)
        if num[0] in _KANJI_CHARS and n + offset < 10000:
            return f"第{_to_kanji(n + offset)}条"
        s = str(n + offset)
        return f"第{s.translate(_FW) if num[0] in '０１２３４５６７８９' else s}条"

    return _ARTICLE_NUM.sub(sub, text)


def scaled_text(text: str, scale: int) -> str:
    """The document ``scale`` times: each copy under a ``# 第k部`` heading, articles renumbered +100·k."""
    parts = []
    for k in range(scale):
        body = renumber_articles(text, 100 * k).strip("\n")
        parts.append(f"# 第{k + 1}部\n\n{body}\n")
    return "\n".join(parts)


def read_text(path: Path) -> str:
    from policydiff.load import read_policy

    return read_policy(path).text  # decoded, newlines normalised


ONE_CLAUSE_EDIT = "なお、当社は、必要に応じて本項の内容を見直します。"


def one_clause_edit(text: str) -> str:
    """``text`` with one sentence added to the body line nearest its middle (one clause)."""
    lines = text.split("\n")
    body = [k for k, ln in enumerate(lines) if len(ln) >= 20 and ln.rstrip().endswith("。")]
    if not body:
        return text + "\n" + ONE_CLAUSE_EDIT + "\n"
    k = min(body, key=lambda i: abs(i - len(lines) // 2))
    lines[k] = lines[k].rstrip() + ONE_CLAUSE_EDIT
    return "\n".join(lines)


def real_pairs(quick: bool) -> list[tuple[str, Path, Path]]:
    """One step of each real source (its middle one); with ``quick`` the first source only."""
    shared = shared_dir()
    if shared is None:
        return []
    out = []
    for source in sorted(p for p in (shared / "real").iterdir() if p.is_dir()):
        steps = sorted(p for p in source.iterdir() if p.is_dir() and p.name.startswith("v"))
        steps = [s for s in steps if list(s.glob("old.*")) and list(s.glob("new.*"))]
        if steps:
            step = steps[len(steps) // 2]
            pair = next(step.glob("old.*")), next(step.glob("new.*"))
            out.append((f"real {source.name} {step.name}", *pair))
    return out[:1] if quick else out


# --------------------------------------------------------------------------- processes


def policydiff_command() -> list[str]:
    """The installed console script (the one beside this interpreter, not a pyenv shim)."""
    exe_dir = Path(sys.executable).parent
    for cand in (exe_dir / "policydiff", exe_dir / "policydiff.exe"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return [str(cand)]
    found = shutil.which("policydiff")
    return [found] if found else [sys.executable, "-m", "policydiff"]


def child_python(cmd: list[str]) -> str:
    """The interpreter the policydiff command runs on (its script's ``#!`` line)."""
    if cmd[0] == sys.executable or cmd[1:2] == ["-m"]:
        return cmd[0]
    try:
        first = Path(cmd[0]).read_bytes().split(b"\n", 1)[0].decode()
    except OSError:
        return sys.executable
    exe = first[2:].strip().split()[0] if first.startswith("#!") else ""
    return exe if exe and Path(exe).is_file() else sys.executable


CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR")},
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def prepare_bytecode(cmd: list[str]) -> str:
    """compileall the policydiff package the command imports; say how bytecode is cached."""
    py = child_python(cmd)
    where = subprocess.run(
        [py, "-c", "import policydiff, os; print(os.path.dirname(policydiff.__file__))"],
        env=CHILD_ENV, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run([py, "-m", "compileall", "-q", where], env=CHILD_ENV, check=True)
    dropped = "removed" if "PYTHONDONTWRITEBYTECODE" in os.environ else "not set"
    return (
        f"bytecode: compileall {where}; PYTHONDONTWRITEBYTECODE {dropped} for the children "
        "(a warm-up run of each command writes any other .pyc)"
    )


def run_child(argv: list[str], cwd: Path) -> tuple[float, int, int, str, float]:
    """Run once: (wall seconds, peak RSS KiB of this child, exit code, stderr tail, CPU
    seconds: user + system of the child and of the processes it waited for, such as git).

    The benchmark process stays small (it imports no dictionary or parser), so the child's
    ``ru_maxrss`` is its own, not a high-water mark inherited from a large parent.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=CHILD_ENV)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    rss_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return wall, rss_kib, proc.returncode, " | ".join(tail), cpu


@dataclass
class Figure:
    name: str
    command: list[str]
    floor: list[str]
    floor_name: str
    target: float | None
    runs: int = 0
    times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor_times)

    @property
    def ratio(self) -> float:
        return self.median / self.floor_median

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu) / statistics.median(self.floor_cpu)

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.times:
            d["median_s"] = self.median
        if self.times and self.floor_times:
            d.update(floor_median_s=self.floor_median, ratio=self.ratio)
            if self.floor_cpu:
                d["cpu_ratio"] = self.cpu_ratio
        return d


def measure_pair(name: str, command: list[str], floor: list[str], runs: int, cwd: Path, *,
                 target: float | None, floor_name: str, ok=(0, 1)) -> Figure:  # fmt: skip
    """``command`` and ``floor`` alternately, ``runs`` times each, after one warm-up of each.

    Exit 1 is a success for a compare (material changes found)."""
    fig = Figure(name, command, floor, floor_name, target, runs)
    for argv in (command, floor):  # warm-up: file cache, .pyc of third-party modules
        _, _, code, tail, _ = run_child(argv, cwd)
        if code not in ok:
            fig.error = f"{' '.join(argv[:3])}… exit {code}: {tail}"
            return fig
    for _ in range(runs):
        wall, kib, _, _, cpu = run_child(command, cwd)
        fig.times.append(wall)
        fig.rss_kib.append(kib)
        fig.cpu.append(cpu)
        wall, _, _, _, cpu = run_child(floor, cwd)
        fig.floor_times.append(wall)
        fig.floor_cpu.append(cpu)
    return fig


def add_command_options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "--policydiff",
        metavar="CMD",
        help="the command to measure, e.g. "
        "'python -m policydiff' (default: the console script beside python)",
    )
    ap.add_argument("--pythonpath", metavar="DIR", help="PYTHONPATH of the children (to "
                    "measure another checkout: --policydiff 'python -m policydiff')")  # fmt: skip


def command_from(args) -> list[str]:
    if args.pythonpath:
        CHILD_ENV["PYTHONPATH"] = args.pythonpath
    return shlex.split(args.policydiff) if args.policydiff else policydiff_command()


# --------------------------------------------------------------------------- the figures

FLOOR_TOKENIZE = r"""
import json, sys
from sudachipy import Config, Dictionary, SplitMode
tok = Dictionary(config=Config(inputTextPlugin=json.loads(sys.argv[1])), dict="core").create(mode=SplitMode.C)
def chunks(text, limit):
    out, size = [], 0
    for line in text.splitlines(keepends=True):
        n = len(line.encode("utf-8"))
        if out and size + n > limit:
            yield "".join(out)
            out, size = [], 0
        out.append(line)
        size += n
    if out:
        yield "".join(out)
for path in sys.argv[3:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp932")
    for chunk in chunks(text.replace("\r\n", "\n"), int(sys.argv[2])):
        for m in tok.tokenize(chunk):
            m.surface()
"""


def tokenize_floor(py: str, old: Path, new: Path) -> list[str]:
    from policydiff.tokens import _INPUT_PLUGINS, MAX_CHUNK_BYTES

    return [py, "-c", FLOOR_TOKENIZE, json.dumps(_INPUT_PLUGINS), str(MAX_CHUNK_BYTES),
            str(old), str(new)]  # fmt: skip


def compare_figures(cmd: list[str], py: str, tmp: Path, args) -> list[Figure]:
    if args.old:
        pairs = [("given pair", args.old.resolve(), args.new.resolve())]
    else:
        pairs = real_pairs(args.quick)
        if not pairs:
            print("compare: no ../shared/real here: real pairs skipped")
        pairs.append(("sample " + find_default_pair()[0].parent.name, *find_default_pair()))
    base_old = pairs[0][1]
    edited = tmp / f"one-clause-new{base_old.suffix}"
    edited.write_text(one_clause_edit(read_text(base_old)), encoding="utf-8")
    old_copy = tmp / f"one-clause-old{base_old.suffix}"
    old_copy.write_text(read_text(base_old), encoding="utf-8")
    pairs.append((f"one clause edited ({pairs[0][0]}, old)", old_copy, edited))
    figs = []
    for name, old, new in pairs:
        figs.append(measure_pair(
            f"compare, {name}", [*cmd, "compare", str(old), str(new), "--format", "json"],
            tokenize_floor(py, old, new), args.runs, tmp,
            target=1.2 if name.startswith("one clause") else 1.3,
            floor_name="python + sudachipy + dictionary + tokenize both",
        ))  # fmt: skip
    return figs


def startup_figures(cmd: list[str], py: str, tmp: Path, args) -> list[Figure]:
    typer = [py, "-c", "import typer"]
    figs = []
    if "help" in args.only:
        figs.append(measure_pair("policydiff --help", [*cmd, "--help"], typer, args.runs, tmp,
                                 target=1.2, floor_name='python -c "import typer"'))  # fmt: skip
    if "hook" not in args.only:
        return figs
    repo = tmp / "hook-repo"
    repo.mkdir()
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True, env=CHILD_ENV)
    (repo / "README.md").write_text("# project\n", encoding="utf-8")
    subprocess.run([*git, "add", "README.md"], check=True, env=CHILD_ENV)
    subprocess.run([*git, "commit", "-qm", "init"], check=True, env=CHILD_ENV)
    figs.append(measure_pair("hook, nothing staged", [*cmd, "hook"], typer, args.runs, repo,
                             target=1.2, floor_name='python -c "import typer"', ok=(0,)))  # fmt: skip
    (repo / "README.md").write_text("# project\n\nmore\n", encoding="utf-8")
    subprocess.run([*git, "add", "README.md"], check=True, env=CHILD_ENV)
    figs.append(measure_pair("hook, a README staged (name passed)", [*cmd, "hook", "README.md"],
                             typer, args.runs, repo, target=1.2,
                             floor_name='python -c "import typer"', ok=(0,)))  # fmt: skip
    return figs


def large_figures(cmd: list[str], tmp: Path, args) -> tuple[list[Figure], list[str]]:
    """~1 MB and ~10 MB pairs (the sample's old text scaled, against itself with one clause
    edited); time, peak RSS, linearity."""
    old_p, new_p = find_default_pair()
    old = read_text(old_p)
    base = max(len(old.encode("utf-8")), 1)
    sizes = [1] if args.quick else [1, 10]
    figs = []
    for mb in sizes:
        scale = max(1, round(mb * MIB / base))
        d = tmp / f"{mb}MB"
        d.mkdir()
        a, b = d / f"old{old_p.suffix}", d / f"new{new_p.suffix}"
        big = scaled_text(old, scale)
        a.write_text(big, encoding="utf-8")
        b.write_text(one_clause_edit(big), encoding="utf-8")
        fig = Figure(f"large {a.stat().st_size / MIB:.1f} MB ({scale}× {old_p.parent.name})",
                     [*cmd, "compare", str(a), str(b), "--format", "json"], [], "", None,
                     args.big_runs)  # fmt: skip
        for _ in range(args.big_runs):
            wall, kib, code, tail, _ = run_child(fig.command, d)
            if code not in (0, 1):
                fig.error = f"exit {code}: {tail}"
                break
            fig.times.append(wall)
            fig.rss_kib.append(kib)
        figs.append(fig)
    notes = []
    ok = [f for f in figs if not f.error]
    for f in ok:
        rss = max(f.rss_kib) / 1024
        notes.append(f"{f.name}: median {f.median:.2f} s of {len(f.times)}, "
                     f"peak RSS {rss:.0f} MiB (target ≤ 300)")  # fmt: skip
    if len(ok) == 2:
        notes.append(f"linearity: time(10 MB) / time(1 MB) = {ok[1].median / ok[0].median:.1f}"
                     " (target ≤ 11)")  # fmt: skip
    return figs, notes


# --------------------------------------------------------------------------- output


def print_figures(figs: list[Figure]) -> None:
    if not figs:
        return
    w = max((len(f.name) for f in figs), default=10)
    """One line per figure: wall medians, their ratio, the target, the ratio of CPU times
    (user + system; steadier than wall time on a busy machine) and the command's peak RSS."""
    w = max((len(f.name) for f in figs), default=10)
    print(f"{'figure':<{w}}  {'median':>9}  {'floor':>9}  {'ratio':>6}  {'target':>7}  "
          f"{'cpu':>5}  {'RSS':>7}  floor")  # fmt: skip
    for f in figs:
        if f.error:
            print(f"{f.name:<{w}}  ERROR {f.error}")
            continue
        target = f"≤ {f.target:.1f}" if f.target else ""
        flag = "" if f.target is None or f.ratio <= f.target else "  ✗"
        rss = f"{statistics.median(f.rss_kib) / 1024:.0f} MiB"
        print(f"{f.name:<{w}}  {f.median * 1000:7.0f}ms  {f.floor_median * 1000:7.0f}ms  "
              f"{f.ratio:6.2f}  {target:>7}  {f.cpu_ratio:5.2f}  {rss:>7}  "
              f"{f.floor_name}{flag}")  # fmt: skip
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--old", type=Path, help="compare this pair instead of the real and sample ones"
    )
    ap.add_argument("--new", type=Path)
    ap.add_argument("--runs", type=int, default=7, help="alternating runs per figure (default 7)")
    ap.add_argument("--big-runs", type=int, default=1, help="runs of each large pair (default 1)")
    ap.add_argument("--versions", type=int, default=100, help="versions of the log history")
    ap.add_argument("--quick", action="store_true", help="one real pair, no 10 MB pair")
    parts = ("compare", "help", "hook", "log", "large")
    ap.add_argument("--only", nargs="+", choices=parts, default=list(parts))
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    add_command_options(ap)
    args = ap.parse_args(argv)
    if (args.old is None) != (args.new is None):
        ap.error("give both --old and --new, or neither")
    if min(args.runs, args.big_runs, args.versions - 1) < 1:
        ap.error("--runs and --big-runs must be at least 1, --versions at least 2")

    started = time.perf_counter()
    cmd = command_from(args)
    py = child_python(cmd)
    print(f"policydiff benchmark — {' '.join(cmd)} (python {py}), {os.cpu_count()} CPU(s), "
          f"median of {args.runs} alternating runs")  # fmt: skip
    print(prepare_bytecode(cmd))
    figs: list[Figure] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="policydiff-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "compare" in args.only:
            figs += compare_figures(cmd, py, tmp, args)
        if "help" in args.only or "hook" in args.only:
            figs += startup_figures(cmd, py, tmp, args)
        if "log" in args.only:
            from benchmarks.log import default_source, measure_log

            (tmp / "log").mkdir()
            figs.append(measure_log(tmp / "log", default_source(), args.versions, args.runs, cmd))
        print()
        print_figures(figs)
        if "large" in args.only:
            big, notes = large_figures(cmd, tmp, args)
            figs += big
            print()
            for f in big:
                if f.error:
                    print(f"{f.name}: ERROR {f.error}")
            print("\n".join(notes))
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f} s")
    if args.json:
        doc = {"figures": [f.to_dict() for f in figs], "notes": notes}
        args.json.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

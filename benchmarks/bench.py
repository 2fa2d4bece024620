#!/usr/bin/env python3
"""Benchmark policydiff on a sample pair and on a pair N times larger (default 10×).

For each pair it measures:

* whole process: wall time of the real ``policydiff compare OLD NEW --format json``
  run as a cold subprocess (median and min of ``--runs``, after one untimed warm-up
  run so the OS file cache is warm), with the child's peak RSS
  (``ru_maxrss`` from ``os.wait4`` on that very child);
* in process: per-stage times (load, parse, tokenize, align, diff, classify, render)
  with the Sudachi dictionary loaded once beforehand (its load time is reported
  separately); the tokenizer's chunk cache is cleared before every repetition so
  each repetition behaves like a first run; a tracemalloc peak from one extra run;

plus the start-up time of ``policydiff --help`` and a check that it does not import
SudachiPy.

Only the standard library and the policydiff package are used.

    python3 benchmarks/bench.py [--old OLD --new NEW] [--runs 5] [--scale 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO))

STAGES = ("load", "parse", "tokenize", "align", "diff", "classify", "render")

# --------------------------------------------------------------------------- inputs


def find_default_pair() -> tuple[Path, Path]:
    samples = REPO / "samples"
    if samples.is_dir():
        for d in sorted(p for p in samples.iterdir() if p.is_dir()):
            for ext in (".md", ".txt"):
                old, new = d / f"old{ext}", d / f"new{ext}"
                if old.is_file() and new.is_file():
                    return old, new
    fallback = REPO.parent / "shared" / "eval" / "dev" / "001_renumber"
    old, new = fallback / "old.txt", fallback / "new.txt"
    if old.is_file() and new.is_file():
        return old, new
    sys.exit(
        "bench: no input pair: give --old/--new, or put old.md/new.md (or .txt) under samples/<name>/"
    )


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
    """Add ``offset`` to every 第N条 (headings and cross-references), keeping the numeral style."""
    if offset == 0:
        return text
    from policydiff.numerals import to_int

    def sub(m: re.Match) -> str:
        num = m.group(1)
        n = to_int(num)
        if n is None:
            return m.group(0)
        if num[0] in _KANJI_CHARS:
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


# --------------------------------------------------------------------------- subprocess


def policydiff_command() -> list[str]:
    """The installed console script (the one beside this interpreter, not a pyenv shim)."""
    exe_dir = Path(sys.executable).parent
    for cand in (exe_dir / "policydiff", exe_dir / "policydiff.exe"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return [str(cand)]
    found = shutil.which("policydiff")
    if found:
        return [found]
    return [sys.executable, "-m", "policydiff"]


def run_child(argv: list[str], cwd: Path, out_path: Path) -> tuple[float, int, int, str]:
    """Run once; (wall seconds, peak RSS KiB of this child, exit code, stderr)."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    rss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return wall, rss_kib, proc.returncode, stderr


def measure_command(argv: list[str], runs: int, cwd: Path, out_path: Path, ok_codes=(0,)) -> dict:
    walls, rss = [], []
    run_child(argv, cwd, out_path)  # untimed warm-up: file cache, .pyc files
    for _ in range(runs):
        wall, kib, code, stderr = run_child(argv, cwd, out_path)
        if code not in ok_codes:
            tail = "\n".join(stderr.strip().splitlines()[-8:])
            return {"error": f"exit {code}: {tail}", "argv": argv}
        walls.append(wall)
        rss.append(kib)
    return {
        "argv": argv,
        "runs": runs,
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "maxrss_median_mib": statistics.median(rss) / 1024,
        "maxrss_max_mib": max(rss) / 1024,
    }


def help_imports_sudachi() -> bool | None:
    """Run ``policydiff --help`` in a child and report whether SudachiPy got imported."""
    code = (
        "import contextlib, io, sys\n"
        "from policydiff.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(any(m == 'sudachipy' or m.startswith('sudachipy.') for m in sys.modules))\n"
    )
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    try:
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
        )
    except subprocess.TimeoutExpired:
        return None
    last = r.stdout.strip().splitlines()[-1:] or [""]
    return {"True": True, "False": False}.get(last[0])


# --------------------------------------------------------------------------- in process


def load_dictionary() -> float:
    """Import SudachiPy and load the dictionary (once per process); seconds."""
    from policydiff import tokens

    t0 = time.perf_counter()
    tokens.tokenizer()
    return time.perf_counter() - t0


def one_inprocess_run(old_path: Path, new_path: Path) -> tuple[dict, object]:
    from policydiff import tokens
    from policydiff.load import read_policy
    from policydiff.pipeline import compare_policies
    from policydiff.render import render_text, to_json_text

    tokens._tokenize_cached.cache_clear()  # first-run behaviour; the dictionary stays loaded
    t0 = time.perf_counter()
    old, new = read_policy(old_path), read_policy(new_path)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = compare_policies(old, new)
    t_compare = time.perf_counter() - t0
    t0 = time.perf_counter()
    to_json_text(report)
    t_render = time.perf_counter() - t0
    t0 = time.perf_counter()
    render_text(report)
    t_render_text = time.perf_counter() - t0
    times = {"load": t_load, **report.timings, "render": t_render}
    times["total"] = t_load + t_compare + t_render
    times["render_text"] = t_render_text
    times["compare_policies"] = t_compare
    return times, report


def uncached_tokenize_time(report) -> float:
    """Tokenizing every unit text of both sides with an empty chunk cache each time."""
    from policydiff import tokens
    from policydiff.units import document_units

    texts = [u.text for doc in (report.old, report.new) for u in document_units(doc)]
    t0 = time.perf_counter()
    for t in texts:
        tokens._tokenize_cached.cache_clear()
        tokens.tokenize(t)
    return time.perf_counter() - t0


def measure_inprocess(old_path: Path, new_path: Path, repeats: int, trace: bool) -> dict:
    from policydiff import tokens

    runs = []
    report = None
    cache = None
    for _ in range(repeats):
        times, report = one_inprocess_run(old_path, new_path)
        info = tokens._tokenize_cached.cache_info()
        cache = {"hits": info.hits, "misses": info.misses}
        runs.append(times)
    keys = runs[0].keys()
    med = {k: statistics.median(r[k] for r in runs) for k in keys}
    result = {
        "repeats": repeats,
        "stages_median_s": {k: med[k] for k in STAGES},
        "total_median_s": med["total"],
        "compare_policies_median_s": med["compare_policies"],
        "render_text_median_s": med["render_text"],
        "tokenize_chunk_cache": cache,
        "tokenize_uncached_s": uncached_tokenize_time(report),
        "units": {"old": _count_units(report.old), "new": _count_units(report.new)},
        "changes": len(report.changes),
        "counts": report.counts,
        "verdict": report.verdict,
    }
    if trace:
        tracemalloc.start()
        try:
            t0 = time.perf_counter()
            one_inprocess_run(old_path, new_path)
            result["tracemalloc_run_s"] = time.perf_counter() - t0
            result["tracemalloc_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    return result


def _count_units(doc) -> int:
    from policydiff.units import document_units

    return len(document_units(doc))


def self_maxrss_mib() -> float:
    import resource

    v = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (v / 2**20) if sys.platform == "darwin" else v / 1024


# --------------------------------------------------------------------------- output


def ms(s: float | None) -> str:
    return "-" if s is None else f"{s * 1000:9.1f}"


def print_report(res: dict) -> None:
    w = print
    w(f"policydiff benchmark — python {res['python']}, {res['cpus']} CPU(s)")
    w(f"command: {' '.join(res['command'])}")
    h = res["help"]
    if "error" in h:
        w(f"policydiff --help: ERROR {h['error']}")
    else:
        sud = {True: "YES (should not)", False: "no", None: "unknown"}[res["help_imports_sudachi"]]
        w(
            f"policydiff --help: median {h['wall_median_s'] * 1000:.0f} ms, min {h['wall_min_s'] * 1000:.0f} ms, "
            f"peak RSS {h['maxrss_median_mib']:.0f} MiB; imports sudachipy: {sud}"
        )
    w(
        f"dictionary load (import sudachipy + Dictionary, once per process): {res['dictionary_load_s'] * 1000:.0f} ms"
    )
    w("")
    names = list(res["pairs"])
    cols = "".join(f"{n:>16}" for n in names)
    w(f"{'':30}{cols}")
    pairs = [res["pairs"][n] for n in names]

    def row(label: str, vals: list[str]) -> None:
        w(f"{label:30}" + "".join(f"{v:>16}" for v in vals))

    row(
        "input size old/new (KiB)",
        [f"{p['bytes'][0] / 1024:.0f}/{p['bytes'][1] / 1024:.0f}" for p in pairs],
    )
    row(
        "units old/new",
        [f"{p['inprocess']['units']['old']}/{p['inprocess']['units']['new']}" for p in pairs]
        if all("units" in p.get("inprocess", {}) for p in pairs)
        else ["-"] * len(pairs),
    )
    row(
        "changes (material/minor)",
        [
            f"{p['inprocess']['counts']['material']}/{p['inprocess']['counts']['minor']}"
            if "counts" in p.get("inprocess", {})
            else "-"
            for p in pairs
        ],
    )
    w("-- whole process: policydiff compare --format json")
    for key, label in (("wall_median_s", "wall median (ms)"), ("wall_min_s", "wall min (ms)")):
        row(
            label,
            [ms(p["cli"].get(key)).strip() if "error" not in p["cli"] else "ERROR" for p in pairs],
        )
    row(
        "peak RSS median (MiB)",
        [
            f"{p['cli']['maxrss_median_mib']:.0f}" if "error" not in p["cli"] else "ERROR"
            for p in pairs
        ],
    )
    w("-- in process, warm dictionary (median, ms)")

    def in_row(label: str, cell, missing: str = "-") -> None:
        """A row of in-process figures; ``cell`` formats one pair's in-process results."""
        row(label, [missing if "error" in p["inprocess"] else cell(p["inprocess"]) for p in pairs])

    for st in STAGES:
        in_row(f"  {st}", lambda r, st=st: ms(r["stages_median_s"][st]).strip(), "ERROR")
    in_row("  total (load..render json)", lambda r: ms(r["total_median_s"]).strip(), "ERROR")
    in_row("  render text (extra)", lambda r: ms(r["render_text_median_s"]).strip())
    in_row("  tokenize, no chunk cache", lambda r: ms(r["tokenize_uncached_s"]).strip())
    in_row(
        "  chunk cache hits/misses",
        lambda r: f"{r['tokenize_chunk_cache']['hits']}/{r['tokenize_chunk_cache']['misses']}",
    )
    row(
        "tracemalloc peak (MiB)",
        [
            f"{p['inprocess']['tracemalloc_peak_mib']:.1f}"
            if "tracemalloc_peak_mib" in p["inprocess"]
            else "-"
            for p in pairs
        ],
    )
    w(
        f"benchmark process peak RSS: {res['bench_maxrss_mib']:.0f} MiB; total benchmark time {res['elapsed_s']:.1f} s"
    )
    for n, p in res["pairs"].items():
        for part in ("cli", "inprocess"):
            if "error" in p[part]:
                w(f"\n{n} {part} ERROR:\n{p[part]['error']}")
    w(f"inputs: {res['inputs']['old']}  {res['inputs']['new']}")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--old",
        type=Path,
        help="old version (default: first pair under samples/, else the dev-set fallback)",
    )
    ap.add_argument("--new", type=Path, help="new version")
    ap.add_argument("--runs", type=int, default=5, help="subprocess runs per command (default 5)")
    ap.add_argument(
        "--repeats", type=int, default=3, help="in-process repetitions per pair (median; default 3)"
    )
    ap.add_argument(
        "--scale", type=int, default=10, help="size factor of the large pair (default 10)"
    )
    ap.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the extra traced in-process run"
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the generated large pair and print its directory"
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if (args.old is None) != (args.new is None):
        ap.error("give both --old and --new, or neither")
    if args.runs < 1 or args.repeats < 1 or args.scale < 1:
        ap.error("--runs, --repeats and --scale must be at least 1")

    started = time.perf_counter()
    old_path, new_path = (args.old, args.new) if args.old else find_default_pair()
    old_path, new_path = old_path.resolve(), new_path.resolve()

    tmp = Path(tempfile.mkdtemp(prefix="policydiff-bench-"))
    try:
        big_dir = tmp / f"x{args.scale}"
        big_dir.mkdir()
        ext = old_path.suffix or ".txt"
        big_old, big_new = big_dir / f"old{ext}", big_dir / f"new{ext}"
        big_old.write_text(scaled_text(read_text(old_path), args.scale), encoding="utf-8")
        big_new.write_text(scaled_text(read_text(new_path), args.scale), encoding="utf-8")
        pairs = {"sample": (old_path, new_path), f"x{args.scale}": (big_old, big_new)}

        cmd = policydiff_command()
        out_file = tmp / "out.json"
        res: dict = {
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "command": cmd,
            "inputs": {"old": str(old_path), "new": str(new_path), "scale": args.scale},
        }
        # --help exits 0 with typer (no_args_is_help only uses 2 for a bare command)
        res["help"] = measure_command(cmd + ["--help"], args.runs, tmp, out_file, ok_codes=(0,))
        res["help_imports_sudachi"] = help_imports_sudachi()

        res["pairs"] = {}
        for name, (o, n) in pairs.items():
            entry: dict = {
                "old": str(o),
                "new": str(n),
                "bytes": [o.stat().st_size, n.stat().st_size],
            }
            entry["cli"] = measure_command(
                cmd + ["compare", str(o), str(n), "--format", "json"], args.runs, tmp, out_file
            )
            if "error" not in entry["cli"]:
                try:
                    data = json.loads(out_file.read_text(encoding="utf-8"))
                    entry["cli"]["changes"] = len(data.get("changes", []))
                except (OSError, ValueError) as exc:
                    entry["cli"]["output_error"] = f"output is not JSON: {exc}"
            res["pairs"][name] = entry

        # in process: load the dictionary once, then time the stages warm
        res["dictionary_load_s"] = load_dictionary()
        try:  # untimed warm-up: first-use imports (diff-match-patch, rules, templates)
            t0 = time.perf_counter()
            one_inprocess_run(old_path, new_path)
            res["first_inprocess_run_s"] = time.perf_counter() - t0
        except Exception:
            pass  # the timed runs below report the error
        for name, (o, n) in pairs.items():
            try:
                res["pairs"][name]["inprocess"] = measure_inprocess(
                    o, n, args.repeats, not args.no_tracemalloc
                )
            except Exception as exc:  # report, do not hide: the library is what is being measured
                import traceback

                tb = traceback.format_exc().strip().splitlines()
                res["pairs"][name]["inprocess"] = {
                    "error": "\n".join(tb[-12:]),
                    "exception": repr(exc),
                }
        res["bench_maxrss_mib"] = self_maxrss_mib()
        res["elapsed_s"] = time.perf_counter() - started
        print_report(res)
        if args.keep:
            print(f"generated pair kept in {big_dir}")
        if args.json:
            args.json.write_text(
                json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Per-stage times of one compare, in process (load, parse, tokenize, align, diff, classify,
render), for a pair and for the pair ``--scale`` times larger.

The Sudachi dictionary is loaded once beforehand (its load time is shown on its own line) and
the tokenizer's chunk cache is cleared before each repetition, so every repetition behaves like
a process's first compare. ``tracemalloc peak`` comes from one extra traced run (Python
allocations only). Whole-process figures and their floors are in ``bench.py``.

    python3 benchmarks/stages.py [--old OLD --new NEW] [--repeats 3] [--scale 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench import find_default_pair, read_text, scaled_text  # noqa: E402

STAGES = ("load", "parse", "tokenize", "align", "diff", "classify", "render")


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path)
    ap.add_argument("--new", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--no-tracemalloc", action="store_true")
    args = ap.parse_args()
    old, new = (args.old, args.new) if args.old and args.new else find_default_pair()
    print(f"dictionary load: {load_dictionary() * 1000:.0f} ms")
    one_inprocess_run(old, new)  # first-use imports
    with tempfile.TemporaryDirectory(prefix="policydiff-stages-") as tmp:
        big_old, big_new = Path(tmp) / f"old{old.suffix}", Path(tmp) / f"new{new.suffix}"
        big_old.write_text(scaled_text(read_text(old), args.scale), encoding="utf-8")
        big_new.write_text(scaled_text(read_text(new), args.scale), encoding="utf-8")
        for name, (a, b) in (("pair", (old, new)), (f"x{args.scale}", (big_old, big_new))):
            r = measure_inprocess(a, b, args.repeats, not args.no_tracemalloc)
            stages = "  ".join(f"{k} {v * 1000:.1f}" for k, v in r["stages_median_s"].items())
            print(f"{name}: total {r['total_median_s'] * 1000:.1f} ms — {stages}")
            print(f"  tokenize, no chunk cache {r['tokenize_uncached_s'] * 1000:.1f} ms; "
                  f"units {r['units']}; counts {r['counts']}; "
                  f"tracemalloc peak {r.get('tracemalloc_peak_mib', 0):.1f} MiB")  # fmt: skip
    print(f"peak RSS of this process {self_maxrss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

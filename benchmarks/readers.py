#!/usr/bin/env python3
"""Benchmark the readers and the clause parser, and the hostile inputs of issue 8.

* readers: the same policy as plain text, Markdown and a saved HTML page (rendered from a
  sample by ``tests/renderings.py``, scaled ``--scale`` times): read time and read+parse
  time per format, median of ``--runs``, with the import time of each reader's library;
* hostile parse cases, each parsed once in process: a line of 100 000 spaces, lists nested
  2 000 and 5 000 levels deep (text, Markdown, HTML), 100 000 tiny articles (≈ 5.5 MB).
  Each is also run at half size, so the ratio shows whether the time is linear (≈ 2).

    python3 benchmarks/readers.py [--runs 5] [--scale 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from policydiff.clauses import parse  # noqa: E402
from policydiff.load import decode_policy  # noqa: E402
from policydiff.readers import Format, ReadOptions, read  # noqa: E402


def _policy(text: str, source: str):
    return decode_policy(text.encode("utf-8"), source)


def import_ms(module: str) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout) * 1000


def policy_in_three_formats(scale: int) -> dict[str, tuple[str, str]]:
    from renderings import to_html, to_markdown

    src = REPO / "samples" / "sections-privacy" / "new.txt"
    text = src.read_text(encoding="utf-8")
    doc = parse(_policy(text, "p.txt"))
    md, page = to_markdown(doc), to_html(doc)
    body = page[page.index("<main>") + 6 : page.index("</main>")]
    page = page.replace(body, body * scale)
    return {
        "text": (text * scale, "p.txt"),
        "markdown": (md * scale, "p.md"),
        "html": (page, "p.html"),
    }


def time_it(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def readers(runs: int, scale: int) -> list[dict]:
    rows = []
    for fmt, (text, source) in policy_in_three_formats(scale).items():
        p = _policy(text, source)
        opts = ReadOptions(Format(fmt))
        read(p, opts)  # warm: the reader's library imported, the parser built
        r = time_it(lambda p=p, o=opts: read(p, o), runs)
        rp = time_it(lambda p=p, o=opts: parse(p, o), runs)
        rows.append(
            {"format": fmt, "chars": len(text), "read_ms": r * 1000, "read_parse_ms": rp * 1000}
        )
    return rows


def hostile_inputs(k: float) -> dict[str, tuple[str, str]]:
    """The hostile inputs at size ``k`` (1.0: full size; 0.5: half the depth or length)."""
    spaces, articles = int(100_000 * k), int(100_000 * k)
    deep_text, deep_html = int(2_000 * k), int(5_000 * k)  # 2 000 levels of "  " ≈ 4 MB
    nested = "".join("  " * i + "- 項目\n" for i in range(deep_text))
    return {
        "line of 100 000 spaces": ("第1条（目的）\n" + " " * spaces + "x\n", "h.txt"),
        "line of 100 000 full-width spaces": ("1" + "\u3000" * spaces + "\n本文\n", "h.txt"),
        "list 2 000 deep (text)": ("第1条（目的）\n" + nested, "h.txt"),
        "list 2 000 deep (markdown)": ("## 第1条\n\n" + nested, "h.md"),
        "list 5 000 deep (html)": (
            "<ul>" * deep_html + "<li>項目</li>" + "</ul>" * deep_html,
            "h.html",
        ),
        "100 000 tiny articles": (
            "".join(f"第{i}条（目的）\n本規約は目的を定めます。\n" for i in range(1, articles + 1)),
            "h.txt",
        ),
    }


def hostile() -> list[dict]:
    """Each case at full and half size: linear when the time per character stays put."""
    rows = []
    full, half = hostile_inputs(1.0), hostile_inputs(0.5)
    for name, (text, source) in full.items():
        t_full = time_it(lambda t=text, s=source: parse(_policy(t, s)), 1)
        h_text = half[name][0]
        t_half = time_it(lambda t=h_text, s=source: parse(_policy(t, s)), 1)
        rows.append({"case": name, "chars": len(text), "seconds": t_full,
                     "us_per_char": t_full / len(text) * 1e6,
                     "half_us_per_char": t_half / len(h_text) * 1e6})  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    imports = {
        m: import_ms(m)
        for m in ("markdown_it", "mdit_py_plugins.front_matter", "selectolax.lexbor")
    }
    print("import: " + ", ".join(f"{m} {v:.1f} ms" for m, v in imports.items()))
    rows = readers(args.runs, args.scale)
    print(f"{'format':10} {'chars':>9} {'read ms':>9} {'read+parse ms':>14}")
    for r in rows:
        print(f"{r['format']:10} {r['chars']:>9} {r['read_ms']:>9.1f} {r['read_parse_ms']:>14.1f}")
    hrows = hostile()
    print(
        f"\n{'hostile case (parse)':36} {'chars':>9} {'seconds':>8} {'µs/char':>8} {'at half':>8}"
    )
    for r in hrows:
        print(
            f"{r['case']:36} {r['chars']:>9} {r['seconds']:>8.2f} {r['us_per_char']:>8.3f}"
            f" {r['half_us_per_char']:>8.3f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"imports_ms": imports, "readers": rows, "hostile": hrows}, indent=2)
        )


if __name__ == "__main__":
    main()

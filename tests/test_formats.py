"""The same policy read as plain text, Markdown and a saved HTML page gives the same report.

Every pair in ``samples/`` (and the ``../shared/eval/dev`` pairs when present) is rendered
by :mod:`renderings` as Markdown (front matter, ``#`` headings, lists, links, kramdown
``{: #id }``) and as an HTML page (header, nav, footer around ``<main>``); the changes, their
classes and categories must be those of the file as it is. Markup changes the renderings
bring themselves (anchors that follow a renumbered heading) are compared on their own and
left out here. Plus property tests on generated Markdown and HTML.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff.clauses import parse_reading
from policydiff.errors import InputError
from policydiff.load import decode_policy
from policydiff.readers.html import read_html
from policydiff.readers.markdown import read_markdown
from policydiff.tokens import tokenize
from policydiff.units import document_units
from policydiff.worddiff import apply_hunks, diff_texts

sys.path.insert(0, str(Path(__file__).parent))
from renderings import write_renderings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (REPO / "samples").iterdir() if p.is_dir())
DEV = REPO.parent / "shared" / "eval" / "dev"


def signature(report) -> tuple:
    changes = sorted(
        (c.type, c.severity.value, c.categories, c.old_text, c.new_text)
        for c in report.changes
        # the renderings write their own markup and layout (heading levels, emphasis): those
        # changes are compared on their own (markup.*) or as layout (M-format), not here
        if not any(r.startswith("markup.") or r == "M-format" for r in c.rule_ids)
    )
    return report.verdict, changes


def report_of(pair: Path):
    old = next(p for p in sorted(pair.glob("old.*")) if p.suffix in (".txt", ".md", ".html"))
    new = old.with_name("new" + old.suffix)
    return policydiff.compare_files(str(old), str(new))


def check_pair(pair: Path, tmp_path: Path) -> None:
    base = report_of(pair)
    for fmt, d in write_renderings(pair, tmp_path, pair.name).items():
        rendered = policydiff.compare_files(str(d / "old.txt"), str(d / "new.txt"))
        assert rendered.old.format == {"md": "markdown", "html": "html"}[fmt]
        assert signature(rendered) == signature(base), fmt
        for c in policydiff.to_json(rendered)["changes"]:
            for text in (c["old_text"], c["new_text"]):
                assert "](" not in text and "{:" not in text and "<a " not in text, c


@pytest.mark.parametrize("pair", SAMPLES, ids=lambda p: p.name)
def test_sample_renderings_give_the_same_report(pair, tmp_path):
    check_pair(pair, tmp_path)


def dev_pairs() -> list[Path]:
    return sorted(p for p in DEV.iterdir() if (p / "gold.json").is_file()) if DEV.is_dir() else []


@pytest.mark.parametrize("name", [p.name for p in dev_pairs()] or ["(absent)"])
def test_dev_pair_renderings_give_the_same_report(name, tmp_path):
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    check_pair(DEV / name, tmp_path)


# --------------------------------------------------------------------------- property tests

_WORDS = ["当社は", "個人情報を", "取得します。", "利用目的", "第三者", "Cookie", "氏名", "30日",
          "*", "_", "`", "\\", "<", ">", "&amp;", "#", "|", "[", "]", "(", ")", "{: #x }"]  # fmt: skip
_words = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map("".join)


@st.composite
def markdown_docs(draw) -> str:
    lines = []
    if draw(st.booleans()):
        lines += ["---", f"title: {draw(_words)}", "---"]
    for _ in range(draw(st.integers(1, 12))):
        w = draw(_words)
        kind = draw(st.sampled_from(["h", "p", "ul", "ol", "link", "em", "table", "html", "blank",
                                     "article", "paren", "nested"]))  # fmt: skip
        lines.append(
            {
                "h": f"{'#' * draw(st.integers(1, 4))} {w}",
                "p": w,
                "ul": f"- {w}",
                "ol": f"{draw(st.integers(1, 12))}. {w}",
                "link": f"[{w}](https://mirai-tech.example/{draw(st.integers(0, 9))}) {w}",
                "em": f"**{w}** と _{w}_",
                "table": f"| {w} | {w} |\n|---|---|\n| a | {w} |",
                "html": f'<p>{w}<br><a href="/x">{w}</a></p>',
                "blank": "",
                "article": f"## 第{draw(st.integers(1, 9))}条（{w}）",
                "paren": f"（{draw(st.integers(1, 9))}）{w}",
                "nested": f"{'  ' * draw(st.integers(0, 6))}- {w}",
            }[kind]
        )
    return "\n".join(lines) + "\n"


@st.composite
def html_docs(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 10))):
        w = draw(_words).replace("<", "&lt;")
        parts.append(draw(st.sampled_from([
            f"<h{draw(st.integers(1, 4))}>{w}</h{draw(st.integers(1, 4))}>",
            f"<p>{w}<br>{w}</p>", f"<ul><li>{w}<ul><li>{w}</li></ul></li></ul>",
            f"<ol><li>{w}</li><li><p>{w}</p></li></ol>", f"<table><tr><th>{w}</th></tr><tr><td>{w}</td></tr></table>",
            f"<p>第{draw(st.integers(1, 9))}条（{w}）</p>", f"<div><a href='/{w}' id='i'>{w}</a> {w}</div>",
            f"<dl><dt>{w}</dt><dd>{w}</dd></dl>", "<p hidden>隠れた文</p>", f"<b>{w}</b>",
        ])))  # fmt: skip
    return "<html><body><nav>メニュー</nav><main>" + "".join(parts) + "</main></body></html>"


def _squash(s: str) -> str:
    return "".join(s.split())


def check_no_lost_character(text: str, source: str) -> None:
    if not text.strip():
        return  # the loader refuses it (tests/test_load.py)
    policy = decode_policy(text.encode("utf-8"), source)
    reading = read_markdown(text) if source.endswith(".md") else read_html(text)
    if not any(b.text.strip() for b in reading.blocks):
        with pytest.raises(InputError):
            policydiff.parse(policy)
        return
    doc = parse_reading(policy, reading)
    lines = sorted((ln for n in doc.root.walk() for ln in n.lines), key=lambda ln: ln.start)
    pos = 0
    for ln in lines:  # every line belongs to exactly one node, and the lines tile the text
        assert ln.start == pos
        pos = ln.end
    assert pos == len(reading.text)
    visible = "".join(_squash(f"{b.marker} {b.text}" if b.ordered else b.text)
                      for b in reading.blocks)  # fmt: skip
    assert "".join(_squash(ln.text) for ln in lines) == visible


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_docs())
def test_markdown_never_raises_and_never_loses_a_character(text):
    check_no_lost_character(text, "p.md")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_docs())
def test_html_never_raises_and_never_loses_a_character(text):
    check_no_lost_character(text, "p.html")


def _visible_units(text: str, source: str) -> str:
    doc = policydiff.parse(decode_policy(text.encode("utf-8"), source))
    return "".join(u.text for u in document_units(doc))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_docs(), markdown_docs(), st.booleans())
def test_old_visible_text_plus_hunks_rebuilds_the_new(a, b, as_html):
    if as_html:
        a, b = (f"<main><p>{x.replace(chr(10), '<br>')}</p></main>" for x in (a, b))
    source = "p.html" if as_html else "p.md"
    try:
        old, new = _visible_units(a, source), _visible_units(b, source)
    except InputError:
        return
    hunks = diff_texts(old, new, tokenize(old), tokenize(new))
    assert apply_hunks(old, hunks) == new

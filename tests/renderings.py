"""Render a policy as Markdown and as a saved HTML page, for the cross-format tests.

The renderings are written from the clause tree of the policy as read: the same visible
lines, headings as ``#`` headings / ``<hN>`` (level from their depth), bullets as lists,
numbered lines as they are written, blank-line groups as paragraphs (``<br>`` inside).
Markup is added on purpose — front matter, kramdown ``{: #id }``, links on 「当社」, an
HTML page with header, nav and footer around ``<main>`` — so that the readers must keep it
out of the compared text.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from policydiff.model import Clause, Document, Kind, Line

_NOT_HEADINGS = (Kind.PREAMBLE, Kind.TRAILER, Kind.ROOT)
_MD_SPECIAL = set("\\`*_<>[]#|~&!")
_LIST_BULLETS = ("-", "*", "+", "・", "•", "●")
LINK = "https://mirai-tech.example/about"


def _lines(doc: Document) -> list[tuple[Line, Clause, int]]:
    """(line, node, heading depth) in document order."""
    out = []

    def visit(node: Clause, hdepth: int) -> None:
        h = hdepth + 1 if _is_heading(node) else hdepth
        for ln in node.lines:
            out.append((ln, node, h))
        for c in node.children:
            visit(c, h)

    for c in doc.root.children:
        visit(c, 0)
    out.sort(key=lambda t: t[0].start)
    return out


def _visible(ln: Line) -> str:
    text = ln.text
    if ln.marker in _LIST_BULLETS and not text.startswith(ln.marker):
        return f"{ln.marker}{' ' if ln.marker in '-*+' else ''}{text}"
    return text


def _indent(ln: Line) -> int:
    return len(ln.raw) - len(ln.raw.lstrip(" \t"))


def _is_heading(node: Clause) -> bool:
    """A heading-level node; not 前文/末尾, nor a paragraph of the no-structure fallback."""
    return node.heading and node.kind not in _NOT_HEADINGS and node.style != "plain"


def _is_heading_line(ln: Line, node: Clause) -> bool:
    """The first line of a heading-level node (a 「1 項（…）」 heading too), not 前文/末尾."""
    if not _is_heading(node):
        return False
    return bool(node.lines) and node.lines[0] is ln and ln.text != ""


def _level(node: Clause, h: int) -> int:
    return 1 if node.kind is Kind.TITLE else min(h + 1, 6)


def _anchor(text: str) -> str:
    return "s" + hashlib.sha1(text.encode()).hexdigest()[:8]


def _md_escape(s: str) -> str:
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


def _md_link(s: str) -> str:
    """The first 「当社」 of a line becomes a link (escaped text around it)."""
    k = s.find("当社")
    if k < 0:
        return _md_escape(s)
    return f"{_md_escape(s[:k])}[当社]({LINK}){_md_escape(s[k + 2 :])}"


def to_markdown(doc: Document) -> str:
    out = ["---", "title: 株式会社ミライテック", "layout: policy", "---", ""]
    for ln, node, h in _lines(doc):
        text = _visible(ln)
        if not text.strip():
            out.append("")
            continue
        if _is_heading_line(ln, node):
            level = _level(node, h)
            out.append(f"{'#' * level} {_md_escape(text.strip())} {{: #{_anchor(text)} }}")
            continue
        pad = " " * _indent(ln)
        s = text.lstrip(" \t")
        if s[:2] in ("- ", "* ", "+ "):
            out.append(f"{pad}{s[:2]}{_md_link(s[2:])}")
        elif ln.marker and ln.marker[:1].isdigit() and s.startswith(ln.marker + " "):
            # 「1. …」 stays an ordered list item; other numbers are escaped text
            num = ln.marker[:-1]
            if ln.marker.endswith(".") and num.isdigit():
                out.append(f"{pad}{num}. {_md_link(s[len(ln.marker) + 1 :])}")
            else:
                out.append(pad + _md_link(s))
        else:
            out.append(pad + _md_link(s))
    return "\n".join(out) + "\n"


def _html_inline(s: str) -> str:
    k = s.find("当社")
    if k < 0:
        return html.escape(s)
    return f'{html.escape(s[:k])}<a href="{LINK}">当社</a>{html.escape(s[k + 2 :])}'


def to_html(doc: Document) -> str:
    body: list[str] = []
    para: list[str] = []
    lists: list[int] = []  # indentation of each open <ul>

    def close_para() -> None:
        if para:
            body.append("<p>" + "<br>\n".join(para) + "</p>")
            para.clear()

    def close_lists(to: int = -1) -> None:
        while lists and lists[-1] > to:
            lists.pop()
            body.append("</li></ul>")

    for ln, node, h in _lines(doc):
        text = _visible(ln)
        if not text.strip():
            close_para()
            close_lists()
            continue
        if _is_heading_line(ln, node):
            close_para()
            close_lists()
            level = _level(node, h)
            body.append(f'<h{level} id="{_anchor(text)}">{html.escape(text.strip())}</h{level}>')
            continue
        s = text.lstrip(" \t")
        bullet = ln.marker in _LIST_BULLETS and s.startswith(ln.marker)
        if bullet:
            close_para()
            ind = _indent(ln) + 2 * (len(s) - len(s.lstrip("\u3000")))
            words = s[len(ln.marker) :].lstrip(" \u3000")
            if lists and lists[-1] >= ind:
                close_lists(ind)
                if lists and lists[-1] == ind:
                    body.append("</li>")
            if not lists or lists[-1] < ind:
                body.append("<ul>")
                lists.append(ind)
            body.append(f"<li>{_html_inline(words)}")
            continue
        close_lists()
        para.append(_html_inline(text))
    close_para()
    close_lists()
    title = html.escape(doc.title or "ポリシー")
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<title>{title} | 株式会社ミライテック</title><style>main{{max-width:40em}}</style>"
        "<script>window.dataLayer=[];</script></head>\n<body>\n"
        '<header><a href="/">株式会社ミライテック</a></header>\n'
        '<nav><ul><li><a href="/">ホーム</a></li><li><a href="/privacy">プライバシーポリシー</a>'
        '</li><li><a href="/terms">利用規約</a></li></ul></nav>\n<main>\n'
        + "\n".join(body)
        + "\n</main>\n<footer><p>© 2026 株式会社ミライテック</p>"
        "<p hidden>tracking</p></footer>\n</body></html>\n"
    )


def write_renderings(src_pair: Path, out_root: Path, name: str) -> dict[str, Path]:
    """Write ``out_root/{md,html}/name/{old,new}.txt`` (+ gold.json when there is one)."""
    import shutil

    import policydiff

    out = {}
    for fmt, render in (("md", to_markdown), ("html", to_html)):
        d = out_root / fmt / name
        d.mkdir(parents=True, exist_ok=True)
        for side in ("old", "new"):
            src = next(
                p
                for p in sorted(src_pair.glob(f"{side}.*"))
                if p.suffix in (".txt", ".md", ".html")
            )
            (d / f"{side}.txt").write_text(render(policydiff.parse(policydiff.load(str(src)))),
                                           encoding="utf-8")  # fmt: skip
        if (src_pair / "gold.json").is_file():
            shutil.copy(src_pair / "gold.json", d / "gold.json")
        out[fmt] = d
    return out


if __name__ == "__main__":  # python tests/renderings.py SET_DIR OUT_DIR
    import sys

    src_set, out_root = Path(sys.argv[1]), Path(sys.argv[2])
    for pair in sorted(p for p in src_set.iterdir() if p.is_dir()):
        write_renderings(pair, out_root, pair.name)

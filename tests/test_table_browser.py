"""The 新旧対照表 HTML in a real headless browser (Debian chromium + fonts-noto-cjk).

The screenshot and the PDF are kept as test artefacts: the directory is printed (run with
``-s`` to see it), ``$POLICYDIFF_ARTEFACTS`` chooses it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OLD = REPO / "samples" / "articles-terms" / "old.md"
NEW = REPO / "samples" / "articles-terms" / "new.md"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    pytest.skip(
        "no chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk; .ci/run does it)"
    )


def _browser(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    argv = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *args]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def artefacts() -> Path:
    default = Path(tempfile.gettempdir()) / "policydiff-artefacts"
    path = Path(os.environ.get("POLICYDIFF_ARTEFACTS", default))
    path.mkdir(parents=True, exist_ok=True)
    print(f"\n新旧対照表 artefacts (HTML, screenshot, PDF): {path}")
    return path


def test_table_html_renders_in_chromium(run_cli, artefacts, tmp_path):
    exe = _chromium()
    html = artefacts / "shinkyu-articles-terms.html"
    code, _, err = run_cli("table", OLD, NEW, "--format", "html", "-o", html)
    assert code == 0, err
    url = html.resolve().as_uri()
    png, pdf = artefacts / "shinkyu-articles-terms.png", artefacts / "shinkyu-articles-terms.pdf"
    for f in (png, pdf):
        f.unlink(missing_ok=True)
    jobs = [
        ("--dump-dom", url),
        (f"--screenshot={png}", "--window-size=1400,1000", url),
        (f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url),
    ]
    with ThreadPoolExecutor(3) as pool:
        futures = [
            pool.submit(_browser, exe, tmp_path / f"profile{k}", *a) for k, a in enumerate(jobs)
        ]
        runs = [f.result() for f in futures]
    dom = runs[0]
    assert dom.returncode == 0, dom.stderr[-2000:]
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(dom.stdout)
    headers = [th.text(strip=True) for th in tree.css("table.shinkyu thead th")]
    assert headers == ["改定後", "改定前", "備考"]
    assert tree.css_first("p.caption").text(strip=True) == "（下線部分は改定部分）"
    rows = tree.css("table.shinkyu tbody tr")
    assert len(rows) >= 10
    for row in rows:
        assert len(row.css("td")) == 3  # both text columns and 備考 on every row
    new_u = [u.text() for u in tree.css("td.new u")]
    old_u = [u.text() for u in tree.css("td.old u")]
    assert "14" in new_u and "30" in old_u  # the notice period, underlined in both columns
    assert "お" in old_u  # the doubled character removed from the preamble
    assert any(u.startswith("当社からユーザーへの通知") for u in new_u)  # the new article
    assert any(td.text(strip=True) == "（新設）" for td in tree.css("td.old"))
    assert png.stat().st_size > 10_000, runs[1].stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-", runs[2].stderr[-2000:]
    assert (
        b"/MediaBox [0 0 841" in data or b"/MediaBox [0 0 842" in data
    )  # A4 landscape (842 × 595 pt)

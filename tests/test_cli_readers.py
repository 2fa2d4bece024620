"""End to end: the installed command reads Markdown and HTML; --from, --select, --remove."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HTML = REPO / "samples" / "html-page-privacy"
MD = REPO / "samples" / "markdown-frontmatter-terms"


def test_html_page_sample_reports_the_policy_changes_only(run_cli):
    code, out, err = run_cli("compare", HTML / "old.html", HTML / "new.html", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["old"]["format"] == report["new"]["format"] == "html"
    assert report["verdict"] == "material" and report["counts"] == {"material": 2, "minor": 3}
    texts = " ".join(c["old_text"] + c["new_text"] for c in report["changes"])
    assert "お知らせ" not in texts and "©" not in texts  # navigation and footer are not read
    assert "<" not in texts and "](" not in texts


def test_from_forces_the_reader(run_cli, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text((MD / "old.md").read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text((MD / "new.md").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run_cli("compare", old, new, "--from", "markdown", "--format", "json")
    as_md = json.loads(out)
    assert code == 0 and as_md["old"]["format"] == "markdown"
    assert {
        c["classification"] for c in as_md["changes"] if "markup.link_target" in c["rules"]
    } == {"minor"}
    code, out, _ = run_cli("compare", old, new, "--from", "text", "--format", "json")
    as_text = json.loads(out)
    assert code == 0 and as_text["old"]["format"] == "text"
    # read as words: the URL is diffed as text, and no markup is compared on its own
    assert any("help" in c["old_text"] + c["new_text"] for c in as_text["changes"])
    assert not any(r.startswith("markup.") for c in as_text["changes"] for r in c["rules"])
    code, _, err = run_cli("compare", old, new, "--from", "pdf")
    assert code == 2 and err.startswith("policydiff: error:")


def test_select_and_remove_pick_the_policy_out_of_a_page(run_cli, tmp_path):
    code, out, err = run_cli("parse", HTML / "new.html", "--select", "nav")
    assert code == 0, err
    assert "お知らせ" in out and "第1条" not in out
    code, out, _ = run_cli("parse", HTML / "new.html", "--remove", "table", "--remove", "ol")
    assert code == 0 and "退会後" not in out and "第4条" in out
    code, out, err = run_cli("compare", HTML / "old.html", HTML / "new.html", "--select", "#none")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "matches nothing" in err


def test_a_page_with_no_text_is_an_error_not_an_empty_report(run_cli, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>メニュー</nav><script>x()</script></body></html>", "utf-8")
    code, out, err = run_cli("compare", page, HTML / "new.html")
    assert code == 2 and out == ""
    assert err == f"policydiff: error: {page}: no readable text in this html document\n"

"""notices/: the notice period check, settings, the notice and the table (library and CLI)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
from pathlib import Path

import pytest

import policydiff
from policydiff.notices import make_notice, make_table, resolve
from policydiff.notices.period import Period, lead_time, promised_periods
from policydiff.notices.settings import NoticeSettings

REPO = Path(__file__).resolve().parent.parent
TERMS = REPO / "samples" / "articles-terms"

CHANGE_CLAUSE = "本ポリシーの変更"


def _with_promise(articles, sentence: str, title: str = CHANGE_CLAUSE):
    return [*articles, (title, sentence)]


# --------------------------------------------------------------------------- promised periods


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        (
            "当社は、本ポリシーを変更する場合、変更後の内容を公表し、公表の日から1か月以上の相当な期間を経過した日から適用します。",
            Period(1, "month"),
        ),
        ("当社は、本規約を変更するときは、効力発生日の30日前までに通知します。", Period(30, "day")),
        (
            "変更後の本規約は、本サービス上に掲示した日から十四日を経過した日に効力を生じます。",
            Period(14, "day"),
        ),
        ("当社は、本規約を変更する場合、30日以上前に通知します。", Period(30, "day")),
        (
            "当社は、本規約を改定する場合、その2週間前までに本サービス上に掲示します。",
            Period(14, "day"),
        ),
        (
            "変更後の本規約の内容及びその効力発生日を、効力発生日の14日前までに通知します。",
            Period(14, "day"),
        ),
        (
            "当社は、本規約を変更する場合、効力発生日の三十日前までに本サービス上に掲示します。",
            Period(30, "day"),
        ),
        (
            "本規約の変更は、掲示の日から二か月の予告期間を経過した日に効力を生じます。",
            Period(2, "month"),
        ),
        (
            "当社は、本規約を変更するときは、効力発生日の１か月前までに通知します。",
            Period(1, "month"),
        ),
    ],
)
def test_promised_notice_periods_are_read(make_doc, articles, sentence, period):
    doc = policydiff.parse(make_doc(_with_promise(articles, sentence)))
    found = promised_periods(doc, "改定前")
    assert [r.period for r in found] == [period]
    assert found[0].source.startswith("改定前の第11条（本ポリシーの変更）")


@pytest.mark.parametrize(
    "sentence",
    [
        "ユーザーは、退会を希望する場合、退会希望日の30日前までに当社に申し出るものとします。",
        "当社は、個人情報を退会後30日間保存します。",
        "当社は、本規約を変更することがあります。",
    ],
)
def test_other_periods_are_not_notice_periods(make_doc, articles, sentence):
    doc = policydiff.parse(make_doc(_with_promise(articles, sentence, title="退会")))
    assert promised_periods(doc, "改定前") == []


def test_the_strictest_requirement_wins(make_doc, articles):
    old = policydiff.parse(
        make_doc(_with_promise(articles, "当社は、本規約を変更する場合、30日前までに通知します。"))
    )
    new = policydiff.parse(
        make_doc(_with_promise(articles, "当社は、本規約を変更する場合、14日前までに通知します。"))
    )
    announce = dt.date(2027, 1, 31)
    lt = lead_time(announce, dt.date(2027, 2, 20), old=old, new=new, configured_days=7)
    assert lt.strictest.source.startswith("改定前の")  # the version in force promised more
    assert lt.earliest == dt.date(2027, 3, 2) and not lt.ok
    assert "2027-03-02" in lt.problem() and "改定前の第11条" in lt.problem()
    lt = lead_time(announce, dt.date(2027, 3, 2), old=old, new=new, configured_days=40)
    assert lt.strictest.source == "設定 notice.min_lead_days" and not lt.ok
    assert Period(1, "month").after(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


# --------------------------------------------------------------------------- CLI: the effective-date check


@pytest.fixture
def month_pair(tmp_path, make_doc, articles):
    promise = "当社は、本ポリシーを変更する場合、変更後の内容を本サービス上に掲示し、掲示の日から1か月以上の相当な期間を経過した日から適用します。"
    old = _with_promise(articles, promise)
    new = list(old)
    new[6] = ("保存期間", "当社は、個人情報を退会後90日間保存し、その後速やかに消去します。")
    (tmp_path / "old.txt").write_text(make_doc(old), encoding="utf-8")
    (tmp_path / "new.txt").write_text(make_doc(new), encoding="utf-8")
    return tmp_path / "old.txt", tmp_path / "new.txt"


def test_nine_days_against_one_month_exits_1(run_cli, month_pair):
    old, new = month_pair
    code, out, err = run_cli(
        "notice", old, new, "--announce-date", "2027-01-06", "--effective-date", "2027-01-15"
    )
    assert code == 1, err
    assert out == ""
    line = err.strip().splitlines()[-1]
    assert line.startswith("policydiff: error: a lead time of 9 days")
    assert "第11条（本ポリシーの変更）" in line and "1か月以上" in line
    assert "2027-02-06" in line and "2027年2月6日（土）" in line and "--force" in line


def test_forty_five_days_passes(run_cli, month_pair):
    old, new = month_pair
    code, out, err = run_cli("notice", old, new, "--announce-date", "2027-01-06", "--effective-date", "2027-02-20",
                             "--reason", "保存期間を見直すため")  # fmt: skip
    assert code == 0, err
    assert "2027年2月20日（土）" in out and "保存期間を見直すため" in out


def test_force_overrides_and_warns(run_cli, month_pair):
    old, new = month_pair
    code, out, err = run_cli("notice", old, new, "--announce-date", "2027-01-06", "--effective-date", "2027-01-15", "--force")  # fmt: skip
    assert code == 0
    assert "件名: 【重要】" in out
    assert "warning: --force:" in err and "2027-02-06" in err


def test_configured_minimum_and_bad_dates(run_cli, month_pair, tmp_path):
    old, new = month_pair
    cfg = tmp_path / "policydiff.toml"
    cfg.write_text(
        '[notice]\nmin_lead_days = 60\ncompany = "株式会社ミライテック"\n', encoding="utf-8"
    )
    code, _, err = run_cli("notice", old, new, "--announce-date", "2027-01-06", "--effective-date", "2027-02-20", cwd=tmp_path)  # fmt: skip
    assert code == 1 and "設定 notice.min_lead_days requires 60日" in err, err
    code, _, err = run_cli("notice", old, new, "--effective-date", "2027-02-30")
    assert (
        code == 2
        and err.strip()
        == "policydiff: error: --effective-date must be a date YYYY-MM-DD, not '2027-02-30'"
    )
    code, _, err = run_cli(
        "notice", old, new, "--announce-date", "2027-03-01", "--effective-date", "2027-02-01"
    )
    assert code == 1 and "before the announce date" in err
    cfg.write_text("[notice]\ncompani = 'x'\n", encoding="utf-8")
    code, _, err = run_cli("notice", old, new, "--effective-date", "2099-01-01", cwd=tmp_path)
    assert code == 2 and "notice.compani" in err and len(err.strip().splitlines()) == 1


def test_announce_date_defaults_to_today(run_cli, month_pair):
    old, new = month_pair
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    code, _, err = run_cli("notice", old, new, "--effective-date", soon)
    assert code == 1 and f"({dt.date.today()} → {soon})" in err


# --------------------------------------------------------------------------- settings


def _report():
    return policydiff.compare_files(str(TERMS / "old.md"), str(TERMS / "new.md"))


def test_missing_settings_fall_back_to_the_policy_or_a_visible_placeholder():
    s, warnings = resolve(_report(), {}, {}, email=True)
    assert s.company == "株式会社ミライテック"  # from the preamble
    assert s.service == "ミライノート" and s.document == "ミライノート利用規約"
    assert s.document_url == "【文書のURL】" and s.contact == "【お問い合わせ先】"
    text = "\n".join(warnings)
    for key in ("company", "service", "document", "document_url", "contact", "sender"):
        assert f"notice.{key} " in text
    s, warnings = resolve(
        _report(), {"contact": "support@example.jp"}, {"company": "ミライ株式会社"}
    )
    assert s.company == "ミライ株式会社" and s.contact == "support@example.jp"
    assert not any("notice.company" in w or "notice.contact" in w for w in warnings)


def test_contact_clause_of_the_policy_is_used(make_doc, articles):
    report = policydiff.compare(make_doc(articles), make_doc(articles[:-1] + [("お問い合わせ窓口", "お問い合わせは support@example.jp までご連絡ください。")]))  # fmt: skip
    s, warnings = resolve(report, {}, {})
    assert s.contact == "お問い合わせは support@example.jp までご連絡ください。"
    assert any("notice.contact is not set" in w and "contact clause" in w for w in warnings)


def test_placeholder_and_warning_in_the_cli(run_cli):
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--announce-date", "2027-01-04",
                             "--effective-date", "2027-03-01")  # fmt: skip
    assert code == 0, err
    assert "【文書のURL】" in out and "【お問い合わせ先】" in out and "【改定の理由】" in out
    assert (
        "warning: notice.document_url is not set" in err and "warning: --reason is not given" in err
    )
    assert "notice.sender" not in err  # only an email needs a sender


# --------------------------------------------------------------------------- notice content


SETTINGS = NoticeSettings(
    company="株式会社ミライテック", service="ミライノート", document="プライバシーポリシー",
    document_url="https://example.jp/privacy", contact="https://example.jp/contact",
    sender="privacy@example.jp", recipient="",
)  # fmt: skip


def _notice(report, **kw):
    return make_notice(report, SETTINGS, announce=dt.date(2027, 1, 15), effective=dt.date(2027, 3, 1),
                       reason="広告配信を始めるため", **kw)  # fmt: skip


def test_consent_duty_asks_for_consent_and_never_presumes_it(make_doc, articles):
    new = list(articles)
    new[3] = (
        "第三者提供",
        "当社は、取得した個人情報を、広告の配信のために提携する広告事業者に提供します。",
    )
    n = _notice(policydiff.compare(make_doc(articles), make_doc(new)))
    assert n.context["consent_required"] and n.context["consent_clauses"] == ["第4条（第三者提供）"]
    for text in (n.text, n.html, n.markdown):
        assert "改めてお客様の同意をいただきます" in text
        for presumption in (
            "同意したものとみな",
            "同意したとみな",
            "ご利用をもって",
            "利用された場合",
            "継続して",
        ):
            assert presumption not in text


def test_notice_structure_and_subject(make_doc, articles):
    n = _notice(_report())
    assert n.subject == "【重要】プライバシーポリシー改定のお知らせ"
    t = n.text
    order = ["件名:", "いつもミライノートをご利用いただき", "2027年3月1日（月）", "■ 改定の理由", "広告配信を始めるため",
             "■ 主な変更点", "改定箇所①", "改定前:", "改定後:", "軽微な修正（3件）", "■ お客様へのお願い", "■ お問い合わせ",
             "https://example.jp/contact"]  # fmt: skip
    positions = [t.index(s) for s in order]
    assert positions == sorted(positions)
    assert "2027年2月28日（日）までに" in t  # the last day before the effective date
    assert (
        "効力発生日の30日前まで" in t and "効力発生日の14日前まで" in t
    )  # 改定前/改定後 of 第11条
    minor_only = _notice(policydiff.compare_files(str(REPO / "samples/editorial-only/old.md"), str(REPO / "samples/editorial-only/new.md")))  # fmt: skip
    assert not minor_only.subject.startswith("【重要】")
    assert (
        "お客様にお手続いただくことはありません" in minor_only.text
        and "改定箇所" not in minor_only.text
    )


HOSTILE = "当社は、<script>alert('x')</script>及び{{ 7*7 }}のために個人情報を利用します。{% raw %}"


def test_policy_text_is_data_in_every_output(make_doc, articles):
    new = list(articles)
    new[2] = ("利用目的", HOSTILE)
    report = policydiff.compare(make_doc(articles), make_doc(new))
    n = _notice(report)
    assert "<script>alert('x')</script>" in n.text and "{{ 7*7 }}" in n.text and "49" not in n.text
    for html in (n.html, make_table(report, "html")):
        assert "<script" not in html and "&lt;script&gt;" in html
        assert "{{ 7*7 }}" in html and "{% raw %}" in html
    from markdown_it import MarkdownIt

    for md in (n.markdown, make_table(report, "markdown")):
        rendered = MarkdownIt("commonmark").enable("table").render(md)
        assert (
            "<script" not in rendered and "&lt;script&gt;" in rendered and "{{ 7*7 }}" in rendered
        )
    import docx

    doc = docx.Document(io.BytesIO(make_table(report, "docx")))
    cells = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "<script>alert('x')</script>" in cells and "{{ 7*7 }}" in cells


def test_template_dir_overrides_a_bundled_template(run_cli, tmp_path):
    (tmp_path / "notice.txt.j2").write_text(
        "件名={{ subject }} 施行={{ effective_date }}\n", encoding="utf-8"
    )
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--announce-date", "2027-01-04",
                             "--effective-date", "2027-03-01", "--template-dir", tmp_path)  # fmt: skip
    assert code == 0, err
    assert out == "件名=【重要】ミライノート利用規約改定のお知らせ 施行=2027年3月1日（月）\n"
    code, out, err = run_cli("table", TERMS / "old.md", TERMS / "new.md", "--format", "markdown", "--template-dir", tmp_path)  # fmt: skip
    assert code == 0 and "| 改定後 | 改定前 | 備考 |" in out  # not overridden: the bundled one
    (tmp_path / "notice.txt.j2").write_text("{% for x in %}\n", encoding="utf-8")
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--effective-date", "2099-03-01", "--template-dir", tmp_path)  # fmt: skip
    assert (
        code == 2
        and err.startswith("policydiff: error: template")
        and len(err.strip().splitlines()) == 1
    )
    code, _, err = run_cli(
        "table", TERMS / "old.md", TERMS / "new.md", "--template-dir", tmp_path / "nope"
    )
    assert code == 2 and "no such directory" in err


# --------------------------------------------------------------------------- the table


def test_table_columns_placeholders_and_notes():
    report = _report()
    md = make_table(report, "markdown")
    assert "（下線部分は改定部分）" in md
    assert "| 改定後 | 改定前 | 備考 |" in md
    assert "| （新設） | 新設 |" in md  # 第3条 is new
    assert "| （略） | （略） |  |" in md
    assert "効力発生日の<u>14</u>日前" in md and "効力発生日の<u>30</u>日前" in md
    assert "第3条を第4条に繰下げ" in md and "誤記の訂正" in md and "引用条項の整理" in md
    swapped = make_table(report, "markdown", old_left=True)
    assert "| 改定前 | 改定後 | 備考 |" in swapped and "| （新設） | <u>第3条" in swapped
    full = make_table(report, "markdown", full=True)
    assert "（略）" not in full and "東京地方裁判所" in full


def test_removed_clause_shows_deleted_placeholder(run_cli):
    folder = REPO / "samples" / "kanji-articles"
    code, out, err = run_cli(
        "table", folder / "old.txt", folder / "new.txt", "--format", "markdown"
    )
    assert code == 0, err
    assert "| （削除） | <u>第五条" in out and "| 削除 |" in out


def test_docx_table_reads_back(run_cli, tmp_path):
    import docx
    from docx.shared import Mm

    out_file = tmp_path / "新旧対照表.docx"
    code, _, err = run_cli(
        "table", TERMS / "old.md", TERMS / "new.md", "--format", "docx", "-o", out_file
    )
    assert code == 0, err
    doc = docx.Document(str(out_file))
    assert "（下線部分は改定部分）" in [p.text for p in doc.paragraphs]
    sec = doc.sections[0]
    assert sec.page_width > sec.page_height and abs(sec.page_width - Mm(297)) < Mm(1)
    t = doc.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["改定後", "改定前", "備考"]
    texts = [[c.text for c in row.cells] for row in t.rows[1:]]
    assert any(
        new.startswith("第3条（当社からの通知）") and old == "（新設）" and note == "新設"
        for new, old, note in texts
    )
    underlined = [
        r.text
        for row in t.rows[1:]
        for c in row.cells[:2]
        for p in c.paragraphs
        for r in p.runs
        if r.underline
    ]
    assert "14" in underlined and "30" in underlined and "お" in underlined
    plain = [
        r.text
        for row in t.rows[1:]
        for c in row.cells[:2]
        for p in c.paragraphs
        for r in p.runs
        if not r.underline
    ]
    assert any("効力発生日の" in r for r in plain)
    assert t.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # the header repeats on every page


def test_commands_have_help_with_an_example_and_a_readme_entry(run_cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("notice", "table"):
        code, out, _ = run_cli(command, "--help")
        assert code == 0 and "Example:" in out
        assert f"policydiff {command} " in readme


def test_readme_documents_every_template_variable():
    from policydiff.notices.content import notice_context
    from policydiff.notices.table import table_context

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    report = _report()
    ctx = notice_context(report, SETTINGS, announce=dt.date(2027, 1, 15), effective=dt.date(2027, 3, 1), reason="r", lead_days=45)  # fmt: skip
    names = set(ctx) | {f"changes[].{k}" for k in ctx["changes"][0]}
    tctx = table_context(report)
    names |= set(tctx) | {f"rows[].{k}" for k in tctx["rows"][0]}
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, missing


def test_eml_is_a_multipart_alternative_utf8_message(run_cli, tmp_path):
    out_file = tmp_path / "notice.eml"
    code, _, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--announce-date", "2027-01-04",
                           "--effective-date", "2027-03-01", "--format", "eml", "-o", out_file,
                           "--from", "ミライテック <notice@example.jp>", "--to", "user@example.com")  # fmt: skip
    assert code == 0, err
    raw = out_file.read_bytes()
    head = raw.split(b"\n\n", 1)[0].decode(
        "ascii"
    )  # headers are 7-bit: the Japanese is MIME-encoded
    assert "Subject: =?utf-8?" in head
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == "【重要】ミライノート利用規約改定のお知らせ"
    assert msg["From"].addresses[0].addr_spec == "notice@example.jp"
    assert msg["From"].addresses[0].display_name == "ミライテック"
    assert msg["To"].addresses[0].addr_spec == "user@example.com"
    assert msg["Date"].datetime is not None and msg["Message-ID"].endswith("@example.jp>")
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    for body in (text, html):
        assert "2027年3月1日（月）" in body and "2027年2月28日（日）" in body
    assert "<u>14</u>" in html and "<h2" in html
    assert "notice.sender" not in err


def test_eml_without_sender_uses_a_visible_placeholder(run_cli, tmp_path):
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--announce-date", "2027-01-04",
                             "--effective-date", "2027-03-01", "--format", "eml")  # fmt: skip
    assert code == 0
    msg = email.message_from_string(out, policy=email.policy.default)
    assert msg["From"].addresses[0].display_name == "【送信元アドレス】"
    assert msg["From"].addresses[0].domain == "example.invalid"
    assert msg["To"] == "undisclosed-recipients:;"
    assert "warning: notice.sender is not set" in err


def test_settings_from_pyproject_tool_table(run_cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.policydiff.notice]\ncompany = "ミライテック合同会社"\ndocument_url = "https://example.jp/terms"\n'
        'contact = "support@example.jp"\nrecipient = "all@example.jp"\nsender = "n@example.jp"\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--announce-date", "2027-01-04",
                             "--effective-date", "2027-03-01", "--reason", "r", "--format", "eml", cwd=tmp_path)  # fmt: skip
    assert code == 0, err
    msg = email.message_from_string(out, policy=email.policy.default)
    assert msg["To"] == "all@example.jp" and msg["From"].addresses[0].addr_spec == "n@example.jp"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert (
        "ミライテック合同会社は" in text
        and "https://example.jp/terms" in text
        and "support@example.jp" in text
    )
    for key in ("company", "document_url", "contact", "sender"):
        assert f"notice.{key} " not in err
    assert "notice.service is not set" in err  # still derived from the policy, and said so
    code, out, err = run_cli("notice", TERMS / "old.md", TERMS / "new.md", "--effective-date", "2099-03-01",
                           "--company", "オプション株式会社", cwd=tmp_path)  # fmt: skip
    assert code == 0 and "notice.company" not in err and "オプション株式会社は" in out


@pytest.mark.parametrize("argv", [["--help"], ["notice", "--help"], ["table", "--help"]])
def test_help_loads_no_template_engine_word_or_dictionary(argv):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "policydiff", *argv],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0
    imported = {
        ln.split("|")[-1].strip().split(".")[0] for ln in proc.stderr.splitlines() if "|" in ln
    }
    assert "policydiff" in imported
    for heavy in ("jinja2", "markupsafe", "docx", "sudachipy", "aiosmtpd"):
        assert heavy not in imported, heavy


def test_identical_versions_still_check_the_promise_and_say_so(run_cli):
    old = TERMS / "old.md"
    code, _, err = run_cli(
        "notice", old, old, "--announce-date", "2027-01-15", "--effective-date", "2027-01-20"
    )
    assert code == 1 and "改定前の第10条（本規約の変更） requires 30日" in err  # 「30日前までに」
    code, out, err = run_cli(
        "notice", old, old, "--announce-date", "2027-01-15", "--effective-date", "2027-03-01"
    )
    assert code == 0 and "are identical" in err
    assert not out.startswith("件名: 【重要】") and "お客様にお手続いただくことはありません" in out
    code, out, err = run_cli("table", old, old, "--format", "markdown")
    assert code == 0 and "are identical" in err and "| 改定後 | 改定前 | 備考 |" in out


def test_notice_settings_are_found_beside_the_compared_files(run_cli, tmp_path):
    """As the rules are: from the compared files' folder upwards, not only from the cwd."""
    policy_dir = tmp_path / "policies"
    policy_dir.mkdir()
    for side in ("old", "new"):
        (policy_dir / f"{side}.md").write_bytes((TERMS / f"{side}.md").read_bytes())
    (policy_dir / "policydiff.toml").write_text(
        '[notice]\ncompany = "ソバノテスト株式会社"\n', encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = run_cli("notice", policy_dir / "old.md", policy_dir / "new.md",
                             "--effective-date", "2099-03-01", cwd=elsewhere)  # fmt: skip
    assert code == 0, err
    assert "ソバノテスト株式会社は" in out and "notice.company" not in err


def test_template_environment_is_built_once_per_directory(tmp_path):
    from policydiff.notices.templating import environment

    assert environment() is environment()
    assert environment(tmp_path) is environment(tmp_path)
    assert environment(tmp_path) is not environment()

"""notices/ — the 改定のお知らせ (text, HTML, Markdown, .eml; SMTP) and the 新旧対照表
(HTML, Markdown, Word), with the effective-date check. They only read the Report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model import Report
from .content import notice_context
from .period import LeadTime, LeadTimeError, lead_time, parse_date
from .settings import NoticeSettings, resolve
from .table import table_context
from .templating import render

__all__ = [
    "LeadTime",
    "LeadTimeError",
    "Notice",
    "NoticeSettings",
    "lead_time",
    "make_notice",
    "make_table",
    "parse_date",
    "resolve",
]

NOTICE_TEMPLATES = {"text": "notice.txt.j2", "markdown": "notice.md.j2", "html": "notice.html.j2"}
TABLE_TEMPLATES = {"markdown": "table.md.j2", "html": "table.html.j2"}


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str
    html: str
    markdown: str
    context: dict


def make_notice(report: Report, settings: NoticeSettings, *, announce: dt.date, effective: dt.date,
                reason: str, template_dir: Path | None = None, formats=("text", "html", "markdown")) -> Notice:  # fmt: skip
    ctx = notice_context(report, settings, announce=announce, effective=effective, reason=reason,
                         lead_days=(effective - announce).days)  # fmt: skip
    out = {
        f: render(NOTICE_TEMPLATES[f], ctx, template_dir) if f in formats else ""
        for f in NOTICE_TEMPLATES
    }
    return Notice(ctx["subject"], out["text"], out["html"], out["markdown"], ctx)


def make_table(report: Report, fmt: str, *, old_left: bool = False, full: bool = False,
               document: str = "", template_dir: Path | None = None) -> str | bytes:  # fmt: skip
    ctx = table_context(report, old_left=old_left, full=full, document=document)
    if fmt == "docx":
        from .docx_table import render_docx

        return render_docx(ctx)
    return render(TABLE_TEMPLATES[fmt], ctx, template_dir)

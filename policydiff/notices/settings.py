"""Who sends the notice, about what: settings from options, the configuration, or the policy.

Order: a command-line option, else ``[notice]`` in policydiff.toml / ``[tool.policydiff]``,
else what the policy itself states (the operator named in its preamble, its contact clause,
its title), else a visible placeholder such as 【会社名】. Whatever is not set explicitly is
named in a warning (``notice.KEY``), so nothing is ever silently blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Kind, Report
from ..rules import nfkc
from ..units import document_units
from ..wording import PLACEHOLDERS
from .lines import shown_lines

FIELDS = ("company", "service", "document", "document_url", "contact", "sender", "recipient")


@dataclass(frozen=True)
class NoticeSettings:
    company: str
    service: str
    document: str
    document_url: str
    contact: str
    sender: str
    recipient: str  # "" → the .eml goes to undisclosed recipients
    min_lead_days: int | None = None


_COMPANY = re.compile(
    r"(?:株式会社|有限会社|合同会社|一般社団法人|一般財団法人)[^\s（(「」、。，．]{1,30}"
    r"|[^\s（(「」、。，．はがをのに]{1,30}(?:株式会社|有限会社|合同会社)"
)
_NOT_A_NAME = {"当社", "本サービス", "本規約", "本ポリシー", "ユーザー", "利用者", "お客様"}
_CONTACT_TITLE = re.compile(r"問い?合わせ|問合せ|窓口|連絡先|苦情")
_DOC_WORDS = re.compile(
    r"(利用規約|会員規約|規約|プライバシーポリシー|個人情報保護方針|個人情報の取扱い.*)$"
)


def _nodes(doc: Document, kind: Kind) -> str:
    return "\n".join(n.own_text() for n in doc.root.walk() if n.kind is kind)


def company_from(doc: Document) -> str:
    for text in (_nodes(doc, Kind.PREAMBLE), _nodes(doc, Kind.TRAILER), doc.policy.text[:3000]):
        m = _COMPANY.search(text)
        if m:
            return m.group(0)
    return ""


def service_from(doc: Document) -> str:
    pre = _nodes(doc, Kind.PREAMBLE)
    for m in re.finditer(r"「([^」]{1,40})」", pre):
        if pre[max(0, m.start() - 2) : m.start()] != "以下" and m.group(1) not in _NOT_A_NAME:
            return m.group(1)
    stem = _DOC_WORDS.sub("", doc.title).strip(" 　「」")
    return stem


def contact_from(doc: Document) -> str:
    for u in document_units(doc):
        if u.clause.title and _CONTACT_TITLE.search(nfkc(u.clause.title)):
            lines = shown_lines(u)[1:] if u.clause.heading else shown_lines(u)
            body = "\n".join(ln.text for ln in lines).strip()
            if body:
                return body
    return ""


def resolve(
    report: Report, config: dict, options: dict, source: str = "", *, email: bool = True
) -> tuple[NoticeSettings, list[str]]:
    """The settings and the warnings about each one that was not set explicitly (the sender
    only matters, and is only warned about, for an email)."""
    warnings: list[str] = []
    where = f" in {source}" if source else " in policydiff.toml [notice]"
    derived = {
        "company": (lambda: company_from(report.new) or company_from(report.old), "preamble"),
        "service": (lambda: service_from(report.new) or service_from(report.old), "preamble"),
        "document": (lambda: report.new.title or report.old.title, "title"),
        "contact": (
            lambda: contact_from(report.new) or contact_from(report.old),
            "contact clause",
        ),
    }
    values: dict[str, str] = {}
    for key in FIELDS:
        value = options.get(key) or config.get(key) or ""
        if not value and key in derived:
            fn, what = derived[key]
            value = fn()
            if value:
                warnings.append(
                    f"notice.{key} is not set{where}; using 「{_short(value)}」 from the policy's {what}"
                )
        if not value and key != "recipient":
            value = PLACEHOLDERS[key]
            if email or key != "sender":
                warnings.append(f"notice.{key} is not set{where}; the notice shows {value}")
        values[key] = value
    lead = options.get("min_lead_days")
    if lead is None:
        lead = config.get("min_lead_days")
    return NoticeSettings(**values, min_lead_days=lead), warnings


def _short(s: str) -> str:
    one = s.replace("\n", " ")
    return one if len(one) <= 40 else one[:40] + "…"

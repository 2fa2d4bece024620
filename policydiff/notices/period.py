"""The effective-date check: lead time = effective date − announce date.

The minimum is the strictest of the configured one and the notice periods the policy itself
promises, in the version in force (old) and in the new one: 「1か月以上の相当な期間を経過した日
から適用」, 「30日前までに通知」, 「2週間前」, 「効力発生日の14日前までに」, kanji numerals too.
A promise counts only in a sentence about changing the document (変更・改定) — 「退会の30日前
までに申し出る」 is not a notice period for revisions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..errors import ExitCode, PolicydiffError
from ..model import Document
from ..numerals import to_int
from ..rules import nfkc
from ..units import document_units
from ..wording import format_date
from .content import clause_name

_NUM = r"[0-9０-９]+|[〇一二三四五六七八九十百]+"
_UNIT = r"日|週間|週|か月|ヶ月|ケ月|カ月|ヵ月|箇月|ヵ月|ケ月"
# a duration followed by what makes it a lead time: …前(まで)(に) / …の(相当な)(予告)期間を経過 …
_PERIOD = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})(?:間)?(?P<atleast>以上)?"
    r"(?:(?P<before>前)|[をが]経過|の(?:相当な|合理的な|十分な)?(?:予告|周知|告知)?期間(?:を(?:経過|置|おい|設け)|経過|をもって|前))"
)
_ABOUT_CHANGE = re.compile(r"変更|改定|改訂|改正")
_ABOUT_NOTICE = re.compile(r"通知|掲示|周知|告知|公表|お知らせ|適用|効力|予告|掲載|連絡")


class LeadTimeError(PolicydiffError):
    """The effective date breaks a notice period (exit 1: a check failed)."""

    exit_code = ExitCode.CHECK_FAILED


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "day" | "month"

    def after(self, start: dt.date) -> dt.date:
        if self.unit == "month":
            month0 = start.month - 1 + self.amount
            year, month = start.year + month0 // 12, month0 % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            return dt.date(year, month, day)
        return start + dt.timedelta(days=self.amount)

    def __str__(self) -> str:
        return f"{self.amount}か月" if self.unit == "month" else f"{self.amount}日"


@dataclass(frozen=True)
class Requirement:
    """One minimum lead time and where it comes from."""

    period: Period
    source: str  # 設定 notice.min_lead_days / 改定前の第10条（本規約の変更）…
    quote: str = ""  # the words of the policy that promise it

    def earliest(self, announce: dt.date) -> dt.date:
        return self.period.after(announce)


@dataclass(frozen=True)
class LeadTime:
    announce: dt.date
    effective: dt.date
    requirements: tuple[Requirement, ...]

    @property
    def days(self) -> int:
        return (self.effective - self.announce).days

    @property
    def strictest(self) -> Requirement | None:
        if not self.requirements:
            return None
        return max(self.requirements, key=lambda r: r.earliest(self.announce))

    @property
    def earliest(self) -> dt.date:
        s = self.strictest
        return max(self.announce, s.earliest(self.announce)) if s else self.announce

    @property
    def ok(self) -> bool:
        return self.effective >= self.earliest

    def problem(self) -> str:
        """One line saying why the effective date is too early (empty when it is not)."""
        if self.ok:
            return ""
        if self.effective < self.announce:
            head = (
                f"the effective date {self.effective} is before the announce date {self.announce}"
            )
        else:
            head = (
                f"a lead time of {self.days} days ({self.announce} → {self.effective}) is too short"
            )
        s = self.strictest
        why = f"; {s.source} requires {s.period}" + (f" (「{s.quote}」)" if s.quote else "")
        return (
            f"{head}{why if s else ''}; the earliest allowed effective date is {self.earliest} "
            f"({format_date(self.earliest)}); --force overrides"
        )


def _period(num: str, unit: str) -> Period | None:
    n = to_int(num)
    if n is None:
        return None
    if unit in ("週間", "週"):
        return Period(7 * n, "day")
    if unit == "日":
        return Period(n, "day")
    return Period(n, "month")


def promised_periods(doc: Document, side: str) -> list[Requirement]:
    """The notice periods a document promises for its own revision."""
    out: list[Requirement] = []
    if doc.structure == "unparsed":  # equal texts are answered without parsing
        from ..parse import parse

        doc = parse(doc.policy)
    for u in document_units(doc):
        title = nfkc(u.clause.title)
        for sentence in re.split(r"(?<=。)|\n", u.text):
            s = nfkc(sentence)
            if not _ABOUT_NOTICE.search(s) or not (
                _ABOUT_CHANGE.search(s) or _ABOUT_CHANGE.search(title)
            ):
                continue
            for m in _PERIOD.finditer(sentence):
                p = _period(m.group("num"), m.group("unit"))
                if p is not None and p.amount > 0:
                    where = f"{side}の{clause_name(u)}"
                    out.append(Requirement(p, where, m.group(0)))
    return out


def lead_time(
    announce: dt.date,
    effective: dt.date,
    *,
    old: Document,
    new: Document,
    configured_days: int | None = None,
    configured_source: str = "設定 notice.min_lead_days",
) -> LeadTime:
    reqs: list[Requirement] = []
    if configured_days:
        reqs.append(Requirement(Period(configured_days, "day"), configured_source))
    reqs += promised_periods(old, "改定前")
    reqs += promised_periods(new, "改定後")
    return LeadTime(announce, effective, tuple(reqs))


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PolicydiffError(f"{option} must be a date YYYY-MM-DD, not {text!r}") from None

"""The words people read, in one place: labels, change names, verdict sentences, dates.

The text report (``render``), the classifier's reasons (``classify``), the 改定のお知らせ
and the 新旧対照表 (``notices``) all take their fixed wording from here, so that one change
is called the same thing everywhere (a whole new clause is 新設 in every output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import datetime as _dt  # a date is formatted by the notices only

# --------------------------------------------------------------------------- severity

LABEL_MATERIAL = "重要"
LABEL_MINOR = "軽微"
LABEL_REVIEW = "重要（要確認）"  # material because no proof covers it: a person should look

# --------------------------------------------------------------------------- kinds of change

# a whole clause (report `type`)
TYPE_NAMES = {"modified": "変更", "added": "新設", "removed": "削除", "moved": "移動"}
# words inserted into / removed from / replaced inside a clause (one hunk)
EDIT_NAMES = {"insert": "追加", "delete": "削除", "replace": "変更"}
RENUMBER_DOWN = "繰下げ"  # 第3条 → 第4条
RENUMBER_UP = "繰上げ"  # 第4条 → 第3条
NOTE_ORTHOGRAPHY = "表記の統一"
NOTE_TYPO = "誤記の訂正"
# editorial proofs (rules/editorial.toml ids) and the 備考 word a legal team uses for them
PROOF_NOTES = {
    "M-format": NOTE_ORTHOGRAPHY,
    "M-width": NOTE_ORTHOGRAPHY,
    "M-orthography": NOTE_ORTHOGRAPHY,
    "M-punctuation": NOTE_ORTHOGRAPHY,
    "M-inflection": NOTE_ORTHOGRAPHY,
    "M-heading": NOTE_ORTHOGRAPHY,
    "M-doubled": NOTE_TYPO,
    "M-confusion": NOTE_TYPO,
    "M-particle": NOTE_TYPO,
    "M-crossref": "引用条項の整理",
    "M-statute": "引用条項の整理",
    "M-date": "改定日の更新",
    "M-move": "条項の移動",
}

# --------------------------------------------------------------------------- verdicts

VERDICT_SENTENCES = {
    "material": "重要な変更あり",
    "minor": "軽微な変更のみ",
    "identical": "変更なし",
}

DOCUMENT_TYPE_NAMES = {"terms": "利用規約", "privacy": "プライバシーポリシー"}


def document_type_name(doc_type: str) -> str:
    return DOCUMENT_TYPE_NAMES.get(doc_type, DOCUMENT_TYPE_NAMES["privacy"])


# --------------------------------------------------------------------------- 新旧対照表

COLUMN_NEW = "改定後"
COLUMN_OLD = "改定前"
COLUMN_NOTE = "備考"
TABLE_CAPTION = "（下線部分は改定部分）"
PLACEHOLDER_ADDED = "（新設）"
PLACEHOLDER_REMOVED = "（削除）"
PLACEHOLDER_OMITTED = "（略）"
NO_TEXT = "（記載なし）"  # a notice quoting the side of a clause where nothing was written
TABLE_TITLE = "新旧対照表"

# --------------------------------------------------------------------------- notice

SUBJECT_IMPORTANT = "【重要】"
SUBJECT_SUFFIX = "改定のお知らせ"
# what a missing setting shows (never a blank): the key is named in a warning on stderr
PLACEHOLDERS = {
    "company": "【会社名】",
    "service": "【サービス名】",
    "document": "【文書名】",
    "document_url": "【文書のURL】",
    "contact": "【お問い合わせ先】",
    "sender": "【送信元アドレス】",
    "reason": "【改定の理由】",
}

# --------------------------------------------------------------------------- dates

WEEKDAYS = "月火水木金土日"


def format_date(d: _dt.date) -> str:
    """2027年1月15日（金）: the date as a Japanese notice writes it."""
    return f"{d.year}年{d.month}月{d.day}日（{WEEKDAYS[d.weekday()]}）"

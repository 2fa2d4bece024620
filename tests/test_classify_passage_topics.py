"""A passage of several lines on different topics also stands in each line's own topic
(a line's cue words of a material category). Texts are our own (ミライノート)."""

from __future__ import annotations

import policydiff
from policydiff import Severity

OLD = (
    "ミライノート利用規約\n\n第1条（免責）\n"
    "当社は、本サービスに関して利用者に生じた損害について、当社に故意又は重大な過失がある"
    "場合を除き、責任を負いません。\n\n2024年4月1日 制定\n"
)


def added_passage(lines: list[str]):
    anchor = "責任を負いません。\n"
    new = OLD.replace(anchor, anchor + "".join(line + "\n" for line in lines))
    report = policydiff.compare(OLD, new)
    (change,) = [c for c in report.changes if c.severity is Severity.MATERIAL]
    return change


def test_each_line_of_a_passage_brings_its_topic():
    # three lines whose topics outweigh the fourth's: the fourth still names its own topic
    change = added_passage(
        [
            "当社は、利用者間の紛争について一切の責任を負わず、損害賠償の責任も負いません。",
            "月額の利用料金及び年額の利用料は、いかなる場合も返金しません。",
            "当社は、本サービスの内容を変更し、中断し、又は提供を終了することがあります。",
            "本規約は、日本法に準拠します。",
        ]
    )
    assert {"liability", "fees", "service_change"} <= set(change.categories)
    assert "governing_law" in change.categories


def test_a_contact_word_in_one_line_is_no_topic_of_the_passage():
    change = added_passage(
        [
            "当社は、利用者間の紛争について一切の責任を負わず、損害賠償の責任も負いません。",
            "当社は、本サービスの中断による損害についても賠償の責任を負いません。",
            "月額の利用料金は、いかなる場合も返金しません。",
            "お問い合わせ窓口の受付時間は平日のみとします。",
        ]
    )
    assert change.categories[0] == "liability" and "fees" in change.categories
    assert "contact" not in change.categories


def test_one_sentence_takes_no_line_topics():
    change = added_passage(["当社は、損害賠償の責任を負わず、本規約の準拠法は日本法とします。"])
    assert len(change.categories) <= 2

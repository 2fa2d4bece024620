"""compare_policies reads the two versions with log's section memo (an unchanged section of
the new version is not parsed again) — but not documents of a machine-made size, whose
parser tokens the memo would hold all at once (issue 10: 10 MB within 300 MiB)."""

from __future__ import annotations

import contextlib

import pytest

from policydiff import pipeline
from policydiff.load import policy_from_text
from policydiff.readers import mdmemo

OLD = "# 利用規約\n\n## 第1条（目的）\n\n本規約は目的を定めます。\n\n## 第2条（定義）\n\n- 用語A\n- 用語B\n"
NEW = OLD.replace("用語B", "用語C")


@pytest.fixture
def memo_uses(monkeypatch):
    uses = []

    @contextlib.contextmanager
    def counted():
        uses.append(1)
        with original():
            yield

    original = mdmemo.active
    monkeypatch.setattr(mdmemo, "active", counted)
    return uses


def test_the_versions_of_a_compare_are_read_with_the_section_memo(memo_uses):
    report = pipeline.compare_policies(policy_from_text(OLD, "a.md"), policy_from_text(NEW, "b.md"))
    assert memo_uses == [1]
    assert len(report.changes) == 1


def test_documents_of_a_machine_made_size_are_read_without_it(memo_uses, monkeypatch):
    small = pipeline.compare_policies(policy_from_text(OLD, "a.md"), policy_from_text(NEW, "b.md"))
    monkeypatch.setattr(pipeline, "LARGE_DOCUMENT_CHARS", len(OLD))
    large = pipeline.compare_policies(policy_from_text(OLD, "a.md"), policy_from_text(NEW, "b.md"))
    assert memo_uses == [1]  # the first compare only
    assert _without_timings(large) == _without_timings(small)


def _without_timings(report) -> dict:
    from policydiff.render import report_to_dict

    return {k: v for k, v in report_to_dict(report).items() if k != "timings"}

"""The collector paused during a comparison is running again afterwards, also after an error."""

from __future__ import annotations

import gc

import pytest

import policydiff
from policydiff import pipeline


def test_collector_is_enabled_after_a_comparison() -> None:
    assert gc.isenabled()
    report = policydiff.compare(
        "第1条（目的）\n当社は情報を取得します。\n", "第1条（目的）\n当社は情報を利用します。\n"
    )
    assert report.changes
    assert gc.isenabled()


def test_collector_is_enabled_after_an_error() -> None:
    @pipeline._gc_paused
    def fails() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_collector_left_disabled_when_it_was() -> None:
    gc.disable()
    try:
        pipeline._gc_paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()

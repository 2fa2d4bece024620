"""policydiff.readers.text: one block per line, bullets and indentation, page noise."""

from __future__ import annotations

from policydiff.readers import BlockKind, Format
from policydiff.readers.text import is_page_noise, read_text


def test_blocks_tile_the_text():
    text = "第1条（目的）\n\n・氏名\n　・旧姓\n本文です。"
    r = read_text(text)
    assert r.format is Format.TEXT
    assert "".join(text[b.start : b.end] for b in r.blocks) == text
    assert [b.raw for b in r.blocks] == text.split("\n")


def test_bullets_indentation_and_gaps():
    r = read_text("見出し\n\n・氏名\n　・旧姓\n  - 電話\n続き\n")
    kinds = [(b.kind, b.marker, b.indent, b.gap, b.text) for b in r.blocks]
    assert kinds == [
        (BlockKind.PARAGRAPH, "", 0, True, "見出し"),
        (BlockKind.BLANK, "", 0, False, ""),
        (BlockKind.ITEM, "・", 0, True, "氏名"),
        (BlockKind.ITEM, "・", 2, False, "旧姓"),
        (BlockKind.ITEM, "-", 2, False, "電話"),
        (BlockKind.PARAGRAPH, "", 0, False, "続き"),
    ]


def test_bold_marker_is_not_a_bullet():
    (b,) = read_text("**重要**").blocks
    assert b.kind is BlockKind.PARAGRAPH and b.text == "**重要**"  # plain text keeps its words


def test_page_noise():
    assert is_page_noise("- 3 -") and is_page_noise(" 2 / 10 ") and is_page_noise("－１２－")
    assert (
        not is_page_noise("- 氏名") and not is_page_noise("1/2の確率") and not is_page_noise("--")
    )
    (b,) = read_text("- 3 -").blocks
    assert b.kind is BlockKind.BLANK and b.noise

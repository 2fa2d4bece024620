"""policydiff.readers: format detection, --from, unreadable inputs."""

from __future__ import annotations

import pytest

from policydiff.errors import InputError
from policydiff.load import decode_policy
from policydiff.readers import Format, ReadOptions, detect_format, read


def policy(text: str, source: str):
    return decode_policy(text.encode("utf-8"), source)


@pytest.mark.parametrize(
    ("source", "text", "fmt"),
    [
        ("a.md", "本文", Format.MARKDOWN),
        ("a.HTML", "本文", Format.HTML),
        ("a.htm", "本文", Format.HTML),
        ("a.txt", "第1条（目的）\n本文。", Format.TEXT),
        ("a.txt", "<!DOCTYPE html><html><body><p>本文</p></body></html>", Format.HTML),
        ("a.txt", "<div>\n<p>本文</p>\n</div>\n", Format.HTML),
        ("a.txt", "## 第1条\n本文。", Format.MARKDOWN),
        ("a.txt", "---\ntitle: x\n---\n本文", Format.MARKDOWN),
        ("a.txt", "詳しくは[こちら](https://x)。", Format.MARKDOWN),
        ("a.txt", "#1 の件\n本文", Format.TEXT),
        ("a.txt", "1 < 2 の場合", Format.TEXT),
    ],
)
def test_detection_extension_then_content(source, text, fmt):
    assert detect_format(policy(text, source)) is fmt


def test_from_overrides_detection():
    p = policy("## 見出し\n本文です。", "a.txt")
    assert read(p).format is Format.MARKDOWN
    r = read(p, ReadOptions(format=Format.TEXT))
    assert r.format is Format.TEXT and r.blocks[0].text == "## 見出し"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("<html><body><nav>メニュー</nav><script>x()</script></body></html>", "a.html"),
        ("---\ntitle: x\n---\n", "a.md"),
        ("<!-- コメントのみ -->\n", "a.md"),
    ],
)
def test_a_document_with_no_visible_text_is_an_error(text, source):
    with pytest.raises(InputError, match="no readable text"):
        read(policy(text, source))

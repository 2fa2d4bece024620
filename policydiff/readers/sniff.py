"""Content sniffing: is a file without a telling extension HTML, Markdown or plain text?

Each test is a bounded scan of lines (no backtracking pattern over unbounded runs).
"""

from __future__ import annotations

from . import Format

_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<?xml")
_SCAN_LINES = 5000


def sniff(text: str) -> Format:
    head = text.lstrip("\ufeff \t\n")[:200].lower()
    if head.startswith(_HTML_STARTS) or (head.startswith("<") and _mostly_tags(text)):
        return Format.HTML
    return Format.MARKDOWN if _markdown_signals(text) else Format.TEXT


def _mostly_tags(text: str) -> bool:
    lines = [ln.strip() for ln in text.split("\n", _SCAN_LINES)[:_SCAN_LINES] if ln.strip()]
    tagged = sum(1 for ln in lines if ln.startswith("<") and ">" in ln)
    return bool(lines) and "</" in text and tagged * 2 >= len(lines)


def _markdown_signals(text: str) -> bool:
    """A front matter, an ATX heading, a link, an attribute list, a table rule, bold."""
    if text.startswith("---\n") and "\n---" in text[4:20000]:
        return True
    if "](" in text or "{:" in text or "**" in text:
        return True
    for line in text.split("\n", _SCAN_LINES)[:_SCAN_LINES]:
        s = line.lstrip(" ")
        if s.startswith("#"):
            hashes = len(s) - len(s.lstrip("#"))
            if hashes <= 6 and (len(s) == hashes or s[hashes] in " \t"):
                return True
        if s.startswith("|") and "-" in s and set(s.strip()) <= set("|-: "):
            return True
    return False

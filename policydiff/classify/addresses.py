"""Web and mail addresses typed in the text, and the registered domain each belongs to.

Two addresses are the same operator's when they share the registered domain — the Public
Suffix List's private suffix (help.mirai.co.jp and support.mirai.co.jp are both mirai.co.jp;
a.github.io and b.github.io are not one site). Under a domain reserved for documentation
(editorial.toml [addresses]) no one registers, so the label beneath it plays the registered
domain: mirai.example.jp.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator, Sequence

from ..model import Hunk, Token
from ..rules import RuleSet
from ..worddiff import make_hunk

_ADDRESS_AT = r"https?://(?:[^/\s@)）>」\]]*@)?([^/\s)）>」\]:?#]+)[^\s)）>」\]]*|[\w.+-]+@([\w-]+(?:\.[\w-]+)+)"
_ADDRESS = re.compile(_ADDRESS_AT)
# The mailbox branch only where a run of mailbox characters starts: tried from every position
# of one long word it rescanned the rest of the word each time (quadratic on "a" * 100 000).
_ADDRESS_AT_RUN = re.compile(_ADDRESS_AT.replace("|[\\w.+-]+@", "|(?<![\\w.+-])[\\w.+-]+@", 1))
_MAILBOX_CHAR = re.compile(r"[\w.+-]")


def _address_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ADDRESS.finditer(text)``, in linear time. A run of mailbox characters ends at the
    same place from any of its positions, so if the mailbox branch fails where the run starts
    it fails inside the run too; the one start the look-behind hides is a run continuing
    right after the previous match, which is tried directly."""
    pos = 0
    while pos <= len(text):
        m = None
        if 0 < pos < len(text) and _MAILBOX_CHAR.match(text, pos - 1):
            m = _ADDRESS.match(text, pos)
        m = m or _ADDRESS_AT_RUN.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def address_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, host) of every web or mail address in ``text``; the host lower-cased,
    without a leading www."""
    return [
        (m.start(), m.end(), (m.group(1) or m.group(2) or "").lower().removeprefix("www."))
        for m in _address_matches(text)
    ]


@functools.cache
def _suffix_list():
    from publicsuffixlist import PublicSuffixList  # lazy: ~0.1 s to read the list

    return PublicSuffixList()


def registered_domain(host: str, rules: RuleSet) -> str:
    """The domain a registrant holds: mirai.co.jp for help.mirai.co.jp."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host  # an address, not a name: only itself
    except ValueError:
        pass
    for d in rules.lexicon.documentation_domains:
        if host.endswith("." + d):
            return host[: -len(d) - 1].rsplit(".", 1)[-1] + "." + d
        if host == d:
            return host
    return _suffix_list().privatesuffix(host) or host


def touched_domains(text: str, start: int, end: int, rules: RuleSet) -> list[tuple[str, str]]:
    """(address, registered domain) of the addresses that the span start..end overlaps, or
    that an insertion point (start == end) stands strictly inside."""
    return [
        (text[s:e], registered_domain(host, rules))
        for s, e, host in address_spans(text)
        if (s < end and start < e) or s < start == end < e
    ]


def join_within_addresses(
    hunks: Sequence[Hunk],
    old_text: str,
    new_text: str,
    old_tokens: Sequence[Token],
    new_tokens: Sequence[Token],
) -> list[Hunk]:
    """Hunks that lie inside the same address on both sides become one: an address is read
    as a whole (support@a.example.jp → privacy@b.example.jp is one change of address, not
    two of its pieces)."""

    def span(text: str, start: int, end: int) -> tuple[int, int] | None:
        for s, e, _ in address_spans(text):
            if s <= start and end <= e:
                return s, e
        return None

    out: list[Hunk] = []
    for h in hunks:
        if out:
            p = out[-1]
            so, sn = span(old_text, p.old_start, h.old_end), span(new_text, p.new_start, h.new_end)
            if so is not None and sn is not None:
                o0, o1, n0, n1 = p.old_start, h.old_end, p.new_start, h.new_end
                out[-1] = make_hunk(
                    old_text,
                    new_text,
                    o0,
                    o1,
                    n0,
                    n1,
                    [t for t in old_tokens if t.end > o0 and t.start < o1],
                    [t for t in new_tokens if t.end > n0 and t.start < n1],
                )
                continue
        out.append(h)
    return out

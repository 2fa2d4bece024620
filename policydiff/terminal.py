"""What may reach a terminal: control characters from a document are shown, never obeyed.

A policy (or a file name) can hold ``ESC[2J`` (clear the screen), ``ESC]0;…BEL`` (set the
window title) or ``ESC[31m``; printed as they are, the terminal would act on them. Every
C0 and C1 control character other than newline and tab, DEL, and the bidirectional
overrides (which reorder what is shown) are written as escapes (``\\x1b``, ``\\u202e``)
instead. Colour codes come only from policydiff's own styling, added after this step.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")  # json.dumps already escapes C0
# policydiff's own colour codes (Select Graphic Rendition), the only escapes it writes itself
_OWN_SGR = re.compile(r"\x1b(?=\[[0-9;]*m)")


def _escape(m: re.Match[str]) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character (other than newline and tab) escaped."""
    return _CONTROL.sub(_escape, text)


def escape_controls_keep_colour(text: str) -> str:
    """Like :func:`escape_controls`, but policydiff's own SGR colour codes stay."""
    placeholder = "\x1b"
    if placeholder not in text:
        return escape_controls(text)
    parts = _OWN_SGR.split(text)
    return placeholder.join(escape_controls(p) for p in parts)


def escape_json_text(text: str) -> str:
    """JSON text with C1 controls, DEL and bidi overrides as ``\\uXXXX`` (the same JSON value)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

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
# the other format characters (Unicode category Cf): invisible (U+200B zero width space, U+2060
# word joiner, U+FEFF, U+00AD soft hyphen…), they would hide a change the reader cannot see.
# The zero width joiner stays inside an emoji sequence (after a pictograph, a skin tone or a
# variation selector), where it is drawn as part of one emoji.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200c\u200e\u200f"
    "\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
)
_EMOJI_BEFORE_ZWJ = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
_CONTROL = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_FORMAT}]|(?<![{_EMOJI_BEFORE_ZWJ}])\u200d"
)
# on one line (an error, a warning, a report header naming a file) newline and CR too
_LINE_BREAK = re.compile("[\n\r]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")  # json.dumps already escapes C0
# policydiff's own colour codes (Select Graphic Rendition), the only escapes it writes itself
_OWN_SGR = re.compile(r"\x1b(?=\[[0-9;]*m)")


def _escape(m: re.Match[str]) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character (other than newline and tab) escaped."""
    return _CONTROL.sub(_escape, text)


def escape_line(text: str) -> str:
    """``text`` for one line: control characters escaped, newline and CR as ``\\n``, ``\\r``
    (a file name may hold them; printed raw they would split the line)."""
    return _LINE_BREAK.sub(lambda m: "\\n" if m.group() == "\n" else "\\r", escape_controls(text))


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

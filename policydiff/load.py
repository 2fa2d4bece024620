"""Stage 1 — bytes to text: encoding detection, newline normalisation, input checks."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

from .errors import InputError
from .model import Policy

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far beyond any real policy, small enough to stay fast

# tried in this order after the BOM checks; cp932 is a superset of Shift_JIS in practice
_FALLBACK_ENCODINGS = ("utf-8", "cp932", "euc_jp")


def read_policy(path: str | os.PathLike[str], *, label: str | None = None) -> Policy:
    """Read a policy file, refusing anything that is not a readable text file."""
    p = Path(path)
    name = label or str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, expected a policy file")
    if not p.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: file is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode_policy(data, name)


def decode_policy(data: bytes, source: str) -> Policy:
    """Decode bytes into a :class:`Policy`; the same checks as :func:`read_policy`."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{source}: input is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"
        )
    fingerprint = hashlib.sha256(data).hexdigest()
    text, encoding, bom = _decode(data, source)
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(
            f"{source}: file is empty" if not data else f"{source}: file contains only whitespace"
        )
    _reject_control_characters(text, source)
    return Policy(
        source=source,
        text=text,
        encoding=encoding,
        had_bom=bom,
        newline=newline,
        fingerprint=fingerprint,
    )


def policy_from_text(text: str, source: str = "<text>") -> Policy:
    """A Policy from an in-memory string (library use); newlines are normalised."""
    return decode_policy(text.encode("utf-8"), source)


def _decode(data: bytes, source: str) -> tuple[str, str, bool]:
    if not data:
        raise InputError(f"{source}: file is empty")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc + "-sig" if enc == "utf-8" else enc, True
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{source}: has a {enc} byte-order mark but is not valid {enc} (byte {exc.start + len(bom)})"
                ) from None
    if b"\x00" in data:
        enc = _utf16_without_bom(data)
        if enc:
            return data.decode(enc), enc, False
        raise InputError(f"{source}: binary data (NUL bytes), not a text policy")
    errors = []
    for enc in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            errors.append(f"{enc} at byte {exc.start}")
            continue
        if enc != "utf-8" and not _plausible_japanese(text):
            errors.append(f"{enc} gives no Japanese text")
            continue
        return text, enc, False
    raise InputError(
        f"{source}: cannot decode as UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP ({'; '.join(errors)})"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the decoding (LE or BE) that gives clean, plausible Japanese text."""
    if len(data) % 2:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or any(ord(c) < 32 and c not in "\n\r\t\f" for c in text[:20000]):
            continue
        if _plausible_japanese(text):
            best = best or enc
    return best


def _plausible_japanese(text: str) -> bool:
    """A legacy decoding is accepted only when it yields mostly ordinary Japanese characters."""
    sample = text[:20000]
    if not sample:
        return False
    good = sum(1 for c in sample if c.isascii() or _japanese_range(ord(c)))
    return good / len(sample) > 0.95


def _japanese_range(o: int) -> bool:
    """Punctuation, symbols, circled numbers, shapes (※ ① ■), kana, CJK, full-width forms."""
    return (
        0x2000 <= o <= 0x2BFF
        or 0x3000 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
    )


def _reject_control_characters(text: str, source: str) -> None:
    sample = text[:200000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\t\f\v") or c == "\ufffd")
    if bad and bad > len(sample) * 0.01:
        raise InputError(f"{source}: binary data ({bad} control characters), not a text policy")

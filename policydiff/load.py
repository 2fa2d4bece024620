"""Stage 1 — bytes to text: encoding detection, newline normalisation, input checks."""

from __future__ import annotations

import codecs
import errno
import functools
import os
import select
import stat
import sys

from .errors import InputError
from .model import Policy

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far beyond any real policy, small enough to stay fast

# tried in this order after the BOM checks; cp932 is a superset of Shift_JIS in practice
_FALLBACK_ENCODINGS = ("utf-8", "cp932", "euc_jp")


STDIN = "-"  # the conventional name of standard input on the command line
STREAM_WAIT = 10.0  # seconds to wait for a FIFO's writer to connect or send a first byte


def read_policy(path: str | os.PathLike[str], *, label: str | None = None) -> Policy:
    """Read a policy file, refusing anything that is not a readable text file.

    ``-`` is standard input; a pipe, a FIFO or a process substitution (``<(git show …)``)
    is read as a stream, with the same size limit as a file.
    """
    if isinstance(path, bytes | bytearray):
        raise TypeError("read_policy() takes a path (str or os.PathLike), not bytes")
    name = label or str(path)
    if str(path) == STDIN:
        return _read_stdin(label or "<stdin>")
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(f"{name}: {_stat_reason(path, exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, expected a policy file")
    if stat.S_ISREG(st.st_mode) and st.st_size > MAX_BYTES:
        raise InputError(
            f"{name}: file is too large ({st.st_size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"
        )
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        raise InputError(f"{name}: not a regular file, pipe or character device")
    try:
        if stat.S_ISREG(st.st_mode):
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        else:
            data = _read_stream(path, name, fifo=stat.S_ISFIFO(st.st_mode))
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, expected a policy file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode_policy(data, name)


def _stat_reason(path: str | os.PathLike[str], exc: OSError) -> str:
    """The true reason a path cannot be opened, in a few words."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a directory)"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"no such file (broken symbolic link to {os.readlink(path)})"
        return "no such file"
    return f"cannot read: {exc.strerror or exc}"


def _read_stdin(name: str) -> Policy:
    stream = sys.stdin
    if stream is None:
        raise InputError(f"{name}: standard input is closed")
    if stream.isatty():
        raise InputError(f"{name}: standard input is a terminal; pipe a policy into it")
    buf = getattr(stream, "buffer", None)
    try:
        data = buf.read(MAX_BYTES + 1) if buf is not None else stream.read().encode("utf-8")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode_policy(data, name)


def _read_stream(path: str | os.PathLike[str], name: str, *, fifo: bool) -> bytes:
    """At most MAX_BYTES + 1 bytes of a pipe or a character device.

    A FIFO is opened without blocking and given STREAM_WAIT seconds to show a writer, so that
    a named pipe nobody writes to is refused instead of hanging; a terminal is refused.
    """
    fd = os.open(path, os.O_RDONLY | (os.O_NONBLOCK if fifo else 0))
    try:
        if os.isatty(fd):
            raise InputError(f"{name}: is a terminal, not a policy file")
        if fifo:
            poller = select.poll()
            poller.register(fd, select.POLLIN | select.POLLHUP)
            if not poller.poll(STREAM_WAIT * 1000):
                raise InputError(
                    f"{name}: a named pipe with nothing written to it for {STREAM_WAIT:.0f} s"
                )
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def fingerprint_of(data: bytes) -> str:
    """The fingerprint of a policy's bytes: their BLAKE2b-256 digest, in hex. Compared only for
    equality (equal bytes ⇒ identical); ``_blake2`` is the built-in module hashlib takes its
    blake2b from — hashlib itself loads OpenSSL first (~2 ms of every run)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python without the built-in module
        from hashlib import blake2b
    return blake2b(data, digest_size=32).hexdigest()


def decode_policy(data: bytes, source: str) -> Policy:
    """Decode bytes into a :class:`Policy`; the same checks as :func:`read_policy`."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{source}: input is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"
        )
    fingerprint = fingerprint_of(data)
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
    """A Policy from an in-memory string (library use); newlines are normalised.

    Only ``str`` is accepted (bytes: decode them, or use :func:`read_policy`); text that is
    not valid Unicode (a lone surrogate) is an :class:`InputError`.
    """
    if not isinstance(text, str):
        kind = type(text).__name__
        hint = (
            " (decode it first, or use policydiff.load / compare_files)"
            if isinstance(text, bytes | bytearray | memoryview)
            else ""
        )
        raise TypeError(f"{source}: a policy must be given as str or Policy, not {kind}{hint}")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{source}: not valid Unicode text (lone surrogate U+{ord(text[exc.start]):04X} at character {exc.start})"
        ) from None
    return decode_policy(data, source)


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


@functools.cache
def _control_characters():
    """Control characters but newline, tab, form feed and vertical tab; U+FFFD (a byte no
    encoding could read). One regular expression pass: a loop over the characters in Python
    was a millisecond per 30 KB version, every version of a ``log`` history."""
    import re

    return re.compile("[\x00-\x08\x0d-\x1f\ufffd]")


def _reject_control_characters(text: str, source: str) -> None:
    sample = text[:200000]
    # a few escape sequences in a text are text (shown escaped on output, see terminal.py);
    # a file made of control characters is not
    bad = len(_control_characters().findall(sample))
    if bad and bad > len(sample) * 0.05:
        raise InputError(f"{source}: binary data ({bad} control characters), not a text policy")

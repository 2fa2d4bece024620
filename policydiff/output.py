"""Standard output that fails cleanly: a full disk (``> /dev/full``) or a closed descriptor
(``>&-``) becomes one ``cannot write the output`` error (exit 2) instead of a traceback; a
broken pipe stays a ``BrokenPipeError`` (the reader went away: not an error)."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from .errors import PolicydiffError


class OutputError(PolicydiffError):
    """The report cannot be written to standard output."""


class _Closed:
    """What stands for standard output when the process started with it closed."""

    def _fail(self, *_: object) -> Any:
        raise OSError(errno.EBADF, "standard output is closed")

    write = flush = fileno = _fail
    buffer = property(lambda self: self)

    def isatty(self) -> bool:
        return False


class _Guarded:
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _call(self, name: str, *args: object) -> Any:
        try:
            return getattr(self._stream, name)(*args)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise OutputError(f"cannot write the output: {reason}") from exc

    def write(self, data: Any) -> Any:
        return self._call("write", data)

    def flush(self) -> None:
        self._call("flush")

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer)


def guard_stdout() -> None:
    """Wrap ``sys.stdout`` (once)."""
    if not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout if sys.stdout is not None else _Closed())


def unguard_stdout() -> None:
    """Put the interpreter's own stream back (its flush at exit must not raise)."""
    if isinstance(sys.stdout, _Guarded):
        inner = sys.stdout._stream
        sys.stdout = None if isinstance(inner, _Closed) else inner  # type: ignore[assignment]


def discard_stdout() -> None:
    """After a failed write: send what is still buffered to /dev/null, so that the flush at
    interpreter exit does not print a second error."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        pass

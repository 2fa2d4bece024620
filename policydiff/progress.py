"""A status line on a terminal while a long comparison runs: the stage and the time so far.

A large input takes seconds, and a user at a terminal must not wonder whether the tool hangs.
:func:`on_terminal` shows, after :data:`DELAY` seconds and then every :data:`INTERVAL`, one
line on stderr (``policydiff: aligning clauses… 12 s``) and erases it when the work is done.
Nothing is written unless that stream is a terminal: pipes, files and JSON get no byte of it.
The stages name themselves through :func:`stage` (the pipeline's timer calls it).
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager

DELAY = 2.0  # seconds of work before the line appears (a normal comparison never shows it)
INTERVAL = 0.5
DELAY_ENV = "POLICYDIFF_PROGRESS_DELAY"  # another delay in seconds (tests set 0)

_WORDS = {
    "parse": "reading and parsing",
    "tokenize": "tokenizing",
    "align": "aligning clauses",
    "classify+diff": "comparing and classifying changes",
    "render": "writing the report",
}
_current = ""


def stage(name: str) -> None:
    """The stage now running (a name of the pipeline's timer)."""
    global _current
    _current = name


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get(DELAY_ENV, DELAY)))
    except ValueError:
        return DELAY


@contextmanager
def on_terminal(stream, label: str = "policydiff"):
    """Show the status line on ``stream`` while the block runs, if ``stream`` is a terminal."""
    if not _is_terminal(stream):
        yield
        return
    stop = threading.Event()
    shown = False
    t0 = time.monotonic()

    def tick() -> None:
        nonlocal shown
        wait = _delay()
        while not stop.wait(wait):
            words = _WORDS.get(_current, _current) or "working"
            try:
                stream.write(f"\r\x1b[K{label}: {words}… {time.monotonic() - t0:.0f} s")
                stream.flush()
            except (OSError, ValueError):
                return
            shown, wait = True, INTERVAL

    ticker = threading.Thread(target=tick, name="policydiff-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
        stage("")
        if shown:
            try:
                stream.write("\r\x1b[K")
                stream.flush()
            except (OSError, ValueError):
                pass

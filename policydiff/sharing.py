"""One string object for equal strings of the versions compared: most lines of a revision
are those of the version before, and a large document repeats its titles and markers.

``sys.intern`` keeps a process-wide table that never shrinks: for 100 000 articles it held
some 700 000 strings, tens of MiB that outlived the parsing they served. Within
:func:`strings_shared` the strings are shared through a table of the comparison's own,
dropped when the versions are parsed (the strings stay shared); outside it (a history kept
across many comparisons, a library call) ``sys.intern`` shares them as before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_table: dict[str, str] | None = None


def share(s: str) -> str:
    """The one object for strings equal to ``s``."""
    if _table is None:
        return sys.intern(s)
    return _table.setdefault(s, s)


@contextmanager
def strings_shared() -> Iterator[None]:
    """Share strings through a table of this block's own (nested uses share the outer one)."""
    global _table
    if _table is not None:
        yield
        return
    _table = {}
    try:
        yield
    finally:
        _table = None

"""What ``policydiff log`` keeps from one version of a history to the next.

A history's versions share most of their text, so what is worked out from a piece of text is
kept by that text (never by object identity), in memory, for the walk over one history:

* the markdown-it tokens of each section, and the blocks the reader made of it
  (:mod:`policydiff.readers.mdmemo`), when the section reads alone as within the whole;
* the shape of each block (:func:`policydiff.clauses.shapes.shape_blocks`);
* the tokens of each clause text, and the bag alignment compares (``Prepared.memo``,
  ``Prepared.bags``): a clause text is tokenized and counted once for the whole history;
* the last ``keep`` versions analysed (parsed, cut into units), for the step after and for a
  commit that reverts to one of them.

Every reused value is the value a fresh analysis computes (``tests/test_reuse.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from .model import Policy

KEEP_ANALYSED = 16  # versions kept analysed (parsed, cut into units) for reverts


class Analyses:
    """The versions of one history, each analysed once (:func:`policydiff.pipeline.prepare`)."""

    def __init__(self, keep: int = KEEP_ANALYSED) -> None:
        self.keep = keep
        self.memo: dict = {}  # clause text → tokens
        self.bags: dict = {}  # clause text → its bag as alignment compares it
        self._kept: OrderedDict = OrderedDict()  # version key → Prepared, the latest last

    def prepared(self, key: Hashable, policy: Callable[[], Policy]):
        """The analysis of the version ``key`` (``policy()`` reads it when not kept)."""
        from .pipeline import prepare

        kept = self._kept
        if key in kept:
            kept.move_to_end(key)
        else:
            kept[key] = prepare(policy(), memo=self.memo, bags=self.bags)
            if len(kept) > self.keep:
                kept.popitem(last=False)
        return kept[key]


@contextmanager
def across_versions(keep: int = KEEP_ANALYSED) -> Iterator[Analyses]:
    """Analyses for the walk over one history; the kept values go when it ends."""
    from .clauses.shapes import kept_across_versions
    from .readers import mdmemo

    # a section unchanged since an earlier version is not parsed nor read again, a line
    # not recognised again
    with mdmemo.active(), kept_across_versions():
        yield Analyses(keep)

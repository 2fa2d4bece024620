"""A clause's text as it reads, line by line, with changed spans marked.

Hunk offsets index ``Unit.text`` (the readable content of each line, markers removed, one
``\\n`` per line). A notice or a table shows the lines as written — with their 第N条, 1. or
（1） markers — so each content line is mapped back to its source line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Clause, Line, Unit


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class ShownLine:
    """One line of a clause: ``prefix`` (marker as written) + ``content`` at ``start`` in Unit.text."""

    prefix: str
    content: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.content)

    @property
    def text(self) -> str:
        return self.prefix + self.content


def _body_lines(node: Clause, skip_headings: bool) -> list[Line]:
    out = list(node.lines)
    for child in node.children:
        if skip_headings and child.heading:
            continue
        out.extend(_body_lines(child, skip_headings))
    return sorted(out, key=lambda ln: ln.start)


def shown_lines(unit: Unit) -> list[ShownLine]:
    """The unit's lines with their markers; falls back to the bare text lines if the tree and
    the unit text ever disagree (the offsets must stay right whatever happens)."""
    lines = [ln for ln in _body_lines(unit.clause, unit.clause.heading) if ln.content]
    if "".join(ln.content + "\n" for ln in lines) == unit.text:
        out, pos = [], 0
        for ln in lines:
            k = ln.text.rfind(ln.content) if ln.text else -1
            prefix = ln.text[:k] if k >= 0 else (ln.marker + " " if ln.marker else "")
            out.append(ShownLine(prefix, ln.content, pos))
            pos += len(ln.content) + 1
        return out
    out, pos = [], 0
    for piece in unit.text.split("\n")[:-1] if unit.text.endswith("\n") else unit.text.split("\n"):
        out.append(ShownLine("", piece, pos))
        pos += len(piece) + 1
    return out


def segments(
    line: ShownLine, ranges: list[tuple[int, int]], prefix_changed: bool = False
) -> list[Segment]:
    """The line cut into unchanged and changed pieces (changed = inside one of ``ranges``)."""
    marks = [False] * len(line.content)
    for a, b in ranges:
        for i in range(max(a, line.start), min(b, line.end)):
            marks[i - line.start] = True
    label = line.prefix.rstrip()
    out = [Segment(label, prefix_changed), Segment(line.prefix[len(label) :])]
    out += [Segment(ch, mark) for ch, mark in zip(line.content, marks, strict=True)]
    return _merge(out)


def _merge(segs: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segs:
        if out and out[-1].changed == s.changed:
            out[-1] = Segment(out[-1].text + s.text, s.changed)
        elif s.text:
            out.append(s)
    return out


def touched(lines: list[ShownLine], ranges: list[tuple[int, int]]) -> list[ShownLine]:
    """The lines a set of ranges touches; an empty range (words inserted on the other side)
    touches the line it falls in. Callers leave out the empty ranges of whole-line insertions."""
    out = []
    for ln in lines:
        for a, b in ranges:
            if (a < ln.end and b > ln.start) if b > a else (ln.start <= a < ln.end):
                out.append(ln)
                break
    return out

"""The arguments and options of ``policydiff compare``, declared once and free of typer.

:mod:`policydiff.cli` builds the typer command from these declarations (names, choices,
defaults, help texts); :func:`parse_compare` reads the common command lines with them so that
a compare does not import typer, which costs a fifth of a whole compare. It takes only what it
reads exactly as click would — known options, each at most once, values that are not empty
and do not start with ``-``, two positional arguments — and answers None for anything else
(help, errors, ``--``, rare spellings), which then goes through typer. A test runs a matrix
of command lines both ways and compares their output and exit codes.
"""

from __future__ import annotations

import os
import sys


class Param:
    """One argument or option: what typer is given, and what the fast reader needs."""

    __slots__ = ("name", "decls", "help", "metavar", "choices", "default", "flag", "off",
                 "multiple", "path")  # fmt: skip

    def __init__(self, name: str, decls: tuple[str, ...] = (), *, help: str,
                 metavar: str | None = None, choices: tuple[str, ...] = (), default=None,
                 flag: bool = False, off: str = "", multiple: bool = False,
                 path: bool = False) -> None:  # fmt: skip
        self.name = name  # the parameter of policydiff.cli.compare
        self.decls = decls  # "--format", "-f"; () for a positional argument
        self.help = help
        self.metavar = metavar
        self.choices = choices  # the values of a choice (typer: a StrEnum of them)
        self.default = default
        self.flag = flag  # a boolean flag: given means True …
        self.off = off  # … and this secondary name means False ("--no-minor")
        self.multiple = multiple  # repeatable: a list of the values in order
        self.path = path  # converted to a pathlib.Path, as typer converts a Path parameter

    def typer_decls(self) -> tuple[str, ...]:
        """The declarations as typer takes them (``--minor/--no-minor``)."""
        if self.off:
            return (f"{self.decls[0]}/{self.off}", *self.decls[1:])
        return self.decls


FORMATS = ("text", "json")
DOC_TYPES = ("privacy", "terms")
INPUT_FORMATS = ("text", "markdown", "html")

OLD = Param(
    "old",
    metavar="OLD",
    path=True,
    help="The old version of the policy: a file, - for standard input, a pipe, "
    "REV:path (e.g. HEAD~3:privacy.md) or :path (staged).",
)
NEW = Param(
    "new",
    metavar="NEW",
    path=True,
    help="The new version of the policy: a file, - for standard input, a pipe, "
    "REV:path or :path (staged).",
)
FORMAT = Param("fmt", ("--format", "-f"), choices=FORMATS, default="text", help="Output format.")
CHECK = Param("check", ("--check",), flag=True, default=False,
              help="Exit 1 when any change is material.")  # fmt: skip
CONFIG = Param(
    "config",
    ("--config",),
    path=True,
    help="A policydiff.toml to use instead of the one found from the compared files' folder.",
)
MINOR = Param("minor", ("--minor",), flag=True, off="--no-minor", default=True,
              help="List minor changes (text and JSON reports).")  # fmt: skip
TYPE = Param("doc_type", ("--type",), choices=DOC_TYPES,
             help="Document type (default: detected from the title and text).")  # fmt: skip
FROM = Param("from_", ("--from",), choices=INPUT_FORMATS,
             help="Read the inputs as text, markdown or html (default: detected).")  # fmt: skip
SELECT = Param("select", ("--select",), metavar="CSS",
               help="HTML: the CSS selector of the policy in the page.")  # fmt: skip
REMOVE = Param("remove", ("--remove",), metavar="CSS", multiple=True,
               help="HTML: a CSS selector of elements to leave out (repeatable).")  # fmt: skip

COMPARE_ARGUMENTS = (OLD, NEW)
COMPARE_OPTIONS = (FORMAT, CHECK, CONFIG, MINOR, TYPE, FROM, SELECT, REMOVE)

# shell completion is typer's business: with its variable set, every line goes to typer
_COMPLETE_VAR = "_POLICYDIFF_COMPLETE"


def parse_compare(args: list[str]) -> dict | None:
    """The values of ``compare``'s parameters (by name, as typer would pass them) from the
    arguments after ``compare``, or None when typer should read the line."""
    if _COMPLETE_VAR in os.environ:
        return None
    names: dict[str, tuple[Param, bool]] = {}
    for p in COMPARE_OPTIONS:
        for d in p.decls:
            names[d] = (p, True)
        if p.off:
            names[p.off] = (p, False)
    values: dict = {}
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "-" or (arg and not arg.startswith("-")):
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg[:2], "", arg[2:])
        if name not in names:
            return None  # --help, --, an unknown or misspelt option: typer says what it is
        p, on = names[name]
        if p.name in values and not p.multiple:
            return None  # given twice
        if p.flag:
            if eq or value:
                return None
            values[p.name] = on
            continue
        if not eq and not value:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-") or (p.choices and value not in p.choices):
            return None
        if p.multiple:
            values.setdefault(p.name, []).append(value)
        else:
            values[p.name] = _convert(p, value)
    if len(positional) != len(COMPARE_ARGUMENTS):
        return None
    for p, value in zip(COMPARE_ARGUMENTS, positional, strict=True):
        values[p.name] = _convert(p, value)
    for p in COMPARE_OPTIONS:
        values.setdefault(p.name, p.default)
    return values


def _convert(p: Param, value: str):
    if p.path:
        from pathlib import Path

        return Path(value)
    return value


def use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def run_compare(values: dict, *, debug: bool) -> int:
    """Run the compare that ``values`` (plain strings, paths and lists) describe."""
    from .api_cli import run_compare as run

    return run(
        str(values["old"]),
        str(values["new"]),
        values["fmt"],
        check=values["check"],
        config=values["config"],
        show_minor=values["minor"],
        document_type=values["doc_type"],
        color=use_color(sys.stdout),
        debug=debug,
        read=(values["from_"], values["select"], tuple(values["remove"] or ())),
    )

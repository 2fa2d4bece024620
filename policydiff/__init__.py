"""policydiff — clause-aware diff of Japanese privacy policies and terms of service.

Library use::

    import policydiff
    report = policydiff.compare(old_text, new_text)
    report.verdict, report.changes
    policydiff.to_json(report)

Importing the package is cheap: the domain model, the parser and the heavy dependencies
(SudachiPy and its dictionary, diff-match-patch, Jinja2, GitPython) are imported only when a
function or class that needs them is first used.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from .errors import ConfigError, InputError, PolicydiffError

if TYPE_CHECKING:  # pragma: no cover
    from .model import (
        Change,
        Clause,
        ClausePair,
        Document,
        Hunk,
        Policy,
        Report,
        Severity,
        Token,
        Unit,
    )

__all__ = [
    "Change",
    "Clause",
    "ClausePair",
    "ConfigError",
    "Document",
    "Hunk",
    "InputError",
    "Policy",
    "PolicydiffError",
    "Report",
    "Severity",
    "Token",
    "Unit",
    "compare",
    "compare_files",
    "load",
    "parse",
    "to_json",
]

__version__ = "0.1.0"

_MODEL_NAMES = frozenset(
    {"Change", "Clause", "ClausePair", "Document", "Hunk", "Policy", "Report", "Severity"}
    | {"Token", "Unit"}
)
_FUNCTIONS = frozenset({"load", "parse"})  # also the names of submodules


def __getattr__(name: str):
    """The model classes and the stage submodules, imported on first use."""
    if name in _MODEL_NAMES:
        value = getattr(importlib.import_module(".model", __name__), name)
        globals()[name] = value
        return value
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


class _Package(types.ModuleType):
    """Keeps the functions ``load`` and ``parse`` the package's attributes: importing the
    submodules of the same names (lazily, by any stage) would otherwise replace them."""

    def __setattr__(self, name: str, value) -> None:
        if name in _FUNCTIONS and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules and import statements
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def _module(name: str):
    return importlib.import_module(f".{name}", __name__)


def load(path: str) -> Policy:
    """Read a policy file (UTF-8/UTF-16/CP932, any newline) into a :class:`Policy`."""
    return _module("load").read_policy(path)


def _as_policy(value: str | Policy, name: str) -> Policy:
    from .model import Policy

    return value if isinstance(value, Policy) else _module("load").policy_from_text(value, name)


def parse(text: str | Policy) -> Document:
    """Parse policy text into a clause tree."""
    from .clauses import parse as parse_policy

    return parse_policy(_as_policy(text, "<text>"))


def compare(old: str | Policy, new: str | Policy, **options) -> Report:
    """Compare two versions of a policy given as text or loaded :class:`Policy` objects."""
    from .pipeline import compare_policies

    return compare_policies(_as_policy(old, "<old>"), _as_policy(new, "<new>"), **options)


def compare_files(old_path: str, new_path: str, **options) -> Report:
    from .pipeline import compare_policies

    return compare_policies(load(old_path), load(new_path), **options)


def to_json(report: Report) -> dict:
    """The report as the JSON object of ``report-schema.md``."""
    from .render import report_to_dict

    return report_to_dict(report)

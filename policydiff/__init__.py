"""policydiff — clause-aware diff of Japanese privacy policies and terms of service.

Library use::

    import policydiff
    report = policydiff.compare(old_text, new_text)
    report.verdict, report.changes
    policydiff.to_json(report)

The heavy dependencies (SudachiPy and its dictionary, diff-match-patch, Jinja2, GitPython)
are imported only when a function that needs them runs.
"""

from __future__ import annotations

# The stage modules ``load`` and ``parse`` are imported first (both are light), so that the
# functions of the same names defined below stay the package attributes afterwards.
from . import load as _load_module  # noqa: F401
from . import parse as _parse_module  # noqa: F401
from .errors import ConfigError, InputError, PolicydiffError
from .model import Change, Clause, ClausePair, Document, Hunk, Policy, Report, Severity, Token, Unit

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


def load(path: str) -> Policy:
    """Read a policy file (UTF-8/UTF-16/CP932, any newline) into a :class:`Policy`."""
    return _load_module.read_policy(path)


def _as_policy(value: str | Policy, name: str) -> Policy:
    return value if isinstance(value, Policy) else _load_module.policy_from_text(value, name)


def parse(text: str | Policy) -> Document:
    """Parse policy text into a clause tree."""
    return _parse_module.parse(_as_policy(text, "<text>"))


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

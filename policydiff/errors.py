"""One error hierarchy; ``cli.py`` turns each into a single ``policydiff: error: …`` line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # a material change where --check forbids it
    USAGE = 2  # bad arguments or bad input
    BUG = 3  # an unexpected exception: a bug in policydiff


class PolicydiffError(Exception):
    """Base class of every error policydiff reports to the user."""

    exit_code: ExitCode = ExitCode.USAGE


class InputError(PolicydiffError):
    """The input file cannot be read as a policy (missing, binary, undecodable, too big…)."""


class ConfigError(PolicydiffError):
    """A policydiff configuration file is malformed."""


class GitError(PolicydiffError):
    """A git revision or path could not be read."""

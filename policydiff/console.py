"""The console entry point (``policydiff`` on PATH, ``python -m policydiff``), free of typer.

pre-commit runs ``policydiff hook FILE…`` on every commit, mostly with no policy among the
files. Such a run — ``hook`` followed by file names only — goes straight to the hook, without
importing the CLI framework (typer costs more than the rest of such a run); every other
command line goes to :func:`policydiff.cli.main`, which parses it with typer.
"""

from __future__ import annotations

import sys

RECURSION_LIMIT = 20_000  # as policydiff.cli.main: a staged policy is compared


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["hook"] and not any(a.startswith("-") for a in args[1:]):
        return _hook(args[1:])
    from .cli import main as cli_main

    return cli_main(args)


def _hook(files: list[str]) -> int:
    """What typer would call for these arguments (options, ``--help``, ``--debug`` go through
    typer); the hook turns every error into one line itself."""
    from .hook import run_hook

    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    try:
        return run_hook(files)
    except KeyboardInterrupt:
        print("policydiff: error: interrupted", file=sys.stderr)
        return 130

"""The console entry point (``policydiff`` on PATH, ``python -m policydiff``), free of typer.

pre-commit runs ``policydiff hook FILE…`` on every commit, mostly with no policy among the
files. Such a run — ``hook`` followed by file names only — goes straight to the hook, without
importing the CLI framework (typer costs more than the rest of such a run). A compare whose
line :func:`policydiff.cliopts.parse_compare` reads (the options of its declarations, each
once) goes straight to the compare, for the same reason; every other command line goes to
:func:`policydiff.cli.main`, which parses it with typer. Both paths end in
:func:`run_guarded`, which turns every error into one line.
"""

from __future__ import annotations

import sys

from .errors import ExitCode, PolicydiffError

# a clause tree follows the document's nesting (lists thousands of levels deep exist in
# hostile input); the tree walks and the JSON encoder recurse once per level
RECURSION_LIMIT = 20_000

# the commands typer reads that analyse documents: they use policydiff.cache as compare does
# (--help, --version and hook do not: their start-up is the import of typer or less)
_ANALYSING = frozenset({"compare", "parse", "log", "notice", "table"})
_HELP = frozenset({"-h", "--help", "--version", "-V"})


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's) and answer its exit code.

    Without ``argv`` this is the process's entry point (the console script, ``python -m
    policydiff``): a compare or a hook that went the typer-free way ends the process itself
    once its output is written (see :func:`_end_process`)."""
    if argv is not None:
        return _main(list(argv))[0]
    code, quick = _main(sys.argv[1:])
    if quick:
        _end_process(code)
    return code


def _main(args: list[str]) -> tuple[int, bool]:
    """(exit code, whether the run took one of the typer-free ways)."""
    if args[:1] == ["hook"] and not any(a.startswith("-") for a in args[1:]):
        return _hook(args[1:]), True
    debug = "--debug" in args  # accepted anywhere on the line, as cli.main takes it
    rest = [a for a in args if a != "--debug"]
    if rest[:1] == ["compare"]:
        from . import cliopts

        values = cliopts.parse_compare(rest[1:])
        if values is not None:
            from . import cache

            cache.install()
            try:
                return run_guarded(lambda: cliopts.run_compare(values, debug=debug), debug), True
            finally:
                cache.save()
    # log too ends the process itself: it runs git by its command line (no GitPython)
    return _typer_main(args, rest), rest[:1] == ["log"]


def _typer_main(args: list[str], rest: list[str]) -> int:
    from .cli import main as cli_main

    command = next((a for a in rest if not a.startswith("-")), None)
    if command not in _ANALYSING or any(a in _HELP for a in rest):
        return cli_main(args)
    from . import cache

    cache.install()  # these load the rule tables, the parser and the model, as a compare does
    try:
        return cli_main(args)
    finally:
        cache.save()


def _end_process(code: int) -> None:
    """End the process now, its work done and its output flushed, without the interpreter's
    tear-down: freeing every object, module and the dictionary one by one, which nobody waits
    for (a tenth of a small compare). Exit callbacks still run first, as at a normal exit.
    Anything unusual — another thread still running, a stream that does not flush, no way
    to run the callbacks, GitPython in use (its git processes are ended by its finalizers) —
    returns, and the process ends the usual way (which reports it)."""
    import atexit
    import os

    threading = sys.modules.get("threading")
    run_callbacks = getattr(atexit, "_run_exitfuncs", None)
    if run_callbacks is None or "git" in sys.modules:
        return
    if threading is not None and threading.active_count() > 1:
        return
    try:
        run_callbacks()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:  # the usual exit flushes again and says what went wrong
        return
    os._exit(code)


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


def run_guarded(call, debug: bool) -> int:
    """Run a command (``call()`` returns its exit code) with standard output guarded; every
    error becomes one line ``policydiff: error: …`` (a traceback too with ``--debug``)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    from .output import guard_stdout, unguard_stdout

    guard_stdout()
    try:
        return _run(call, debug)
    finally:
        unguard_stdout()


def _run(call, debug: bool) -> int:
    from .output import OutputError, discard_stdout

    try:
        rv = call()
        sys.stdout.flush()  # a full disk shows here, not in the flush at exit
        return int(rv or 0)
    except PolicydiffError as exc:
        _traceback(debug)
        _error(str(exc))
        if isinstance(exc, OutputError):
            discard_stdout()
        return exc.exit_code
    except BrokenPipeError:
        return ExitCode.OK
    except PermissionError as exc:  # the environment refuses, not a bug: one line, exit 2
        _traceback(debug)
        _error(f"{exc.filename or exc.filename2 or 'a file'}: permission denied")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("policydiff: error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # click's usage errors (typer vendors click, so match them by shape, not by class)
        if type(exc).__name__ == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            print(ctx.get_help() if ctx is not None else exc.format_message(), file=sys.stderr)
            return ExitCode.USAGE
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            _traceback(debug)
            _error(exc.format_message().replace("\n", " "))
            return ExitCode.USAGE
        if type(exc).__name__ == "Abort":
            print("policydiff: error: aborted", file=sys.stderr)
            return ExitCode.USAGE
        _traceback(debug)  # a bug: say so in one line, keep the traceback for --debug
        _error(f"internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it")
        return ExitCode.BUG


def _error(message: str) -> None:
    """The one line of an error; control characters in it (a file name…) are shown escaped."""
    from .terminal import escape_line

    print(f"policydiff: error: {escape_line(message)}", file=sys.stderr)


def _traceback(debug: bool) -> None:
    if debug:
        import traceback

        traceback.print_exc()

"""The command line: a thin layer over the library.

Command functions only read options and call the library; errors become one line
``policydiff: error: …`` on stderr with the exit codes of :mod:`policydiff.errors`.
Heavy modules are imported inside the commands so that ``policydiff --help`` stays fast
and never loads the Sudachi dictionary.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import ExitCode, PolicydiffError

app = typer.Typer(
    name="policydiff",
    help=(
        "Clause-aware diff of Japanese privacy policies (プライバシーポリシー) and terms (利用規約): "
        "which words changed, which changes are material, what the law then requires.\n\n"
        "Example: policydiff compare old.md new.md"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"


class InputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"


FromOption = Annotated[
    InputFormat | None,
    typer.Option("--from", help="Read the inputs as text, markdown or html (default: detected)."),
]
SelectOption = Annotated[
    str | None,
    typer.Option("--select", help="HTML: the CSS selector of the policy in the page."),
]
RemoveOption = Annotated[
    list[str] | None,
    typer.Option("--remove", help="HTML: a CSS selector of elements to leave out (repeatable)."),
]


_debug = False


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors and stage timings.")
    ] = False,
) -> None:
    """Options that apply to every command (``--debug`` is also accepted after the command)."""


def _use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


@app.command()
def compare(
    old: Annotated[
        Path, typer.Argument(help="The old version of the policy (file).", show_default=False)
    ],
    new: Annotated[
        Path, typer.Argument(help="The new version of the policy (file).", show_default=False)
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when any change is material.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="A policydiff.toml to use instead of the one found."),
    ] = None,
    minor: Annotated[
        bool, typer.Option("--minor/--no-minor", help="List minor changes in the text report.")
    ] = True,
    doc_type: Annotated[
        str | None,
        typer.Option("--type", help="Document type: privacy or terms (default: detected)."),
    ] = None,
    from_: FromOption = None,
    select: SelectOption = None,
    remove: RemoveOption = None,
) -> None:
    """Compare two versions of a policy clause by clause.

    Example: policydiff compare samples/acme-articles/old.md samples/acme-articles/new.md --format json
    """
    from .api_cli import run_compare

    code = run_compare(str(old), str(new), fmt.value, check=check, config=config, show_minor=minor,
                       document_type=doc_type, color=_use_color(sys.stdout), debug=_debug,
                       read=_read_options(from_, select, remove))  # fmt: skip
    raise typer.Exit(code)


@app.command("parse")
def parse_cmd(
    file: Annotated[Path, typer.Argument(help="A policy file.", show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    from_: FromOption = None,
    select: SelectOption = None,
    remove: RemoveOption = None,
) -> None:
    """Print the clause tree of a policy (articles, paragraphs, items).

    Example: policydiff parse samples/acme-articles/new.md --format json
    """
    from .api_cli import run_parse

    raise typer.Exit(run_parse(str(file), fmt.value, read=_read_options(from_, select, remove)))


def _read_options(from_: InputFormat | None, select: str | None, remove: list[str] | None):
    """(format, select, remove) for the readers; the readers themselves load lazily."""
    return (from_.value if from_ else None, select, tuple(remove or ()))


def main(argv: list[str] | None = None) -> int:
    """Console entry point: runs the app and turns every error into one line."""
    global _debug
    args = list(sys.argv[1:] if argv is None else argv)
    _debug = "--debug" in args  # accepted anywhere on the line
    args = [a for a in args if a != "--debug"]
    try:
        rv = app(args=args, prog_name="policydiff", standalone_mode=False)
        return int(rv or 0)
    except PolicydiffError as exc:
        _traceback()
        print(f"policydiff: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return ExitCode.OK
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
            _traceback()
            msg = exc.format_message().replace("\n", " ")
            print(f"policydiff: error: {msg}", file=sys.stderr)
            return ExitCode.USAGE
        if type(exc).__name__ == "Abort":
            print("policydiff: error: aborted", file=sys.stderr)
            return ExitCode.USAGE
        _traceback()  # a bug: say so in one line, keep the traceback for --debug
        print(
            f"policydiff: error: internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it",
            file=sys.stderr,
        )
        return ExitCode.BUG


def _traceback() -> None:
    if _debug:
        import traceback

        traceback.print_exc()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

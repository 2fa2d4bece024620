"""The command line: a thin layer over the library.

Command functions only read options and call the library; errors become one line
``policydiff: error: …`` on stderr with the exit codes of :mod:`policydiff.errors`.
Heavy modules are imported inside the commands so that ``policydiff --help`` stays fast
and never loads the Sudachi dictionary.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import cliopts

app = typer.Typer(
    name="policydiff",
    help=(
        "Clause-aware diff of Japanese privacy policies (プライバシーポリシー) and terms (利用規約): "
        "which words changed, which changes are material, what the law then requires.\n\n"
        "\b\nExample: policydiff compare samples/articles-terms/old.md samples/articles-terms/new.md"
    ),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# compare's parameters are declared in policydiff.cliopts (console.py reads the common
# compare lines with them without typer); the typer command is built from the same records
Format = StrEnum("Format", [(v, v) for v in cliopts.FORMATS])
DocType = StrEnum("DocType", [(v, v) for v in cliopts.DOC_TYPES])
InputFormat = StrEnum("InputFormat", [(v, v) for v in cliopts.INPUT_FORMATS])
_DEFAULT_FORMAT = Format(cliopts.FORMAT.default)


def _option(p: cliopts.Param):
    return typer.Option(*p.typer_decls(), help=p.help, metavar=p.metavar)


def _argument(p: cliopts.Param):
    # readable=False: policydiff.load says why a file cannot be read
    return typer.Argument(metavar=p.metavar, readable=False, help=p.help, show_default=False)


FromOption = Annotated[InputFormat | None, _option(cliopts.FROM)]
SelectOption = Annotated[str | None, _option(cliopts.SELECT)]
RemoveOption = Annotated[list[str] | None, _option(cliopts.REMOVE)]


_debug = False

_Config = Annotated[
    Path | None, typer.Option("--config", help="A policydiff.toml to use instead of the one found.")
]


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors and stage timings.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            is_eager=True,
            callback=lambda value: _print_version() if value else None,
        ),
    ] = False,
) -> None:
    """Options that apply to every command (``--debug`` is also accepted after the command)."""


def _print_version() -> None:
    from . import __version__

    print(f"policydiff {__version__}")
    raise typer.Exit(0)


@app.command()
def compare(
    old: Annotated[Path, _argument(cliopts.OLD)],
    new: Annotated[Path, _argument(cliopts.NEW)],
    fmt: Annotated[Format, _option(cliopts.FORMAT)] = _DEFAULT_FORMAT,
    check: Annotated[bool, _option(cliopts.CHECK)] = cliopts.CHECK.default,
    config: Annotated[Path | None, _option(cliopts.CONFIG)] = cliopts.CONFIG.default,
    minor: Annotated[bool, _option(cliopts.MINOR)] = cliopts.MINOR.default,
    doc_type: Annotated[DocType | None, _option(cliopts.TYPE)] = cliopts.TYPE.default,
    from_: FromOption = cliopts.FROM.default,
    select: SelectOption = cliopts.SELECT.default,
    remove: RemoveOption = cliopts.REMOVE.default,
) -> None:
    """Compare two versions of a policy clause by clause.

    \b
    Example: policydiff compare samples/articles-terms/old.md samples/articles-terms/new.md
    Example: policydiff compare samples/editorial-only/old.md samples/editorial-only/new.md -f json --no-minor
    Example: policydiff compare - samples/articles-terms/new.md < samples/articles-terms/old.md
    """
    values = {"old": old, "new": new, "fmt": fmt.value, "check": check, "config": config,
              "minor": minor, "doc_type": doc_type.value if doc_type else None,
              "from_": from_.value if from_ else None, "select": select, "remove": remove}  # fmt: skip
    raise typer.Exit(cliopts.run_compare(values, debug=_debug))


@app.command("parse")
def parse_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            readable=False,
            help="A policy file, - for standard input, REV:path or :path.",
            show_default=False,
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    from_: FromOption = None,
    select: SelectOption = None,
    remove: RemoveOption = None,
) -> None:
    """Print the clause tree of a policy (articles, paragraphs, items).

    \b
    Example: policydiff parse samples/articles-terms/new.md
    Example: policydiff parse samples/markdown-privacy/new.md --format json
    """
    from .api_cli import run_parse

    raise typer.Exit(run_parse(str(file), fmt.value, read=_read_options(from_, select, remove)))


def _read_options(from_: InputFormat | None, select: str | None, remove: list[str] | None):
    """(format, select, remove) for the readers; the readers themselves load lazily."""
    return (from_.value if from_ else None, select, tuple(remove or ()))


@app.command("log")
def log_cmd(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="A policy file in a git repository.", show_default=False
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest commit first.")] = False,
    max_count: Annotated[
        int | None, typer.Option("--max-count", "-n", metavar="N", help="Show at most N commits.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only commits after DATE (as git log takes it)."
        ),
    ] = None,
    config: _Config = None,
) -> None:
    """Every commit that touched a policy (renames followed), each with its verdict.

    Example: policydiff log privacy.md --format json --max-count 10
    """
    from .api_cli import run_log

    raise typer.Exit(run_log(path, fmt.value, reverse=reverse, max_count=max_count, since=since,
                             config=config))  # fmt: skip


@app.command("hook")
def hook_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILES]...",
            help="Staged files (pre-commit passes them); default: all staged files.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The pre-commit gate: a material change needs a new revision date and a staged notice.

    Example: policydiff hook privacy.md   (normally run by pre-commit; see docs/git.md)
    """
    from .hook import run_hook

    raise typer.Exit(run_hook(files or [], debug=_debug))


# --------------------------------------------------------------------------- notice / table

_TemplateDir = Annotated[
    Path | None,
    typer.Option("--template-dir", help="A directory whose templates override the bundled ones."),
]
_Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
]
_DocType = Annotated[
    str | None, typer.Option("--type", help="Document type: privacy or terms (default: detected).")
]


@app.command()
def notice(
    old: Annotated[Path, typer.Argument(help="The version in force (file).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The revised version (file).", show_default=False)],
    effective_date: Annotated[
        str, typer.Option("--effective-date", help="When the new version applies (YYYY-MM-DD).")
    ],
    announce_date: Annotated[
        str | None,
        typer.Option(
            "--announce-date", help="When the notice goes out (YYYY-MM-DD; default: today)."
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="The reason for the revision.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, html, markdown or eml.")
    ] = "text",
    output: _Output = None,
    force: Annotated[
        bool, typer.Option("--force", help="Render even when the lead time is too short.")
    ] = False,
    config: _Config = None,
    template_dir: _TemplateDir = None,
    doc_type: _DocType = None,
    company: Annotated[
        str | None, typer.Option("--company", help="Operator name (notice.company).")
    ] = None,
    service: Annotated[
        str | None, typer.Option("--service", help="Service name (notice.service).")
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Document name (notice.document).")
    ] = None,
    document_url: Annotated[
        str | None,
        typer.Option("--document-url", help="URL of the new document (notice.document_url)."),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Contact desk (notice.contact).")
    ] = None,
    min_lead_days: Annotated[
        int | None,
        typer.Option(
            "--min-lead-days", min=0, help="Minimum lead time in days (notice.min_lead_days)."
        ),
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--from", help="Sender address (notice.sender).")
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", help="Recipient address (repeatable; notice.recipient)."),
    ] = None,
    send: Annotated[bool, typer.Option("--send", help="Send the .eml over SMTP.")] = False,
    smtp_host: Annotated[
        str | None, typer.Option("--smtp-host", help="SMTP server for --send.")
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option("--smtp-port", help="SMTP port (default 25, or 587 with --starttls)."),
    ] = None,
    starttls: Annotated[
        bool, typer.Option("--starttls", help="Upgrade the connection with STARTTLS.")
    ] = False,
    smtp_user: Annotated[str | None, typer.Option("--smtp-user", help="SMTP login name.")] = None,
    smtp_password_env: Annotated[
        str | None,
        typer.Option(
            "--smtp-password-env",
            help="Name of the environment variable holding the SMTP password.",
        ),
    ] = None,
) -> None:
    """Write the 改定のお知らせ to users, after checking the effective date against the notice period.

    Exit 1 when the lead time is shorter than the policy promises (--force overrides).

    Example: policydiff notice old.md new.md --effective-date 2027-03-01 --reason "新機能の追加のため" --format eml -o notice.eml
    """
    from .api_cli import run_notice

    settings = {"company": company, "service": service, "document": document,
                "document_url": document_url, "contact": contact, "sender": sender,
                "min_lead_days": min_lead_days}  # fmt: skip
    code = run_notice(str(old), str(new), effective_date=effective_date, announce_date=announce_date,
                      reason=reason, fmt=fmt, output=output, force=force, config=config,
                      template_dir=template_dir, document_type=doc_type, settings=settings, to=to,
                      send=send, smtp_host=smtp_host, smtp_port=smtp_port, starttls=starttls,
                      smtp_user=smtp_user, smtp_password_env=smtp_password_env)  # fmt: skip
    raise typer.Exit(code)


@app.command()
def table(
    old: Annotated[Path, typer.Argument(help="The version in force (file).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The revised version (file).", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="html, markdown or docx.")] = "html",
    output: _Output = None,
    old_left: Annotated[
        bool,
        typer.Option("--old-left", help="Put 改定前 in the first column (default: 改定後 first)."),
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Show unchanged clauses instead of （略）.")
    ] = False,
    config: _Config = None,
    template_dir: _TemplateDir = None,
    doc_type: _DocType = None,
    document: Annotated[
        str | None,
        typer.Option("--document", help="Document name for the title (notice.document)."),
    ] = None,
) -> None:
    """Lay out the 新旧対照表 (改定後 | 改定前 | 備考, changed words underlined).

    Example: policydiff table old.md new.md --format docx -o 新旧対照表.docx
    """
    from .api_cli import run_table

    code = run_table(str(old), str(new), fmt=fmt, output=output, old_left=old_left, full=full,
                     config=config, template_dir=template_dir, document_type=doc_type,
                     document=document)  # fmt: skip
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: runs the app and turns every error into one line."""
    global _debug
    args = list(sys.argv[1:] if argv is None else argv)
    _debug = "--debug" in args  # accepted anywhere on the line
    args = [a for a in args if a != "--debug"]
    from .console import run_guarded

    return run_guarded(
        lambda: _app_for(args)(args=args, prog_name="policydiff", standalone_mode=False), _debug
    )


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name: typer turns the signature of every
    registered command into click parameters on each run, and a hook run or a compare needs
    one. Without a command name (``--help``, ``--version``, a typo) the whole app."""
    import copy

    name = next((a for a in args if not a.startswith("-")), None)
    for info in app.registered_commands:
        if name == (info.name or typer.main.get_command_name(info.callback.__name__)):
            one = copy.copy(app)
            one.registered_commands = [info]
            return one
    return app


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

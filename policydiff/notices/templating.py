"""Jinja2 templates shipped in ``policydiff/templates``, overridable from a directory.

Policy text is data: HTML templates autoescape it, the ``md`` filters escape it for Markdown,
and nothing in a policy (``{{ 7*7 }}``, ``<script>``) is ever evaluated or left active.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import PolicydiffError
from ..numerals import CIRCLED
from .lines import Segment

# CommonMark backslash-escapes any ASCII punctuation: the raw Markdown stays readable
# (\<script\>) and a renderer shows the characters, never markup
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~<>&!"})


def md(text: object) -> str:
    """Policy text made inert in Markdown (also when the Markdown is rendered to HTML)."""
    return str(text).translate(_MD_SPECIAL)


def plain(line) -> str:
    return "".join(s.text for s in line)


def mdline(line) -> str:
    return "".join(f"<u>{md(s.text)}</u>" if s.changed else md(s.text) for s in line)


def htmlline(line):
    from markupsafe import Markup, escape

    return Markup(
        "".join(f"<u>{escape(s.text)}</u>" if s.changed else str(escape(s.text)) for s in line)
    )


def nl2br(text: str):
    from markupsafe import Markup, escape

    return Markup("<br>".join(str(escape(part)) for part in str(text).split("\n")))


def circled(n: int) -> str:
    return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else f"({n})"


def environment(template_dir: Path | None = None):
    """The Jinja environment for ``template_dir`` (built once per process and directory).

    A notice renders several templates (text, HTML, subject); one environment shares their
    compiled templates. Jinja's loaders still notice a template file changed on disk.
    """
    if template_dir is not None and not Path(template_dir).is_dir():
        raise PolicydiffError(f"--template-dir {template_dir}: no such directory")
    return _environment(None if template_dir is None else Path(template_dir).resolve())


@lru_cache(maxsize=8)
def _environment(template_dir: Path | None):
    import jinja2

    loaders: list = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.PackageLoader("policydiff", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "htm")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md, plain=plain, mdline=mdline, htmlline=htmlline, nl2br=nl2br, circled=circled
    )
    return env


def render(name: str, context: dict, template_dir: Path | None = None) -> str:
    import jinja2

    try:
        return environment(template_dir).get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise PolicydiffError(f"template {exc.name} not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise PolicydiffError(
            f"template {exc.filename or name}, line {exc.lineno}: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise PolicydiffError(f"template {name}: {exc.message}") from None


__all__ = ["Segment", "environment", "render"]

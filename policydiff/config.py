"""Project configuration: ``policydiff.toml`` or ``[tool.policydiff]`` in ``pyproject.toml``.

Found by walking up from the current directory, or given with ``--config``. It can add cue
words to a category, force clauses to material, or declare patterns editorial::

    [cues]
    purpose_of_use = ["レコメンド"]

    material_sections = ["第三者提供", "第5条"]
    editorial_patterns = ["（以下「[^」]+」）"]
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from .errors import ConfigError
from .rules import CATEGORIES, RuleSet, default_rules, nfkc

_KEYS = {"cues", "material_sections", "editorial_patterns", "hook"}  # hook: see hook.py


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The first policydiff.toml, or pyproject.toml with [tool.policydiff], from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        p = d / "policydiff.toml"
        if p.is_file():
            return p, _read(p)
        pp = d / "pyproject.toml"
        if pp.is_file():
            data = _read(pp)
            section = data.get("tool", {}).get("policydiff")
            if section is not None:
                return pp, section
    return None


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_config(path: Path | None = None) -> RuleSet:
    """The default rules, extended by the project's configuration if there is one."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"{p}: no such config file")
        data = _read(p)
        if p.name == "pyproject.toml":
            data = data.get("tool", {}).get("policydiff", {})
        return apply_config(default_rules(), data, str(p))
    found = find_config()
    if found is None:
        return default_rules()
    return apply_config(default_rules(), found[1], str(found[0]))


def apply_config(rules: RuleSet, data: dict, source: str) -> RuleSet:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the policydiff configuration must be a table")
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    cues = data.get("cues", {})
    if not isinstance(cues, dict):
        raise ConfigError(f"{source}: key 'cues' must be a table of category = [words]")
    cats = list(rules.categories)
    for cid, words in cues.items():
        if cid not in CATEGORIES or cid == "editorial":
            raise ConfigError(f"{source}: key 'cues.{cid}' is not a report-schema category")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ConfigError(f"{source}: key 'cues.{cid}' must be a list of non-empty strings")
        cats = [
            dataclasses.replace(c, cues=c.cues + tuple(nfkc(w) for w in words))
            if c.id == cid
            else c
            for c in cats
        ]
    sections = data.get("material_sections", [])
    if not isinstance(sections, list) or not all(isinstance(s, str) and s for s in sections):
        raise ConfigError(
            f"{source}: key 'material_sections' must be a list of clause titles or labels"
        )
    patterns = data.get("editorial_patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(s, str) and s for s in patterns):
        raise ConfigError(
            f"{source}: key 'editorial_patterns' must be a list of regular expressions"
        )
    for i, pat in enumerate(patterns):
        try:
            re.compile(pat)
        except re.error as exc:
            raise ConfigError(
                f"{source}: key 'editorial_patterns[{i}]' is not a valid regular expression: {exc}"
            ) from None
    return dataclasses.replace(
        rules,
        categories=tuple(cats),
        material_sections=rules.material_sections + tuple(sections),
        editorial_patterns=rules.editorial_patterns + tuple(patterns),
    )

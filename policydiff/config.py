"""Project configuration: ``policydiff.toml`` or ``[tool.policydiff]`` in ``pyproject.toml``.

Found by walking up from the compared files' folder (then from the current directory), or
given with ``--config``. It can add cue words to a category, force clauses to material, or
declare patterns editorial (compiled with ``regex``, each match time-limited)::

    [cues]
    purpose_of_use = ["レコメンド"]

    material_sections = ["第三者提供", "第5条"]
    editorial_patterns = ["（以下「[^」]+」）"]
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import regex

    from .rules import RuleSet

# ``regex`` and the rule tables are imported by the functions that use them: the hook's fast
# path needs only find_config, and must not pay for either

_KEYS = {"cues", "material_sections", "editorial_patterns", "notice", "hook"}  # hook: hook.py


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The first policydiff.toml, or pyproject.toml with [tool.policydiff], from ``start`` upwards.

    A folder that cannot be searched is passed over; so is a ``pyproject.toml`` that is not
    valid TOML and does not mention policydiff (another tool's broken file is not ours to judge).
    """
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:
        return None
    for d in (here, *here.parents):
        p = d / "policydiff.toml"
        if _is_file(p):
            return p, _read(p)
        pp = d / "pyproject.toml"
        if _is_file(pp) and _may_hold_section(pp):
            try:
                data = _read(pp)
            except ConfigError:
                if _mentions_policydiff(pp):
                    raise
                continue
            section = data.get("tool", {}).get("policydiff")
            if section is not None:
                return pp, section
    return None


def find_config_for(files: Sequence[str | os.PathLike[str]]) -> tuple[Path, dict] | None:
    """The configuration of the compared files: from each file's folder upwards, then the cwd."""
    seen: set[Path] = set()
    for f in files:
        if str(f) == "-":
            continue
        folder = Path(os.path.abspath(f)).parent
        if folder in seen:
            continue
        seen.add(folder)
        found = find_config(folder)
        if found is not None:
            return found
    return find_config()


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:  # an unsearchable folder: nothing to find there
        return False


def _may_hold_section(p: Path) -> bool:
    """Whether ``pyproject.toml`` can have a ``[tool.policydiff]`` table: the key is written
    out in it, or it has escapes that might spell it (a quoted key ``"\\u0070olicydiff"``).
    Another project's file that cannot is passed over unparsed, as it would be once parsed
    (and no TOML parser is imported for it)."""
    try:
        data = p.read_bytes()
    except OSError:
        return True  # _read says what is wrong, as before
    return b"policydiff" in data or b"\\u" in data or b"\\U" in data


def _mentions_policydiff(p: Path) -> bool:
    try:
        return b"policydiff" in p.read_bytes()
    except OSError:
        return False


def _read(path: Path) -> dict:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ConfigError(f"{path}: is a directory, expected a TOML config file")
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"{path}: not a regular file, expected a TOML config file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except PermissionError:
        raise ConfigError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ConfigError(f"{path}: symlink loop (too many levels of symbolic links)") from None
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise ConfigError(f"{path}: binary data, not a TOML config file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start}), not a TOML config file"
        ) from None
    import tomllib  # only when there is a config file to read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None


def load_config(path: Path | None = None, files: Sequence[str | os.PathLike[str]] = ()) -> RuleSet:
    """The default rules, extended by the project's configuration if there is one.

    Without ``path`` the configuration is looked up from the folders of ``files`` (the
    compared files) upwards, then from the current directory.
    """
    from .rules import default_rules

    if path is not None:
        p = Path(path)
        data = _read(p)
        if p.name == "pyproject.toml":
            data = data.get("tool", {}).get("policydiff", {})
        return apply_config(default_rules(), data, str(p))
    found = find_config_for(files) if files else find_config()
    if found is None:
        return default_rules()
    return apply_config(default_rules(), found[1], str(found[0]))


def apply_config(rules: RuleSet, data: dict, source: str) -> RuleSet:
    from .rules import CATEGORIES, nfkc

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
    _check_patterns(patterns, source)
    return dataclasses.replace(
        rules,
        categories=tuple(cats),
        material_sections=rules.material_sections + tuple(sections),
        editorial_patterns=rules.editorial_patterns + tuple(patterns),
        editorial_sources=rules.editorial_sources
        + tuple(f"{source}: key 'editorial_patterns[{i}]'" for i in range(len(patterns))),
    )


# --------------------------------------------------------------------------- bounded patterns


def _check_patterns(patterns: list[str], source: str) -> None:
    if not patterns:
        return  # the regex engine is imported for configured patterns only
    import regex

    for i, pat in enumerate(patterns):
        size = unrolled_size(pat)
        if size > MAX_UNROLLED:
            raise ConfigError(
                f"{source}: key 'editorial_patterns[{i}]' repeats too much: its counted "
                f"repetitions ({{m,n}}) unroll to about {size:,} steps (at most {MAX_UNROLLED:,})"
            )
        try:
            compile_pattern(pat)
        except regex.error as exc:
            raise ConfigError(
                f"{source}: key 'editorial_patterns[{i}]' is not a valid regular expression: {exc}"
            ) from None


PATTERN_TIMEOUT = 0.5  # seconds one configured pattern may take on one text
# the regex engine writes out a counted repetition {m,n} max(m, n) times when it compiles
# it, nested ones multiplied: (?:(?:a{1000}){1000}){1000} took 10 GB before any match
MAX_UNROLLED = 10_000

_GROUP_OPEN = r"\(\?(?:P?<[^>=!]*>|[:=!>|]|<[=!]|[a-zA-Z^-]*:)"
_COUNT = r"\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}"


@functools.cache
def _scanners() -> tuple[re.Pattern, re.Pattern]:  # compiled when a pattern is configured
    return re.compile(_GROUP_OPEN), re.compile(_COUNT)


def unrolled_size(pattern: str) -> int:
    """About how many steps ``pattern`` compiles to: each atom counts 1, a counted repetition
    multiplies what it repeats. A rough upper bound, read before the pattern is compiled."""
    stack: list[list[int]] = [[]]  # per open group: the sizes of its items
    group_open, count = _scanners()
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            stack[-1].append(1)
            i += 2
            continue
        if c == "[":
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j += pattern[j : j + 1] == "]"
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            stack[-1].append(1)
            i = j + 1
            continue
        if c == "(":
            stack.append([])
            if m := group_open.match(pattern, i):
                i = m.end()
                continue
        elif c == ")" and len(stack) > 1:
            inner = stack.pop()
            stack[-1].append(max(1, sum(inner)))
        elif c == "{" and (m := count.match(pattern, i)) and (m.group(1) or m.group(3)):
            times = max(int(m.group(1) or 0), int(m.group(3) or 0))
            if stack[-1]:
                stack[-1][-1] *= max(1, min(times, 10**12))
            i = m.end()
            continue
        elif c not in "|*+?":
            stack[-1].append(1)
        i += 1
    return sum(sum(items) for items in stack)


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> regex.Pattern:
    """A configured pattern, compiled with the ``regex`` engine (which can time a match out)."""
    import regex

    return regex.compile(pattern)


def run_pattern(rx: regex.Pattern, method: str, text: str, where: str, *args):
    """``rx.<method>(…, text)`` limited to PATTERN_TIMEOUT; a pattern that needs longer is
    refused (ConfigError naming the file and key) rather than left to hang the run."""
    try:
        return getattr(rx, method)(*args, text, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        raise ConfigError(
            f"{where} ({rx.pattern!r}) took more than {PATTERN_TIMEOUT} s on one clause "
            "and was stopped; a pattern must run in bounded time (avoid nested quantifiers such as (a+)+)"
        ) from None


# --------------------------------------------------------------------------- [notice] settings

NOTICE_KEYS = {
    "company": str,
    "service": str,
    "document": str,
    "document_url": str,
    "contact": str,
    "sender": str,
    "recipient": str,
    "min_lead_days": int,
}


def load_notice_settings(
    path: Path | None = None, files: Sequence[str | os.PathLike[str]] = ()
) -> tuple[dict, str]:
    """The ``[notice]`` table of the configuration (``{}`` when there is none) and its source,
    found the way :func:`load_config` finds the rules: from the compared files' folders."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"{p}: no such config file")
        data, source = _read(p), str(p)
        if p.name == "pyproject.toml":
            data = data.get("tool", {}).get("policydiff", {})
    else:
        found = find_config_for(files) if files else find_config()
        if found is None:
            return {}, ""
        source, data = str(found[0]), found[1]
    table = data.get("notice", {}) if isinstance(data, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: key 'notice' must be a table")
    for key, value in table.items():
        kind = NOTICE_KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted(NOTICE_KEYS))
            raise ConfigError(f"{source}: unknown key 'notice.{key}' (known: {known})")
        if not isinstance(value, kind) or isinstance(value, bool) or (kind is int and value < 0):
            what = "a whole number of days ≥ 0" if kind is int else "a string"
            raise ConfigError(f"{source}: key 'notice.{key}' must be {what}")
    return dict(table), source

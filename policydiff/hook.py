"""The pre-commit gate (``policydiff hook``): no unannounced material change gets committed.

For every staged policy file the version in HEAD is compared with the staged one (the
index). Minor changes pass with one line per file. A material change passes only when the
staged version's revision-date line changed *and* a notice draft is staged under the notices
folder; otherwise the commit is stopped with a message naming what is missing and the
``policydiff notice`` command that writes the draft. ``POLICYDIFF_ALLOW_MATERIAL=1`` lets
the commit through and says so.

Fast path: deciding which staged files are policies needs only the file names (and, with no
names given, one ``git diff --cached`` subprocess): GitPython and the Sudachi dictionary are
loaded only when a policy file is staged. Git errors are one line and exit 2; any other
failure stops the commit (exit 1) rather than letting it through silently.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from .errors import ConfigError, ExitCode, GitError, PolicydiffError

ALLOW_ENV = "POLICYDIFF_ALLOW_MATERIAL"
MAX_LISTED = 5  # material changes listed in the blocking message


@dataclass(frozen=True)
class HookSettings:
    policy_globs: tuple[str, ...]
    notices_dir: str
    date_words: tuple[str, ...]
    max_line_length: int
    date_patterns: tuple[str, ...]  # compiled by date_regexes when a policy is staged
    era_offsets: dict[str, int]
    source: str = "hook.toml"  # where the settings come from, for error messages


@dataclass(frozen=True)
class FileResult:
    path: str
    verdict: str  # identical | minor | material
    counts: dict[str, int]
    categories: tuple[str, ...]
    date_changed: bool
    missing: tuple[str, ...] = ()  # what a material change still lacks
    material: tuple[str, ...] = ()  # one line per material change: clause and categories


# --------------------------------------------------------------------------- settings


def _defaults() -> dict:
    """hook.toml, with the date grammar that all rule tables share ([dates], editorial.toml)."""
    rules = resources.files("policydiff").joinpath("rules")
    data = tomllib.loads(rules.joinpath("hook.toml").read_text(encoding="utf-8"))
    dates = tomllib.loads(rules.joinpath("editorial.toml").read_text(encoding="utf-8"))["dates"]
    rd = data.setdefault("revision_date", {})
    rd.setdefault("date_patterns", list(dates["patterns"]))
    rd.setdefault("era_offsets", dict(dates["era_offsets"]))
    return data


def load_settings(start: Path | None = None) -> HookSettings:
    """The defaults of ``rules/hook.toml``, overridden by the project's ``[hook]`` table."""
    from .config import find_config

    data = _defaults()
    found = find_config(start)
    user = found[1].get("hook", {}) if found else {}
    source = str(found[0]) if found else "hook.toml"
    if not isinstance(user, dict):
        raise ConfigError(f"{source}: key 'hook' must be a table")
    unknown = set(user) - {"policy_globs", "notices_dir", "revision_date"}
    if unknown:
        raise ConfigError(f"{source}: unknown key 'hook.{sorted(unknown)[0]}'")
    data.update({k: v for k, v in user.items() if k != "revision_date"})
    data["revision_date"] = {**data["revision_date"], **user.get("revision_date", {})}
    return _settings(data, source)


def _settings(data: dict, source: str) -> HookSettings:
    def strings(value, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{source}: key '{key}' must be a list of non-empty strings")
        return tuple(value)

    rd = data["revision_date"]
    notices = data.get("notices_dir")
    if not isinstance(notices, str) or not notices.strip("/"):
        raise ConfigError(f"{source}: key 'hook.notices_dir' must be a folder name")
    return HookSettings(
        policy_globs=tuple(
            g.lower() for g in strings(data.get("policy_globs"), "hook.policy_globs")
        ),
        notices_dir=notices.strip("/"),
        date_words=tuple(w.lower() for w in strings(rd.get("words"), "revision_date.words")),
        max_line_length=int(rd.get("max_line_length", 80)),
        date_patterns=strings(rd.get("date_patterns"), "date_patterns"),
        era_offsets={str(k): int(v) for k, v in rd.get("era_offsets", {}).items()},
        source=source,
    )


def date_regexes(settings: HookSettings) -> tuple[re.Pattern[str], ...]:
    """The compiled date patterns (``re`` caches them): compiled only when a policy file is
    staged, so a commit without one compiles none."""
    try:
        return tuple(re.compile(p) for p in settings.date_patterns)
    except re.error as exc:
        raise ConfigError(f"{settings.source}: a hook date pattern is not valid: {exc}") from None


def is_policy(path: str, settings: HookSettings) -> bool:
    """A policy file by the globs; the notice drafts (``notices/privacy-….md``) never are."""
    p = PurePosixPath(path.replace("\\", "/"))
    name, full = p.name.lower(), p.as_posix().lower()
    if _under(full, settings.notices_dir.lower()):
        return False
    return any(fnmatch.fnmatchcase(full if "/" in g else name, g) for g in settings.policy_globs)


# --------------------------------------------------------------------------- revision-date lines


def revision_dates(text: str, settings: HookSettings) -> set[str]:
    """The dates of the revision-date lines of ``text`` (ISO when they can be read)."""
    dates: set[str] = set()
    for raw in text.splitlines():
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line or len(line) > settings.max_line_length:
            continue
        low = line.lower()
        if not any(w in low for w in settings.date_words):
            continue
        for pat in date_regexes(settings):
            for m in pat.finditer(line):
                dates.add(_iso(m, settings) or re.sub(r"\s+", "", m.group(0)))
    return dates


def _iso(m: re.Match[str], settings: HookSettings) -> str | None:
    from .numerals import to_int

    g = m.groupdict()
    if g.get("era"):
        ey = 1 if g["ey"] == "元" else to_int(g["ey"])
        year = None if ey is None else settings.era_offsets.get(g["era"], 0) + ey
    elif g.get("ky"):
        year = int("".join(str(to_int(c)) for c in g["ky"]))
    else:
        year = to_int(g.get("y") or "")
    month, day = to_int(g.get("m") or ""), to_int(g.get("d") or "")
    if not (year and month and day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_line_changed(old_text: str, new_text: str, settings: HookSettings) -> bool:
    """The staged version has a revision date the HEAD version did not have."""
    return bool(revision_dates(new_text, settings) - revision_dates(old_text, settings))


# --------------------------------------------------------------------------- staged files (no GitPython)


def _git(*args: str) -> str:
    import subprocess  # not needed when none of the names pre-commit passed is a policy

    try:
        proc = subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (not on PATH)") from None
    if proc.returncode:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        msg = err[-1] if err else f"git {args[0]} failed"
        if "not a git repository" in msg:
            msg = f"{Path.cwd()}: not a git repository"
        raise GitError(msg.removeprefix("fatal: "))
    return proc.stdout.decode("utf-8", "surrogateescape")


def staged_files() -> list[str]:
    """Paths (from the repository root) added, copied, modified or renamed in the index."""
    out = _git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames")
    return [p for p in out.split("\0") if p]


def staged_renames() -> dict[str, str]:
    """Staged renames, new path → old path (a renamed policy is compared with its old self)."""
    out = _git("diff", "--cached", "--name-status", "-z", "-M", "--diff-filter=R")
    fields = [f for f in out.split("\0") if f]
    return {fields[i + 2]: fields[i + 1] for i in range(0, len(fields) - 2, 3)}


def _root_relative(files: list[str]) -> list[str]:
    root = Path(_git("rev-parse", "--show-toplevel").strip()).resolve()
    out = []
    for f in files:
        full = (Path.cwd() / f).resolve()
        try:
            out.append(full.relative_to(root).as_posix())
        except ValueError:
            raise GitError(f"{f}: outside the repository {root}") from None
    return out


# --------------------------------------------------------------------------- the gate


def check_file(
    repo, path: str, staged: list[str], settings: HookSettings, rules, head_path: str | None = None
) -> FileResult:
    """Compare HEAD with the index for one policy file and say what a material change lacks.

    ``head_path`` is the file's name in HEAD when the commit renames it."""
    from .gitio import blob_at, read_index_blob
    from .history import empty_policy
    from .load import decode_policy
    from .pipeline import compare_policies

    new_bytes = read_index_blob(repo, path)
    blob = blob_at(repo, repo.head.commit, head_path or path)
    old_bytes = blob.data_stream.read() if blob is not None else None
    if old_bytes == new_bytes:
        return FileResult(path, "identical", {"material": 0, "minor": 0}, (), False)
    old = (
        decode_policy(old_bytes, f"HEAD:{path}")
        if old_bytes and old_bytes.strip()
        else empty_policy(f"HEAD:{path}")
    )
    new = decode_policy(new_bytes, f":{path}")
    report = compare_policies(old, new, rules=rules)
    cats: list[str] = []
    for c in report.changes:
        cats += [k for k in c.categories if k not in cats]
    changed = date_line_changed(old.text, new.text, settings)
    missing = []
    if report.verdict == "material":
        if not changed:
            missing.append("date")
        if not any(_under(p, settings.notices_dir) for p in staged):
            missing.append("notice")
    return FileResult(
        path,
        report.verdict,
        dict(report.counts),
        tuple(cats),
        changed,
        tuple(missing),
        _material_lines(report),
    )


def _material_lines(report) -> tuple[str, ...]:
    """Where each material change is, and its categories (for the blocking message)."""
    from .render import clause_label

    out = []
    for c in report.changes:
        if getattr(c, "severity", None) is None or c.severity.value != "material":
            continue
        unit = c.new_unit or c.old_unit
        where = clause_label(unit) if unit is not None else "?"
        title = unit.clause.title if unit is not None else ""
        where += f"（{title}）" if title and title not in where else ""
        out.append(f"{where} ({c.type}): {', '.join(c.categories) or 'other'}")
    return tuple(out)


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


def _cats(r: FileResult) -> str:
    return ", ".join(c for c in r.categories if c != "editorial") or "other"


def blocked_message(r: FileResult, settings: HookSettings, notices_exist: bool = True) -> str:
    """What is missing for a material change, and the commands that supply it."""
    stem = PurePosixPath(r.path).stem
    notice = f"{settings.notices_dir}/{stem}-YYYY-MM-DD.md"
    lines = [f"policydiff: {r.path}: material change ({_counts(r)}; {_cats(r)}) — commit blocked:"]
    shown = r.material[:MAX_LISTED]
    lines += [f"    {m}" for m in shown]
    if len(r.material) > len(shown):
        lines.append(
            f"    … and {len(r.material) - len(shown)} more (policydiff compare HEAD:{r.path} :{r.path})"
        )
    if "date" in r.missing:
        lines.append(
            "  - the revision date is not updated: change the 改定日 / 最終改定日 / 施行日 line "
            "(or add a dated 「改定」 line) in the staged version"
        )
    if "notice" in r.missing:
        lines += [
            f"  - no notice draft is staged under {settings.notices_dir}/: generate one with",
            f"      {'' if notices_exist else f'mkdir -p {settings.notices_dir} && '}"
            f"policydiff notice HEAD:{r.path} :{r.path} --effective-date YYYY-MM-DD -o {notice}",
            f"    then: git add {notice}",
        ]
    lines.append(f"  (to commit it anyway: {ALLOW_ENV}=1 git commit …)")
    return "\n".join(lines)


def _counts(r: FileResult) -> str:
    return f"{r.counts.get('material', 0)} material, {r.counts.get('minor', 0)} minor"


def _pass_line(r: FileResult) -> str:
    if r.verdict == "identical":
        return f"policydiff: {r.path}: no change against HEAD — ok"
    if r.verdict != "material":
        return f"policydiff: {r.path}: minor changes only ({_counts(r)}) — ok"
    return (
        f"policydiff: {r.path}: material change ({_counts(r)}; {_cats(r)}) "
        "— revision date updated and notice draft staged — ok"
    )


def gate(files: list[str], out=None, err=None) -> int:
    """The hook without its error handling: returns the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    settings = load_settings()
    if files:
        candidates = [f for f in files if is_policy(f, settings)]
        if not candidates:
            return ExitCode.OK  # fast path: no policy among the files pre-commit passed
        candidates = _root_relative(candidates)
        staged = staged_files()
    else:
        staged = staged_files()
        candidates = [f for f in staged if is_policy(f, settings)]
        if not candidates:
            return ExitCode.OK  # fast path: no policy staged
    from .config import load_config
    from .gitio import has_head, merge_in_progress, open_repo

    date_regexes(settings)  # a broken pattern of the config is reported before any git work
    repo = open_repo(Path.cwd())
    if merge_in_progress(repo):
        raise GitError(
            "a merge is in progress: conclude or abort it, then commit the policy change"
        )
    if not has_head(repo):
        raise GitError(
            "the repository has no commits yet (initial commit, no HEAD to compare with): "
            "commit the first version with git commit --no-verify"
        )
    rules = load_config()
    renames = staged_renames()
    blocked = 0
    for path in candidates:
        r = check_file(repo, path, staged, settings, rules, renames.get(path))
        if not r.missing:
            print(_pass_line(r), file=out)
        elif os.environ.get(ALLOW_ENV) == "1":
            print(f"policydiff: {r.path}: material change ({_counts(r)}) without "
                  f"{' and '.join(_missing_names(r))} — allowed by {ALLOW_ENV}=1", file=out)  # fmt: skip
        else:
            folder = Path(repo.working_tree_dir, settings.notices_dir).is_dir()
            print(blocked_message(r, settings, folder), file=err)
            blocked += 1
    return ExitCode.CHECK_FAILED if blocked else ExitCode.OK


def _missing_names(r: FileResult) -> list[str]:
    names = {"date": "an updated revision date", "notice": "a staged notice draft"}
    return [names[m] for m in r.missing]


def run_hook(files: list[str], *, debug: bool = False) -> int:
    """``policydiff hook``: git errors exit 2; anything unexpected fails closed (exit 1)."""
    try:
        return gate(files)
    except PolicydiffError as exc:
        from .terminal import escape_line  # its patterns are compiled for error lines only

        print(f"policydiff: error: {escape_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:
        from .terminal import escape_controls

        if debug:
            import traceback

            traceback.print_exc()
        print(
            f"policydiff: error: hook failed ({type(exc).__name__}: {escape_controls(str(exc))}); "
            "the commit is stopped "
            "(fail closed) — rerun with --debug and report it",
            file=sys.stderr,
        )
        return ExitCode.CHECK_FAILED

"""Stage 0 for git users — revisions to text: ``REV:path``, ``:path`` (the index), a file's history.

Revision arguments are spelt as ``git show`` takes them:

* ``REV:path`` — the file at a revision (``HEAD~3:privacy.md``, ``origin/main:docs/terms.md``);
  the path is relative to the repository root, or to the current directory when it starts
  with ``./`` or ``../``, as in git;
* ``:path`` — the staged version (the index, stage 0);
* anything else — a file in the working tree. A path that exists as a file always wins over
  a revision of the same spelling.

GitPython is imported inside the functions that need it: importing this module is cheap,
and ``policydiff --help`` or a hook run with no policy staged never loads git.
Every git failure becomes a :class:`~policydiff.errors.GitError` (one line, exit 2).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import GitError, InputError
from .model import Policy


@dataclass(frozen=True)
class RevisionArg:
    """A parsed revision argument: ``rev`` is ``None`` for the index (``:path``)."""

    rev: str | None
    path: str
    spelling: str


def parse_revision_arg(arg: str) -> RevisionArg | None:
    """The revision meant by ``arg``, or ``None`` when ``arg`` names a working-tree file.

    No git is touched here: this decides only by spelling and by what exists on disk.
    """
    if arg == "-" or ":" not in arg or _is_file(arg):
        return None
    rev, _, path = arg.partition(":")
    if os.name == "nt" and len(rev) == 1 and path[:1] in ("\\", "/"):  # C:\policy.md
        return None
    if not path:
        raise GitError(f"{arg}: no path after the colon (expected REV:path or :path)")
    return RevisionArg(rev=rev or None, path=path, spelling=arg)


def _is_file(arg: str) -> bool:
    try:
        return Path(arg).is_file()
    except PermissionError:  # an unsearchable working directory (chmod 0 .)
        raise InputError(f"{arg}: permission denied") from None


def read_revision_arg(arg: str, cwd: str | os.PathLike[str] | None = None) -> Policy:
    """Read ``REV:path`` or ``:path`` into a :class:`Policy` (source = the spelling)."""
    spec = parse_revision_arg(arg)
    if spec is None:
        raise GitError(f"{arg}: not a revision argument")
    repo = open_repo(cwd)
    path = repo_path(repo, spec.path, cwd)
    data = read_index_blob(repo, path) if spec.rev is None else read_blob(repo, spec.rev, path)
    from .load import decode_policy

    return decode_policy(data, arg)


# --------------------------------------------------------------------------- repository access


def open_repo(cwd: str | os.PathLike[str] | None = None):
    """The repository containing ``cwd`` (default: the current directory)."""
    import git

    where = Path(cwd or Path.cwd())
    try:
        return git.Repo(where, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{where}: not a git repository") from None
    except git.GitError as exc:
        raise GitError(f"{where}: cannot open the git repository: {_one_line(exc)}") from None


class GitCommandLine:
    """A repository driven by the ``git`` command line alone, for ``policydiff log``: it
    needs git's own output (``git log``, ``git show``, ``git cat-file``), and importing
    GitPython cost more CPU than the whole of a small history (60 ms of imports)."""

    def __init__(self, working_tree_dir: str, git_dir: str) -> None:
        self.working_tree_dir, self.git_dir = working_tree_dir, git_dir

    def run(self, args: list[str]) -> str:
        """``git ARGS`` in the working tree: its output (one trailing newline dropped);
        :class:`GitFailed` with git's message when it fails."""
        import subprocess

        try:
            proc = subprocess.run(["git", *args], cwd=self.working_tree_dir,
                                  capture_output=True, env=_c_locale())  # fmt: skip
        except OSError as exc:
            raise GitError(f"cannot run git: {_one_line(exc)}") from None
        if proc.returncode:
            raise GitFailed(proc.stderr.decode("utf-8", "replace"), proc.returncode)
        out = proc.stdout.decode("utf-8", "surrogateescape")
        return out[:-1] if out.endswith("\n") else out


class GitFailed(Exception):
    """A git command that exited non-zero: ``stderr`` is what it said."""

    def __init__(self, stderr: str, status: int) -> None:
        super().__init__(stderr)
        self.stderr, self.status = stderr, status


def _c_locale() -> dict[str, str]:
    """The environment with git's messages in English (as GitPython runs git)."""
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}


def open_git_command_line(cwd: str | os.PathLike[str] | None = None) -> GitCommandLine:
    """The repository containing ``cwd`` (default: the current directory), for the git
    command line (:class:`GitCommandLine`); the same errors as :func:`open_repo`."""
    import subprocess

    where = Path(cwd or Path.cwd())
    if not where.is_dir():
        raise GitError(f"{where}: not a git repository")
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir"],
            cwd=where, capture_output=True, env=_c_locale(),
        )  # fmt: skip
    except OSError as exc:
        raise GitError(f"{where}: cannot open the git repository: {_one_line(exc)}") from None
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode and "not a git repository" in err:
        raise GitError(f"{where}: not a git repository")
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode or len(lines) != 2:
        msg = _one_line(RuntimeError(err.replace("fatal:", ""))) or f"exit {proc.returncode}"
        raise GitError(f"{where}: cannot open the git repository: {msg}")
    return GitCommandLine(lines[0], lines[1])


def repo_path(repo, path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """``path`` as git names it (relative to the root, ``/``-separated), as ``git show`` reads it."""
    if path.startswith(("./", "../")) or path in (".", ".."):
        return worktree_path(repo, path, cwd)
    return PurePosixPath(path.replace("\\", "/")).as_posix().lstrip("/")


def worktree_path(repo, path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """A working-tree path (relative to ``cwd``) as git names it, relative to the root."""
    root = Path(repo.working_tree_dir).resolve()
    full = (Path(cwd or Path.cwd()) / path).resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        raise GitError(f"{path}: outside the repository {root}") from None


def resolve_commit(repo, rev: str):
    """The commit ``rev`` names; unborn HEAD and unknown names are one-line errors."""
    from gitdb.exc import BadName, BadObject

    try:
        obj = repo.rev_parse(rev)
    except (BadName, BadObject, ValueError, IndexError):
        if rev.startswith("HEAD") and not has_head(repo):
            raise GitError(
                f"{rev}: the repository has no commits yet (initial commit, HEAD is unborn)"
            ) from None
        raise GitError(f"{rev}: unknown revision (not a branch, tag or commit here)") from None
    while obj.type == "tag":
        obj = obj.object
    if obj.type != "commit":
        raise GitError(f"{rev}: names a {obj.type}, not a commit")
    return obj


def read_blob(repo, rev: str, path: str) -> bytes:
    """The bytes of ``path`` at ``rev``."""
    commit = resolve_commit(repo, rev)
    try:
        blob = commit.tree / path
    except KeyError:
        raise GitError(f"{rev}:{path}: the path does not exist at {rev}") from None
    if blob.type != "blob":
        raise GitError(f"{rev}:{path}: is a {blob.type}, expected a policy file")
    return blob.data_stream.read()


def blob_at(repo, commit, path: str):
    """The blob of ``path`` in ``commit``, or ``None`` when the commit has no such file."""
    try:
        blob = commit.tree / path
    except KeyError:
        return None
    return blob if blob.type == "blob" else None


def read_blobs(repo, ids) -> dict[str, bytes]:
    """The bytes of the blobs ``ids`` (hex), all from one ``git cat-file --batch`` (one
    round trip to git, not one per blob)."""
    import subprocess

    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    try:
        proc = subprocess.run(
            ["git", "--git-dir", str(repo.git_dir), "cat-file", "--batch"],
            input="".join(f"{i}\n" for i in ids).encode("ascii"),
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GitError(f"git cat-file failed: {_one_line(exc)}") from None
    out, pos, found = proc.stdout, 0, {}
    for i in ids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"{i}: not a blob in this repository")
        size = int(header[2])
        found[i] = out[end + 1 : end + 1 + size]
        pos = end + 2 + size  # the data, then a newline
    return found


def read_index_blob(repo, path: str) -> bytes:
    """The staged bytes of ``path`` (stage 0); an unmerged path is a merge in progress."""
    entries = repo.index.entries
    entry = entries.get((path, 0))
    if entry is None:
        if any((path, stage) in entries for stage in (1, 2, 3)):
            raise GitError(f":{path}: unmerged (a merge is in progress); resolve it first")
        raise GitError(f":{path}: the path is not in the index (not staged)")
    import git

    return git.Blob(repo, entry.binsha).data_stream.read()


def merge_in_progress(repo) -> bool:
    return Path(repo.git_dir, "MERGE_HEAD").exists()


def has_head(repo) -> bool:
    """Whether HEAD points at a commit (false before the initial commit)."""
    try:
        repo.head.commit  # noqa: B018
    except ValueError:
        return False
    return True


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200]

"""What policydiff derives from its own files, kept between runs in the user's cache directory
(platformdirs; ``POLICYDIFF_CACHE_DIR`` overrides it, ``POLICYDIFF_CACHE_DIR=off`` turns the
cache off): the rule tables as parsed, the compiled programs of the regular expressions that
modules compile when they are imported, and the compiled methods that :mod:`dataclasses`
writes for the classes of the modules. Never anything of the documents compared.

Each entry is a file named by what it derives from (the package and Python versions, the
content it was made from), written whole to a temporary file and renamed into place; it
carries a checksum, and an entry that is missing, unreadable, truncated or of another
format is ignored — the data is then made again, and the entry rewritten when it can be.
Nothing here ever raises into a command.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib

from . import __version__

_ENV = "POLICYDIFF_CACHE_DIR"
_dir: str | None | bool = False  # False: not looked up yet; None: no cache


def directory() -> str | None:
    """The cache directory (not created here), or None when the cache is off."""
    global _dir
    if _dir is False:
        env = os.environ.get(_ENV)
        if env == "off":
            _dir = None
        elif env:
            _dir = env
        else:
            _dir = _xdg_cache_dir() or _platform_cache_dir()
    return _dir


def _platform_cache_dir() -> str | None:
    try:
        from platformdirs import user_cache_dir

        return user_cache_dir("policydiff", appauthor=False)
    except Exception:  # no home directory…: no cache, never an error
        return None


def _xdg_cache_dir() -> str | None:
    """What platformdirs answers on Linux in the usual case — ``$XDG_CACHE_HOME/policydiff``
    when that is an absolute path, else ``$HOME/.cache/policydiff`` with an absolute ``$HOME`` —
    without importing it (a tenth of the start-up of a small compare); None for anything
    else (another system, Android, no usable home), which platformdirs then answers."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    env = os.environ
    if env.get("ANDROID_DATA") == "/data" and env.get("ANDROID_ROOT") == "/system":
        return None
    xdg = env.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "policydiff")
    home = env.get("HOME", "")
    return os.path.join(home, ".cache", "policydiff") if os.path.isabs(home) else None


def _path(name: str, key: str) -> str | None:
    base = directory()
    return os.path.join(base, f"{name}-{__version__}-{key}.marshal") if base else None


def load(name: str, key: str):
    """The value stored under ``name``/``key``, or None (no entry, or one that does not read
    back whole)."""
    path = _path(name, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "little"):
            return None
        return marshal.loads(data[4:])
    except Exception:  # unreadable, truncated, another Python's format…
        return None


def store(name: str, key: str, value) -> None:
    """Store ``value`` (plain data: what :mod:`marshal` writes) atomically; quietly nothing when
    the directory cannot be written or the value cannot be written."""
    path = _path(name, key)
    if path is None:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        payload = marshal.dumps(value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(zlib.crc32(payload).to_bytes(4, "little") + payload)
        os.replace(tmp, path)
    except Exception:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(name, path)


def _prune(name: str, keep: str) -> None:
    """Remove the other entries of ``name`` (other versions, other contents): one stays."""
    base = os.path.dirname(keep)
    with contextlib.suppress(OSError):
        for entry in os.listdir(base):
            if entry.startswith(f"{name}-") and entry.endswith(".marshal"):
                full = os.path.join(base, entry)
                if full != keep:
                    with contextlib.suppress(OSError):
                        os.unlink(full)


def content_key(*parts: bytes) -> str:
    """A short key for the content of files (a checksum and the sizes)."""
    crc = 0
    for p in parts:
        crc = zlib.crc32(p, crc)
    return f"{crc:08x}-{'-'.join(str(len(p)) for p in parts)}"


# --------------------------------------------------------------------------- regex programs
#
# ``re`` compiles a pattern in Python (parse, then code generation) and hands the program to
# ``_sre.compile``; for the ~150 patterns a compare compiles that is ~15 ms of every run. The
# programs of patterns compiled by module-level code (constants of the source, never text of
# a document) are kept here and handed straight to ``_sre.compile`` on the next run. A program
# is kept only when rebuilding the pattern from it gives a pattern equal to what ``re``
# compiled (``Pattern.__eq__`` compares the pattern, the flags and the program itself), and
# the file is per Python version and ``_sre`` magic, so a kept program is the one ``re`` would
# make. Installed by the console entry point only: importing policydiff changes nothing.


class _Kept:
    """Entries made from source text (regex programs, dataclass methods): read back when
    installed, written again when a run made new ones — with the old ones, up to ``limit``;
    past it only those this run used or made."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.key = name, limit, ""
        self.entries: dict = {}
        self.new: dict = {}
        self.used: set = set()
        self.loaded = 0  # entries read back

    def read(self, key: str) -> None:
        self.key = key
        value = load(self.name, key)
        self.entries = value if isinstance(value, dict) else {}
        self.loaded = len(self.entries)

    def get(self, k):
        value = self.entries.get(k)
        if value is not None:
            self.used.add(k)
        return value

    def drop(self, k) -> None:
        self.entries.pop(k, None)
        self.used.discard(k)

    def save(self) -> None:
        if not self.new:
            return
        kept = {**self.entries, **self.new}
        if len(kept) > self.limit:
            kept = {k: v for k, v in kept.items() if k in self.used or k in self.new}
        store(self.name, self.key, kept)
        self.entries.update(self.new)
        self.new.clear()


PROGRAMS = _Kept("regex", 400)  # a compare uses ~110-150 patterns
_installed = False
_original = None


def _programs_key() -> str:
    import _sre

    return f"py{sys.version_info[0]}{sys.version_info[1]}-{sys.version_info[2]}-{_sre.MAGIC}"


def install_regex_cache() -> None:
    """Compile regular expressions from the kept programs for the rest of this process."""
    global _installed, _original
    if _installed or directory() is None:
        return
    try:
        from re import _compiler
    except ImportError:  # another Python's internals: no cache
        return
    PROGRAMS.read(_programs_key())
    _original = _compiler.compile
    _compiler.compile = _compile
    _installed = True


def _compile(p, flags=0):
    key = (p, flags)
    if type(p) is str and type(flags) is int:
        program = PROGRAMS.get(key)
        if program is not None:
            try:
                import _sre

                return _sre.compile(p, *program)
            except Exception:  # not a program this _sre takes: compile it afresh
                PROGRAMS.drop(key)
    compiled = _original(p, flags)
    if type(p) is str and type(flags) is int and _from_module_code():
        program = _program(p, flags, compiled)
        if program is not None:
            PROGRAMS.new[key] = program
    return compiled


class static_patterns:
    """Within this block (when ``on``) the patterns compiled are made of policydiff's own files
    only (the grammar of the bundled rule tables, never a document's words) and are kept like
    those of module-level code."""

    depth = 0

    def __init__(self, on: bool = True) -> None:
        self.on = on

    def __enter__(self) -> None:
        static_patterns.depth += self.on

    def __exit__(self, *exc) -> None:
        static_patterns.depth -= self.on


def _from_module_code() -> bool:
    """Whether the pattern is compiled by the top level of a module, or by a class body that
    the top level runs (a constant of the source), not by a function (which may build it from
    a document's text)."""
    if static_patterns.depth:
        return True
    import re

    re_dir = os.path.dirname(re.__file__) + os.sep
    try:
        f = sys._getframe(2)
    except ValueError:  # called with no caller above re (not by a module's code)
        return False
    while f is not None and f.f_code.co_filename.startswith(re_dir):
        f = f.f_back
    if f is not None and f.f_code.co_flags & _FUNCTION_CODE == 0 and f.f_code.co_name != "<module>":
        f = f.f_back  # the body of a class (logging's format styles) run by a module's code
    return f is not None and f.f_code.co_name == "<module>"


_FUNCTION_CODE = 0x3  # CO_OPTIMIZED | CO_NEWLOCALS: a function's frame, not a module's or class's


def _program(p: str, flags: int, compiled):
    """``(flags, code, groups, groupindex, indexgroup)`` for ``_sre.compile``, made as
    ``re._compiler.compile`` makes them; None unless it rebuilds ``compiled`` exactly."""
    try:
        import _sre
        from re import _compiler, _parser

        if flags & (_compiler.SRE_FLAG_DEBUG | _compiler.SRE_FLAG_LOCALE):
            return None
        parsed = _parser.parse(p, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        program = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                   tuple(indexgroup))  # fmt: skip
        return program if _sre.compile(p, *program) == compiled else None
    except Exception:
        return None


# --------------------------------------------------------------------------- dataclass methods
#
# ``dataclasses`` writes the source of each generated method (``__init__``, ``__eq__``,
# ``__repr__``, ``__hash__``, the frozen ``__setattr__``…) and compiles it with ``exec``: ~0.5 ms
# a class, ~20 ms for the ~35 classes a compare defines. The source depends only on the class
# definition (field names and flags; defaults and types are passed by name), so its compiled
# code is kept by source text, per Python version and bytecode magic, and ``exec`` runs the kept
# code. The code is what ``exec`` compiles for dataclasses.py itself (file ``<string>``, no
# inherited ``__future__`` flags). Only while installed, and by ``dataclasses`` only.

CODES = _Kept("dataclass", 1200)  # a compare writes ~200 methods


def _codes_key() -> str:
    from importlib.util import MAGIC_NUMBER

    v = sys.version_info
    return f"py{v[0]}{v[1]}-{v[2]}-{MAGIC_NUMBER.hex()}"


def install_dataclass_cache() -> None:
    if directory() is None:
        return
    import dataclasses

    if dataclasses.__dict__.get("exec") is not None:
        return  # installed already (or dataclasses has an exec of its own: left alone)
    CODES.read(_codes_key())
    dataclasses.exec = _exec


def _exec(source, globals=None, locals=None, /, **kwargs):
    import builtins

    if type(source) is str and not kwargs:
        code = CODES.get(source)
        if code is None:
            code = CODES.new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        return builtins.exec(code, globals, locals)
    return builtins.exec(source, globals, locals, **kwargs)


def install() -> None:
    """Use the kept regex programs and dataclass methods for the rest of this process."""
    install_regex_cache()
    install_dataclass_cache()


def save() -> None:
    """Keep what this run compiled that was not kept yet."""
    PROGRAMS.save()
    CODES.save()

"""What policydiff derives from its own files, kept between runs in the user's cache directory
(platformdirs; ``POLICYDIFF_CACHE_DIR`` overrides it, ``POLICYDIFF_CACHE_DIR=off`` turns the
cache off): the rule tables as parsed, the compiled programs of the regular expressions that
modules compile when they are imported, the compiled methods that :mod:`dataclasses`
writes for the classes of the modules, and the code of the modules a command imports. Never
anything of the documents compared.

Each entry is a file named by what it derives from (the package and Python versions, the
content it was made from), written whole to a temporary file and renamed into place; it
carries a checksum, and an entry that is missing, unreadable, truncated or of another
format is ignored — the data is then made again, and the entry rewritten when it can be.
Nothing here ever raises into a command.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import stat
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
    try:
        payload = marshal.dumps(value)
    except Exception:
        return
    _write(name, path, zlib.crc32(payload).to_bytes(4, "little") + payload)


def _write(name: str, path: str | None, data: bytes) -> None:
    """Write an entry whole (a temporary file renamed into place) and remove the other
    entries of its name; quietly nothing when the directory cannot be written."""
    if path is None:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
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


# --------------------------------------------------------------------------- module code
#
# Importing a module from its .pyc is a search (the folders of sys.path for a top-level
# module, of its package for a submodule), a look at the source, an open, a read and a check
# of the .pyc, then the run of its code: for the ~150 modules a compare imports, the search
# and the reads are ~5 ms. The code of the modules a run imported from .py files is kept
# here in one file, each with what the search and the check looked at: the source file (size
# and modification time, as the .pyc header has them) and the folders searched before and
# at it (their modification times: a file added to or removed from a folder changes its
# time, so no module can have appeared in an earlier place). On the next run a module whose
# source and folders are as they were is made from the kept code — the code of its .pyc,
# which Python would have read — by a loader that is Python's own source loader in all but
# where the code comes from (resources, source, tracebacks as usual). Anything else is
# imported the usual way, and kept after the run. Nothing is kept when bytecode is not to
# be written (PYTHONDONTWRITEBYTECODE), nor for a module with no valid timestamp .pyc.


class _KeptModules:
    """The kept module code: one file, an index (name → what the search and the check looked
    at, and where the code is) then the code of every module, read in one piece and
    unmarshalled module by module as they are imported."""

    name, limit = "modules", 600  # a compare imports ~150 modules from .py files

    def __init__(self) -> None:
        self.key = ""
        self.entries: dict = {}  # name → (file, size, mtime, is_pkg, places, start, end)
        self.code = memoryview(b"")
        self.new: dict = {}  # name → (file, size, mtime, is_pkg, places, code bytes)
        self.used: set = set()
        self.before: set = set()  # the modules imported before the cache was installed

    def read(self, key: str) -> None:
        # one file per Python environment (its modules are in other places), as __pycache__
        env = f"{sys.prefix}\0{sys.executable}".encode("utf-8", "surrogateescape")
        self.name = f"modules{zlib.crc32(env):08x}"
        self.key = key
        path = _path(self.name, key)
        try:
            with open(path, "rb") as f:  # type: ignore[arg-type]
                view = memoryview(f.read())
            size = int.from_bytes(view[4:8], "little")
            if len(view) < 8 or zlib.adler32(view[4:]) != int.from_bytes(view[:4], "little"):
                return
            entries = marshal.loads(view[8 : 8 + size])
            if isinstance(entries, dict):
                self.entries, self.code = entries, view[8 + size :]
        except Exception:  # missing, unreadable, truncated, another format: none kept
            return

    def code_of(self, entry: tuple) -> memoryview:
        return self.code[entry[5] : entry[6]]

    def save(self) -> None:
        if not self.new:
            return
        kept = {k: (*e[:5], bytes(self.code_of(e))) for k, e in self.entries.items()
                if k not in self.new and (len(self.entries) < self.limit or k in self.used)}  # fmt: skip
        kept.update(self.new)
        index, parts, at = {}, [], 0
        for k, (*head, code) in kept.items():
            index[k] = (*head, at, at + len(code))
            parts.append(code)
            at += len(code)
        head = marshal.dumps(index)
        body = len(head).to_bytes(4, "little") + head + b"".join(parts)
        checked = zlib.adler32(body).to_bytes(4, "little") + body
        _write(self.name, _path(self.name, self.key), checked)
        self.new.clear()


MODULES = _KeptModules()


def _modules_key() -> str:
    from importlib.util import MAGIC_NUMBER

    v = sys.version_info
    return f"py{v[0]}{v[1]}-{v[2]}-{MAGIC_NUMBER.hex()}-O{sys.flags.optimize}"


class _Folders:
    """Modification times of folders (-1: not a folder; None: not there), each looked at once
    per run."""

    def __init__(self) -> None:
        self.seen: dict[str, int | None] = {}

    def mtime(self, folder: str) -> int | None:
        if folder not in self.seen:
            try:
                st = os.stat(folder)
                self.seen[folder] = st.st_mtime_ns if stat.S_ISDIR(st.st_mode) else -1
            except OSError:
                self.seen[folder] = None  # not there (python3X.zip…): stays so, or not
        return self.seen[folder]


_FOLDERS = _Folders()


def _folder(entry: str) -> str:
    """The folder a ``sys.path`` entry names ("" is the current directory)."""
    return os.path.abspath(entry or os.curdir)


class _KeptFinder:
    """First on ``sys.meta_path`` while installed: the kept modules whose source and folders
    are as they were when kept; None (the usual search) for every other."""

    @staticmethod
    def invalidate_caches() -> None:  # importlib.invalidate_caches(): folders looked at again
        _FOLDERS.seen.clear()

    @staticmethod
    def find_spec(name, path=None, target=None):
        entry = MODULES.entries.get(name)
        if entry is None or target is not None:
            return None
        try:
            if not _unchanged(name, path, entry):
                return None
            from importlib.util import spec_from_file_location

            loader = _kept_loader()(name, entry[0])
            loader.kept = entry
            spec = spec_from_file_location(name, entry[0], loader=loader,
                                           submodule_search_locations=[] if entry[3] else None)  # fmt: skip
        except Exception:
            return None
        MODULES.used.add(name)
        return spec


def _unchanged(name: str, path, entry: tuple) -> bool:
    """Whether the usual search would find the kept file, and the file is as it was."""
    file, size, mtime, _, places = entry[:5]
    if path is None:  # a top-level module: sys.path begins as it did, up to its folder
        if "." in name or len(sys.path) < len(places):
            return False
        for now, (raw, folder, _) in zip(sys.path, places, strict=False):
            if now != raw or _folder(now) != folder:
                return False
    elif list(path) != [places[-1][1]]:
        return False  # the package is elsewhere now
    if any(_FOLDERS.mtime(folder) != t for _, folder, t in places):
        return False  # a file came or went in a folder searched: it might be found first
    st = os.stat(file)
    return st.st_size == size and st.st_mtime_ns == mtime


@functools.cache
def _kept_loader():
    from importlib.machinery import SourceFileLoader

    class KeptLoader(SourceFileLoader):
        """Python's source loader but for the code: the kept code of the module's .pyc."""

        kept: tuple | None = None

        def get_code(self, fullname):
            entry, self.kept = self.kept, None
            if entry is not None and fullname == self.name:
                try:
                    code = marshal.loads(MODULES.code_of(entry))
                    import _imp

                    _imp._fix_co_filename(code, self.path)  # as Python's loader does
                    return code
                except Exception:  # not code this Python reads: the usual way
                    pass
            return super().get_code(fullname)

    return KeptLoader


def install_module_cache() -> None:
    """Import modules from the kept code for the rest of this process."""
    if directory() is None or sys.dont_write_bytecode or _KeptFinder in sys.meta_path:
        return
    MODULES.read(_modules_key())
    MODULES.before = set(sys.modules)
    sys.meta_path.insert(0, _KeptFinder)


def _module_entry(name: str, module) -> tuple | None:
    """What to keep of a module imported the usual way: the code of its valid timestamp .pyc,
    with the source's size and time and the folders the search looked at; None for any
    other module (built in, an extension, a namespace, in a zip…)."""
    from importlib.machinery import SourceFileLoader
    from importlib.util import MAGIC_NUMBER, cache_from_source

    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    if spec is None or type(loader) is not SourceFileLoader or not spec.has_location:
        return None
    file = spec.origin
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    is_pkg = spec.submodule_search_locations is not None
    here = os.path.dirname(os.path.dirname(file) if is_pkg else file)
    places = _places(name, here)
    if places is None:
        return None
    st = os.stat(file)
    with open(cache_from_source(file), "rb") as f:
        data = f.read()
    fits = (data[:4] == MAGIC_NUMBER and int.from_bytes(data[4:8], "little") == 0
            and int.from_bytes(data[8:12], "little") == int(st.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(data[12:16], "little") == st.st_size & 0xFFFFFFFF)  # fmt: skip
    return (file, st.st_size, st.st_mtime_ns, is_pkg, places, data[16:]) if fits else None


def _places(name: str, here: str) -> tuple | None:
    """The folders the search for ``name`` looks in, up to ``here`` where it found it, with
    their times: ``(sys.path entry or None, folder, time)``."""
    if "." in name:  # a submodule: searched in its package's folder
        parent = sys.modules.get(name.rpartition(".")[0])
        if list(getattr(parent, "__path__", None) or ()) != [here]:
            return None
        found = [(None, here)]
    else:
        from importlib.machinery import FileFinder

        found = []
        for entry in sys.path:
            if not isinstance(entry, str):
                return None
            found.append((entry, _folder(entry)))
            if found[-1][1] == here:
                break
            finder = sys.path_importer_cache.get(entry or os.getcwd(), False)  # as PathFinder
            if finder is not None and type(finder) is not FileFinder:
                return None  # a zip, a path hook's name…: not searched the way kept here
        else:
            return None
    places = tuple((raw, f, _FOLDERS.mtime(f)) for raw, f in found)
    return places if places[-1][2] not in (None, -1) else None


def _keep_modules() -> None:
    if not MODULES.key or sys.dont_write_bytecode:
        return
    for name, module in list(sys.modules.items()):
        if name in MODULES.before or name in MODULES.used or name == "__main__":
            continue
        try:
            entry = _module_entry(name, module)
        except Exception:  # no .pyc, unreadable…: not kept
            entry = None
        if entry is not None:
            MODULES.new[name] = entry
    MODULES.save()


def install() -> None:
    """Use the kept regex programs, dataclass methods and module code for the rest of this
    process."""
    install_module_cache()
    install_regex_cache()
    install_dataclass_cache()


def save() -> None:
    """Keep what this run compiled that was not kept yet."""
    PROGRAMS.save()
    CODES.save()
    _keep_modules()

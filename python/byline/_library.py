"""Finding and loading libbyline_c, the C API this package wraps.

Where it looks, in order (the first library that loads wins):

1. ``BYLINE_LIBRARY``: the path of the library, or of a folder holding it.
   When it is set, nothing else is tried: a library named explicitly that
   does not load is an error, never a silent fallback to another one.
2. Next to the package (``byline/libbyline_c.so``), when the install put it
   there (``BYLINE_BUNDLE_LIBRARY`` at install time, see setup.py).
3. The build tree the package sits in (``python/../build/*/capi/``) or was
   installed from (recorded at install in ``_origin.py``): the most
   recently built library among the build folders, leaving out builds with
   sanitizers (a library built with ASan cannot be loaded into a Python
   that is not, and ASan would end the process instead of failing).
4. The system: ``ctypes.util.find_library``, the loader's own search
   (``LD_LIBRARY_PATH``, the ld.so cache) and the usual install prefixes
   (``/usr/local/lib``, ...), where ``cmake --install`` puts it.

Nothing is loaded until the package first needs the library (or
``byline.load_library()`` is called), so that ``import byline`` never fails
and a program may name the library itself first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import sysconfig
import threading
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

# The library's file names on this platform, the versioned name (the
# soname) last: a build tree has both.
if sys.platform == "darwin":
    _NAMES = ("libbyline_c.dylib", "libbyline_c.0.dylib")
elif sys.platform == "win32":
    _NAMES = ("byline_c.dll", "libbyline_c.dll")
else:
    _NAMES = ("libbyline_c.so", "libbyline_c.so.0")
_SONAME = _NAMES[-1]

_PACKAGE_DIR = Path(__file__).resolve().parent
# A relative BYLINE_LIBRARY is relative to where the program started, not
# to wherever it has changed directory to when the library is first needed.
_START_DIR = os.getcwd()


class LibraryNotFoundError(ImportError):
    """libbyline_c could not be found or loaded; the message lists where
    byline looked and why each candidate failed."""

    def __init__(self, message: str, places: List[str]):
        super().__init__(message)
        self.places = places


c_char_p, c_void_p, c_int, c_size_t = ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
c_uint64, c_int64, POINTER = ctypes.c_uint64, ctypes.c_int64, ctypes.POINTER

# byline_progress_fn: void (*)(void* user_data, uint64_t articles,
# uint64_t bytes, const char* path).
PROGRESS_FN = ctypes.CFUNCTYPE(None, c_void_p, c_uint64, c_uint64, c_char_p)

# Every function the package calls, with its C signature (ctypes would
# otherwise take every argument and result for an int and cut pointers).
# The package uses the JSON side of the C API only: results come back as one
# JSON document, so that fields the C API adds (snippets, highlights, new
# facet data) reach Python without a change here.
_SIGNATURES = {
    "byline_version": (c_char_p, []),
    "byline_index_format_version": (c_int, []),
    "byline_status_name": (c_char_p, [c_int]),
    "byline_last_error_status": (c_int, []),
    "byline_last_error_message": (c_char_p, []),
    "byline_last_error_position": (c_int64, []),
    "byline_free": (None, [c_void_p]),
    "byline_index_open": (c_int, [c_char_p, c_int, c_char_p, POINTER(c_void_p)]),
    "byline_index_close": (None, [c_void_p]),
    "byline_index_article_count": (c_int, [c_void_p, POINTER(c_uint64)]),
    "byline_index_stats_json": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_index_reopen": (c_int, [c_void_p]),
    "byline_writer_new": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_writer_free": (None, [c_void_p]),
    "byline_writer_add": (c_int, [c_void_p] + [c_char_p] * 7 + [POINTER(c_int)]),
    "byline_writer_add_json": (c_int, [c_void_p, c_char_p, POINTER(c_int)]),
    "byline_writer_remove": (c_int, [c_void_p, c_char_p, POINTER(c_int)]),
    "byline_writer_commit": (c_int, [c_void_p]),
    "byline_writer_set_aliases_json": (c_int, [c_void_p, c_char_p, POINTER(c_size_t)]),
    "byline_writer_pending": (c_size_t, [c_void_p]),
    "byline_ingest": (c_int, [c_void_p, POINTER(c_char_p), c_size_t, c_char_p, PROGRESS_FN,
                              c_void_p, POINTER(c_void_p)]),
    "byline_searcher_new": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_searcher_free": (None, [c_void_p]),
    "byline_searcher_interrupt": (c_int, [c_void_p]),
    "byline_search_json": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_explain_json": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_article_json": (c_int, [c_void_p, c_char_p, POINTER(c_void_p)]),
}

# Functions newer libraries have, used when present.
_OPTIONAL_SIGNATURES = {
    # Stops the byline_ingest() running on a writer, from its progress
    # callback or another thread; what was read so far is committed and the
    # summary says "stopped": true.
    "byline_ingest_stop": (c_int, [c_void_p]),
    # Where a query matches in an article's title and body, and drawing it.
    "byline_highlight_json": (c_int, [c_void_p, c_char_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_mark_up": (c_int, [c_char_p, c_char_p, c_int, POINTER(c_void_p)]),
    # Stories: listing them, and grouping every article again.
    "byline_stories_json": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_writer_rebuild_stories": (c_int, [c_void_p]),
    # "More like this": the articles like the given ones, as JSON.
    "byline_similar_json": (c_int, [c_void_p, POINTER(c_char_p), c_size_t, c_char_p,
                                    POINTER(c_void_p)]),
}


def _origin_roots() -> List[Path]:
    """The source trees to look for build folders in: the one this package
    sits in, and the one it was installed from."""
    roots = [_PACKAGE_DIR.parent.parent]  # python/byline -> the project
    try:
        from . import _origin  # written by setup.py at install
    except ImportError:
        pass
    else:
        project = Path(getattr(_origin, "PROJECT_DIR", ""))
        if project.parts and project not in roots:
            roots.append(project)
    return roots


def _sanitized(build_dir: Path) -> bool:
    """Whether the CMake build folder compiles with sanitizers."""
    try:
        cache = (build_dir / "CMakeCache.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith(("CMAKE_CXX_FLAGS", "CMAKE_SHARED_LINKER_FLAGS"))
               and "-fsanitize" in line for line in cache.splitlines())


def _build_tree_candidates(places: List[str], failures: List[str]) -> List[Path]:
    found: List[Tuple[float, Path]] = []
    for root in _origin_roots():
        pattern = f"{root}/build/*/capi/"
        places.append(pattern)
        build = root / "build"
        if not build.is_dir():
            continue
        for build_dir in sorted(build.iterdir()):
            for name in _NAMES:
                library = build_dir / "capi" / name
                if not library.is_file():
                    continue
                if _sanitized(build_dir):
                    failures.append(f"{library}: left out, built with sanitizers")
                else:
                    found.append((library.stat().st_mtime, library))
                break
    # The most recently built first: the one a developer just rebuilt.
    return [path for _, path in sorted(found, key=lambda item: -item[0])]


def _system_candidates(places: List[str]) -> Iterator[str]:
    places.append("ctypes.util.find_library('byline_c')")
    name = ctypes.util.find_library("byline_c")
    if name:
        yield name
    places.append(f"the dynamic loader's search for {_SONAME} (LD_LIBRARY_PATH, ld.so cache)")
    yield _SONAME
    prefixes = []
    for prefix in (sys.prefix, sys.base_prefix, "/usr/local", "/usr"):
        if prefix not in prefixes:
            prefixes.append(prefix)
    multiarch = sysconfig.get_config_var("MULTIARCH")
    for prefix in prefixes:
        subdirs = ["lib", "lib64"] + ([f"lib/{multiarch}"] if multiarch else [])
        for subdir in subdirs:
            folder = Path(prefix) / subdir
            places.append(str(folder))
            for file_name in _NAMES:
                if (folder / file_name).is_file():
                    yield str(folder / file_name)


def _candidates(places: List[str], failures: List[str]) -> Iterator[str]:
    """Every path (or loader name) to try, in order; `places` receives a
    description of each place looked in, for the error message."""
    places.append(f"next to the package ({_PACKAGE_DIR})")
    for name in _NAMES:
        if (_PACKAGE_DIR / name).is_file():
            yield str(_PACKAGE_DIR / name)
    for path in _build_tree_candidates(places, failures):
        yield str(path)
    yield from _system_candidates(places)


def _explicit(value: str) -> str:
    """BYLINE_LIBRARY or load_library()'s path: a file, or a folder holding it."""
    path = Path(_START_DIR, Path(value).expanduser())
    if path.is_dir():
        for name in _NAMES:
            if (path / name).is_file():
                return str(path / name)
        raise LibraryNotFoundError(
            f"byline: no {' or '.join(_NAMES)} in the folder {path} (BYLINE_LIBRARY)", [str(path)])
    return str(path)


class Library:
    """libbyline_c, loaded, with the signatures of the functions byline uses
    set. Its attributes are the C functions (``lib.byline_version()``)."""

    def __init__(self, path: str):
        self.cdll = ctypes.CDLL(path)
        self.path = path if os.sep in path else _loaded_file(path)
        missing = []
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(self.cdll, name, None)
            if function is None:
                missing.append(name)
                continue
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name, function)
        if missing:
            raise OSError(f"lacks {', '.join(missing)}: an older libbyline_c than this package")
        for name, (restype, argtypes) in _OPTIONAL_SIGNATURES.items():
            function = getattr(self.cdll, name, None)
            if function is not None:
                function.restype = restype
                function.argtypes = argtypes
            setattr(self, name, function)

    def has(self, name: str) -> bool:
        return getattr(self, name, None) is not None


def _loaded_file(name: str) -> str:
    """The file the dynamic loader chose for `name` (Linux: from
    /proc/self/maps), else `name` itself."""
    stem = name.split(".so")[0]
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if os.path.basename(path).startswith(stem + "."):
                    return path
    except OSError:
        pass
    return name


_lock = threading.Lock()
_library: Optional[Library] = None


def load_library(path: Optional[str] = None) -> Library:
    """Loads libbyline_c once (later calls return the same library).

    `path`, when given, is used as BYLINE_LIBRARY would be. Raises
    LibraryNotFoundError (an ImportError) listing where it looked."""
    global _library
    with _lock:
        if _library is not None:
            if path is not None and os.path.realpath(_explicit(path)) != os.path.realpath(_library.path):
                raise RuntimeError(f"byline: libbyline_c is already loaded from {_library.path}")
            return _library
        _library = _find(path)
        return _library


def _find(path: Optional[str]) -> Library:
    explicit = path if path is not None else os.environ.get("BYLINE_LIBRARY")
    if explicit:
        library = _explicit(explicit)
        source = "load_library()" if path is not None else "BYLINE_LIBRARY"
        try:
            return Library(library)
        except OSError as error:
            raise LibraryNotFoundError(
                f"byline: cannot load libbyline_c from {library} ({source}): {error}",
                [library]) from None
    places: List[str] = ["BYLINE_LIBRARY (not set)"]
    failures: List[str] = []
    for candidate in _candidates(places, failures):
        try:
            return Library(candidate)
        except OSError as error:
            # A name the loader does not know is no failure worth listing.
            if os.sep in candidate:
                failures.append(f"{candidate}: {error}")
    message = ["byline: libbyline_c not found. Looked in:"]
    message += [f"  - {place}" for place in places]
    if failures:
        message.append("Found but could not load:")
        message += [f"  - {failure}" for failure in failures]
    message.append("Build it (cmake --build build/dev --target byline_c) or install it "
                   "(cmake --install), or set BYLINE_LIBRARY to its path.")
    raise LibraryNotFoundError("\n".join(message), places)


def lib() -> Library:
    """The loaded library, loading it on first use."""
    return _library if _library is not None else load_library()


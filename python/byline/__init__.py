"""byline: full-text search for news articles, from Python.

A thin layer over byline's C API (libbyline_c) through ctypes: standard
library only, nothing to compile at install. See docs/python.md::

    import byline

    with byline.Index.create("news-index") as index:
        with index.writer() as writer:
            writer.ingest("corpus/")
        for hit in index.search('"dirty hands"', limit=3):
            print(hit.rank, hit.title)

The library is found by itself (BYLINE_LIBRARY, next to the package, the
build tree, the system: see byline._library); load_library() names it
explicitly.
"""

from ._library import Library, LibraryNotFoundError, load_library
from . import errors
from .errors import (BadInputError, CorruptError, Error, InternalError, InvalidArgumentError,
                     InvalidQueryError, LockedError, MisuseError, NotFoundError, OperationalError,
                     OutOfMemoryError, SearchInterruptedError, UsageError, VersionMismatchError)
from .index import Diagnostic, Index, IngestSummary, Progress, Stats, Writer
from .search import (Article, Explanation, Facet, FacetValue, Highlights, Hit, Results, Searcher,
                     SimilarResults, SimilarTerm, Snippet, mark_up)
from .search import DuplicateCopy, StoryList, StorySummary

__version__ = "0.1.0"

# byline.IOError (an OSError too); left out of __all__, where a star import
# would hide the built-in IOError.
IOError = errors.IOError  # noqa: A001


def library_version() -> str:
    """The version of the libbyline_c loaded, "MAJOR.MINOR.PATCH"."""
    return load_library().byline_version().decode()


def index_format_version() -> int:
    """The on-disk index format the library writes (it reads older ones)."""
    return int(load_library().byline_index_format_version())


def library_path() -> str:
    """Where the libbyline_c loaded (or about to be) comes from."""
    return load_library().path


__all__ = [
    "Index", "Writer", "Searcher", "Results", "SimilarResults", "SimilarTerm", "Hit", "Snippet",
    "Facet", "FacetValue", "Article", "DuplicateCopy", "StoryList", "StorySummary",
    "Explanation", "Highlights", "mark_up", "Stats", "IngestSummary", "Progress", "Diagnostic",
    "Error", "UsageError", "OperationalError", "InvalidArgumentError", "InvalidQueryError",
    "MisuseError", "NotFoundError", "LockedError", "CorruptError", "VersionMismatchError",
    "BadInputError", "OutOfMemoryError", "InternalError", "SearchInterruptedError",
    "Library", "LibraryNotFoundError", "load_library", "library_path", "library_version",
    "index_format_version", "__version__",
]

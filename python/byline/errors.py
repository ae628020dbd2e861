"""byline's exceptions: one base class, one subclass per kind of failure.

They follow the C API's statuses (byline_status) and its split of failures
into *logic* errors, where the caller broke a precondition (UsageError:
invalid argument, invalid query, misuse), and *runtime* errors, where the
data or the environment failed (OperationalError: not found, locked,
corrupt, version mismatch, bad input, I/O, out of memory). ``str(error)``
reads ``"InvalidQuery: unbalanced quotes (at byte 10)"``: the kind, as
``byline --json`` names it, then the library's message.

Where a Python built-in exception means the same, the byline class derives
from it too, so that generic code catches it: InvalidArgumentError and
InvalidQueryError are ValueErrors, IOError is an OSError, OutOfMemoryError a
MemoryError.
"""

from __future__ import annotations

import builtins
from typing import Dict, Optional, Type

# The byline_status values of byline.h.
OK = 0
INVALID_ARGUMENT = 1
INVALID_QUERY = 2
NOT_FOUND = 3
LOCKED = 4
CORRUPT = 5
VERSION_MISMATCH = 6
BAD_INPUT = 7
IO = 8
OUT_OF_MEMORY = 9
INTERNAL = 10
MISUSE = 11
INTERRUPTED = 12


class Error(Exception):
    """Base class of every error byline raises.

    Attributes: ``status`` (the C API's byline_status), ``kind`` (its name:
    "InvalidQuery", "NotFound", ...), ``message`` (the library's message),
    and for an invalid query ``position``, where in the query the problem
    was found, as an index into the query string (``query[position:]``
    starts there), and ``byte_position``, the same as a byte offset into
    the UTF-8 query, as the message and the C API give it; both None for
    other errors."""

    status: Optional[int] = None
    kind: str = "Error"

    def __init__(self, message: str, *, status: Optional[int] = None, kind: Optional[str] = None,
                 position: Optional[int] = None):
        super().__init__(message)
        if status is not None:
            self.status = status
        if kind is not None:
            self.kind = kind
        self.message = message
        self.position = position
        self.byte_position = position

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class UsageError(Error):
    """A logic error: the caller broke a precondition."""


class OperationalError(Error):
    """A runtime error: the index, the input or the system failed."""


class InvalidArgumentError(UsageError, ValueError):
    """A bad option, id, date or mode (the message names which)."""
    status, kind = INVALID_ARGUMENT, "InvalidArgument"


class InvalidQueryError(UsageError, ValueError):
    """A query that does not parse or cannot run. ``position``: where in the
    query string the problem was found; ``query``: the query."""
    status, kind = INVALID_QUERY, "InvalidQuery"
    query: Optional[str] = None

    def locate(self, query: str) -> "InvalidQueryError":
        """Turns the C API's byte offset into an index into `query`."""
        self.query = query
        if self.byte_position is not None:
            prefix = query.encode("utf-8")[:self.byte_position]
            self.position = len(prefix.decode("utf-8", errors="ignore"))
        return self


class MisuseError(UsageError):
    """A handle used after it was closed (or, from C, one that is not a
    handle at all)."""
    status, kind = MISUSE, "Misuse"


class NotFoundError(OperationalError):
    """No index where one was expected, or no article with the id asked for."""
    status, kind = NOT_FOUND, "NotFound"


class LockedError(OperationalError):
    """Another writer holds the index (open with wait_for_lock=True to wait)."""
    status, kind = LOCKED, "Locked"


class CorruptError(OperationalError):
    """The index's files are damaged."""
    status, kind = CORRUPT, "Corrupt"


class VersionMismatchError(OperationalError):
    """The index was written in another format version."""
    status, kind = VERSION_MISMATCH, "VersionMismatch"


class BadInputError(OperationalError):
    """Input that cannot be read as articles."""
    status, kind = BAD_INPUT, "BadInput"


class IOError(OperationalError, builtins.OSError):  # noqa: A001 (byline.IOError is an OSError)
    """The operating system refused a read or a write."""
    status, kind = IO, "IOError"


class OutOfMemoryError(OperationalError, builtins.MemoryError):
    status, kind = OUT_OF_MEMORY, "OutOfMemory"


class InternalError(Error):
    """A bug in byline: please report the message."""
    status, kind = INTERNAL, "Internal"


class SearchInterruptedError(Error):
    """A search stopped by Searcher.interrupt() or its timeout_ms option.
    Neither a logic nor a runtime error: the caller asked for it."""
    status, kind = INTERRUPTED, "Interrupted"


_BY_STATUS: Dict[int, Type[Error]] = {
    cls.status: cls
    for cls in (InvalidArgumentError, InvalidQueryError, MisuseError, NotFoundError, LockedError,
                CorruptError, VersionMismatchError, BadInputError, IOError, OutOfMemoryError,
                InternalError, SearchInterruptedError)
}


def error_class(status: int) -> Type[Error]:
    """The exception class of a byline_status (Error for one this package
    does not know, from a newer library)."""
    return _BY_STATUS.get(status, Error)


def from_last_error(lib, status: int) -> Error:
    """The exception for `status`, with the calling thread's last error
    (read at once: the next byline call on this thread replaces it)."""
    message = (lib.byline_last_error_message() or b"").decode("utf-8", "replace")
    position = lib.byline_last_error_position()
    cls = error_class(status)
    kind = None
    if cls is Error:
        kind = (lib.byline_status_name(status) or b"Unknown").decode("utf-8", "replace")
    return cls(message, status=status, kind=kind,
               position=position if position >= 0 else None)

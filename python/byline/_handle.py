"""What every wrapper of a C handle shares: calling the C API, freeing the
handle once (by close(), a with block or the garbage collector), and turning
options and results into and out of JSON."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime
import json
import os
import threading
import weakref
from typing import Any, Dict, Iterator, Mapping, Optional, Type, TypeVar

from . import errors
from ._library import Library, lib


def check(library: Library, status: int) -> None:
    """Raises the byline.Error of a failed call (reading the thread's last
    error at once, before any other byline call replaces it)."""
    if status != errors.OK:
        raise errors.from_last_error(library, status)


def take_string(library: Library, pointer: ctypes.c_void_p) -> str:
    """A string byline allocated (char**), copied into a str and freed."""
    if not pointer.value:
        return ""
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        library.byline_free(pointer)


def encode(text: Optional[str]) -> Optional[bytes]:
    return None if text is None else str(text).encode("utf-8")


def encode_path(path: Any) -> bytes:
    """A path as the C API takes it: os.fsencode keeps file names that are
    not valid UTF-8 as their bytes."""
    return os.fsencode(path)


def _to_json(value: Any) -> Any:
    """What json.dumps cannot encode by itself: dates and paths as strings,
    sets and other iterables as arrays."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"byline: {type(value).__name__} is not an option value (not JSON)")


def dumps(value: Any) -> bytes:
    return json.dumps(value, default=_to_json, ensure_ascii=False).encode("utf-8")


def options_json(options: Mapping[str, Any]) -> Optional[bytes]:
    """Keyword options as the C API's JSON object, passed through as given
    (the C API checks them, and names an unknown key or a value of the wrong
    type): a new option of the C API works here without a change. NULL for
    none, the defaults."""
    if not options:
        return None
    return dumps(dict(options))


T = TypeVar("T")


def from_json(cls: Type[T], data: Mapping[str, Any], **converted: Any) -> T:
    """A dataclass from a JSON object: its known fields (those in
    `converted` already converted), the rest in its ``extra`` dict, so that
    fields a newer C API adds are kept."""
    names = {field.name for field in dataclasses.fields(cls)} - {"extra"}
    known = {key: value for key, value in data.items() if key in names}
    known.update(converted)
    extra = {key: value for key, value in data.items() if key not in names}
    return cls(**known, extra=extra)  # type: ignore[call-arg]


class Handle:
    """A C handle owned by a Python object.

    close() (or leaving a with block) frees it at once; otherwise the garbage
    collector does, through a finalizer. The C API frees each handle once
    and tolerates the rest (a second release does nothing). Any call after
    close() raises MisuseError. Calls on one object are serialised by a lock,
    so that a handle is never used by two threads at once, nor freed while a
    call uses it."""

    _release: str = ""  # the C function that frees the handle
    _what: str = ""     # the class, for messages

    def __init__(self, library: Library, address: int):
        self._lib = library
        self._address: Optional[int] = address
        self._busy = threading.RLock()  # held by every call on the handle
        self._life = threading.Lock()   # held while the handle is freed or interrupted
        self._depth = 0
        self._finalizer = weakref.finalize(self, getattr(library, self._release),
                                           ctypes.c_void_p(address))

    @property
    def closed(self) -> bool:
        return self._address is None

    def close(self) -> None:
        """Frees the handle now. Closing twice does nothing. Waits for a call
        running on another thread to end."""
        with self._busy:
            if self._depth:
                raise errors.MisuseError(
                    f"the {self._what} cannot be closed while one of its calls runs "
                    "(from a callback)", status=errors.MISUSE)
            with self._life:
                self._finalizer()  # frees at most once
                self._address = None

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def _use(self) -> Iterator[ctypes.c_void_p]:
        with self._busy:
            if self._address is None:
                raise errors.MisuseError(f"the {self._what} is closed", status=errors.MISUSE)
            self._depth += 1
            try:
                yield ctypes.c_void_p(self._address)
            finally:
                self._depth -= 1

    def _call(self, function: str, *args: Any) -> None:
        """Calls the C function `function` with the handle first, raising on
        failure."""
        with self._use() as handle:
            check(self._lib, getattr(self._lib, function)(handle, *args))

    def _call_json(self, function: str, *args: Any) -> Dict[str, Any]:
        """The same, for a function whose last argument receives a JSON
        string: the parsed JSON."""
        out = ctypes.c_void_p()
        self._call(function, *args, ctypes.byref(out))
        return json.loads(take_string(self._lib, out))


def open_handle(function: str, *args: Any) -> "tuple[Library, int]":
    """Calls a C function that makes a handle (its last argument `out`):
    the library and the handle's address."""
    library = lib()
    out = ctypes.c_void_p()
    check(library, getattr(library, function)(*args, ctypes.byref(out)))
    assert out.value is not None
    return library, out.value

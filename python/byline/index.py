"""Indexes and writing: Index, Writer, and what they report (Stats,
IngestSummary, Progress, Diagnostic)."""

from __future__ import annotations

import ctypes
import datetime
import json
import os
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import errors
from ._handle import (Handle, check, dumps, encode, encode_path, from_json, open_handle,
                      options_json, take_string)
from ._library import PROGRESS_FN, Library
from .search import Article, Explanation, Highlights, Results, Searcher, SimilarResults
from .search import StoryList, _require

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

_MODES = {"r": 0, "w": 1, "c": 2}  # BYLINE_OPEN_READ_ONLY, _READ_WRITE, _CREATE


@dataclass(frozen=True)
class Stats:
    """What an index holds, as ``byline stats --json`` prints it."""

    index: str = ""
    articles: int = 0
    words: int = 0
    sources: int = 0
    authors: int = 0
    first_date: str = ""
    last_date: str = ""
    bytes_on_disk: int = 0
    language: str = ""
    format_version: int = 0
    shards: int = 1
    remote_shards: int = 0
    # An index made of shards: each as {"location", "remote", "bytes_on_disk"}.
    shard_list: List[Dict[str, Any]] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Diagnostic:
    """A problem with one input of an ingestion (the input was skipped, or
    indexed with a warning)."""

    severity: str = ""  # "error" (skipped) or "warning"
    path: str = ""
    line: int = 0       # in a JSON Lines file; 0 otherwise
    message: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class IngestSummary:
    """What Writer.ingest() did, as ``byline index --json`` prints it:
    articles new (``indexed``) and ``replaced``, inputs ``skipped`` (each
    with a Diagnostic), ``stopped`` when the progress callback ended the run
    early, ``near_duplicates`` (of the articles read, those that are copies
    of an article indexed before them) and ``new_stories`` (the stories
    they started), and ``articles``, the index's count after it."""

    index: str = ""
    indexed: int = 0
    replaced: int = 0
    skipped: int = 0
    removed: int = 0
    stopped: bool = False
    warnings: int = 0
    aliases: int = 0
    near_duplicates: int = 0
    new_stories: int = 0
    articles: int = 0
    seconds: float = 0.0
    diagnostics: List[Diagnostic] = field(default_factory=list)
    crawls: List[Dict[str, Any]] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Progress:
    """Given to the progress callback after each article: the articles and
    bytes read so far, and the file being read."""

    articles: int
    bytes: int
    path: str


# The fields of byline_writer_add(); an article with any other (author, or
# fields a newer C API knows) goes through byline_writer_add_json().
_ADD_FIELDS = ("id", "title", "source", "date", "url", "lang", "body")


def _field(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return value


class Writer(Handle):
    """Adds, replaces and removes articles (made by Index.writer(); one per
    index at a time). Changes become visible to searches all together, at
    commit(). In a with block, leaving it normally commits what is pending
    and leaving it by an exception discards it; either way the writer is
    closed (and the index's lock released once its Index is closed too)."""

    _release = "byline_writer_free"
    _what = "Writer"

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        try:
            if exc_type is None and not self.closed and self.pending:
                self.commit()
        finally:
            self.close()

    def add(self, article: Union[Article, Mapping[str, Any], None] = None, /,
            **fields: Any) -> bool:
        """Adds an article, or replaces the one with the same id; returns
        True when it replaced one. The article is a dict (as a JSON Lines
        input line) or an Article, keyword fields, or both (the keywords
        win): id (required), title, source, date ("YYYY-MM-DD" or a
        datetime.date), author ("Jane Doe, John Roe"), url, lang, body.
        InvalidArgumentError for an empty id or a bad date; the batch is
        unchanged then."""
        if isinstance(article, Article):
            article = article.to_dict()
        merged = {**(article or {}), **fields}
        merged = {key: _field(value) for key, value in merged.items()}
        if set(merged) <= set(_ADD_FIELDS) and "id" in merged:
            replaced = ctypes.c_int(0)
            self._call("byline_writer_add",
                       *(encode(merged.get(name)) for name in _ADD_FIELDS), ctypes.byref(replaced))
            return replaced.value == 1
        return self.add_json(merged)

    def add_json(self, article: Union[str, bytes, Mapping[str, Any]]) -> bool:
        """The same, the article as a JSON object (a str, bytes, or a dict
        dumped as is): {"id", "title", "source", "date", "author", "url",
        "lang", "body"}, "id" and "body" required."""
        if isinstance(article, str):
            data = article.encode("utf-8")
        elif isinstance(article, bytes):
            data = article
        else:
            data = dumps(dict(article))
        replaced = ctypes.c_int(0)
        self._call("byline_writer_add_json", data, ctypes.byref(replaced))
        return replaced.value == 1

    def remove(self, id: str) -> bool:
        """Removes the article with this id; True if there was one."""
        removed = ctypes.c_int(0)
        self._call("byline_writer_remove", encode(id), ctypes.byref(removed))
        return removed.value == 1

    def commit(self) -> None:
        """Makes the batch visible to searches, all of it. On failure the
        batch is discarded whole and the writer can start a new one."""
        self._call("byline_writer_commit")

    def rebuild_stories(self) -> None:
        """Recomputes, at the next commit(), every article's near-duplicate
        group and story, as if the index were built again (story ids start
        from 1 again; articles indexed before byline had stories get
        theirs). Each commit otherwise groups only its own articles."""
        with self._use() as handle:
            check(self._lib, _require(self._lib, "byline_writer_rebuild_stories")(handle))

    @property
    def pending(self) -> int:
        """Changes in the current batch."""
        with self._use() as handle:
            return int(self._lib.byline_writer_pending(handle))

    def set_aliases(self, groups: Iterable[Iterable[str]]) -> int:
        """Replaces the index's alias table, as part of the current batch:
        groups of names of one thing ([["ISIS", "ISIL", "Daesh"], ...]); a
        query for any member also finds the others. Returns the members kept
        (those under three characters are left out)."""
        kept = ctypes.c_size_t(0)
        self._call("byline_writer_set_aliases_json", dumps([list(g) for g in groups]),
                   ctypes.byref(kept))
        return kept.value

    def ingest(self, inputs: Union[PathLike, Sequence[PathLike]], *,
               progress: Optional[Callable[[Progress], Optional[bool]]] = None,
               **options: Any) -> IngestSummary:
        """Reads articles from files, folders, JSON Lines files and "-"
        (standard input), as ``byline index`` does, committing in batches.
        Keyword options are the C API's ingest options, passed through:
        manifest, aliases, batch_size, threads, shards, segment_size,
        follow_links, and any the C API adds.

        `progress` is called after each article with a Progress; returning
        False stops the run, as raising an exception does: reading stops at
        the next article, what was read so far is committed whole (the
        summary says ``stopped``), and the exception, if any, is raised
        again once the run has ended. KeyboardInterrupt (Ctrl-C) stops a run
        the same way.

        Bad inputs are skipped and reported in the summary's diagnostics,
        not raised."""
        if isinstance(inputs, (str, bytes, os.PathLike)):
            inputs = [inputs]
        paths = [encode_path(path) for path in inputs]
        array = (ctypes.c_char_p * len(paths))(*paths)
        summary = ctypes.c_void_p()
        run = _IngestRun(self._lib, progress)
        with self._use() as handle:
            run.handle = handle
            status = self._lib.byline_ingest(handle, array, len(paths), options_json(options),
                                             run.callback, None, ctypes.byref(summary))
            failure = errors.from_last_error(self._lib, status) if status != errors.OK else None
        if failure is not None:
            if run.error is not None:
                raise run.error from failure
            raise failure
        result = _summary(take_string(self._lib, summary))
        if run.error is not None:
            raise run.error
        if run.unstoppable:
            warnings.warn("byline: this libbyline_c cannot stop an ingestion (it has no "
                          "byline_ingest_stop()): the progress callback asked to stop, and every "
                          "input was read", RuntimeWarning, stacklevel=2)
        return result


class _IngestRun:
    """The state of one Writer.ingest(): the ctypes callback, and what the
    Python callback asked for. The callback runs on the thread that called
    ingest(), inside byline_ingest(); an exception must not cross back into
    C (ctypes would print and drop it), so it is kept and raised after."""

    def __init__(self, library: Library, progress: Optional[Callable[[Progress], Any]]):
        self.library = library
        self.progress = progress
        self.handle: Optional[ctypes.c_void_p] = None
        self.stopping = False
        self.unstoppable = False
        self.error: Optional[BaseException] = None
        # Always installed, with or without `progress`: it is where Python
        # runs its signal handlers during a long ingestion, so that Ctrl-C
        # stops it instead of waiting for its end.
        self.callback = PROGRESS_FN(self.on_progress)

    def on_progress(self, _user_data: Any, articles: int, size: int, path: bytes) -> None:
        if self.stopping:
            return
        try:
            keep = True
            if self.progress is not None:
                keep = self.progress(Progress(articles, size, os.fsdecode(path or b"")))
        except BaseException as error:  # KeyboardInterrupt too: it stops the run
            self.error = error
            keep = False
        if keep is False:
            self.stopping = True
            if self.library.has("byline_ingest_stop"):
                self.library.byline_ingest_stop(self.handle)
            else:
                self.unstoppable = True


def _summary(text: str) -> IngestSummary:
    data = json.loads(text)
    diagnostics = [from_json(Diagnostic, d) for d in data.get("diagnostics", [])]
    return from_json(IngestSummary, data, diagnostics=diagnostics)


class Index:
    """An index folder, open. Make one with Index.open() or Index.create();
    close it with close() or a with block::

        with byline.Index.open("news-index") as index:
            print(index.article_count())

    Writers and searchers made from an index go on working after it is
    closed (they hold what they need); a writable index's lock is released
    once it and its writers are closed."""

    def __init__(self, path: PathLike, mode: str = "r", **options: Any):
        """Opens the index at `path`. `mode`: "r" read-only, "w" read-write
        (takes the writer lock), "c" creates it when missing (and takes the
        lock); the index must exist for "r" and "w". Keyword options are the
        C API's, passed through: language, fold_diacritics,
        article_languages (for a new index), wait_for_lock, and for an
        index made of shards connect_timeout_ms and remote_timeout_ms.

        Raises NotFoundError, LockedError, VersionMismatchError,
        CorruptError, IOError or InvalidArgumentError."""
        if mode not in _MODES:
            raise errors.InvalidArgumentError(
                f"mode must be \"r\", \"w\" or \"c\", not {mode!r}", status=errors.INVALID_ARGUMENT)
        self.path = os.fsdecode(path)
        self.mode = mode
        library, address = open_handle("byline_index_open", encode_path(path), _MODES[mode],
                                       options_json(options))
        self._handle = _IndexHandle(library, address)
        self._searcher: Optional[Searcher] = None
        self._searcher_lock = threading.Lock()

    @classmethod
    def open(cls, path: PathLike, mode: str = "r", **options: Any) -> "Index":
        """The same as Index(path, mode, **options)."""
        return cls(path, mode, **options)

    @classmethod
    def create(cls, path: PathLike, **options: Any) -> "Index":
        """Opens the index at `path` for writing, creating it when missing
        (mode "c")."""
        return cls(path, "c", **options)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"mode={self.mode!r}"
        return f"<byline.Index {self.path!r} {state}>"

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._handle.closed

    def close(self) -> None:
        """Closes the index (and the searcher search() made). Uncommitted
        changes of its writers are theirs: a writer still open goes on. Closing
        twice does nothing."""
        if self._searcher is not None:
            self._searcher.close()
        self._handle.close()

    def article_count(self) -> int:
        """Articles in the revision this handle sees (see reopen())."""
        count = ctypes.c_uint64(0)
        self._handle._call("byline_index_article_count", ctypes.byref(count))
        return count.value

    def __len__(self) -> int:
        return self.article_count()

    def stats(self) -> Stats:
        """What the index holds (walks its vocabulary: milliseconds on a
        large index)."""
        return from_json(Stats, self._handle._call_json("byline_index_stats_json"))

    def reopen(self) -> None:
        """Moves a read-only index to the latest committed revision."""
        self._handle._call("byline_index_reopen")

    def writer(self) -> Writer:
        """A Writer on this index, which must be open with mode "w" or "c".
        One at a time: InvalidArgumentError while another is open."""
        with self._handle._use() as handle:
            library, address = open_handle("byline_writer_new", handle)
        return Writer(library, address)

    def searcher(self) -> Searcher:
        """A new Searcher on this index, with its own view of it."""
        with self._handle._use() as handle:
            library, address = open_handle("byline_searcher_new", handle)
        return Searcher(library, address)

    def _default_searcher(self) -> Searcher:
        if self.closed:
            raise errors.MisuseError("the Index is closed", status=errors.MISUSE)
        with self._searcher_lock:
            if self._searcher is None:
                self._searcher = self.searcher()
            return self._searcher

    def search(self, query: str, **options: Any) -> Results:
        """Searches with a searcher the index keeps (see Searcher.search()):
        the short way for one thread. Searches from several threads at once
        take one Searcher each (searcher()), and then run in parallel."""
        return self._default_searcher().search(query, **options)

    def similar(self, ids: Union[str, Sequence[str]], **options: Any) -> SimilarResults:
        """See Searcher.similar()."""
        return self._default_searcher().similar(ids, **options)

    def explain(self, query: str, **options: Any) -> Explanation:
        """See Searcher.explain()."""
        return self._default_searcher().explain(query, **options)

    def stories(self, query: str = "*", **options: Any) -> StoryList:
        """See Searcher.stories()."""
        return self._default_searcher().stories(query, **options)

    def article(self, id: str) -> Article:
        """See Searcher.article()."""
        return self._default_searcher().article(id)

    def highlight(self, query: str, article: Any, **options: Any) -> Highlights:
        """See Searcher.highlight()."""
        return self._default_searcher().highlight(query, article, **options)


class _IndexHandle(Handle):
    _release = "byline_index_close"
    _what = "Index"


__all__ = ["Index", "Writer", "Stats", "IngestSummary", "Progress", "Diagnostic"]

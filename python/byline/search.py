"""Searching: Searcher, and what a search returns (Results, Hit, Snippet,
Facet) or an article lookup (Article)."""

from __future__ import annotations

import ctypes
import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import errors
from ._handle import Handle, check, dumps, encode, from_json, options_json, take_string
from ._library import Library, lib

Span = Tuple[int, int]


def _character_spans(text: str, byte_spans: List[List[int]]) -> List[Span]:
    """The C API's highlights are byte offsets into the UTF-8 text; in
    Python they are character offsets, so that text[start:end] is the
    highlighted words."""
    data = text.encode("utf-8")

    def character(offset: int) -> int:
        return len(data[:offset].decode("utf-8", errors="ignore"))

    return [(character(begin), character(end)) for begin, end in byte_spans]


def _byte_spans(text: str, spans: Sequence[Sequence[int]]) -> List[List[int]]:
    """Character spans back into the C API's byte offsets."""
    return [[len(text[:begin].encode("utf-8")), len(text[:end].encode("utf-8"))]
            for begin, end in spans]


_MARKUPS = {"none": 0, "html": 1, "ansi": 2}  # BYLINE_MARKUP_*


def _require(library: Library, name: str) -> Any:
    function = getattr(library, name, None)
    if function is None:
        raise NotImplementedError(f"byline: the libbyline_c loaded ({library.path}) has no "
                                  f"{name}(): it is older than this package")
    return function


def mark_up(text: str, highlights: Sequence[Sequence[int]], markup: str = "html") -> str:
    """`text` with its `highlights` ((start, end) character offsets, as
    Snippet.highlights and Searcher.highlight() give them) drawn as
    `markup`: "html" (the text escaped, each highlight in <mark>...</mark>),
    "ansi" (reverse video for a terminal) or "none". The text can never
    inject markup. Highlights out of range or overlapping are skipped."""
    if markup not in _MARKUPS:
        raise errors.InvalidArgumentError(
            f"markup must be \"html\", \"ansi\" or \"none\", not {markup!r}",
            status=errors.INVALID_ARGUMENT)
    library = lib()
    function = _require(library, "byline_mark_up")
    out = ctypes.c_void_p()
    check(library, function(encode(text), dumps(_byte_spans(text, highlights)), _MARKUPS[markup],
                            ctypes.byref(out)))
    return take_string(library, out)


@dataclass(frozen=True)
class Snippet:
    """A fragment of a hit's body, the query's words highlighted.

    ``highlights``: (start, end) character offsets into ``text``, so that
    ``text[start:end]`` is a match; ``html``: the text HTML-escaped, with
    each match in ``<mark>...</mark>``."""

    text: str = ""
    highlights: List[Span] = field(default_factory=list)
    html: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Snippet":
        return from_json(cls, data, highlights=_character_spans(data.get("text", ""),
                                                                data.get("highlights", [])))


@dataclass(frozen=True)
class DuplicateCopy:
    """A near-identical copy of a hit (the same wire copy reprinted),
    collapsed into it: its id and its source."""

    id: str = ""
    source: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Hit:
    """One article a search found. ``rank`` is 1-based across pages;
    ``date`` is "YYYY-MM-DD" or "" (unknown); ``author`` is "Jane Doe, John
    Roe" or "". ``snippets`` (with the snippets option) and
    ``title_highlights``/``title_html`` (with highlight_title) are empty
    otherwise. ``duplicate_group`` (the id of the first article indexed of
    its near-duplicates, its own id when it has none) and ``story`` (its
    story's id, for a ``story:ID`` query) are None for an article indexed
    before byline had stories. With collapse=True, ``copies_collapsed`` is
    the number of matching near-identical copies the hit stands for, and
    with list_copies=True too ``copies`` names them (DuplicateCopy), best
    ranked first. Fields a newer C API adds are in ``extra``."""

    rank: int = 0
    id: str = ""
    title: str = ""
    source: str = ""
    date: str = ""
    author: str = ""
    url: str = ""
    lang: str = ""
    score: float = 0.0
    snippets: List[Snippet] = field(default_factory=list)
    title_highlights: List[Span] = field(default_factory=list)
    title_html: Optional[str] = None
    duplicate_group: Optional[str] = None
    story: Optional[str] = None
    copies_collapsed: int = 0
    copies: List[DuplicateCopy] = field(default_factory=list)
    # Searcher.similar(): the words of SimilarResults.terms the hit holds.
    matched: List[str] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Hit":
        converted: Dict[str, Any] = {
            "snippets": [Snippet.from_json(s) for s in data.get("snippets", [])],
            "copies": [from_json(DuplicateCopy, c) for c in data.get("copies", [])],
            "title_highlights": _character_spans(data.get("title", ""),
                                                 data.get("title_highlights", [])),
        }
        return from_json(cls, data, **converted)


@dataclass(frozen=True)
class FacetValue:
    value: str = ""
    count: int = 0
    selected: bool = False  # the query filters on this value
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Facet:
    """The counts of one field's values among all the matches (not only the
    page of hits). Iterating gives the FacetValues, the most frequent first;
    ``other`` counts the matches of the values facet_top left out,
    ``missing`` the matches without a value. ``counts()``: {value: count}."""

    name: str = ""
    disjunctive: bool = False
    distinct: int = 0
    values: List[FacetValue] = field(default_factory=list)
    other: int = 0
    missing: int = 0
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, name: str, data: Dict[str, Any]) -> "Facet":
        values = [from_json(FacetValue, v) for v in data.get("values", [])]
        return from_json(cls, data, name=name, values=values)

    def __iter__(self) -> Iterator[FacetValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def counts(self) -> Dict[str, int]:
        return {v.value: v.count for v in self.values}


@dataclass(frozen=True)
class Results:
    """What a search found. Iterating (``for hit in results``), ``len()`` and
    indexing give the hits of this page (at most ``limit``); ``total`` counts
    every match (an estimate between ``total_lower`` and ``total_upper`` when
    ``total_exact`` is False, with exact_total=False). ``suggestion``: the
    query with misspelt words corrected, when that finds more, else None.
    ``facets``: {name: Facet}, with the facets option. With collapse=True,
    ``collapsed_total`` counts the hits left once near-duplicates are
    collapsed (``total`` still counts every matching article); None
    otherwise. ``json``: the C API's JSON, whole."""

    query: str = ""
    total: int = 0
    total_exact: bool = True
    offset: int = 0
    limit: int = 0
    elapsed_ms: float = 0.0
    suggestion: Optional[str] = None
    collapsed_total: Optional[int] = None
    # An index made of shards opened with allow_partial=True: the shards
    # left out, each named with why (empty when every shard answered).
    unavailable_shards: List[str] = field(default_factory=list)
    hits: List[Hit] = field(default_factory=list)
    facets: Dict[str, Facet] = field(default_factory=dict)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)
    json: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Results":
        converted: Dict[str, Any] = {
            "hits": [Hit.from_json(h) for h in data.get("hits", [])],
            "facets": {name: Facet.from_json(name, f)
                       for name, f in (data.get("facets") or {}).items()},
            "json": data,
        }
        return from_json(cls, data, **converted)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> Hit:
        return self.hits[i]


@dataclass(frozen=True)
class SimilarTerm:
    """A word that makes articles alike: as the given articles write it
    most (else its stem), and how telling it is (comparable within one
    SimilarResults)."""

    word: str = ""
    weight: float = 0.0
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class SimilarResults(Results):
    """What Searcher.similar() found: Results (without ``query`` and
    ``suggestion``), the ``ids`` given, and the ``terms`` looked for, most
    telling first; each hit's ``matched`` lists those it holds."""

    ids: List[str] = field(default_factory=list)
    terms: List[SimilarTerm] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "SimilarResults":
        converted: Dict[str, Any] = {
            "hits": [Hit.from_json(h) for h in data.get("hits", [])],
            "facets": {name: Facet.from_json(name, f)
                       for name, f in (data.get("facets") or {}).items()},
            "terms": [from_json(SimilarTerm, t) for t in data.get("terms", [])],
            "json": data,
        }
        return from_json(cls, data, **converted)


@dataclass(frozen=True)
class StorySummary:
    """A story: the articles about one event, as byline grouped them when
    they were indexed. ``id`` is for a ``story:ID`` query; ``label`` the
    headline of its central article (``central_id``); ``keywords`` its most
    telling title words; ``first_date``/``last_date`` "YYYY-MM-DD" or ""
    (undated); ``size`` its articles, ``matching`` those the query matched;
    ``sources`` who covered it (FacetValue: value and count), most articles
    first."""

    id: str = ""
    label: str = ""
    central_id: str = ""
    keywords: List[str] = field(default_factory=list)
    first_date: str = ""
    last_date: str = ""
    size: int = 0
    matching: int = 0
    sources: List[FacetValue] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "StorySummary":
        sources = [from_json(FacetValue, v) for v in data.get("sources", [])]
        return from_json(cls, data, sources=sources)


@dataclass(frozen=True)
class StoryList:
    """The stories with articles a query matched, newest first (by their
    last article's date, undated ones last): iterating, ``len()`` and
    indexing give those of this page; ``total`` counts them all."""

    query: str = ""
    total: int = 0
    offset: int = 0
    limit: int = 0
    elapsed_ms: float = 0.0
    stories: List[StorySummary] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "StoryList":
        return from_json(cls, data,
                         stories=[StorySummary.from_json(s) for s in data.get("stories", [])])

    def __iter__(self) -> Iterator[StorySummary]:
        return iter(self.stories)

    def __len__(self) -> int:
        return len(self.stories)

    def __getitem__(self, i: int) -> StorySummary:
        return self.stories[i]


@dataclass(frozen=True)
class Article:
    """A stored article, whole: what Searcher.article() returns."""

    id: str = ""
    title: str = ""
    source: str = ""
    date: str = ""
    author: str = ""
    url: str = ""
    path: str = ""
    lang: str = ""
    body: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> Dict[str, Any]:
        """The article as Writer.add() takes it (and JSON Lines input)."""
        out = {key: value for key, value in dataclasses.asdict(self).items() if key != "extra"}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Highlights:
    """Where a query matches in an article's title and whole body:
    (start, end) character offsets, so that ``article.body[start:end]`` is
    a match (see mark_up())."""

    title: List[Span] = field(default_factory=list)
    body: List[Span] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Explanation:
    """How a query is understood, without running it: ``parsed`` (the query
    as byline read it), ``expansions`` (aliases, wildcards, ...) and
    ``xapian_query`` (what runs)."""

    parsed: str = ""
    expansions: Any = None
    xapian_query: str = ""
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


class Searcher(Handle):
    """Searches an index (made by Index.searcher()). Each search sees the
    latest commit. A searcher has its own view of the index: it may outlive
    the Index it came from, and several searchers search in parallel, one
    per thread (ctypes releases the GIL during each search). Close it with
    close() or a with block."""

    _release = "byline_searcher_free"
    _what = "Searcher"

    def __init__(self, library: Library, address: int):
        super().__init__(library, address)

    def search(self, query: str, **options: Any) -> Results:
        """Runs `query` (byline's query language). Keyword options are the C
        API's search options, passed through as given: offset, limit,
        default_operator ("all" or "any"), sort ("relevance", "newest",
        "oldest"), aliases, max_wildcard_terms, suggest_below, snippets,
        snippet_length, highlight_title, facets ("source,year", or a list
        of names and {"field": ...} dicts), facet_top, facet_sort,
        facet_range, empty_buckets, exact_total, timeout_ms, collapse (one
        hit per group of near-identical articles), list_copies (with
        collapse: each hit's copies), and any the C API adds.

        Raises InvalidQueryError (with ``position``) for a query that does
        not parse, InvalidArgumentError for an unknown option or a bad
        value (the message names it), SearchInterruptedError when
        interrupt() or timeout_ms stops the search."""
        try:
            return Results.from_json(self._call_json("byline_search_json", encode(query),
                                                     options_json(options)))
        except errors.InvalidQueryError as error:
            raise error.locate(query) from None

    def similar(self, ids: Union[str, Sequence[str]], **options: Any) -> SimilarResults:
        """"More like this": the articles most like the one with id `ids`
        (or like all those of a list), for their most telling words; never
        those given, nor their near-duplicates unless include_duplicates is
        True. Keyword options are search()'s (but suggest_below), and terms
        (how many words, default 15), include_duplicates and filter (a
        query the articles must match as well, "date:2014 source:bbc").

        Raises NotFoundError naming an id the index lacks, InvalidQueryError
        for a filter that does not parse (``position`` in the filter), and
        as search() does."""
        function = _require(self._lib, "byline_similar_json")
        given = [ids] if isinstance(ids, str) else list(ids)
        encoded = [encode(id) for id in given]
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        out = ctypes.c_void_p()
        try:
            with self._use() as handle:
                check(self._lib, function(handle, array, len(encoded), options_json(options),
                                          ctypes.byref(out)))
        except errors.InvalidQueryError as error:
            raise error.locate(options.get("filter", "")) from None
        return SimilarResults.from_json(json.loads(take_string(self._lib, out)))

    def explain(self, query: str, **options: Any) -> Explanation:
        """How `query` is understood, without running it. Takes the options
        that shape the query (default_operator, aliases,
        max_wildcard_terms); any other is InvalidArgumentError."""
        try:
            data = self._call_json("byline_explain_json", encode(query), options_json(options))
        except errors.InvalidQueryError as error:
            raise error.locate(query) from None
        return from_json(Explanation, data)

    def highlight(self, query: str, article: Union[Article, Mapping[str, Any]],
                  **options: Any) -> Highlights:
        """Where `query` matches in `article` (an Article, or a dict with
        "title", "body" and "lang"), by the rules of the snippets: for
        showing a whole article with its matches marked. Takes the options
        that shape the query, as explain() does."""
        function = _require(self._lib, "byline_highlight_json")
        fields = article.to_dict() if isinstance(article, Article) else dict(article)
        out = ctypes.c_void_p()
        try:
            with self._use() as handle:
                check(self._lib, function(handle, encode(query), dumps(fields),
                                          options_json(options), ctypes.byref(out)))
        except errors.InvalidQueryError as error:
            raise error.locate(query) from None
        data = json.loads(take_string(self._lib, out))
        return from_json(Highlights, data,
                         title=_character_spans(fields.get("title") or "", data.get("title", [])),
                         body=_character_spans(fields.get("body") or "", data.get("body", [])))

    def stories(self, query: str = "*", **options: Any) -> StoryList:
        """The stories with articles matching `query` ("*": every story),
        newest first. Keyword options are the C API's story options,
        passed through: offset, limit (20), default_operator, aliases,
        timeout_ms. Raises as search() does; interrupt() stops it too."""
        function = _require(self._lib, "byline_stories_json")
        out = ctypes.c_void_p()
        try:
            with self._use() as handle:
                check(self._lib, function(handle, encode(query), options_json(options),
                                          ctypes.byref(out)))
        except errors.InvalidQueryError as error:
            raise error.locate(query) from None
        return StoryList.from_json(json.loads(take_string(self._lib, out)))

    def article(self, id: str) -> Article:
        """The stored article with this id. NotFoundError when there is none."""
        return from_json(Article, self._call_json("byline_article_json", encode(id)))

    def interrupt(self) -> None:
        """Stops the search running on this searcher, from any thread: it
        raises SearchInterruptedError soon after. With no search running,
        the next search is stopped as it starts (so that an interrupt made
        just as a search begins is never lost)."""
        with self._life:
            if self._address is None:
                raise errors.MisuseError("the Searcher is closed", status=errors.MISUSE)
            status = self._lib.byline_searcher_interrupt(self._address)
            if status != errors.OK:
                raise errors.from_last_error(self._lib, status)

"""The C API through Python's ctypes, as a Python program would embed byline.

Run by ctest with the environment:
  BYLINE_C_LIBRARY  path of libbyline_c.so (required)
  BYLINE_CLI        path of the byline command: the C API's JSON must equal
                    what `byline search --json` and `byline index --json` print
  BYLINE_CORPUS     the seed corpus folder (corpus/)
Standard library only.
"""

import ctypes
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest

LIB = ctypes.CDLL(os.environ["BYLINE_C_LIBRARY"])

# Status codes, as in byline.h.
OK, INVALID_ARGUMENT, INVALID_QUERY, NOT_FOUND, LOCKED = 0, 1, 2, 3, 4
MISUSE, INTERRUPTED = 11, 12
OPEN_READ_ONLY, OPEN_READ_WRITE, OPEN_CREATE = 0, 1, 2
MARKUP_NONE, MARKUP_HTML, MARKUP_ANSI = 0, 1, 2

c_char_p, c_void_p, c_int, c_size_t = ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
c_uint64, c_double, POINTER = ctypes.c_uint64, ctypes.c_double, ctypes.POINTER
PROGRESS = ctypes.CFUNCTYPE(None, c_void_p, c_uint64, c_uint64, c_char_p)

# Every function used, with its C signature: ctypes would otherwise guess
# int for everything and truncate pointers.
SIGNATURES = {
    "byline_version": (c_char_p, []),
    "byline_index_format_version": (c_int, []),
    "byline_status_name": (c_char_p, [c_int]),
    "byline_last_error_status": (c_int, []),
    "byline_last_error_message": (c_char_p, []),
    "byline_last_error_position": (ctypes.c_int64, []),
    "byline_free": (None, [c_void_p]),
    "byline_index_open": (c_int, [c_char_p, c_int, c_char_p, POINTER(c_void_p)]),
    "byline_index_close": (None, [c_void_p]),
    "byline_index_article_count": (c_int, [c_void_p, POINTER(c_uint64)]),
    "byline_index_stats_json": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_article_json": (c_int, [c_void_p, c_char_p, POINTER(c_void_p)]),
    "byline_writer_new": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_writer_free": (None, [c_void_p]),
    "byline_writer_add": (c_int, [c_void_p] + [c_char_p] * 7 + [POINTER(c_int)]),
    "byline_writer_add_json": (c_int, [c_void_p, c_char_p, POINTER(c_int)]),
    "byline_writer_commit": (c_int, [c_void_p]),
    "byline_writer_remove": (c_int, [c_void_p, c_char_p, POINTER(c_int)]),
    "byline_writer_pending": (c_size_t, [c_void_p]),
    "byline_writer_set_aliases_json": (c_int, [c_void_p, c_char_p, POINTER(c_size_t)]),
    "byline_ingest": (c_int, [c_void_p, POINTER(c_char_p), c_size_t, c_char_p, PROGRESS, c_void_p,
                              POINTER(c_void_p)]),
    "byline_searcher_new": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_searcher_free": (None, [c_void_p]),
    "byline_ingest_stop": (c_int, [c_void_p]),
    "byline_searcher_interrupt": (c_int, [c_void_p]),
    "byline_highlight_json": (c_int, [c_void_p, c_char_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_mark_up": (c_int, [c_char_p, c_char_p, c_int, POINTER(c_void_p)]),
    "byline_search_json": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_search": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_explain_json": (c_int, [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)]),
    "byline_results_suggestion": (c_char_p, [c_void_p]),
    "byline_results_free": (None, [c_void_p]),
    "byline_results_total": (c_uint64, [c_void_p]),
    "byline_results_count": (c_size_t, [c_void_p]),
    "byline_results_json": (c_int, [c_void_p, POINTER(c_void_p)]),
    "byline_hit_id": (c_char_p, [c_void_p, c_size_t]),
    "byline_hit_title": (c_char_p, [c_void_p, c_size_t]),
    "byline_hit_author": (c_char_p, [c_void_p, c_size_t]),
    "byline_hit_score": (c_double, [c_void_p, c_size_t]),
    "byline_hit_rank": (c_size_t, [c_void_p, c_size_t]),
}
for name, (restype, argtypes) in SIGNATURES.items():
    function = getattr(LIB, name)
    function.restype = restype
    function.argtypes = argtypes


class BylineError(Exception):
    def __init__(self, status):
        self.status = status
        self.kind = LIB.byline_status_name(status).decode()
        self.message = LIB.byline_last_error_message().decode()
        self.position = LIB.byline_last_error_position()
        super().__init__(f"{self.kind}: {self.message}")


def check(status):
    if status != OK:
        raise BylineError(status)


def encode(text):
    return None if text is None else text.encode("utf-8")


def mark_up(text, highlights, markup):
    """`text` with `highlights` ([[begin, end]], byte offsets) drawn in `markup`."""
    out = c_void_p()
    check(LIB.byline_mark_up(encode(text), encode(json.dumps(highlights)), markup,
                             ctypes.byref(out)))
    return take_string(out)


def take_string(pointer):
    """A char* byline allocated: copied into a str, then freed."""
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        LIB.byline_free(pointer)


class Index:
    """A minimal wrapper, the shape a real binding would have."""

    def __init__(self, path, mode, options=None):
        self.handle = c_void_p()
        check(LIB.byline_index_open(encode(str(path)), mode,
                                    encode(json.dumps(options) if options else None),
                                    ctypes.byref(self.handle)))

    def close(self):
        LIB.byline_index_close(self.handle)
        self.handle = c_void_p()

    def article_count(self):
        count = c_uint64()
        check(LIB.byline_index_article_count(self.handle, ctypes.byref(count)))
        return count.value

    def stats(self):
        out = c_void_p()
        check(LIB.byline_index_stats_json(self.handle, ctypes.byref(out)))
        return json.loads(take_string(out))

    def writer(self):
        handle = c_void_p()
        check(LIB.byline_writer_new(self.handle, ctypes.byref(handle)))
        return Writer(handle)

    def searcher(self):
        handle = c_void_p()
        check(LIB.byline_searcher_new(self.handle, ctypes.byref(handle)))
        return Searcher(handle)


class Writer:
    def __init__(self, handle):
        self.handle = handle

    def add(self, id, title=None, source=None, date=None, url=None, lang=None, body=None):
        replaced = c_int(-1)
        check(LIB.byline_writer_add(self.handle, *map(encode, (id, title, source, date, url, lang,
                                                                body)), ctypes.byref(replaced)))
        return replaced.value == 1

    def add_json(self, article):
        replaced = c_int(-1)
        check(LIB.byline_writer_add_json(self.handle, encode(json.dumps(article)),
                                         ctypes.byref(replaced)))
        return replaced.value == 1

    def commit(self):
        check(LIB.byline_writer_commit(self.handle))

    def set_aliases(self, groups):
        kept = c_size_t()
        check(LIB.byline_writer_set_aliases_json(self.handle, encode(json.dumps(groups)),
                                                 ctypes.byref(kept)))
        return kept.value

    def ingest(self, inputs, options=None, progress=None):
        array = (c_char_p * len(inputs))(*map(encode, map(str, inputs)))
        callback = PROGRESS(progress) if progress else PROGRESS()
        summary = c_void_p()
        check(LIB.byline_ingest(self.handle, array, len(inputs),
                                encode(json.dumps(options) if options else None), callback, None,
                                ctypes.byref(summary)))
        return json.loads(take_string(summary))

    def free(self):
        LIB.byline_writer_free(self.handle)
        self.handle = c_void_p()


class Searcher:
    def __init__(self, handle):
        self.handle = handle

    def search_json(self, query, options=None):
        out = c_void_p()
        check(LIB.byline_search_json(self.handle, encode(query),
                                     encode(json.dumps(options) if options else None),
                                     ctypes.byref(out)))
        return json.loads(take_string(out))

    def explain_json(self, query, options=None):
        out = c_void_p()
        check(LIB.byline_explain_json(self.handle, encode(query),
                                      encode(json.dumps(options) if options else None),
                                      ctypes.byref(out)))
        return json.loads(take_string(out))

    def highlight(self, query, article, options=None):
        """{"title": [[begin, end]], "body": [...]}: byte offsets into the article's UTF-8."""
        out = c_void_p()
        check(LIB.byline_highlight_json(self.handle, encode(query), encode(json.dumps(article)),
                                        encode(json.dumps(options) if options else None),
                                        ctypes.byref(out)))
        return json.loads(take_string(out))

    def article(self, id):
        out = c_void_p()
        check(LIB.byline_article_json(self.handle, encode(id), ctypes.byref(out)))
        return json.loads(take_string(out))

    def search_hits(self, query):
        """By iteration: [(rank, id, title, score)], the total, the suggestion."""
        results = c_void_p()
        check(LIB.byline_search(self.handle, encode(query), None, ctypes.byref(results)))
        try:
            hits = [(LIB.byline_hit_rank(results, i), LIB.byline_hit_id(results, i).decode(),
                     LIB.byline_hit_title(results, i).decode(), LIB.byline_hit_score(results, i))
                    for i in range(LIB.byline_results_count(results))]
            return hits, LIB.byline_results_total(results), \
                LIB.byline_results_suggestion(results).decode()
        finally:
            LIB.byline_results_free(results)

    def free(self):
        LIB.byline_searcher_free(self.handle)
        self.handle = c_void_p()


class CApiTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="byline-capi-py-")
        self.path = os.path.join(self.folder, "index")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_index(self):
        return Index(self.path, OPEN_CREATE)

    def test_versions(self):
        self.assertRegex(LIB.byline_version().decode(), r"^\d+\.\d+\.\d+$")
        self.assertGreaterEqual(LIB.byline_index_format_version(), 1)

    def test_add_commit_and_search_a_phrase(self):
        index = self.new_index()
        writer = index.writer()
        self.assertFalse(writer.add("a1", title="Ceasefire holds", source="Reuters",
                                    date="2014-09-15", body="The ceasefire held overnight."))
        self.assertFalse(writer.add_json({"id": "a2", "title": "François Hollande in Paris",
                                          "source": "BBC News", "lang": "en",
                                          "body": "The ceasefire was discussed; nothing held."}))
        self.assertTrue(writer.add("a1", title="Ceasefire holds", source="Reuters",
                                   date="2014-09-15", body="The ceasefire held overnight."))
        writer.commit()
        self.assertEqual(index.article_count(), 2)

        searcher = index.searcher()
        results = searcher.search_json('"ceasefire held"')
        self.assertEqual(results["total"], 1)
        self.assertTrue(results["total_exact"])
        self.assertEqual(results["query"], '"ceasefire held"')
        self.assertEqual([(h["rank"], h["id"], h["title"], h["source"], h["date"])
                          for h in results["hits"]],
                         [(1, "a1", "Ceasefire holds", "Reuters", "2014-09-15")])
        self.assertGreater(results["hits"][0]["score"], 0)

        # UTF-8 both ways: folded diacritics in the query, intact in the title.
        hits, total, suggestion = searcher.search_hits("Francois")
        self.assertEqual((total, suggestion), (1, ""))
        self.assertEqual(hits[0][:3], (1, "a2", "François Hollande in Paris"))

        # Options: any of the words, paging.
        page = searcher.search_json("overnight discussed",
                                    {"default_operator": "any", "limit": 1, "offset": 1})
        self.assertEqual((page["total"], page["offset"], page["limit"], len(page["hits"])),
                         (2, 1, 1, 1))
        self.assertEqual(page["hits"][0]["rank"], 2)
        # The stored article, whole.
        self.assertEqual(searcher.article("a2"),
                         {"id": "a2", "title": "François Hollande in Paris", "source": "BBC News",
                          "date": "", "author": "", "url": "", "path": "", "lang": "en",
                          "body": "The ceasefire was discussed; nothing held."})
        with self.assertRaises(BylineError) as caught:
            searcher.article("nope")
        self.assertEqual(caught.exception.status, NOT_FOUND)

        # Sorting by date, newest first.
        newest = searcher.search_json("ceasefire", {"sort": "newest"})
        self.assertEqual([h["id"] for h in newest["hits"]], ["a1", "a2"])
        searcher.free()
        writer.free()
        index.close()

    def test_the_author_field_through_json_articles_hits_filters_and_facets(self):
        index = self.new_index()
        writer = index.writer()
        writer.add_json({"id": "w1", "title": "Ceasefire holds", "author": "Jane Doe, John Roe",
                         "body": "The ceasefire held overnight."})
        writer.add_json({"id": "w2", "title": "Talks", "author": "Mary Major",
                         "body": "Ceasefire talks resume."})
        writer.add("w3", title="No byline", body="A ceasefire note.")
        writer.commit()
        searcher = index.searcher()
        results = searcher.search_json('author:"john roe"')
        self.assertEqual([(h["id"], h["author"]) for h in results["hits"]],
                         [("w1", "Jane Doe, John Roe")])
        self.assertEqual(searcher.search_json('author:"doe john"')["total"], 0)
        faceted = searcher.search_json("ceasefire", {"facets": "author", "facet_top": 0})
        self.assertEqual(sorted((v["value"], v["count"])
                                for v in faceted["facets"]["author"]["values"]),
                         [("Jane Doe", 1), ("John Roe", 1), ("Mary Major", 1)])
        self.assertEqual(searcher.article("w1")["author"], "Jane Doe, John Roe")
        self.assertEqual(searcher.article("w3")["author"], "")
        # By iteration.
        handle = c_void_p()
        check(LIB.byline_search(searcher.handle, encode("author:major"), None,
                                ctypes.byref(handle)))
        try:
            self.assertEqual(LIB.byline_hit_author(handle, 0).decode(), "Mary Major")
            self.assertIsNone(LIB.byline_hit_author(handle, 1))
        finally:
            LIB.byline_results_free(handle)
        self.assertEqual(index.stats()["authors"], 3)
        searcher.free()
        writer.free()
        index.close()

    def test_aliases_set_through_the_writer_widen_searches(self):
        index = self.new_index()
        writer = index.writer()
        writer.add("k1", title="Kerry in Paris", body="The coalition against ISIL met in Paris.")
        writer.add("k2", title="Strikes", body="Daesh positions were struck overnight.")
        self.assertEqual(writer.set_aliases([["ISIS", "ISIL", "Daesh", "IS"]]), 3)
        writer.commit()
        searcher = index.searcher()
        self.assertEqual(searcher.search_json("Daesh")["total"], 2)
        self.assertEqual(searcher.search_json("Daesh", {"aliases": False})["total"], 1)
        explanation = searcher.explain_json("Daesh")
        self.assertEqual(sorted(explanation), ["expansions", "parsed", "xapian_query"])
        self.assertTrue(any("isil" in line for line in explanation["expansions"]),
                        explanation["expansions"])
        with self.assertRaises(BylineError) as caught:
            writer.set_aliases(["ISIS", "ISIL"])  # not a list of groups
        self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
        searcher.free()
        writer.free()
        index.close()

    def test_a_malformed_query_is_an_invalid_query_error_with_its_position(self):
        index = self.new_index()
        searcher = index.searcher()
        with self.assertRaises(BylineError) as caught:
            searcher.search_json('ceasefire "held')
        self.assertEqual(caught.exception.status, INVALID_QUERY)
        self.assertEqual(caught.exception.kind, "InvalidQuery")
        self.assertEqual(caught.exception.position, 10)
        self.assertIn("(at byte 10)", caught.exception.message)
        # The next successful call clears the thread's last error.
        searcher.search_json("ceasefire")
        self.assertEqual(LIB.byline_last_error_status(), OK)
        self.assertEqual(LIB.byline_last_error_position(), -1)
        searcher.free()
        index.close()

    def test_an_interrupted_search_is_an_interrupted_error_and_the_next_one_runs(self):
        index = self.new_index()
        writer = index.writer()
        writer.add("a1", title="Ceasefire holds", body="The ceasefire held overnight.")
        writer.commit()
        searcher = index.searcher()
        # Made before the search (from this thread or another), the interrupt
        # stops the next search as it starts.
        self.assertEqual(LIB.byline_searcher_interrupt(searcher.handle), OK)
        with self.assertRaises(BylineError) as caught:
            searcher.search_json("ceasefire")
        self.assertEqual(caught.exception.status, INTERRUPTED)
        self.assertEqual(caught.exception.kind, "Interrupted")
        self.assertEqual(caught.exception.message, "the search was interrupted")
        found = searcher.search_json("*", {"limit": 0, "exact_total": True, "timeout_ms": 60000})
        self.assertEqual((found["total"], found["total_exact"], found["hits"]), (1, True, []))
        searcher.free()
        index.close()

    def test_errors_have_kinds(self):
        with self.assertRaises(BylineError) as caught:
            Index(self.path, OPEN_READ_ONLY)
        self.assertEqual(caught.exception.status, NOT_FOUND)
        self.assertIn(self.path, caught.exception.message)

        index = self.new_index()
        with self.assertRaises(BylineError) as caught:
            Index(self.path, OPEN_READ_WRITE)  # a second writer
        self.assertEqual(caught.exception.status, LOCKED)

        with self.assertRaises(BylineError) as caught:
            index.searcher().search_json("x", {"limt": 3})
        self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
        self.assertIn('"limt"', caught.exception.message)

        writer = index.writer()
        with self.assertRaises(BylineError) as caught:
            writer.add("", body="no id")
        self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
        writer.free()
        index.close()

    def test_ingest_json_lines_with_progress_and_diagnostics(self):
        lines = [
            {"id": "j1", "title": "First", "body": "Aid convoys moved north."},
            {"id": "j2", "title": "Second", "date": "2014-09-16", "body": "Convoys again."},
            "{broken",
            {"id": "j3", "title": "Third", "body": "A third convoy."},
        ]
        jsonl = os.path.join(self.folder, "articles.jsonl")
        with open(jsonl, "w", encoding="utf-8") as out:
            for line in lines:
                out.write((line if isinstance(line, str) else json.dumps(line)) + "\n")

        index = self.new_index()
        writer = index.writer()
        progress, callers = [], set()

        def on_progress(_, articles, size, path):
            progress.append((articles, path.decode()))
            callers.add(threading.get_ident())

        # Two threads: the callbacks still come on the calling thread.
        summary = writer.ingest([jsonl], {"batch_size": 2, "threads": 2}, on_progress)
        self.assertEqual(callers, {threading.get_ident()})
        self.assertEqual((summary["indexed"], summary["replaced"], summary["skipped"],
                          summary["articles"]), (3, 0, 1, 3))
        self.assertEqual([(d["path"], d["line"], d["severity"]) for d in summary["diagnostics"]],
                         [(jsonl, 3, "error")])
        self.assertEqual(progress[-1], (3, jsonl))
        searcher = index.searcher()
        self.assertEqual(searcher.search_json("convoy")["total"], 3)
        searcher.free()
        writer.free()
        index.close()

    def test_ingest_stopped_from_the_progress_callback_and_pruned(self):
        articles = os.path.join(self.folder, "articles")
        os.mkdir(articles)
        for name in ("a", "b", "c"):
            with open(os.path.join(articles, f"{name}.txt"), "w", encoding="utf-8") as out:
                out.write(f"Story {name}\n\nConvoys moved on day {name}.\n")
        index = self.new_index()
        writer = index.writer()

        # A user's "cancel": the run stops after the article under way,
        # keeps what it read, and says so.
        def cancel_after_one(_, articles_so_far, size, path):
            if articles_so_far == 1:
                self.assertEqual(LIB.byline_ingest_stop(writer.handle), OK)

        summary = writer.ingest([articles], {"threads": 1}, cancel_after_one)
        self.assertEqual((summary["stopped"], summary["indexed"], summary["articles"]),
                         (True, 1, 1))
        summary = writer.ingest([articles], {"threads": 1})
        self.assertEqual((summary["stopped"], summary["articles"]), (False, 3))

        os.remove(os.path.join(articles, "b.txt"))
        self.assertEqual(writer.ingest([articles])["removed"], 0)
        self.assertEqual(index.article_count(), 3)
        self.assertEqual(writer.ingest([articles], {"prune": True})["removed"], 1)
        self.assertEqual(index.article_count(), 2)
        with self.assertRaises(BylineError) as caught:
            writer.ingest([articles], {"prune": 1})
        self.assertIn('"prune"', caught.exception.message)
        writer.free()
        index.close()

    def test_facets_as_histograms_in_value_order_in_ranges_and_one_by_one(self):
        index = self.new_index()
        writer = index.writer()
        for id, source, date in (("t1", "Reuters", "2014-01-10"), ("t2", "AP", "2014-03-05"),
                                 ("t3", "Reuters", "2014-03-20"), ("t4", "BBC News", "2014-05-02")):
            writer.add(id, title="Talks", source=source, date=date, body="Ceasefire talks.")
        writer.commit()
        searcher = index.searcher()

        def values(options, field, query="talks"):
            facet = searcher.search_json(query, options)["facets"][field]
            return [(v["value"], v["count"]) for v in facet["values"]]

        # A histogram has the months without articles, with 0.
        self.assertEqual(values({"facets": "month", "empty_buckets": True}, "month"),
                         [("2014-01", 1), ("2014-02", 0), ("2014-03", 2), ("2014-04", 0),
                          ("2014-05", 1)])
        self.assertEqual(values({"facets": "month"}, "month"),
                         [("2014-03", 2), ("2014-01", 1), ("2014-05", 1)])
        # A range keeps its buckets.
        self.assertEqual(values({"facets": "month", "empty_buckets": True,
                                 "facet_range": "2014-02..2014-04"}, "month"),
                         [("2014-02", 0), ("2014-03", 2), ("2014-04", 0)])
        # Value order: sources alphabetically, months chronologically.
        self.assertEqual(values({"facets": "source", "facet_sort": "value"}, "source"),
                         [("AP", 1), ("BBC News", 1), ("Reuters", 2)])
        self.assertEqual(values({"facets": "month", "facet_sort": "value"}, "month"),
                         [("2014-01", 1), ("2014-03", 2), ("2014-05", 1)])
        # Each facet set apart.
        both = searcher.search_json("talks", {"limit": 0, "facets": [
            {"field": "year", "empty_buckets": True, "from": "2013"},
            {"field": "source", "top": 2, "order": "value"}]})["facets"]
        self.assertEqual([(v["value"], v["count"]) for v in both["year"]["values"]],
                         [("2013", 0), ("2014", 4)])
        # The top 2 sources (the tie AP and BBC News to the lower value),
        # listed in value order.
        self.assertEqual(([(v["value"], v["count"]) for v in both["source"]["values"]],
                          both["source"]["other"]), ([("AP", 1), ("Reuters", 2)], 1))
        # Counted within the query's source: filter, or (the default) without it.
        filtered = {"facets": [{"field": "source", "disjunctive": False}]}
        self.assertEqual(values(filtered, "source", "talks source:AP"), [("AP", 1)])
        self.assertEqual(len(values({"facets": "source"}, "source", "talks source:AP")), 3)
        # What would do nothing is refused, naming the key.
        for options, named in (({"facets": "source", "empty_buckets": True}, '"empty_buckets"'),
                               ({"facet_sort": "value"}, '"facet_sort"'),
                               ({"facets": [{"field": "month", "empty_buckets": True,
                                             "order": "value"}]}, '"order"'),
                               ({"facets": [{"field": "lang", "to": "2014"}]}, '"to"'),
                               ({"facets": [{"field": "month", "bukets": True}]}, '"bukets"')):
            with self.assertRaises(BylineError) as caught:
                searcher.search_json("talks", options)
            self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
            self.assertIn(named, caught.exception.message)
        searcher.free()
        writer.free()
        index.close()

    def test_highlight_marks_an_article_as_search_highlights_its_title(self):
        index = self.new_index()
        writer = index.writer()
        # Text before the matches that is not ASCII: the spans are bytes.
        writer.add("h1", title="François Hollande: ceasefire holds", lang="en",
                   body="À Paris, François Hollande said the ceasefire held. Ceasefires hold.")
        writer.commit()
        searcher = index.searcher()
        article = searcher.article("h1")
        marks = searcher.highlight("ceasefire", article)

        def marked(text, spans):
            raw = text.encode("utf-8")
            return [raw[begin:end].decode("utf-8") for begin, end in spans]

        self.assertEqual(marked(article["title"], marks["title"]), ["ceasefire"])
        self.assertEqual(marked(article["body"], marks["body"]), ["ceasefire", "Ceasefires"])
        # The title spans are those the search itself finds (Hit::title_highlights).
        hit = searcher.search_json("ceasefire", {"highlight_title": True})["hits"][0]
        self.assertEqual(marks["title"], hit["title_highlights"])
        self.assertEqual(mark_up(article["title"], marks["title"], MARKUP_HTML), hit["title_html"])
        self.assertEqual(mark_up(article["body"], marks["body"], MARKUP_HTML),
                         "À Paris, François Hollande said the <mark>ceasefire</mark> held. "
                         "<mark>Ceasefires</mark> hold.")
        self.assertEqual(mark_up("<b>", [[0, 3]], MARKUP_ANSI), "\x1b[7m<b>\x1b[27m")
        # A phrase as one span; exact forms only with "=".
        def body_marks(query):
            return marked(article["body"], searcher.highlight(query, article)["body"])

        self.assertEqual(body_marks('"ceasefire held"'), ["ceasefire held"])
        self.assertEqual(body_marks("=ceasefires"), ["Ceasefires"])
        # Only the options that shape the query.
        self.assertEqual(searcher.highlight("ceasefire paris", article,
                                            {"default_operator": "any"})["title"], marks["title"])
        with self.assertRaises(BylineError) as caught:
            searcher.highlight("ceasefire", article, {"snippets": 1})
        self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
        self.assertIn("highlighting", caught.exception.message)
        with self.assertRaises(BylineError) as caught:
            mark_up("text", [[1]], MARKUP_HTML)
        self.assertEqual(caught.exception.status, INVALID_ARGUMENT)
        searcher.free()
        writer.free()
        index.close()

    def test_parallel_searchers_see_whole_commits(self):
        # ctypes releases the GIL during each call: the searches really run
        # in parallel, each thread with its own searcher, while this thread
        # commits batches of 5.
        index = self.new_index()
        writer = index.writer()
        searchers = [index.searcher() for _ in range(3)]
        done = threading.Event()
        seen, problems = [], []

        def read(searcher):
            try:
                while not done.is_set():
                    total = searcher.search_json("convoy", {"limit": 0})["total"]
                    seen.append(total)
                    if total % 5:
                        problems.append(total)
            except BylineError as error:
                problems.append(str(error))

        threads = [threading.Thread(target=read, args=(s,)) for s in searchers]
        for thread in threads:
            thread.start()
        for batch in range(10):
            for n in range(5):
                writer.add(f"c{batch}-{n}", title="Convoy", body=f"A convoy, number {n}.")
            writer.commit()
        done.set()
        for thread in threads:
            thread.join()
        self.assertEqual(problems, [])
        self.assertTrue(seen)
        self.assertEqual(searchers[0].search_json("convoy", {"limit": 0})["total"], 50)
        for searcher in searchers:
            searcher.free()
        writer.free()
        index.close()

    # Misuse of handles: BYLINE_MISUSE, never a crash. A garbage collector's
    # finalizer that runs twice, or a binding that keeps a stale handle, must
    # not take the Python process down.

    def assert_misuse(self, status, *names):
        """`status` and the thread's last error are MISUSE; the message names `names`."""
        self.assertEqual(status, MISUSE)
        self.assertEqual(LIB.byline_last_error_status(), MISUSE)
        self.assertEqual(LIB.byline_status_name(MISUSE), b"Misuse")
        message = LIB.byline_last_error_message().decode()
        for name in names:
            self.assertIn(name, message)

    def test_a_garbage_pointer_is_misuse(self):
        junk = ctypes.create_string_buffer(b"\xa5" * 256)  # readable, never a handle
        garbage = c_void_p(ctypes.addressof(junk))
        count = c_uint64(7)
        self.assert_misuse(LIB.byline_index_article_count(garbage, ctypes.byref(count)),
                           "byline_index_article_count", "not a live byline_index")
        self.assertEqual(count.value, 7)
        out = c_void_p()
        self.assert_misuse(LIB.byline_search_json(c_void_p(0x10), b"x", None, ctypes.byref(out)),
                           "byline_search_json", "not a live byline_searcher")
        self.assertIsNone(out.value)
        self.assertEqual(LIB.byline_results_count(garbage), 0)
        self.assert_misuse(MISUSE, "byline_results_count")
        LIB.byline_writer_free(garbage)
        self.assert_misuse(MISUSE, "byline_writer_free", "not a live byline_writer")

    def test_closing_an_index_twice_is_misuse(self):
        index = self.new_index()
        handle = c_void_p(index.handle.value)
        index.close()
        LIB.byline_index_close(handle)  # crashed with SIGBUS before
        self.assert_misuse(MISUSE, "byline_index_close", "closed")
        count = c_uint64()
        self.assert_misuse(LIB.byline_index_article_count(handle, ctypes.byref(count)),
                           "byline_index_article_count", "closed")
        writer = c_void_p()
        self.assert_misuse(LIB.byline_writer_new(handle, ctypes.byref(writer)), "byline_writer_new")
        self.assertIsNone(writer.value)
        # The index was closed once: its lock is free for the next writer.
        Index(self.path, OPEN_READ_WRITE).close()

    def test_a_handle_of_the_wrong_type_is_misuse_and_leaves_it_working(self):
        index = self.new_index()
        writer = index.writer()
        searcher = index.searcher()
        self.assert_misuse(LIB.byline_writer_commit(searcher.handle), "byline_writer_commit",
                           "a byline_searcher, not a byline_writer")
        out = c_void_p()
        self.assert_misuse(LIB.byline_search_json(index.handle, b"x", None, ctypes.byref(out)),
                           "a byline_index, not a byline_searcher")
        LIB.byline_index_close(writer.handle)
        self.assert_misuse(MISUSE, "byline_index_close", "a byline_writer, not a byline_index")
        LIB.byline_searcher_free(index.handle)
        self.assert_misuse(MISUSE, "byline_searcher_free", "a byline_index, not a byline_searcher")
        LIB.byline_free(writer.handle)  # strings only
        self.assert_misuse(MISUSE, "byline_free", "byline_writer_free")
        writer.add("w1", body="Still writing.")
        writer.commit()
        self.assertEqual(searcher.search_json("writing")["total"], 1)
        self.assertEqual(index.article_count(), 1)
        searcher.free()
        writer.free()
        index.close()

    def test_a_freed_writer_is_misuse(self):
        index = self.new_index()
        writer = index.writer()
        handle = c_void_p(writer.handle.value)
        writer.free()
        self.assert_misuse(LIB.byline_writer_add(handle, b"f1", *([None] * 5), b"body", None),
                           "byline_writer_add", "not a live byline_writer")
        self.assert_misuse(LIB.byline_writer_remove(handle, b"f1", None), "byline_writer_remove")
        self.assert_misuse(LIB.byline_writer_commit(handle), "byline_writer_commit")
        self.assertEqual(LIB.byline_writer_pending(handle), 0)
        self.assert_misuse(MISUSE, "byline_writer_pending")
        LIB.byline_writer_free(handle)
        self.assert_misuse(MISUSE, "byline_writer_free")
        # The index is not left half-locked: a new writer can start.
        second = index.writer()
        second.add("f2", body="Written.")
        second.commit()
        self.assertEqual(index.article_count(), 1)
        second.free()
        index.close()

    def test_results_and_a_searcher_used_after_free_are_misuse(self):
        index = self.new_index()
        writer = index.writer()
        writer.add("r1", title="Results", body="Freed results.")
        writer.commit()
        searcher = index.searcher()
        results = c_void_p()
        check(LIB.byline_search(searcher.handle, b"results", None, ctypes.byref(results)))
        self.assertEqual(LIB.byline_results_count(results), 1)
        LIB.byline_results_free(results)
        self.assertEqual(LIB.byline_results_count(results), 0)
        self.assert_misuse(MISUSE, "byline_results_count", "not a live byline_results")
        self.assertIsNone(LIB.byline_hit_id(results, 0))
        self.assert_misuse(MISUSE, "byline_hit_id")
        self.assertEqual(LIB.byline_results_suggestion(results), b"")
        out = c_void_p()
        self.assert_misuse(LIB.byline_results_json(results, ctypes.byref(out)),
                           "byline_results_json")
        LIB.byline_results_free(results)
        self.assert_misuse(MISUSE, "byline_results_free")

        handle = c_void_p(searcher.handle.value)
        searcher.free()
        self.assert_misuse(LIB.byline_search(handle, b"results", None, ctypes.byref(out)),
                           "byline_search", "not a live byline_searcher")
        self.assertIsNone(out.value)
        LIB.byline_searcher_free(handle)
        self.assert_misuse(MISUSE, "byline_searcher_free")
        writer.free()
        index.close()

    def test_writers_searchers_and_results_outlive_a_closed_index(self):
        # Defined, not misuse: they share ownership of what they need.
        index = self.new_index()
        writer = index.writer()
        writer.add("o1", title="Outlive", body="The index handle is gone.")
        writer.commit()
        searcher = index.searcher()
        results = c_void_p()
        check(LIB.byline_search(searcher.handle, b"gone", None, ctypes.byref(results)))
        index.close()
        writer.add("o2", body="Still gone.")
        writer.commit()
        self.assertEqual(searcher.search_json("gone")["total"], 2)
        self.assertEqual(LIB.byline_hit_id(results, 0), b"o1")
        LIB.byline_results_free(results)
        searcher.free()
        writer.free()
        # The last of them released the index's lock.
        Index(self.path, OPEN_READ_WRITE).close()

    @unittest.skipUnless(os.environ.get("BYLINE_CLI") and os.environ.get("BYLINE_CORPUS"),
                         "needs BYLINE_CLI and BYLINE_CORPUS")
    def test_json_is_what_the_byline_command_prints(self):
        cli, corpus = os.environ["BYLINE_CLI"], os.environ["BYLINE_CORPUS"]
        index = self.new_index()
        writer = index.writer()
        summary = writer.ingest([corpus])
        writer.free()

        cli_index = os.path.join(self.folder, "cli-index")
        cli_summary = json.loads(subprocess.run(
            [cli, "index", "--index", cli_index, "--json", corpus],
            check=True, capture_output=True, text=True).stdout)
        for key in ("seconds", "index"):
            del summary[key], cli_summary[key]
        self.assertEqual(summary, cli_summary)

        stats = index.stats()
        printed_stats = json.loads(subprocess.run(
            [cli, "stats", "--index", self.path, "--json"],
            check=True, capture_output=True, text=True).stdout)
        self.assertEqual(stats, printed_stats)
        self.assertEqual(stats["articles"], 5)

        searcher = index.searcher()
        for query, options, flags in (('"dirty hands"', None, []),
                                      ("pledging", {"limit": 2, "offset": 2}, ["-n", "2", "-p", "2"]),
                                      ("Khamenei Haines", {"default_operator": "any"}, ["--any"]),
                                      ("Kerry", {"sort": "newest"}, ["--sort", "newest"]),
                                      ("Daesh", {"aliases": False}, ["--no-aliases"]),
                                      ("Kery", None, []),  # did you mean "kerry"?
                                      ('"dirty hands"',
                                       {"snippets": 1, "highlight_title": True,
                                        "facets": "source,month", "facet_top": 3},
                                       ["--snippets", "1", "--facets", "source,month",
                                        "--facet-top", "3"]),
                                      # The facet options, named as the command's.
                                      ("Kerry",
                                       {"facets": "month,source", "empty_buckets": True,
                                        "facet_range": "2014-08..2014-10"},
                                       ["--facets", "month,source", "--empty-buckets",
                                        "--facet-range", "2014-08..2014-10"]),
                                      ("pledge",
                                       {"facets": "source,day", "facet_sort": "value",
                                        "facet_top": 0},
                                       ["--facets", "source,day", "--facet-sort", "value",
                                        "--facet-top", "0"])):
            mine = searcher.search_json(query, options)
            printed = json.loads(subprocess.run(
                [cli, "search", "--index", self.path, "--json", *flags, query],
                check=True, capture_output=True, text=True).stdout)
            del mine["elapsed_ms"], printed["elapsed_ms"]
            self.assertEqual(mine, printed, query)
            self.assertTrue(mine["total"] > 0 or mine["suggestion"], query)
            # Explain takes only the options that shape the query: the others
            # would do nothing, and are errors there.
            shaping = {key: value for key, value in (options or {}).items()
                       if key in ("default_operator", "aliases")}
            shaping_flags = [flag for flag in flags if flag in ("--any", "--no-aliases")]
            explained = subprocess.run(
                [cli, "search", "--index", self.path, "--json", "--explain", *shaping_flags, query],
                check=True, capture_output=True, text=True).stdout
            self.assertEqual(searcher.explain_json(query, shaping or None), json.loads(explained),
                             query)
            if options and not shaping:
                with self.assertRaises(BylineError):
                    searcher.explain_json(query, options)
        searcher.free()
        index.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)

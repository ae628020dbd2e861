/* byline.h: byline's C API, for C programs and for other languages through
 * their foreign-function interfaces (Python ctypes or cffi, Go cgo, Rust,
 * Swift). It wraps the C++ API of <byline/byline.hpp> one to one; the C++
 * headers say more about what each operation does.
 *
 * Conventions, the same for every function:
 *
 * - Handles are opaque: byline_index, byline_writer, byline_searcher,
 *   byline_results. A function that makes one stores it in its last argument
 *   (`out`) and returns BYLINE_OK; on failure `*out` is set to NULL. Each
 *   handle is released by its own *_free / *_close function, which accepts
 *   NULL. Handles may be released in any order: a writer, searcher or results
 *   handle keeps what it needs alive and goes on working after the handle it
 *   was made from is released (see byline_index_close()).
 *
 * - Misuse: byline knows which handles are live and of which type, and checks
 *   the pointer it is given before reading the memory behind it. A pointer
 *   byline never handed out (garbage), a handle already released, or a handle
 *   of another type (a byline_searcher* cast to byline_index*) is
 *   BYLINE_MISUSE, with a message naming the function and the misuse; the
 *   call does nothing else. Functions that return no status report it
 *   through the thread's last error: the release functions (a second
 *   release of a handle does nothing, a release of the wrong type leaves the
 *   handle working) and the accessors (byline_results_*, byline_hit_*,
 *   byline_writer_pending()), which then return what they return for NULL.
 *   These never clear the last error. A NULL handle is not misuse: it stays
 *   BYLINE_INVALID_ARGUMENT (for the accessors, their value for NULL, the
 *   last error untouched; for the release functions, nothing).
 *   Still undefined, as in any C library: a released handle whose address
 *   byline has since given to a new handle of the same type (the call then
 *   acts on the new handle); a handle released on one thread while another
 *   thread uses it; a string freed twice with byline_free(); and a
 *   `const char*` taken from a handle, read after the handle was released
 *   (the check is made at the call, not at each use of what it returned).
 *
 * - Status: functions that can fail return a byline_status, BYLINE_OK (0) on
 *   success and otherwise the kind of failure (the kinds of byline::Error,
 *   plus out-of-memory and internal error). Nothing is thrown or aborts
 *   across this API: every C++ exception is caught and turned into a status.
 *
 * - The last error: each failing call also records, for the calling thread,
 *   a message and (for BYLINE_INVALID_QUERY) the byte position in the query.
 *   Read them with byline_last_error_message() and
 *   byline_last_error_position() right after the failing call: the next
 *   status-returning call on the same thread replaces them (a successful one
 *   clears them). They are per thread, like errno; a Go program must call
 *   runtime.LockOSThread() around a call and the reading of its error, since
 *   goroutines may move between threads.
 *
 * - Strings are UTF-8, NUL-terminated. Strings passed in are copied as needed
 *   and may be freed after the call. A string returned through a `char**`
 *   argument belongs to the caller, who frees it with byline_free(). A
 *   `const char*` returned by a function belongs to byline and stays valid as
 *   long as documented (usually: as long as the handle it came from).
 *
 * - Options are JSON objects given as strings (or NULL for the defaults), so
 *   that new options never change a function's signature. An unknown key or
 *   a value of the wrong type is BYLINE_INVALID_ARGUMENT, naming the key.
 *   Every option of the C++ API has its key here (or, for a callback or a
 *   flag, its function); a test holds the keys against the C++ structs'
 *   fields, so that an option added to one API and not the other fails it.
 *
 * - Versions: BYLINE_VERSION_MAJOR, _MINOR, _PATCH, _STRING and _NUMBER
 *   (byline/version.h, included here) are those of the headers compiled
 *   against; byline_version() is that of the library loaded.
 *
 * - Threads: a handle is used by one thread at a time (it may move between
 *   threads), with one exception: byline_searcher_interrupt() may be called
 *   from any thread. Different handles may be used from different threads at once:
 *   searchers made from one index search in parallel while a writer adds and
 *   commits; each searcher has its own view of the index and sees each commit
 *   whole or not at all.
 */
#ifndef BYLINE_BYLINE_H
#define BYLINE_BYLINE_H

#include <stddef.h>
#include <stdint.h>

#include "byline/version.h"

#if defined(_WIN32)
#if defined(BYLINE_C_BUILDING)
#define BYLINE_C_API __declspec(dllexport)
#else
#define BYLINE_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define BYLINE_C_API __attribute__((visibility("default")))
#else
#define BYLINE_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

/* The result of a call: BYLINE_OK or one of the failure kinds below. An int,
 * so that every FFI passes it the same way. */
typedef int byline_status;

enum {
  BYLINE_OK = 0,
  /* Logic errors: the caller broke a precondition. */
  BYLINE_INVALID_ARGUMENT = 1, /* a bad option, id, date, mode or NULL handle */
  BYLINE_INVALID_QUERY = 2,    /* a query that does not parse; see the position */
  /* Runtime errors: the data or the environment. */
  BYLINE_NOT_FOUND = 3,        /* no index where one was expected */
  BYLINE_LOCKED = 4,           /* another writer holds the index */
  BYLINE_CORRUPT = 5,          /* the index's files are damaged */
  BYLINE_VERSION_MISMATCH = 6, /* the index has another format version */
  BYLINE_BAD_INPUT = 7,        /* input that cannot be read as articles */
  BYLINE_IO = 8,               /* the operating system refused a read or write */
  BYLINE_OUT_OF_MEMORY = 9,
  BYLINE_INTERNAL = 10, /* a bug in byline: please report the message */
  /* A logic error of C callers only (last, to keep the values above): a
   * handle that is garbage, released already, or of the wrong type. See
   * "Misuse" in the conventions above. */
  BYLINE_MISUSE = 11,
  /* The caller stopped a search: byline_searcher_interrupt(), or the search
   * option "timeout_ms" ran out. */
  BYLINE_INTERRUPTED = 12
};

/* "OK", "InvalidArgument", "InvalidQuery", "NotFound", "Locked", "Corrupt",
 * "VersionMismatch", "BadInput", "IOError", "OutOfMemory", "Internal" (the
 * names of `byline --json` errors), "Misuse", "Interrupted"; "Unknown" for
 * any other value.
 * Static storage: never freed. */
BYLINE_C_API const char* byline_status_name(byline_status status);

/* The calling thread's last error (see the conventions above). The message
 * is "" after a successful call; it stays valid until the thread's next
 * status-returning byline call. */
BYLINE_C_API byline_status byline_last_error_status(void);
BYLINE_C_API const char* byline_last_error_message(void);
/* For BYLINE_INVALID_QUERY: the byte offset in the query where the problem
 * was found; -1 when there is none. */
BYLINE_C_API int64_t byline_last_error_position(void);

/* Frees a string byline returned through a `char**` argument. NULL is fine.
 * A live handle given here is not freed: BYLINE_MISUSE as the last error. */
BYLINE_C_API void byline_free(void* string);

/* ------------------------------------------------------------- versions */

/* The library's version, "MAJOR.MINOR.PATCH". Static storage. It equals
 * BYLINE_VERSION_STRING when the program runs with the library it was
 * compiled against. */
BYLINE_C_API const char* byline_version(void);
/* The on-disk index format this library writes (it reads older ones too). */
BYLINE_C_API int byline_index_format_version(void);

/* ---------------------------------------------------------------- index */

typedef struct byline_index byline_index;

enum {
  BYLINE_OPEN_READ_ONLY = 0,  /* the index must exist */
  BYLINE_OPEN_READ_WRITE = 1, /* the index must exist; takes the writer lock */
  BYLINE_OPEN_CREATE = 2      /* creates the index if missing; takes the lock */
};

/* Opens (or creates) the index folder at `path` with one of the
 * BYLINE_OPEN_* modes. `options_json` (or NULL):
 *   {"language": "english",     stemmer of a new index's articles of unknown
 *                               language ("none": no stemming)
 *    "fold_diacritics": true,   fold diacritics in a new index
 *    "article_languages": true, stem each article of a new index in its own
 *                               language (false: all in "language")
 *    "script_folding": true,    fold by script, as each script's readers
 *                               expect (false: strip every combining mark,
 *                               as indexes before byline 0.9 did)
 *    "wait_for_lock": false,    wait for another writer instead of failing
 *    "connect_timeout_ms": 10000, for an index made of shards, how long a
 *    "remote_timeout_ms": 10000,  remote shard may take to connect, and to
 *                               answer each request, before the call fails
 *                               naming it
 *    "allow_partial": false}    for an index made of shards: leave out the
 *                               shards that cannot be reached, and list them
 *                               in the results' "unavailable_shards"
 * (The first four are AnalyzerSettings, used when the index is created; an
 * existing index keeps its own.)
 * Fails with NOT_FOUND, LOCKED, VERSION_MISMATCH, CORRUPT, IO or
 * INVALID_ARGUMENT (a bad mode, option or language). */
BYLINE_C_API byline_status byline_index_open(const char* path, int mode, const char* options_json,
                                             byline_index** out);

/* Releases the handle. The index closes (and a writable one releases its
 * lock) once its writers are freed too; uncommitted changes are discarded.
 * Writers, searchers and results made from it go on working: a writer holds
 * the index open (its lock too) until freed, a searcher has its own view of
 * the index, results hold their hits. The closed handle itself is dead:
 * closing it again does nothing and any other call on it is BYLINE_MISUSE,
 * byline_writer_new() and byline_searcher_new() included. */
BYLINE_C_API void byline_index_close(byline_index* index);

/* Number of articles in the revision the handle sees. */
BYLINE_C_API byline_status byline_index_article_count(byline_index* index, uint64_t* out);

/* What the index holds, as `byline stats --json` prints it: {"index",
 * "articles", "words", "sources", "authors", "first_date", "last_date",
 * "bytes_on_disk" (of the local shards only), "language", "format_version",
 * "shards", "remote_shards", "shard_list": [{"location", "remote",
 * "bytes_on_disk"}, ...]}. Free it with byline_free(). Walks the
 * vocabulary: milliseconds on a large index. */
BYLINE_C_API byline_status byline_index_stats_json(byline_index* index, char** stats_json);

/* Moves a read-only handle to the latest committed revision. */
BYLINE_C_API byline_status byline_index_reopen(byline_index* index);

/* --------------------------------------------------------------- writer */

typedef struct byline_writer byline_writer;

/* Starts writing to an index opened with BYLINE_OPEN_READ_WRITE or
 * BYLINE_OPEN_CREATE. One writer per index at a time (INVALID_ARGUMENT
 * otherwise). Changes become visible, all together, at byline_writer_commit(). */
BYLINE_C_API byline_status byline_writer_new(byline_index* index, byline_writer** out);

/* Releases the writer, discarding changes not committed. Any later call on
 * it is BYLINE_MISUSE, a second release included (see the conventions). */
BYLINE_C_API void byline_writer_free(byline_writer* writer);

/* Adds an article, or replaces the one with the same id. Any string but `id`
 * may be NULL (empty). `date` is "YYYY-MM-DD" or empty. `replaced` (may be
 * NULL) is set to 1 when an article with this id existed, else 0.
 * INVALID_ARGUMENT for an empty or over-long id or a bad date; the batch is
 * unchanged then. An article with an author is added with
 * byline_writer_add_json() (this signature stays as it was). */
BYLINE_C_API byline_status byline_writer_add(byline_writer* writer, const char* id,
                                             const char* title, const char* source,
                                             const char* date, const char* url, const char* lang,
                                             const char* body, int* replaced);

/* The same, the article given as a JSON object with the fields of a JSON
 * Lines input: {"id", "title", "source", "date", "author", "url", "lang",
 * "body"} ("id" and "body" required, all strings; "path" is accepted too).
 * "author": "Jane Doe", or several names separated by commas. */
BYLINE_C_API byline_status byline_writer_add_json(byline_writer* writer, const char* article_json,
                                                  int* replaced);

/* Removes the article with this id. `removed` (may be NULL) is set to 1 if
 * there was one, else 0. */
BYLINE_C_API byline_status byline_writer_remove(byline_writer* writer, const char* id,
                                                int* removed);

/* Commits the batch: readers see all of it from now on. On failure the batch
 * is discarded whole and the writer can start a new one. */
BYLINE_C_API byline_status byline_writer_commit(byline_writer* writer);

/* Replaces the index's alias table, as part of the current batch. `groups_json`
 * is an array of groups, each the names of one thing:
 * [["ISIS", "ISIL", "Daesh", "Islamic State"], ...]; a query for any member
 * also finds the others. `kept` (may be NULL) receives the number of members
 * kept (those under three characters once normalized are left out). */
BYLINE_C_API byline_status byline_writer_set_aliases_json(byline_writer* writer,
                                                          const char* groups_json, size_t* kept);

/* Recomputes, at the next byline_writer_commit(), every article's
 * near-duplicate group and story as if the index were built again
 * (docs/stories.md): story ids start from 1 again, and articles indexed
 * before byline had stories get theirs, as `byline stories --rebuild`
 * does. Each commit otherwise groups only the articles of its batch.
 * INVALID_ARGUMENT for NULL; MISUSE for a handle that is not a live
 * writer. */
BYLINE_C_API byline_status byline_writer_rebuild_stories(byline_writer* writer);

/* Changes in the current batch (0 for NULL; 0 and BYLINE_MISUSE as the last
 * error for a handle that is not a live writer). */
BYLINE_C_API size_t byline_writer_pending(const byline_writer* writer);

/* Called by byline_ingest() after each article, on the thread that called
 * byline_ingest(): the counts so far and the file being read (valid during
 * the call only). */
typedef void (*byline_progress_fn)(void* user_data, uint64_t articles, uint64_t bytes,
                                   const char* path);

/* Reads articles from files, folders, JSON Lines files and "-" (standard
 * input), as `byline index` does, committing every batch_size articles.
 * `options_json` (or NULL): {"manifest": "path/manifest.jsonl",
 * "aliases": "path/aliases.txt", "batch_size": 1000, "threads": 2,
 * "shards": true, "segment_size": 10000, "follow_links": false,
 * "prune": false} (threads: 1 does all on the calling thread; 2 to 8
 * build that many shards side by side into an empty index and merge them
 * at the end, or read and analyse on a second thread into one that holds
 * articles; 0, the default, is 2 on
 * a machine with two cores; shards: false commits batch by batch into an
 * empty index too, as IngestOptions::shards says; segment_size: articles
 * per database of a shard, as IngestOptions::segment_size says;
 * follow_links: true follows symbolic links out of an input folder too,
 * which are otherwise skipped with a warning, as
 * IngestOptions::follow_links says; prune: true, after reading, removes the
 * articles whose file lay below a folder given and is gone, counted in the
 * summary's "removed", as IngestOptions::prune says).
 * `progress` may be NULL. Bad inputs are skipped and reported in the
 * summary, not as a failure; byline_ingest_stop() ends a run early.
 * `summary_json` (may be NULL) receives the summary of
 * `byline index --json`: {"index", "indexed", "replaced", "skipped",
 * "removed", "stopped", "warnings", "aliases", "near_duplicates" (of the
 * articles read, those that are near-duplicates of an article indexed
 * before them), "new_stories" (the stories they started), "articles",
 * "seconds",
 * "diagnostics": [{"severity", "path", "line", "message"}], "crawls"};
 * free it with byline_free(). */
BYLINE_C_API byline_status byline_ingest(byline_writer* writer, const char* const* inputs,
                                         size_t input_count, const char* options_json,
                                         byline_progress_fn progress, void* user_data,
                                         char** summary_json);

/* Stops the byline_ingest() running on `writer`, as IngestOptions::stop
 * does: reading stops at the next article, file or line, what was read is
 * committed (merged in, with shards), and byline_ingest() returns BYLINE_OK
 * with "stopped": true in its summary. It may be called from any thread
 * while another one ingests, and from the progress callback; not from a
 * signal handler (set a flag there, and call this from the callback or a
 * thread). When no run is under way, the next one on `writer` stops as it
 * starts, so that a stop made just as a run begins is never lost; each run
 * clears it as it ends. INVALID_ARGUMENT for NULL; MISUSE for a handle that
 * is not a live writer. */
BYLINE_C_API byline_status byline_ingest_stop(byline_writer* writer);

/* ------------------------------------------------------------- searcher */

typedef struct byline_searcher byline_searcher;
typedef struct byline_results byline_results;

/* A searcher on the index (which may be read-only or writable). It opens
 * its own view of the index, so it may outlive `index`, and several
 * searchers may search in parallel, one thread each. It sees committed
 * changes only. Fails as byline_index_open() does. */
BYLINE_C_API byline_status byline_searcher_new(byline_index* index, byline_searcher** out);
/* Releases the searcher. Results it returned stay valid; any later call on
 * it is BYLINE_MISUSE, a second release included. */
BYLINE_C_API void byline_searcher_free(byline_searcher* searcher);

/* Stops the search running on `searcher`, as sqlite3_interrupt() does: the
 * one call that may be made from any thread while another thread searches.
 * That search (byline_search(), byline_similar(), their _json forms, or
 * byline_stories_json()) returns BYLINE_INTERRUPTED soon after (byline
 * checks between the steps of a search and every 256 articles it matches),
 * with the message "the search was interrupted". When no search is running,
 * the next one on `searcher` is stopped as it starts, so that an interrupt
 * made just as a search begins is never lost. Either way one search is
 * stopped and the ones after it run normally; a search that ends before it
 * notices the interrupt clears it. The searcher must stay live meanwhile
 * (not released by the thread that searches). INVALID_ARGUMENT for NULL;
 * MISUSE for a handle that is not a live searcher. */
BYLINE_C_API byline_status byline_searcher_interrupt(byline_searcher* searcher);

/* Runs a query (the query language of `byline search`, docs/query-language.md),
 * seeing the latest commit. `options_json` (or NULL), with the defaults:
 *   {"offset": 0, "limit": 10,
 *    "default_operator": "all",     or "any": how bare words combine
 *    "sort": "relevance",           or "newest", "oldest": by date
 *    "aliases": true,               expand words to their aliases
 *    "max_wildcard_terms": 1000,    more is an INVALID_QUERY error
 *    "suggest_below": 3,            "did you mean" under this many matches
 *    "snippets": 0,                 best fragments per hit, highlighted
 *    "snippet_length": 200,         characters per fragment
 *    "highlight_title": false,      highlight spans for each hit's title
 *    "facets": "",                  e.g. "source,lang": counts, as --facets
 *                                   (source, year, month, day, author, lang,
 *                                   story),
 *                                   or an array of requests (below)
 *    "facet_top": 10,               values kept per facet (0: all)
 *    "facet_sort": "count",         or "value": sources, authors, languages
 *                                   alphabetically, dates chronologically
 *    "facet_range": "",             date facets: only the buckets in
 *                                   "FROM..TO" (YYYY[-MM[-DD]], either end
 *                                   may be left out; one date: both ends)
 *    "empty_buckets": false,        date facets: a histogram, every bucket
 *                                   of the range in date order, the empty
 *                                   ones with count 0
 *    "exact_total": true,           count every match; false: an estimate
 *    "timeout_ms": 0,               stop the search after this long (0: never)
 *    "collapse": false,             one hit per group of near-identical
 *                                   articles (reprinted wire copy), the best
 *                                   ranked (docs/stories.md)
 *    "list_copies": false}          with "collapse": each hit's copies too,
 *                                   at the cost of a pass over the matches
 *                                   for each hit that has any
 * "limit": 0 returns no hits, for the total and the facets alone.
 * Collapsed, byline_results_total() still counts every matching article,
 * and byline_results_collapsed_total() the hits left to page through.
 * The facet options are those of `byline search` (--facets, --facet-top,
 * --facet-sort, --facet-range, --empty-buckets), for every facet asked for.
 * To set each facet apart, "facets" is an array whose items are a field
 * name or an object with the fields of a C++ FacetRequest:
 *   [{"field": "month", "empty_buckets": true, "from": "2014-01",
 *     "to": "2014-12"},
 *    {"field": "source", "top": 5, "order": "value", "disjunctive": false}]
 * ("field" required; "top", "order" ("count" or "value"), "from", "to",
 * "empty_buckets" and "disjunctive" (true: counted without the query's own
 * filters on this field, see search.hpp) as FacetRequest's defaults say).
 * The options above apply to each request that does not set its own. Each
 * field may be asked for once (the results name a facet by its field).
 * An option that would do nothing beside the others is INVALID_ARGUMENT,
 * never silently ignored: "offset" above 0, "sort" other than relevance,
 * "snippets" above 0, "highlight_title" or "list_copies" with "limit": 0;
 * "snippet_length" without "snippets" above 0; "list_copies" without
 * "collapse"; a facet option without "facets", or one that
 * reaches no facet ("facet_range" or "empty_buckets" without a date facet,
 * "facet_top" or "facet_sort" when every facet is a histogram or sets its
 * own); "from", "to" or "empty_buckets" in the object of a facet that is not
 * a date; "top" or "order" in the object of a histogram.
 * "exact_total": false lets the search stop counting once its page of hits
 * is certain (faster for common words): the total is then an estimate
 * (byline_results_total_exact() is 0) between byline_results_total_lower()
 * and byline_results_total_upper(); facets still count every match.
 * INVALID_QUERY for a query that does not parse or cannot run
 * (byline_last_error_position() says where); INTERRUPTED when
 * byline_searcher_interrupt() or "timeout_ms" stops it (the searcher is
 * ready for the next search). */
BYLINE_C_API byline_status byline_search(byline_searcher* searcher, const char* query,
                                         const char* options_json, byline_results** out);

/* The same, the results as JSON, exactly the object `byline search --json`
 * prints: {"query", "total", "total_exact", "offset", "limit", "elapsed_ms",
 * "suggestion" (a string, or null), "hits": [{"rank", "id", "title",
 * "source", "date", "author", "url", "lang", "score", "duplicate_group",
 * "story"}]} ("duplicate_group": the id of the first article indexed of
 * the hit's near-duplicates, its own when it has none; "story": its story
 * id, for story: filters; each null for an article indexed before byline
 * had stories); with "collapse", "collapsed_total" and each hit's
 * "copies_collapsed" (the matching copies it stands for), and with
 * "list_copies" each hit's "copies": [{"id", "source"}]; with "snippets",
 * each hit's "snippets": [{"text", "highlights": [[begin, end], ...],
 * "html"}], and with "highlight_title" its "title_highlights" and
 * "title_html" (highlights are byte offsets into the UTF-8 text); and with
 * "facets" asked for, "facets": {"lang": {"disjunctive", "distinct",
 * "values": [{"value", "count", "selected"}], "other" (the count of the
 * values facet_top cut), "missing" (articles without a language)}, ...},
 * a facet's values in the order "facet_sort" or "empty_buckets" asked for;
 * over an index opened with "allow_partial" whose shards did not all
 * answer, "unavailable_shards": ["shard 2 (...) could not be opened: ...",
 * ...] (the counts are then the other shards' only).
 * Free it with byline_free(). */
BYLINE_C_API byline_status byline_search_json(byline_searcher* searcher, const char* query,
                                              const char* options_json, char** results_json);

/* "More like this": the articles most like the `id_count` articles whose
 * ids are `ids` (several: like all of them), found by their most telling
 * words, as Searcher::similar() finds them (docs/stories.md). The given
 * articles are never among them, nor their near-duplicates unless asked.
 * `options_json` (or NULL) takes the options of byline_search() but
 * "suggest_below" (similar articles have no "did you mean"), and:
 *   {"terms": 15,                  the given articles' most telling words
 *                                  looked for (1 to 1000)
 *    "include_duplicates": false,  also list the given articles'
 *                                  near-duplicates (reprinted copies)
 *    "filter": ""}                 a query the articles must match as well,
 *                                  e.g. "date:2014 source:bbc"; it adds
 *                                  nothing to their scores
 * "default_operator", "aliases" and "max_wildcard_terms" shape the filter:
 * without one, they are INVALID_ARGUMENT (they would do nothing). Facets
 * count within the whole query, the filter included (none is disjunctive).
 * The results' hits are read as a search's; byline_results_json() gives
 * the JSON of byline_similar_json(). NOT_FOUND naming an id the index does
 * not have; INVALID_ARGUMENT for no ids; INVALID_QUERY for a filter that
 * does not parse (the position is in the filter); INTERRUPTED as
 * byline_search(). */
BYLINE_C_API byline_status byline_similar(byline_searcher* searcher, const char* const* ids,
                                          size_t id_count, const char* options_json,
                                          byline_results** out);

/* The same, the results as JSON, exactly the object `byline similar --json`
 * prints: that of byline_search_json() with "ids" (those given) in place
 * of "query" and without "suggestion", plus "terms": [{"word", "weight"}]
 * (the words looked for, most telling first: each as the given articles
 * write it most, else its stem) and in each hit "matched": [word, ...]
 * (the words of "terms" it holds, most telling first). Free it with
 * byline_free(). */
BYLINE_C_API byline_status byline_similar_json(byline_searcher* searcher, const char* const* ids,
                                               size_t id_count, const char* options_json,
                                               char** results_json);

/* How `query` is understood, without running it: the JSON of
 * `byline search --explain --json`, {"parsed", "expansions", "xapian_query"}.
 * `options_json` (or NULL) takes the search options that shape the query:
 * "default_operator", "aliases", "max_wildcard_terms"; any other is
 * INVALID_ARGUMENT (it would do nothing). Free it with byline_free(). Fails
 * as byline_search() does. */
BYLINE_C_API byline_status byline_explain_json(byline_searcher* searcher, const char* query,
                                               const char* options_json, char** explanation_json);

/* The stored article with this id, in the latest commit, as JSON: {"id",
 * "title", "source", "date", "author", "url", "path", "lang", "body"}, as
 * `byline show --json` prints it. NOT_FOUND when
 * there is none. Free it with byline_free(). */
BYLINE_C_API byline_status byline_article_json(byline_searcher* searcher, const char* id,
                                               char** article_json);

/* The stories (docs/stories.md: the articles about one event, grouped as
 * they were indexed) that hold articles matching `query` ("*": every
 * story), newest first (by their last article's date, undated ones last),
 * as `byline stories --json` prints them: {"query", "total" (the stories
 * matching), "offset", "limit", "elapsed_ms", "stories": [{"id" (for a
 * story:ID query), "label" (its central article's headline), "central_id",
 * "keywords" (its most telling title words), "first_date", "last_date"
 * ("" when undated), "size" (its articles), "matching" (of them, those
 * `query` matches), "sources": [{"value", "count"}] (most articles
 * first)}]}. `options_json` (or NULL), with the defaults:
 *   {"offset": 0, "limit": 20,        stories skipped and listed
 *    "default_operator": "all",       or "any": how bare words combine
 *    "aliases": true,                 expand words to their aliases
 *    "timeout_ms": 0}                 INTERRUPTED past it; 0: no limit
 * ("offset" with "limit": 0 is INVALID_ARGUMENT: it would do nothing).
 * Fails as byline_search() does, and byline_searcher_interrupt() stops it
 * as it stops a search. Free it with byline_free(). */
BYLINE_C_API byline_status byline_stories_json(byline_searcher* searcher, const char* query,
                                               const char* options_json, char** stories_json);

/* Where `query` matches in an article's title and whole body, as
 * Searcher::highlight() finds it: for showing the article in full with its
 * matches marked (the shell's :open), by the same rules as the snippets.
 * `article_json` is an article as byline_article_json() returns it (its
 * output may be passed as it is) or as byline_writer_add_json() takes it,
 * every field optional here; "title", "body" and "lang" are read.
 * `options_json` (or NULL) takes the search options that shape the query:
 * "default_operator", "aliases", "max_wildcard_terms"; any other is
 * INVALID_ARGUMENT (it would do nothing). `highlights_json` receives
 * {"title": [[begin, end], ...], "body": [[begin, end], ...]}: byte offsets
 * into the UTF-8 title and body, sorted, not overlapping; byline_mark_up()
 * draws them. Free it with byline_free(). Fails as byline_search() does
 * (INVALID_QUERY with the position for a query that does not parse). */
BYLINE_C_API byline_status byline_highlight_json(byline_searcher* searcher, const char* query,
                                                 const char* article_json, const char* options_json,
                                                 char** highlights_json);

/* How byline_mark_up() draws highlights. */
enum {
  BYLINE_MARKUP_NONE = 0, /* the text as it is, highlights unmarked */
  BYLINE_MARKUP_HTML = 1, /* the text HTML-escaped, highlights in <mark>...</mark> */
  BYLINE_MARKUP_ANSI = 2  /* highlights in reverse video; control characters
                             but newline shown as U+FFFD */
};

/* `text` with `highlights_json` ([[begin, end], ...] byte offsets, as the
 * search results' JSON and byline_highlight_json() give them; NULL: none)
 * drawn in `markup`, one of BYLINE_MARKUP_*, as byline::mark_up() draws
 * them: the text can never inject markup (with HTML every character of it
 * is escaped; with ANSI no control character of it reaches the output);
 * highlights out of range, out of order or overlapping an earlier one are
 * skipped. `marked` receives the result; free it with byline_free().
 * INVALID_ARGUMENT for another markup or highlights of another shape. */
BYLINE_C_API byline_status byline_mark_up(const char* text, const char* highlights_json, int markup,
                                          char** marked);

/* Releases the results and the strings the accessors returned from them.
 * Any later call on them is BYLINE_MISUSE, a second release included. */
BYLINE_C_API void byline_results_free(byline_results* results);

/* The results as the JSON of byline_search_json(); free it with byline_free(). */
BYLINE_C_API byline_status byline_results_json(const byline_results* results, char** json);

/* Matching articles (exact unless the search asked "exact_total": false;
 * then an estimate, and total_exact is 0 unless the estimate is certain),
 * the hits held (at most `limit`) and the time the search took. These accessors and the
 * byline_hit_* ones below return 0 (or "" or NULL, as each says) for NULL,
 * and the same with BYLINE_MISUSE as the last error for a handle that is
 * not live results. */
BYLINE_C_API uint64_t byline_results_total(const byline_results* results);
BYLINE_C_API int byline_results_total_exact(const byline_results* results);
/* Bounds of the total: both equal to it when it is exact. */
BYLINE_C_API uint64_t byline_results_total_lower(const byline_results* results);
BYLINE_C_API uint64_t byline_results_total_upper(const byline_results* results);
BYLINE_C_API size_t byline_results_count(const byline_results* results);
BYLINE_C_API double byline_results_elapsed_ms(const byline_results* results);
/* "Did you mean": the query with misspelt words corrected, when that finds
 * more articles; "" otherwise. Owned by `results`. */
BYLINE_C_API const char* byline_results_suggestion(const byline_results* results);
/* With "collapse": the hits left once near-duplicates are collapsed (exact
 * when the total is); byline_results_total() otherwise. */
BYLINE_C_API uint64_t byline_results_collapsed_total(const byline_results* results);

/* Hit `i` (0 <= i < byline_results_count()): its fields, owned by `results`
 * and valid until it is freed. NULL (or 0) when `i` is out of range. `rank`
 * is 1-based across pages. */
BYLINE_C_API const char* byline_hit_id(const byline_results* results, size_t i);
BYLINE_C_API const char* byline_hit_title(const byline_results* results, size_t i);
BYLINE_C_API const char* byline_hit_source(const byline_results* results, size_t i);
BYLINE_C_API const char* byline_hit_date(const byline_results* results, size_t i);
/* "Jane Doe" or "Jane Doe, John Roe"; "" when the article has no author. */
BYLINE_C_API const char* byline_hit_author(const byline_results* results, size_t i);
BYLINE_C_API const char* byline_hit_url(const byline_results* results, size_t i);
/* The language code ("fr"), given or detected; "" when unknown. */
BYLINE_C_API const char* byline_hit_lang(const byline_results* results, size_t i);
BYLINE_C_API double byline_hit_score(const byline_results* results, size_t i);
BYLINE_C_API size_t byline_hit_rank(const byline_results* results, size_t i);
/* The hit's near-duplicate group (the id of the first article indexed of
 * those whose texts are nearly the same; its own id when it has no copy)
 * and its story id (for story: queries); "" for an article indexed before
 * byline had stories (until byline_writer_rebuild_stories()). */
BYLINE_C_API const char* byline_hit_duplicate_group(const byline_results* results, size_t i);
BYLINE_C_API const char* byline_hit_story(const byline_results* results, size_t i);
/* With "collapse": the matching near-identical copies the hit stands for,
 * besides itself (their ids and sources: "list_copies", in the JSON). */
BYLINE_C_API size_t byline_hit_copies_collapsed(const byline_results* results, size_t i);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BYLINE_BYLINE_H */

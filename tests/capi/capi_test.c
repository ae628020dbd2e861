/* The C API from C (compiled as C99): create an index, add, commit, search
 * with the iteration functions and as JSON, read errors, misuse of handles
 * (garbage, wrong type, used or released after release) reported as
 * BYLINE_MISUSE instead of crashing, and searches stopped by
 * byline_searcher_interrupt() (from another thread too) or a timeout. Then
 * the options that came with the C++ API's (each as a user would notice
 * it): facet histograms, order and ranges, facets set one by one,
 * highlighting a whole article and drawing highlights, script folding,
 * stopping and pruning an ingest; and the version macros. */
#define _POSIX_C_SOURCE 200809L

#include <byline/byline.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capi_check.h"

/* The JSON of `query` searched with `options`, or NULL (the search failed;
 * the caller checks the status it wanted). Free it with byline_free(). */
static char* search_json(byline_searcher* searcher, const char* query, const char* options) {
  char* json = NULL;
  if (byline_search_json(searcher, query, options, &json) != BYLINE_OK)
    return NULL;
  return json;
}

/* The search options are refused (INVALID_ARGUMENT) with a message that
 * contains `named`. */
static int refused(byline_searcher* searcher, const char* options, const char* named) {
  byline_results* results = NULL;
  const byline_status status = byline_search(searcher, "talks", options, &results);
  if (status == BYLINE_INVALID_ARGUMENT && results == NULL &&
      strstr(byline_last_error_message(), named) != NULL)
    return 1;
  fprintf(stderr, "  options %s: %s \"%s\", expected InvalidArgument naming %s\n", options,
          byline_status_name(status), byline_last_error_message(), named);
  byline_results_free(results);
  return 0;
}

static int remove_tree(const char* path) {
  char command[4200];
  snprintf(command, sizeof command, "rm -rf '%s'", path);
  return system(command);
}

static int mkdir_p(const char* path) {
  char command[4200];
  snprintf(command, sizeof command, "mkdir -p '%s'", path);
  return system(command);
}

/* The last error is BYLINE_MISUSE and its message contains `text`. */
static int misuse_named(const char* text) {
  return byline_last_error_status() == BYLINE_MISUSE &&
         strstr(byline_last_error_message(), text) != NULL;
}

/* Handles that are garbage, of the wrong type, or already released: each
 * call reports BYLINE_MISUSE (the release functions, which return nothing,
 * through the last error) and touches nothing. On a library without the
 * handle registry each of these crashes or reads freed memory. */
static int check_misuse(const char* path) {
  byline_index* index = NULL;
  byline_index* closed = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_searcher* freed_searcher = NULL;
  byline_results* results = NULL;
  byline_results* freed_results = NULL;
  byline_writer* other = NULL;
  char* json = NULL;
  uint64_t count = 0;
  /* Readable memory that byline never handed out, as a stray pointer would
   * be; and an address that is not mapped at all. */
  uint64_t junk[32];
  void* unmapped = (void*)(uintptr_t)0x10;
  memset(junk, 0xA5, sizeof junk);

  CHECK(strcmp(byline_status_name(BYLINE_MISUSE), "Misuse") == 0);

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(byline_writer_add(writer, "m1", "Misuse", NULL, NULL, NULL, NULL, "handles", NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_searcher_new(index, &searcher));
  REQUIRE_OK(byline_search(searcher, "handles", NULL, &results));

  /* Garbage: not a handle at all. */
  CHECK(byline_index_article_count((byline_index*)junk, &count) == BYLINE_MISUSE);
  CHECK(misuse_named("byline_index_article_count"));
  CHECK(misuse_named("not a live byline_index"));
  CHECK(byline_writer_commit((byline_writer*)unmapped) == BYLINE_MISUSE);
  CHECK(byline_search_json((byline_searcher*)junk, "x", NULL, &json) == BYLINE_MISUSE);
  CHECK(json == NULL);
  CHECK(byline_results_count((const byline_results*)junk) == 0);
  CHECK(misuse_named("byline_results_count"));
  CHECK(byline_hit_id((const byline_results*)unmapped, 0) == NULL);
  CHECK(misuse_named("byline_hit_id"));
  byline_searcher_free((byline_searcher*)junk);
  CHECK(misuse_named("byline_searcher_free"));
  byline_index_close((byline_index*)unmapped);
  CHECK(misuse_named("byline_index_close"));

  /* The wrong type: a live handle given where another kind is expected is
   * refused, named, and left working. */
  CHECK(byline_index_article_count((byline_index*)searcher, &count) == BYLINE_MISUSE);
  CHECK(misuse_named("a byline_searcher, not a byline_index"));
  CHECK(byline_writer_add((byline_writer*)index, "m2", NULL, NULL, NULL, NULL, NULL, "x", NULL) ==
        BYLINE_MISUSE);
  CHECK(misuse_named("a byline_index, not a byline_writer"));
  CHECK(byline_search((byline_searcher*)writer, "x", NULL, &freed_results) == BYLINE_MISUSE);
  CHECK(freed_results == NULL);
  CHECK(byline_writer_new((byline_index*)results, &other) == BYLINE_MISUSE);
  CHECK(other == NULL);
  CHECK(byline_results_total((const byline_results*)searcher) == 0);
  CHECK(misuse_named("a byline_searcher, not a byline_results"));
  byline_writer_free((byline_writer*)searcher);
  CHECK(misuse_named("byline_writer_free"));
  byline_index_close((byline_index*)writer);
  CHECK(misuse_named("a byline_writer, not a byline_index"));
  byline_results_free((byline_results*)index);
  byline_searcher_free((byline_searcher*)results);
  /* byline_free() is for strings: a handle given to it is refused. */
  byline_free(searcher);
  CHECK(misuse_named("byline_searcher_free()"));
  /* All of them still work. */
  REQUIRE_OK(byline_index_article_count(index, &count));
  CHECK(count == 1);
  REQUIRE_OK(byline_writer_add(writer, "m2", NULL, NULL, NULL, NULL, NULL, "handles", NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_search_json(searcher, "handles", NULL, &json));
  CHECK(strstr(json, "\"total\":2") != NULL);
  byline_free(json);
  json = NULL;
  CHECK(byline_results_count(results) == 1);

  /* Released handles: used again or released twice. No new handle of the
   * same type is made in between, so none can have taken the address. */
  REQUIRE_OK(byline_search(searcher, "handles", NULL, &freed_results));
  byline_results_free(freed_results);
  CHECK(byline_results_count(freed_results) == 0);
  CHECK(misuse_named("byline_results_count"));
  CHECK(byline_results_total(freed_results) == 0);
  CHECK(byline_results_total_exact(freed_results) == 0);
  CHECK(byline_results_elapsed_ms(freed_results) == 0.0);
  CHECK(strcmp(byline_results_suggestion(freed_results), "") == 0);
  CHECK(byline_hit_title(freed_results, 0) == NULL);
  CHECK(byline_hit_rank(freed_results, 0) == 0);
  CHECK(byline_results_json(freed_results, &json) == BYLINE_MISUSE);
  CHECK(misuse_named("freed"));
  byline_results_free(freed_results);
  CHECK(misuse_named("byline_results_free"));

  REQUIRE_OK(byline_searcher_new(index, &freed_searcher));
  byline_searcher_free(freed_searcher);
  CHECK(byline_search(freed_searcher, "handles", NULL, &freed_results) == BYLINE_MISUSE);
  CHECK(freed_results == NULL);
  CHECK(byline_article_json(freed_searcher, "m1", &json) == BYLINE_MISUSE);
  CHECK(byline_explain_json(freed_searcher, "m1", NULL, &json) == BYLINE_MISUSE);
  byline_searcher_free(freed_searcher);
  CHECK(misuse_named("byline_searcher_free"));

  /* A writer used after it was freed; then its index closed twice. */
  byline_writer_free(writer);
  CHECK(byline_writer_add(writer, "m3", NULL, NULL, NULL, NULL, NULL, "x", NULL) == BYLINE_MISUSE);
  CHECK(misuse_named("byline_writer_add"));
  CHECK(byline_writer_add_json(writer, "{\"id\": \"m3\", \"body\": \"x\"}", NULL) == BYLINE_MISUSE);
  CHECK(byline_writer_remove(writer, "m1", NULL) == BYLINE_MISUSE);
  CHECK(byline_writer_commit(writer) == BYLINE_MISUSE);
  CHECK(byline_writer_set_aliases_json(writer, "[]", NULL) == BYLINE_MISUSE);
  CHECK(byline_ingest(writer, NULL, 0, NULL, NULL, NULL, &json) == BYLINE_MISUSE);
  CHECK(json == NULL);
  CHECK(byline_writer_pending(writer) == 0);
  CHECK(misuse_named("byline_writer_pending"));
  byline_writer_free(writer);
  CHECK(misuse_named("byline_writer_free"));

  closed = index;
  byline_index_close(index);
  byline_index_close(closed);
  CHECK(misuse_named("byline_index_close"));
  CHECK(byline_index_article_count(closed, &count) == BYLINE_MISUSE);
  CHECK(misuse_named("closed"));
  CHECK(byline_index_stats_json(closed, &json) == BYLINE_MISUSE);
  CHECK(json == NULL);
  CHECK(byline_index_reopen(closed) == BYLINE_MISUSE);
  CHECK(byline_writer_new(closed, &other) == BYLINE_MISUSE);
  CHECK(other == NULL);
  CHECK(byline_searcher_new(closed, &freed_searcher) == BYLINE_MISUSE);
  CHECK(freed_searcher == NULL);

  /* A searcher and results outlive the index handle they came from. */
  REQUIRE_OK(byline_search_json(searcher, "handles", NULL, &json));
  CHECK(strstr(json, "\"total\":2") != NULL);
  byline_free(json);
  json = NULL;
  CHECK(byline_hit_id(results, 0) != NULL && strcmp(byline_hit_id(results, 0), "m1") == 0);

  /* A NULL handle stays an invalid argument, not a misuse. */
  CHECK(byline_index_article_count(NULL, &count) == BYLINE_INVALID_ARGUMENT);
  /* A successful call clears the recorded misuse. */
  REQUIRE_OK(byline_results_json(results, &json));
  CHECK(byline_last_error_status() == BYLINE_OK);
  byline_free(json);

  byline_results_free(results);
  byline_searcher_free(searcher);
  return 0;
}

/* Interrupts `searcher` from a thread of its own, after `delay_ms`. */
struct interrupter {
  byline_searcher* searcher;
  long delay_ms;
  byline_status status;
};

static void* interrupt_later(void* argument) {
  struct interrupter* in = (struct interrupter*)argument;
  struct timespec pause;
  pause.tv_sec = in->delay_ms / 1000;
  pause.tv_nsec = (in->delay_ms % 1000) * 1000000L;
  nanosleep(&pause, NULL);
  in->status = byline_searcher_interrupt(in->searcher);
  return NULL;
}

/* Every article holds the phrase below through stemming ("ceasefire talks
 * resumed") and none in its exact forms: byline reads each stored text to
 * check, a search slow enough to be stopped part-way. */
static const char* const slow_query = "=\"ceasefire talk resumed\"";
enum { interrupt_articles = 600 };

static int check_interrupt(const char* path) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  char* json = NULL;
  char body[4096];
  byline_status status;
  pthread_t thread;
  struct interrupter in;
  int i, k;

  body[0] = '\0';
  for (k = 0; k < 20; ++k) {
    char sentence[128];
    snprintf(sentence, sizeof sentence, "Ceasefire talks resumed on day %d, one talk to resume. ",
             k);
    strcat(body, sentence);
  }
  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  for (i = 0; i < interrupt_articles; ++i) {
    char id[32];
    snprintf(id, sizeof id, "s%d", i);
    REQUIRE_OK(
        byline_writer_add(writer, id, "Dispatch", "Reuters", "2014-09-15", NULL, NULL, body, NULL));
  }
  REQUIRE_OK(byline_writer_commit(writer));
  byline_writer_free(writer);
  REQUIRE_OK(byline_searcher_new(index, &searcher));
  byline_index_close(index);

  CHECK(strcmp(byline_status_name(BYLINE_INTERRUPTED), "Interrupted") == 0);
  CHECK(byline_searcher_interrupt(NULL) == BYLINE_INVALID_ARGUMENT);

  /* An interrupt before the search stops it as it starts; the one after
   * runs normally. */
  REQUIRE_OK(byline_searcher_interrupt(searcher));
  CHECK(byline_search(searcher, "ceasefire", NULL, &results) == BYLINE_INTERRUPTED);
  CHECK(results == NULL);
  CHECK(byline_last_error_status() == BYLINE_INTERRUPTED);
  CHECK(strcmp(byline_last_error_message(), "the search was interrupted") == 0);
  REQUIRE_OK(byline_search(searcher, "ceasefire", NULL, &results));
  CHECK(byline_results_total(results) == interrupt_articles);
  byline_results_free(results);
  results = NULL;
  /* The same for JSON results. */
  REQUIRE_OK(byline_searcher_interrupt(searcher));
  CHECK(byline_search_json(searcher, "ceasefire", NULL, &json) == BYLINE_INTERRUPTED);
  CHECK(json == NULL);
  REQUIRE_OK(byline_search_json(searcher, "ceasefire", NULL, &json));
  byline_free(json);
  json = NULL;

  /* From another thread while the search runs. A thread scheduled late
   * finds the search over: its interrupt then stops the next search. */
  in.searcher = searcher;
  in.delay_ms = 5;
  in.status = -1;
  if (pthread_create(&thread, NULL, interrupt_later, &in) != 0) {
    fprintf(stderr, "pthread_create failed\n");
    return 1;
  }
  status = byline_search(searcher, slow_query, NULL, &results);
  pthread_join(thread, NULL);
  CHECK(in.status == BYLINE_OK);
  if (status == BYLINE_OK) {
    byline_results_free(results);
    results = NULL;
    status = byline_search(searcher, slow_query, NULL, &results);
  }
  CHECK(status == BYLINE_INTERRUPTED);
  CHECK(results == NULL);
  REQUIRE_OK(byline_search(searcher, slow_query, NULL, &results));
  CHECK(byline_results_total(results) == 0);
  byline_results_free(results);
  results = NULL;

  /* A timeout: the slow search takes longer than a millisecond. */
  CHECK(byline_search(searcher, slow_query, "{\"timeout_ms\": 1}", &results) == BYLINE_INTERRUPTED);
  CHECK(strcmp(byline_last_error_message(), "the search ran past its deadline") == 0);
  REQUIRE_OK(byline_search(searcher, "ceasefire", "{\"timeout_ms\": 3600000}", &results));
  CHECK(byline_results_total(results) == interrupt_articles);
  byline_results_free(results);
  results = NULL;
  CHECK(byline_search(searcher, "ceasefire", "{\"timeout_ms\": -1}", &results) ==
        BYLINE_INVALID_ARGUMENT);

  /* Listing stories stops as a search does, and the next listing runs. */
  REQUIRE_OK(byline_searcher_interrupt(searcher));
  CHECK(byline_stories_json(searcher, "*", NULL, &json) == BYLINE_INTERRUPTED);
  CHECK(json == NULL);
  CHECK(strcmp(byline_last_error_message(), "the search was interrupted") == 0);
  REQUIRE_OK(byline_stories_json(searcher, "*", "{\"timeout_ms\": 3600000}", &json));
  CHECK(strstr(json, "\"total\":") != NULL);
  byline_free(json);
  json = NULL;

  /* Totals: exact, with their bounds; no hits with limit 0; an estimate
   * when asked, within its bounds. */
  REQUIRE_OK(byline_search(searcher, "*", "{\"limit\": 0}", &results));
  CHECK(byline_results_count(results) == 0);
  CHECK(byline_results_total(results) == interrupt_articles);
  CHECK(byline_results_total_exact(results) == 1);
  CHECK(byline_results_total_lower(results) == interrupt_articles);
  CHECK(byline_results_total_upper(results) == interrupt_articles);
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_search(searcher, "ceasefire", "{\"exact_total\": false}", &results));
  CHECK(byline_results_total_lower(results) <= byline_results_total(results));
  CHECK(byline_results_total(results) <= byline_results_total_upper(results));
  CHECK(byline_results_total_lower(results) <= interrupt_articles);
  CHECK(byline_results_total_upper(results) >= interrupt_articles);
  byline_results_free(results);
  results = NULL;
  CHECK(byline_search(searcher, "ceasefire", "{\"exact_total\": 1}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(byline_results_total_lower(NULL) == 0);
  CHECK(byline_results_total_upper(NULL) == 0);

  byline_searcher_free(searcher);
  /* A released searcher is misuse, not a crash. */
  CHECK(byline_searcher_interrupt(searcher) == BYLINE_MISUSE);
  return 0;
}

/* The lang facet: named in "facets", counted per language code (the
 * articles without one apart, in "missing": none here, each is given one;
 * tests/query/facet_test.cpp counts some), multi-select with lang:. */
static int check_lang_facet(const char* path) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  char* json = NULL;

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(
      byline_writer_add(writer, "f1", "Talks", NULL, NULL, NULL, "fr", "Talks in Paris.", NULL));
  REQUIRE_OK(
      byline_writer_add(writer, "f2", "Talks", NULL, NULL, NULL, "FR", "Talks in Lyon.", NULL));
  REQUIRE_OK(
      byline_writer_add(writer, "e1", "Talks", NULL, NULL, NULL, "en", "Talks in York.", NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_searcher_new(index, &searcher));

  REQUIRE_OK(byline_search_json(searcher, "talks", "{\"facets\": \"lang\"}", &json));
  CHECK(strstr(json, "\"total\":3") != NULL);
  CHECK(strstr(json,
               "\"lang\":{\"disjunctive\":false,\"distinct\":2,\"missing\":0,\"other\":0,"
               "\"values\":[{\"count\":2,\"selected\":false,\"value\":\"fr\"},"
               "{\"count\":1,\"selected\":false,\"value\":\"en\"}]}") != NULL);
  byline_free(json);
  json = NULL;

  /* lang:fr selected: French marked, English still offered; with source
   * beside it, and facet_top cutting English into "other". */
  REQUIRE_OK(byline_search(searcher, "talks lang:fr",
                           "{\"facets\": \"source,lang\", \"facet_top\": 1}", &results));
  CHECK(byline_results_total(results) == 2);
  REQUIRE_OK(byline_results_json(results, &json));
  CHECK(strstr(json,
               "\"lang\":{\"disjunctive\":true,\"distinct\":2,\"missing\":0,\"other\":1,"
               "\"values\":[{\"count\":2,\"selected\":true,\"value\":\"fr\"}]}") != NULL);
  CHECK(strstr(json, "\"source\":{\"disjunctive\":false,\"distinct\":0,\"missing\":2,") != NULL);
  byline_free(json);
  json = NULL;
  byline_results_free(results);
  results = NULL;

  /* Any other name is refused, and the message lists lang. */
  CHECK(byline_search(searcher, "talks", "{\"facets\": \"language\"}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(results == NULL);
  CHECK(strstr(byline_last_error_message(), "lang") != NULL);

  byline_searcher_free(searcher);
  byline_writer_free(writer);
  byline_index_close(index);
  return 0;
}

/* Each article stemmed in its own language: a French article's "l'Irak"
 * is found by "Irak", its language is shown; an index made with
 * "article_languages": false stems it as English and keeps the "l'". */
static int check_article_languages(const char* per_article, const char* one_language) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  const char* paths[2] = {per_article, one_language};
  const char* options[2] = {NULL, "{\"article_languages\": false}"};
  for (int k = 0; k < 2; ++k) {
    REQUIRE_OK(byline_index_open(paths[k], BYLINE_OPEN_CREATE, options[k], &index));
    REQUIRE_OK(byline_writer_new(index, &writer));
    REQUIRE_OK(byline_writer_add(writer, "fr1", "Frappes", NULL, NULL, NULL, "fr",
                                 "Les frappes contre l'Irak ont repris.", NULL));
    REQUIRE_OK(byline_writer_commit(writer));
    REQUIRE_OK(byline_searcher_new(index, &searcher));
    REQUIRE_OK(byline_search(searcher, "Irak", NULL, &results));
    CHECK(byline_results_total(results) == (k == 0 ? 1 : 0));
    if (k == 0 && byline_results_count(results) == 1)
      CHECK(strcmp(byline_hit_lang(results, 0), "fr") == 0);
    byline_results_free(results);
    results = NULL;
    byline_searcher_free(searcher);
    byline_writer_free(writer);
    byline_index_close(index);
  }
  return 0;
}

/* The facet options: a histogram shows the empty months; facet_sort value
 * lists sources alphabetically; a range keeps its buckets only; each facet
 * set apart in the array form; a facet counted within the query's own
 * filters (disjunctive false). Options that would do nothing are refused. */
static int check_facet_options(const char* path) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  char* json = NULL;

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(byline_writer_add(writer, "f1", "Talks", "Reuters", "2014-01-10", NULL, "en",
                               "Ceasefire talks began.", NULL));
  REQUIRE_OK(byline_writer_add(writer, "f2", "Talks", "AP", "2014-03-05", NULL, "en",
                               "Ceasefire talks stalled.", NULL));
  REQUIRE_OK(byline_writer_add(writer, "f3", "Talks", "Reuters", "2014-03-20", NULL, "en",
                               "Ceasefire talks resumed.", NULL));
  REQUIRE_OK(byline_writer_add(writer, "f4", "Talks", "BBC News", "2014-05-02", NULL, "en",
                               "Ceasefire talks ended.", NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_searcher_new(index, &searcher));

  /* A month histogram: February and April are there, with 0. */
  json = search_json(searcher, "talks", "{\"facets\": \"month\", \"empty_buckets\": true}");
  CHECK(json_has(json,
                 "\"values\":[{\"count\":1,\"selected\":false,\"value\":\"2014-01\"},"
                 "{\"count\":0,\"selected\":false,\"value\":\"2014-02\"},"
                 "{\"count\":2,\"selected\":false,\"value\":\"2014-03\"},"
                 "{\"count\":0,\"selected\":false,\"value\":\"2014-04\"},"
                 "{\"count\":1,\"selected\":false,\"value\":\"2014-05\"}]"));
  byline_free(json);
  /* Without it, the months with articles only, most articles first. */
  json = search_json(searcher, "talks", "{\"facets\": \"month\"}");
  CHECK(json_has(json, "\"values\":[{\"count\":2,\"selected\":false,\"value\":\"2014-03\"},"));
  CHECK(json != NULL && strstr(json, "2014-02") == NULL);
  byline_free(json);
  /* A range: its buckets only, with or without the histogram. */
  json = search_json(searcher, "talks",
                     "{\"facets\": \"month\", \"empty_buckets\": true, "
                     "\"facet_range\": \"2014-02..2014-04\"}");
  CHECK(json_has(json,
                 "\"values\":[{\"count\":0,\"selected\":false,\"value\":\"2014-02\"},"
                 "{\"count\":2,\"selected\":false,\"value\":\"2014-03\"},"
                 "{\"count\":0,\"selected\":false,\"value\":\"2014-04\"}]"));
  byline_free(json);
  json = search_json(searcher, "talks", "{\"facets\": \"month\", \"facet_range\": \"2014-03..\"}");
  CHECK(json_has(json,
                 "\"values\":[{\"count\":2,\"selected\":false,\"value\":\"2014-03\"},"
                 "{\"count\":1,\"selected\":false,\"value\":\"2014-05\"}]"));
  byline_free(json);

  /* Sources by count (ties alphabetically), then by value. */
  json = search_json(searcher, "talks", "{\"facets\": \"source\"}");
  CHECK(json_has(json,
                 "\"values\":[{\"count\":2,\"selected\":false,\"value\":\"Reuters\"},"
                 "{\"count\":1,\"selected\":false,\"value\":\"AP\"},"
                 "{\"count\":1,\"selected\":false,\"value\":\"BBC News\"}]"));
  byline_free(json);
  json = search_json(searcher, "talks", "{\"facets\": \"source\", \"facet_sort\": \"value\"}");
  CHECK(json_has(json,
                 "\"values\":[{\"count\":1,\"selected\":false,\"value\":\"AP\"},"
                 "{\"count\":1,\"selected\":false,\"value\":\"BBC News\"},"
                 "{\"count\":2,\"selected\":false,\"value\":\"Reuters\"}]"));
  byline_free(json);

  /* Each facet set apart: a histogram of two months beside the top source. */
  json = search_json(
      searcher, "talks",
      "{\"limit\": 0, \"facets\": [{\"field\": \"month\", \"empty_buckets\": true, "
      "\"from\": \"2014-02\", \"to\": \"2014-03\"}, {\"field\": \"source\", \"top\": 1}]}");
  CHECK(json_has(json,
                 "\"month\":{\"disjunctive\":false,\"distinct\":1,\"missing\":0,\"other\":0,"
                 "\"values\":[{\"count\":0,\"selected\":false,\"value\":\"2014-02\"},"
                 "{\"count\":2,\"selected\":false,\"value\":\"2014-03\"}]}"));
  CHECK(json_has(json,
                 "\"source\":{\"disjunctive\":false,\"distinct\":3,\"missing\":0,"
                 "\"other\":2,\"values\":[{\"count\":2,\"selected\":false,"
                 "\"value\":\"Reuters\"}]}"));
  byline_free(json);
  /* A source: filter: the source facet shows the other sources too
   * (disjunctive, the default), or only what the query keeps. */
  json = search_json(searcher, "talks source:AP", "{\"facets\": \"source\"}");
  CHECK(json_has(json, "\"source\":{\"disjunctive\":true,\"distinct\":3,"));
  byline_free(json);
  json = search_json(searcher, "talks source:AP",
                     "{\"facets\": [{\"field\": \"source\", \"disjunctive\": false}]}");
  CHECK(json_has(json,
                 "\"source\":{\"disjunctive\":false,\"distinct\":1,\"missing\":0,"
                 "\"other\":0,\"values\":[{\"count\":1,\"selected\":true,"
                 "\"value\":\"AP\"}]}"));
  byline_free(json);
  json = NULL;

  /* What would do nothing, or cannot be, is refused, naming the key. */
  CHECK(refused(searcher, "{\"empty_buckets\": true}", "\"facets\" asks for none"));
  CHECK(refused(searcher, "{\"facets\": \"source\", \"empty_buckets\": true}",
                "\"empty_buckets\" applies to no facet"));
  CHECK(
      refused(searcher, "{\"facets\": \"source\", \"facet_range\": \"2014\"}", "not a date facet"));
  CHECK(refused(searcher, "{\"facets\": \"month\", \"empty_buckets\": true, \"facet_top\": 3}",
                "\"facet_top\""));
  CHECK(refused(searcher, "{\"facets\": \"source\", \"facet_sort\": \"size\"}",
                "\"facet_sort\" must be \"count\" or \"value\""));
  CHECK(refused(searcher,
                "{\"facets\": [{\"field\": \"month\", \"empty_buckets\": true, \"top\": 3}]}",
                "\"top\" does nothing in a histogram"));
  CHECK(refused(searcher, "{\"facets\": [{\"field\": \"source\", \"from\": \"2014\"}]}",
                "\"from\" applies to date facets"));
  CHECK(refused(searcher, "{\"facets\": [{\"field\": \"source\", \"top\": 1}], \"facet_top\": 5}",
                "sets its own"));
  CHECK(refused(searcher, "{\"facets\": [{\"feild\": \"source\"}]}", "\"feild\""));
  CHECK(refused(searcher, "{\"facets\": [{\"top\": 1}]}", "\"field\""));
  CHECK(refused(searcher, "{\"facets\": \"source,source\"}", "twice"));
  CHECK(refused(searcher, "{\"facets\": 3}", "\"facets\" must be"));
  /* A range the C++ API refuses: the dates are checked there. */
  CHECK(refused(searcher, "{\"facets\": \"month\", \"facet_range\": \"2014-13\"}", "2014-13"));

  byline_searcher_free(searcher);
  byline_writer_free(writer);
  byline_index_close(index);
  return 0;
}

/* A whole article highlighted as the shell's :open shows it, from the
 * article byline_article_json() returns, then drawn by byline_mark_up(). */
static int check_highlight(const char* path) {
  static const char* const body = "The ceasefire held overnight. Talks resume in Geneva.";
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  char* article = NULL;
  char* json = NULL;
  char* marked = NULL;

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(byline_writer_add(writer, "g1", "Ceasefire talks in Geneva", "Reuters", "2014-09-15",
                               NULL, "en", body, NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_searcher_new(index, &searcher));
  REQUIRE_OK(byline_article_json(searcher, "g1", &article));

  /* The phrase as one span, only where it stands whole ("Ceasefire talks"
   * in the title is not it); Geneva in both. Byte offsets. */
  REQUIRE_OK(byline_highlight_json(searcher, "\"ceasefire held\" OR geneva", article, NULL, &json));
  CHECK(json_has(json, "{\"body\":[[4,18],[46,52]],\"title\":[[19,25]]}"));
  byline_free(json);
  json = NULL;
  /* Every form of a word (stemming), and an article given by hand. */
  REQUIRE_OK(byline_highlight_json(
      searcher, "resumed", "{\"title\": \"Talks resumed\", \"body\": \"They resume today.\"}", NULL,
      &json));
  CHECK(json_has(json, "{\"body\":[[5,11]],\"title\":[[6,13]]}"));
  byline_free(json);
  json = NULL;
  /* A word of the query is marked wherever it stands, whether the article
   * matches the whole query or not (it has no "paris"). */
  REQUIRE_OK(byline_highlight_json(searcher, "geneva paris", article, NULL, &json));
  CHECK(json_has(json, "{\"body\":[[46,52]],\"title\":[[19,25]]}"));
  byline_free(json);
  json = NULL;
  /* The options that shape the query are taken (this index has no aliases:
   * no Daesh anywhere). */
  REQUIRE_OK(byline_highlight_json(searcher, "Daesh", article,
                                   "{\"aliases\": false, \"default_operator\": \"any\"}", &json));
  CHECK(json_has(json, "{\"body\":[],\"title\":[]}"));
  byline_free(json);
  json = NULL;

  /* Drawn: HTML (the text escaped), ANSI, none. */
  REQUIRE_OK(byline_mark_up(body, "[[4,18],[46,52]]", BYLINE_MARKUP_HTML, &marked));
  CHECK(json_has(marked,
                 "The <mark>ceasefire held</mark> overnight. Talks resume in "
                 "<mark>Geneva</mark>."));
  byline_free(marked);
  REQUIRE_OK(byline_mark_up("a <b> & ceasefire", "[[8,17]]", BYLINE_MARKUP_HTML, &marked));
  CHECK(json_has(marked, "a &lt;b&gt; &amp; <mark>ceasefire</mark>"));
  byline_free(marked);
  REQUIRE_OK(byline_mark_up("a ceasefire", "[[2,11]]", BYLINE_MARKUP_ANSI, &marked));
  CHECK(json_has(marked, "a \x1b[7mceasefire\x1b[27m"));
  byline_free(marked);
  REQUIRE_OK(byline_mark_up("a <ceasefire>", NULL, BYLINE_MARKUP_NONE, &marked));
  CHECK(marked != NULL && strcmp(marked, "a <ceasefire>") == 0);
  byline_free(marked);
  marked = NULL;

  /* Refused: search options that do nothing here, a bad query (with its
   * position), a bad markup or highlights, a NULL or freed handle. */
  CHECK(byline_highlight_json(searcher, "geneva", article, "{\"limit\": 3}", &json) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "highlighting") != NULL);
  CHECK(byline_highlight_json(searcher, "geneva \"held", article, NULL, &json) ==
        BYLINE_INVALID_QUERY);
  CHECK(byline_last_error_position() == 7);
  CHECK(byline_highlight_json(searcher, "geneva", "{\"headline\": \"x\"}", NULL, &json) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "headline") != NULL);
  CHECK(byline_highlight_json(searcher, "geneva", NULL, NULL, &json) == BYLINE_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(byline_mark_up("text", NULL, 3, &marked) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_mark_up("text", "[[1]]", BYLINE_MARKUP_HTML, &marked) == BYLINE_INVALID_ARGUMENT);
  CHECK(marked == NULL);
  byline_searcher_free(searcher);
  CHECK(byline_highlight_json(searcher, "geneva", article, NULL, &json) == BYLINE_MISUSE);
  CHECK(misuse_named("byline_highlight_json"));

  byline_free(article);
  byline_writer_free(writer);
  byline_index_close(index);
  return 0;
}

/* "script_folding": false analyses a new index as indexes before byline 0.9
 * were: every combining mark stripped, so that the Japanese ハス (lotus)
 * and バス (bus) are one word; by script (the default), they stay apart. */
static int check_script_folding(const char* by_script, const char* all_marks) {
  const char* paths[2] = {by_script, all_marks};
  const char* options[2] = {NULL, "{\"script_folding\": false}"};
  for (int k = 0; k < 2; ++k) {
    byline_index* index = NULL;
    byline_writer* writer = NULL;
    byline_searcher* searcher = NULL;
    byline_results* results = NULL;
    REQUIRE_OK(byline_index_open(paths[k], BYLINE_OPEN_CREATE, options[k], &index));
    REQUIRE_OK(byline_writer_new(index, &writer));
    REQUIRE_OK(byline_writer_add(writer, "lotus", NULL, NULL, NULL, NULL, "ja",
                                 "\xe6\xb1\xa0\xe3\x81\xab\xe3\x83\x8f\xe3\x82\xb9\xe3\x81\xae"
                                 "\xe8\x8a\xb1\xe3\x81\x8c\xe5\x92\xb2\xe3\x81\x84\xe3\x81\x9f"
                                 "\xe3\x80\x82", /* 池にハスの花が咲いた。 */
                                 NULL));
    REQUIRE_OK(byline_writer_commit(writer));
    REQUIRE_OK(byline_searcher_new(index, &searcher));
    REQUIRE_OK(byline_search(searcher, "\xe3\x83\x90\xe3\x82\xb9" /* バス */, NULL, &results));
    CHECK(byline_results_total(results) == (k == 0 ? 0 : 1));
    byline_results_free(results);
    byline_searcher_free(searcher);
    byline_writer_free(writer);
    byline_index_close(index);
  }
  return 0;
}

static int write_text(const char* folder, const char* name, const char* text) {
  char file[4200];
  FILE* out;
  snprintf(file, sizeof file, "%s/%s", folder, name);
  out = fopen(file, "w");
  if (out == NULL)
    return 0;
  fputs(text, out);
  return fclose(out) == 0;
}

/* Stops its run after the first article, as a user's "cancel" would. */
static void stop_after_first(void* user_data, uint64_t articles, uint64_t bytes, const char* path) {
  (void)bytes;
  (void)path;
  if (articles == 1)
    CHECK(byline_ingest_stop((byline_writer*)user_data) == BYLINE_OK);
}

/* byline_ingest_stop(): before a run (it stops as it starts) and from the
 * progress callback (it stops after that article, and commits it); the next
 * run goes on normally. "prune": a file gone from the folder takes its
 * article with it. */
static int check_ingest_stop_and_prune(const char* path, const char* articles) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  char* summary = NULL;
  char gone[4200];
  uint64_t count = 0;
  const char* inputs[1];
  inputs[0] = articles;

  if (mkdir_p(articles) != 0 ||
      !write_text(articles, "one.txt", "First\n\nConvoys moved north.\n") ||
      !write_text(articles, "two.txt", "Second\n\nConvoys moved south.\n") ||
      !write_text(articles, "three.txt", "Third\n\nConvoys stopped.\n")) {
    fprintf(stderr, "cannot write the articles in %s\n", articles);
    return 1;
  }
  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));

  CHECK(byline_ingest_stop(NULL) == BYLINE_INVALID_ARGUMENT);
  REQUIRE_OK(byline_ingest_stop(writer));
  REQUIRE_OK(byline_ingest(writer, inputs, 1, "{\"threads\": 1}", NULL, NULL, &summary));
  CHECK(json_has(summary, "\"stopped\":true"));
  CHECK(json_has(summary, "\"indexed\":0,"));
  byline_free(summary);
  REQUIRE_OK(
      byline_ingest(writer, inputs, 1, "{\"threads\": 1}", stop_after_first, writer, &summary));
  CHECK(json_has(summary, "\"stopped\":true"));
  CHECK(json_has(summary, "\"indexed\":1,"));
  CHECK(json_has(summary, "\"articles\":1,"));
  byline_free(summary);
  REQUIRE_OK(byline_ingest(writer, inputs, 1, "{\"threads\": 1}", NULL, NULL, &summary));
  CHECK(json_has(summary, "\"stopped\":false"));
  CHECK(json_has(summary, "\"articles\":3,"));
  byline_free(summary);

  snprintf(gone, sizeof gone, "%s/two.txt", articles);
  CHECK(remove(gone) == 0);
  REQUIRE_OK(byline_ingest(writer, inputs, 1, NULL, NULL, NULL, &summary));
  CHECK(json_has(summary, "\"removed\":0,"));
  CHECK(json_has(summary, "\"articles\":3,"));
  byline_free(summary);
  REQUIRE_OK(byline_ingest(writer, inputs, 1, "{\"prune\": true}", NULL, NULL, &summary));
  CHECK(json_has(summary, "\"removed\":1,"));
  byline_free(summary);
  REQUIRE_OK(byline_index_article_count(index, &count));
  CHECK(count == 2);

  byline_writer_free(writer);
  CHECK(byline_ingest_stop(writer) == BYLINE_MISUSE);
  byline_index_close(index);
  return 0;
}

/* Near-duplicates and stories: two verbatim copies of one wire story and
 * an unrelated article. Collapsed, the copies are one hit that says it
 * stands for the other (and names it with "list_copies"); each hit has its
 * group and story, the story: filter finds it, byline_stories_json() lists
 * it, and byline_writer_rebuild_stories() groups everything again. */
static int check_stories(const char* path) {
  static const char* const wire =
      "Health officials in Monrovia said on Saturday that the number of patients admitted to "
      "treatment centres had risen sharply during the week, and that new beds were being added "
      "as quickly as supplies allowed. The ministry asked families to bring sick relatives to the "
      "clinics rather than caring for them at home, where the virus spreads among those who wash "
      "and feed the patient. Aid groups said they were short of protective suits, chlorine and "
      "trained nurses, and that several hospitals in the capital had closed their doors after "
      "staff fell ill. The government extended a curfew in the worst-hit districts and said "
      "schools would stay closed until the end of the year.";
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  char* json = NULL;
  char story[64];
  char filter[80];

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(byline_writer_add(writer, "w1", "Liberia adds beds as Ebola admissions rise",
                               "Reuters", "2014-09-20", NULL, "en", wire, NULL));
  REQUIRE_OK(byline_writer_add(writer, "w2", "Ebola: Liberia struggles to keep up", "Yahoo News",
                               "2014-09-20", NULL, "en", wire, NULL));
  REQUIRE_OK(byline_writer_add(writer, "g1", "Late goal sends United through", "The Guardian",
                               "2014-10-02", NULL, "en",
                               "A header in the last minute of extra time sent United into the "
                               "final of the cup, after a match of saves at both ends.",
                               NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_searcher_new(index, &searcher));

  /* Collapsed: two articles match, one hit, which stands for the other. */
  REQUIRE_OK(byline_search(searcher, "Monrovia", "{\"collapse\": true}", &results));
  CHECK(byline_results_total(results) == 2);
  CHECK(byline_results_collapsed_total(results) == 1);
  CHECK(byline_results_count(results) == 1);
  CHECK(byline_hit_copies_collapsed(results, 0) == 1);
  CHECK(byline_hit_duplicate_group(results, 0) != NULL &&
        (strcmp(byline_hit_duplicate_group(results, 0), "w1") == 0 ||
         strcmp(byline_hit_duplicate_group(results, 0), "w2") == 0));
  CHECK(byline_hit_story(results, 0) != NULL && strlen(byline_hit_story(results, 0)) > 0);
  CHECK(byline_hit_story(results, 1) == NULL); /* out of range */
  snprintf(story, sizeof story, "%s",
           byline_hit_story(results, 0) != NULL ? byline_hit_story(results, 0) : "");
  byline_results_free(results);
  results = NULL;
  /* Not collapsed: both, and the collapsed total is the total. */
  REQUIRE_OK(byline_search(searcher, "Monrovia", NULL, &results));
  CHECK(byline_results_count(results) == 2);
  CHECK(byline_results_collapsed_total(results) == 2);
  CHECK(byline_hit_copies_collapsed(results, 0) == 0);
  CHECK(byline_hit_duplicate_group(results, 0) != NULL &&
        byline_hit_duplicate_group(results, 1) != NULL &&
        strcmp(byline_hit_duplicate_group(results, 0), byline_hit_duplicate_group(results, 1)) ==
            0);
  byline_results_free(results);
  results = NULL;

  /* As JSON, with the copies named. */
  json = search_json(searcher, "Monrovia", "{\"collapse\": true, \"list_copies\": true}");
  CHECK(json_has(json, "\"collapsed_total\":1"));
  CHECK(json_has(json, "\"copies_collapsed\":1"));
  CHECK(json_has(json, "\"copies\":[{\"id\":\"w"));
  CHECK(json_has(json, "\"duplicate_group\":\"w"));
  byline_free(json);
  json = search_json(searcher, "goal", NULL);
  CHECK(json_has(json, "\"duplicate_group\":\"g1\""));
  CHECK(json != NULL && strstr(json, "collapsed") == NULL); /* not asked for */
  byline_free(json);
  json = NULL;
  CHECK(refused(searcher, "{\"list_copies\": true}", "\"collapse\""));
  CHECK(refused(searcher, "{\"collapse\": true, \"list_copies\": true, \"limit\": 0}",
                "\"list_copies\""));

  /* The story: filter finds the hit's story; the listing has it. */
  snprintf(filter, sizeof filter, "story:%s", story);
  REQUIRE_OK(byline_search(searcher, filter, NULL, &results));
  CHECK(byline_results_total(results) >= 1);
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_stories_json(searcher, "Monrovia", NULL, &json));
  {
    char id[96];
    snprintf(id, sizeof id, "\"id\":\"%s\"", story);
    CHECK(json_has(json, id));
  }
  CHECK(json_has(json, "\"query\":\"Monrovia\""));
  CHECK(json_has(json, "\"matching\":"));
  CHECK(json_has(json, "\"sources\":[{\"count\":1,\"value\":\""));
  byline_free(json);
  json = NULL;
  REQUIRE_OK(byline_stories_json(searcher, "*", "{\"limit\": 1}", &json));
  CHECK(json_has(json, "\"limit\":1"));
  /* Newest first: the match of October. */
  CHECK(json_has(json, "\"central_id\":\"g1\""));
  byline_free(json);
  json = NULL;
  CHECK(byline_stories_json(searcher, "Monrovia \"open", NULL, &json) == BYLINE_INVALID_QUERY);
  CHECK(json == NULL);
  CHECK(byline_stories_json(searcher, "*", "{\"sort\": \"newest\"}", &json) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "\"sort\"") != NULL);
  CHECK(byline_stories_json(NULL, "*", NULL, &json) == BYLINE_INVALID_ARGUMENT);

  /* Grouped again at the next commit: the same groups, stories from 1. */
  REQUIRE_OK(byline_writer_rebuild_stories(writer));
  REQUIRE_OK(byline_writer_commit(writer));
  REQUIRE_OK(byline_search(searcher, "Monrovia", "{\"collapse\": true}", &results));
  CHECK(byline_results_collapsed_total(results) == 1);
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_stories_json(searcher, "*", NULL, &json));
  CHECK(json_has(json, "\"id\":\"1\""));
  byline_free(json);
  json = NULL;
  CHECK(byline_writer_rebuild_stories(NULL) == BYLINE_INVALID_ARGUMENT);

  byline_searcher_free(searcher);
  byline_writer_free(writer);
  byline_index_close(index);
  return 0;
}

int main(void) {
  char folder[] = "/tmp/byline-capi-c-XXXXXX";
  char path[4096];
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  char* json = NULL;
  int replaced = -1;
  int removed = -1;
  uint64_t count = 0;

  if (mkdtemp(folder) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(path, sizeof path, "%s/index", folder);

  CHECK(strcmp(byline_version(), "") != 0);
  CHECK(byline_index_format_version() >= 1);
  /* The version macros of byline.h are the library's version. */
  CHECK(strcmp(byline_version(), BYLINE_VERSION_STRING) == 0);
  {
    char parts[64];
    snprintf(parts, sizeof parts, "%d.%d.%d", BYLINE_VERSION_MAJOR, BYLINE_VERSION_MINOR,
             BYLINE_VERSION_PATCH);
    CHECK(strcmp(byline_version(), parts) == 0);
  }
#if BYLINE_VERSION_NUMBER < 1000
#error "BYLINE_VERSION_NUMBER is MAJOR * 1000000 + MINOR * 1000 + PATCH: 0.1.0 is 1000"
#endif

  /* Opening what is not there: NOT_FOUND, with a message naming it. */
  CHECK(byline_index_open(path, BYLINE_OPEN_READ_ONLY, NULL, &index) == BYLINE_NOT_FOUND);
  CHECK(index == NULL);
  CHECK(byline_last_error_status() == BYLINE_NOT_FOUND);
  CHECK(strstr(byline_last_error_message(), path) != NULL);
  CHECK(strcmp(byline_status_name(BYLINE_NOT_FOUND), "NotFound") == 0);

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, "{\"language\": \"english\"}", &index));
  CHECK(byline_last_error_status() == BYLINE_OK);
  CHECK(strcmp(byline_last_error_message(), "") == 0);

  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(byline_writer_add(writer, "a1", "Ceasefire holds in the north", "Reuters",
                               "2014-09-15", NULL, "en",
                               "The ceasefire held overnight, officials said.", &replaced));
  CHECK(replaced == 0);
  REQUIRE_OK(byline_writer_add_json(
      writer,
      "{\"id\": \"a2\", \"title\": \"Talks resume\", \"source\": \"BBC News\", "
      "\"date\": \"2014-09-16\", \"author\": \"Jane Doe, John Roe\", "
      "\"body\": \"A ceasefire was on the agenda; nothing held yet.\"}",
      &replaced));
  CHECK(replaced == 0);
  REQUIRE_OK(byline_writer_add(writer, "a3", "To be removed", NULL, NULL, NULL, NULL, "ceasefire",
                               &replaced));
  CHECK(byline_writer_pending(writer) == 3);

  /* A bad date is refused and leaves the batch as it was. */
  CHECK(byline_writer_add(writer, "a4", NULL, NULL, "15/09/2014", NULL, NULL, "x", NULL) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(byline_writer_pending(writer) == 3);
  /* A JSON article without its body, an unknown key. */
  CHECK(byline_writer_add_json(writer, "{\"id\": \"a5\"}", NULL) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_writer_add_json(writer, "{\"id\": \"a5\", \"body\": \"x\", \"outlet\": \"y\"}",
                               NULL) == BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "outlet") != NULL);

  /* Aliases must be an array of arrays of strings. */
  CHECK(byline_writer_set_aliases_json(writer, "[\"ISIS\", \"ISIL\"]", NULL) ==
        BYLINE_INVALID_ARGUMENT);

  REQUIRE_OK(byline_writer_remove(writer, "a3", &removed));
  CHECK(removed == 1);
  REQUIRE_OK(byline_writer_remove(writer, "nope", &removed));
  CHECK(removed == 0);
  REQUIRE_OK(byline_writer_commit(writer));
  CHECK(byline_writer_pending(writer) == 0);
  REQUIRE_OK(byline_index_article_count(index, &count));
  CHECK(count == 2);

  /* A second writer on the same index is refused. */
  {
    byline_writer* second = NULL;
    CHECK(byline_writer_new(index, &second) == BYLINE_INVALID_ARGUMENT);
    CHECK(second == NULL);
  }

  /* Search by iteration: the phrase finds a1 only. */
  REQUIRE_OK(byline_searcher_new(index, &searcher));
  REQUIRE_OK(byline_search(searcher, "\"ceasefire held\"", NULL, &results));
  CHECK(byline_results_total(results) == 1);
  CHECK(byline_results_total_exact(results) == 1);
  CHECK(byline_results_count(results) == 1);
  CHECK(byline_results_elapsed_ms(results) >= 0.0);
  CHECK(byline_hit_id(results, 0) != NULL && strcmp(byline_hit_id(results, 0), "a1") == 0);
  CHECK(byline_hit_title(results, 0) != NULL &&
        strcmp(byline_hit_title(results, 0), "Ceasefire holds in the north") == 0);
  CHECK(byline_hit_source(results, 0) != NULL &&
        strcmp(byline_hit_source(results, 0), "Reuters") == 0);
  CHECK(byline_hit_date(results, 0) != NULL &&
        strcmp(byline_hit_date(results, 0), "2014-09-15") == 0);
  CHECK(byline_hit_url(results, 0) != NULL && strcmp(byline_hit_url(results, 0), "") == 0);
  CHECK(byline_hit_author(results, 0) != NULL && strcmp(byline_hit_author(results, 0), "") == 0);
  CHECK(byline_hit_author(results, 1) == NULL); /* out of range */
  CHECK(byline_hit_rank(results, 0) == 1);
  CHECK(byline_hit_score(results, 0) > 0.0);
  CHECK(byline_hit_id(results, 1) == NULL); /* out of range */
  CHECK(strcmp(byline_results_suggestion(results), "") == 0);
  REQUIRE_OK(byline_results_json(results, &json));
  CHECK(strstr(json, "\"id\":\"a1\"") != NULL);
  byline_free(json);
  json = NULL;
  byline_results_free(results);
  results = NULL;

  /* Options: the word matches both; limit 1, page 2. */
  REQUIRE_OK(byline_search(searcher, "ceasefire", "{\"limit\": 1, \"offset\": 1}", &results));
  CHECK(byline_results_total(results) == 2);
  CHECK(byline_results_count(results) == 1);
  CHECK(byline_hit_rank(results, 0) == 2);
  byline_results_free(results);
  results = NULL;

  /* Sorted by date: oldest first is a1 (2014-09-15), then a2 (2014-09-16). */
  REQUIRE_OK(byline_search(searcher, "ceasefire", "{\"sort\": \"oldest\"}", &results));
  CHECK(byline_results_count(results) == 2);
  CHECK(byline_hit_id(results, 0) != NULL && strcmp(byline_hit_id(results, 0), "a1") == 0);
  CHECK(byline_hit_id(results, 1) != NULL && strcmp(byline_hit_id(results, 1), "a2") == 0);
  byline_results_free(results);
  results = NULL;
  CHECK(byline_search(searcher, "ceasefire", "{\"sort\": \"sideways\"}", &results) ==
        BYLINE_INVALID_ARGUMENT);

  /* The author: a filter, a hit's field, a facet, in the stored article. */
  REQUIRE_OK(byline_search(searcher, "author:\"john roe\"", "{\"facets\": \"author\"}", &results));
  CHECK(byline_results_count(results) == 1);
  CHECK(byline_hit_author(results, 0) != NULL &&
        strcmp(byline_hit_author(results, 0), "Jane Doe, John Roe") == 0);
  REQUIRE_OK(byline_results_json(results, &json));
  CHECK(strstr(json, "\"author\":\"Jane Doe, John Roe\"") != NULL);
  CHECK(strstr(json, "\"value\":\"John Roe\"") != NULL);
  byline_free(json);
  json = NULL;
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_article_json(searcher, "a2", &json));
  CHECK(strstr(json, "\"author\":\"Jane Doe, John Roe\"") != NULL);
  byline_free(json);
  json = NULL;

  /* How a query is understood. */
  REQUIRE_OK(byline_explain_json(searcher, "ceasefire", NULL, &json));
  CHECK(strstr(json, "\"parsed\"") != NULL && strstr(json, "\"xapian_query\"") != NULL);
  byline_free(json);
  json = NULL;

  /* As JSON. */
  REQUIRE_OK(byline_search_json(searcher, "\"ceasefire held\"", NULL, &json));
  CHECK(strstr(json, "\"total\":1") != NULL);
  byline_free(json);
  json = NULL;

  /* A malformed query: INVALID_QUERY, with the position of the quote. */
  CHECK(byline_search_json(searcher, "ceasefire \"held", NULL, &json) == BYLINE_INVALID_QUERY);
  CHECK(json == NULL);
  CHECK(byline_last_error_status() == BYLINE_INVALID_QUERY);
  CHECK(byline_last_error_position() == 10);
  CHECK(strlen(byline_last_error_message()) > 0);
  /* Bad options and NULL handles are INVALID_ARGUMENT, never a crash. */
  CHECK(byline_search(searcher, "x", "{\"limit\": -1}", &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_search(searcher, "x", "not json", &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_search(NULL, "x", NULL, &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(results == NULL);
  /* An option that would do nothing beside the others is INVALID_ARGUMENT,
   * naming both, never silently ignored... */
  CHECK(byline_search(searcher, "x", "{\"limit\": 0, \"offset\": 10}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "\"offset\"") != NULL &&
        strstr(byline_last_error_message(), "\"limit\": 0") != NULL);
  CHECK(byline_search(searcher, "x", "{\"limit\": 0, \"sort\": \"oldest\"}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(byline_search(searcher, "x", "{\"limit\": 0, \"highlight_title\": true}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(byline_search(searcher, "x", "{\"snippet_length\": 50}", &results) ==
        BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "\"snippets\"") != NULL);
  CHECK(byline_search(searcher, "x", "{\"facet_top\": 3}", &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "\"facets\"") != NULL);
  CHECK(byline_explain_json(searcher, "x", "{\"limit\": 3}", &json) == BYLINE_INVALID_ARGUMENT);
  CHECK(strstr(byline_last_error_message(), "explain") != NULL);
  CHECK(results == NULL && json == NULL);
  /* ... and fine where they apply. */
  REQUIRE_OK(byline_search(
      searcher, "ceasefire",
      "{\"limit\": 0, \"offset\": 0, \"facets\": \"source\", \"facet_top\": 3}", &results));
  byline_results_free(results);
  REQUIRE_OK(
      byline_search(searcher, "ceasefire", "{\"snippets\": 1, \"snippet_length\": 50}", &results));
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_explain_json(searcher, "ceasefire",
                                 "{\"aliases\": false, \"default_operator\": \"any\"}", &json));
  byline_free(json);
  json = NULL;
  {
    byline_index* bad = NULL;
    CHECK(byline_index_open(path, 7, NULL, &bad) == BYLINE_INVALID_ARGUMENT);
    CHECK(bad == NULL);
  }

  /* Handles released in any order: the writer keeps its index alive. */
  byline_index_close(index);
  REQUIRE_OK(
      byline_writer_add(writer, "a6", "Late", NULL, NULL, NULL, NULL, "ceasefire late", NULL));
  REQUIRE_OK(byline_writer_commit(writer));
  byline_writer_free(writer);
  REQUIRE_OK(byline_search(searcher, "ceasefire", NULL, &results));
  CHECK(byline_results_total(results) == 3);
  byline_results_free(results);
  byline_searcher_free(searcher);

  /* The lock is released once the last handle is gone. */
  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_READ_WRITE, NULL, &index));
  byline_index_close(index);

  snprintf(path, sizeof path, "%s/misuse", folder);
  if (check_misuse(path) != 0)
    ++failures;
  snprintf(path, sizeof path, "%s/interrupt", folder);
  if (check_interrupt(path) != 0)
    ++failures;
  snprintf(path, sizeof path, "%s/lang", folder);
  if (check_lang_facet(path) != 0)
    ++failures;
  {
    char other[4096];
    snprintf(path, sizeof path, "%s/languages", folder);
    snprintf(other, sizeof other, "%s/one-language", folder);
    if (check_article_languages(path, other) != 0)
      ++failures;
  }

  snprintf(path, sizeof path, "%s/facets", folder);
  if (check_facet_options(path) != 0)
    ++failures;
  snprintf(path, sizeof path, "%s/highlight", folder);
  if (check_highlight(path) != 0)
    ++failures;
  {
    char other[4096];
    snprintf(path, sizeof path, "%s/by-script", folder);
    snprintf(other, sizeof other, "%s/all-marks", folder);
    if (check_script_folding(path, other) != 0)
      ++failures;
    snprintf(path, sizeof path, "%s/ingested", folder);
    snprintf(other, sizeof other, "%s/articles", folder);
    if (check_ingest_stop_and_prune(path, other) != 0)
      ++failures;
  }

  snprintf(path, sizeof path, "%s/stories", folder);
  if (check_stories(path) != 0)
    ++failures;

  remove_tree(folder);
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all C API checks passed\n");
  return 0;
}

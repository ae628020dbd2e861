/* byline_similar() and byline_similar_json() from C (compiled as C99): the
 * articles like a given one, the words that make them alike, the options
 * and the errors, as a C program sees them. */
#define _POSIX_C_SOURCE 200809L

#include <byline/byline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"

/* byline_similar() of `id` with `options` fails with `status`, and the
 * message contains `named`. */
static int refused(byline_searcher* searcher, const char* id, const char* options,
                   byline_status status, const char* named) {
  byline_results* results = NULL;
  const char* ids[1];
  byline_status got;
  ids[0] = id;
  got = byline_similar(searcher, ids, 1, options, &results);
  if (got == status && results == NULL && strstr(byline_last_error_message(), named) != NULL)
    return 1;
  fprintf(stderr, "  options %s: %s \"%s\", expected %s naming %s\n",
          options == NULL ? "NULL" : options, byline_status_name(got), byline_last_error_message(),
          byline_status_name(status), named);
  byline_results_free(results);
  return 0;
}

static int add(byline_writer* writer, const char* id, const char* title, const char* source,
               const char* body) {
  return byline_writer_add(writer, id, title, source, "2014-09-15", NULL, "en", body, NULL);
}

static int check_similar(const char* path) {
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  char* json = NULL;
  const char* one[] = {"truce-1"};
  const char* two[] = {"truce-1", "truce-2"};
  size_t i;

  REQUIRE_OK(byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index));
  REQUIRE_OK(byline_writer_new(index, &writer));
  REQUIRE_OK(add(writer, "truce-1", "Ceasefire holds in Gaza as envoys meet in Cairo", "Reuters",
                 "The Gaza ceasefire held overnight as Egyptian envoys met negotiators in Cairo. "
                 "The truce, brokered by Egypt, is the longest since the war began."));
  REQUIRE_OK(add(writer, "truce-2", "Gaza truce holds; Cairo talks resume", "BBC News",
                 "Negotiators returned to Cairo as the Gaza truce held for a third day. Egyptian "
                 "envoys said the ceasefire could be extended."));
  REQUIRE_OK(add(writer, "truce-3", "Egypt seeks longer Gaza ceasefire", "Reuters",
                 "Egypt asked both sides to extend the Gaza ceasefire as talks in Cairo went on."));
  REQUIRE_OK(add(writer, "floods", "Floods force thousands from homes", "Reuters",
                 "Rivers burst their banks after a week of rain, and thousands left their homes."));
  REQUIRE_OK(add(writer, "football", "United win the derby", "BBC News",
                 "A late goal gave United the derby and a place at the top of the league."));
  REQUIRE_OK(byline_writer_commit(writer));
  byline_writer_free(writer);
  REQUIRE_OK(byline_searcher_new(index, &searcher));

  /* Like truce-1: the other two reports first (an unrelated article may
   * share a word), never truce-1 itself. */
  REQUIRE_OK(byline_similar(searcher, one, 1, NULL, &results));
  CHECK(byline_results_count(results) >= 2);
  CHECK(byline_results_total(results) == byline_results_count(results));
  for (i = 0; i < byline_results_count(results); ++i) {
    if (i < 2)
      CHECK(strncmp(byline_hit_id(results, i), "truce-", 6) == 0);
    CHECK(strcmp(byline_hit_id(results, i), "truce-1") != 0);
    CHECK(byline_hit_score(results, i) > 0.0);
  }
  REQUIRE_OK(byline_results_json(results, &json));
  CHECK(json_has(json, "\"ids\":[\"truce-1\"]"));
  CHECK(json_has(json, "{\"weight\":"));
  CHECK(json_has(json, "\"word\":\"gaza\""));
  CHECK(json_has(json, "\"matched\":[\""));
  byline_free(json);
  json = NULL;
  byline_results_free(results);
  results = NULL;

  /* As JSON, several ids, the options of a search and the similar ones. */
  REQUIRE_OK(byline_similar_json(searcher, two, 2, "{\"limit\": 1, \"terms\": 3}", &json));
  CHECK(json_has(json, "\"ids\":[\"truce-1\",\"truce-2\"]"));
  CHECK(json_has(json, "\"id\":\"truce-3\""));
  CHECK(json_has(json, "\"limit\":1"));
  CHECK(strstr(json, "\"query\"") == NULL);
  {
    /* Three words: three "word" keys. */
    const char* at = json;
    int words = 0;
    while ((at = strstr(at, "\"word\":")) != NULL) {
      ++words;
      ++at;
    }
    CHECK(words == 3);
  }
  byline_free(json);
  json = NULL;

  /* A filter narrows them. */
  REQUIRE_OK(byline_similar(searcher, one, 1, "{\"filter\": \"source:bbc\"}", &results));
  CHECK(byline_results_count(results) == 1);
  CHECK(strcmp(byline_hit_id(results, 0), "truce-2") == 0);
  byline_results_free(results);
  results = NULL;
  REQUIRE_OK(byline_similar(searcher, one, 1,
                            "{\"filter\": \"source:(bbc reuters)\", \"default_operator\": \"any\"}",
                            &results));
  CHECK(byline_results_count(results) == 2);
  byline_results_free(results);
  results = NULL;

  /* Errors: the id named, the options checked. */
  CHECK(refused(searcher, "nope", NULL, BYLINE_NOT_FOUND, "\"nope\""));
  CHECK(refused(searcher, "truce-1", "{\"term\": 3}", BYLINE_INVALID_ARGUMENT, "\"term\""));
  CHECK(refused(searcher, "truce-1", "{\"terms\": 0}", BYLINE_INVALID_ARGUMENT, "words"));
  CHECK(refused(searcher, "truce-1", "{\"suggest_below\": 2}", BYLINE_INVALID_ARGUMENT,
                "\"suggest_below\""));
  CHECK(
      refused(searcher, "truce-1", "{\"aliases\": false}", BYLINE_INVALID_ARGUMENT, "\"filter\""));
  CHECK(refused(searcher, "truce-1", "{\"filter\": \"gaza \\\"open\"}", BYLINE_INVALID_QUERY, ""));
  CHECK(byline_last_error_position() == 5);
  CHECK(byline_similar(searcher, one, 0, NULL, &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_similar(searcher, NULL, 1, NULL, &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_similar(NULL, one, 1, NULL, &results) == BYLINE_INVALID_ARGUMENT);
  CHECK(byline_similar_json(searcher, one, 1, NULL, NULL) == BYLINE_INVALID_ARGUMENT);
  CHECK(results == NULL);

  byline_searcher_free(searcher);
  byline_index_close(index);
  return 0;
}

int main(void) {
  char folder[] = "/tmp/byline-capi-similar-XXXXXX";
  char path[4096];
  char command[4200];
  if (mkdtemp(folder) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(path, sizeof path, "%s/index", folder);
  if (check_similar(path) != 0)
    ++failures;
  snprintf(command, sizeof command, "rm -rf '%s'", folder);
  if (system(command) != 0)
    ++failures;
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all byline_similar checks passed\n");
  return 0;
}

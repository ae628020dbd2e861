/* A C consumer of byline's C API (byline_c): the same two articles and the
 * same phrase as app.cpp. Exits 0 only when the search finds the article. */
#define _POSIX_C_SOURCE 200809L

#include <byline/byline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char* what) {
  fprintf(stderr, "%s: %s: %s\n", what, byline_status_name(byline_last_error_status()),
          byline_last_error_message());
  return 1;
}

int main(void) {
  char folder[] = "/tmp/byline-consumer-c-XXXXXX";
  char path[4200];
  char command[4300];
  byline_index* index = NULL;
  byline_writer* writer = NULL;
  byline_searcher* searcher = NULL;
  byline_results* results = NULL;
  int ok;

  if (mkdtemp(folder) == NULL)
    return 2;
  snprintf(path, sizeof path, "%s/index", folder);
  if (byline_index_open(path, BYLINE_OPEN_CREATE, NULL, &index) != BYLINE_OK)
    return fail("open");
  if (byline_writer_new(index, &writer) != BYLINE_OK)
    return fail("writer");
  if (byline_writer_add(writer, "one", "Ceasefire holds", NULL, NULL, NULL, NULL,
                        "The ceasefire held overnight.", NULL) != BYLINE_OK ||
      byline_writer_add(writer, "two", "Talks resume", NULL, NULL, NULL, NULL,
                        "A ceasefire was discussed; nothing held yet.", NULL) != BYLINE_OK ||
      byline_writer_commit(writer) != BYLINE_OK)
    return fail("add");
  if (byline_searcher_new(index, &searcher) != BYLINE_OK ||
      byline_search(searcher, "\"ceasefire held\"", NULL, &results) != BYLINE_OK)
    return fail("search");
  ok = byline_results_total(results) == 1 && byline_results_count(results) == 1 &&
       strcmp(byline_hit_id(results, 0), "one") == 0;
  byline_results_free(results);
  byline_searcher_free(searcher);
  byline_writer_free(writer);
  byline_index_close(index);
  snprintf(command, sizeof command, "rm -rf '%s'", folder);
  if (system(command) != 0)
    return 2;
  if (!ok) {
    fprintf(stderr, "the phrase did not find exactly the article \"one\"\n");
    return 1;
  }
  printf("C consumer: byline %s found the phrase\n", byline_version());
  return 0;
}

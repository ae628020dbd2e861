/* The checks of the C API's C tests: CHECK counts a failure and goes on,
 * REQUIRE_OK returns 1 from the test function when a call fails, json_has
 * looks for text in a JSON answer. Each test file has its own `failures`. */
#ifndef BYLINE_TESTS_CAPI_CHECK_H
#define BYLINE_TESTS_CAPI_CHECK_H

#include <byline/byline.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition)                                                                    \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      fprintf(stderr, "%s:%d: CHECK(%s) failed (last error: %s: %s)\n", __FILE__, __LINE__, \
              #condition, byline_status_name(byline_last_error_status()),                   \
              byline_last_error_message());                                                 \
      ++failures;                                                                           \
    }                                                                                       \
  } while (0)

/* Must succeed for the rest of the test to mean anything. */
#define REQUIRE_OK(call)                                                        \
  do {                                                                          \
    byline_status status_ = (call);                                             \
    if (status_ != BYLINE_OK) {                                                 \
      fprintf(stderr, "%s:%d: %s returned %s: %s\n", __FILE__, __LINE__, #call, \
              byline_status_name(status_), byline_last_error_message());        \
      return 1;                                                                 \
    }                                                                           \
  } while (0)

/* `json` contains `text`, else says what it is. */
static int json_has(const char* json, const char* text) {
  if (json != NULL && strstr(json, text) != NULL)
    return 1;
  fprintf(stderr, "  expected %s\n  in %s\n", text, json == NULL ? "(null)" : json);
  return 0;
}

#endif

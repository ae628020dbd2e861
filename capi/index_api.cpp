// byline_index_*, byline_version: the C API's index handle.
#include <memory>
#include <string>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/handles.hpp"
#include "capi/option_parsers.hpp"
#include "capi/status.hpp"
#include "json/json_output.hpp"

using byline::capi::guarded;
using byline::capi::live;
using byline::capi::require;

extern "C" {

const char* byline_version(void) {
  // The version string is a literal, so NUL-terminated.
  return byline::version().data();
}

int byline_index_format_version(void) {
  return byline::index_format_version();
}

byline_status byline_index_open(const char* path, int mode, const char* options_json,
                                byline_index** out) {
  if (out != nullptr)
    *out = nullptr;
  return guarded([&] {
    require(out, "out");
    require(path, "path");
    byline::IndexOptions options = byline::capi::parse_index_options(options_json);
    switch (mode) {
      case BYLINE_OPEN_READ_ONLY:
        options.mode = byline::OpenMode::read_only;
        break;
      case BYLINE_OPEN_READ_WRITE:
        options.mode = byline::OpenMode::read_write;
        break;
      case BYLINE_OPEN_CREATE:
        options.mode = byline::OpenMode::create_or_open;
        break;
      default:
        throw byline::Error(byline::Error::Kind::invalid_argument,
                            "mode " + std::to_string(mode) +
                                " is not BYLINE_OPEN_READ_ONLY, _READ_WRITE or _CREATE");
    }
    auto handle = std::make_unique<byline_index>();
    handle->index = std::make_shared<byline::Index>(byline::Index::open(path, options));
    *out = byline::capi::hand_out(std::move(handle));
  });
}

void byline_index_close(byline_index* index) {
  byline::capi::release(index, __func__);
}

byline_status byline_index_article_count(byline_index* index, uint64_t* out) {
  return guarded([&, fn = __func__] {
    const byline_index& handle = live(index, fn, "index");
    require(out, "out");
    *out = handle.index->article_count();
  });
}

byline_status byline_index_stats_json(byline_index* index, char** stats_json) {
  if (stats_json != nullptr)
    *stats_json = nullptr;
  return guarded([&, fn = __func__] {
    const byline_index& handle = live(index, fn, "index");
    require(stats_json, "stats_json");
    const byline::Index& idx = *handle.index;
    *stats_json = byline::capi::copy_out(
        byline::json_output::dump(byline::json_output::stats(idx.stats(), idx.path().string())));
  });
}

byline_status byline_index_reopen(byline_index* index) {
  return guarded([&, fn = __func__] { live(index, fn, "index").index->reopen(); });
}

}  // extern "C"

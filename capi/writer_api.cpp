// byline_writer_*, byline_ingest: the C API's writing side.
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/handles.hpp"
#include "capi/option_parsers.hpp"
#include "capi/status.hpp"
#include "json/json_output.hpp"

using byline::capi::guarded;
using byline::capi::live;
using byline::capi::require;

namespace {

std::string text_or_empty(const char* text) {
  return text == nullptr ? std::string() : std::string(text);
}

void add(byline_writer& writer, const byline::Article& article, int* replaced) {
  const byline::AddOutcome outcome = writer.writer.add(article);
  if (replaced != nullptr)
    *replaced = outcome == byline::AddOutcome::replaced ? 1 : 0;
}

}  // namespace

extern "C" {

byline_status byline_writer_new(byline_index* index, byline_writer** out) {
  if (out != nullptr)
    *out = nullptr;
  return guarded([&, fn = __func__] {
    require(out, "out");
    const byline_index& handle = live(index, fn, "index");
    *out = byline::capi::hand_out(std::make_unique<byline_writer>(handle.index));
  });
}

void byline_writer_free(byline_writer* writer) {
  byline::capi::release(writer, __func__);
}

byline_status byline_writer_add(byline_writer* writer, const char* id, const char* title,
                                const char* source, const char* date, const char* url,
                                const char* lang, const char* body, int* replaced) {
  return guarded([&, fn = __func__] {
    byline_writer& handle = live(writer, fn, "writer");
    require(id, "id");
    byline::Article article;
    article.id = id;
    article.title = text_or_empty(title);
    article.source = text_or_empty(source);
    article.date = text_or_empty(date);
    article.url = text_or_empty(url);
    article.lang = text_or_empty(lang);
    article.body = text_or_empty(body);
    add(handle, article, replaced);
  });
}

byline_status byline_writer_add_json(byline_writer* writer, const char* article_json,
                                     int* replaced) {
  return guarded([&, fn = __func__] {
    byline_writer& handle = live(writer, fn, "writer");
    require(article_json, "article_json");
    const byline::Article article = byline::capi::parse_article(
        article_json, byline::capi::ArticleFields::id_and_body_required);
    add(handle, article, replaced);
  });
}

byline_status byline_writer_remove(byline_writer* writer, const char* id, int* removed) {
  return guarded([&, fn = __func__] {
    byline_writer& handle = live(writer, fn, "writer");
    require(id, "id");
    const bool was_there = handle.writer.remove(id);
    if (removed != nullptr)
      *removed = was_there ? 1 : 0;
  });
}

byline_status byline_writer_commit(byline_writer* writer) {
  return guarded([&, fn = __func__] { live(writer, fn, "writer").writer.commit(); });
}

byline_status byline_writer_set_aliases_json(byline_writer* writer, const char* groups_json,
                                             size_t* kept) {
  return guarded([&, fn = __func__] {
    byline_writer& handle = live(writer, fn, "writer");
    require(groups_json, "groups_json");
    const nlohmann::json json = nlohmann::json::parse(groups_json, nullptr, false);
    const byline::Error shape(byline::Error::Kind::invalid_argument,
                              "aliases: expected an array of arrays of strings, "
                              "[[\"ISIS\", \"ISIL\", \"Daesh\"], ...]");
    if (!json.is_array())
      throw shape;
    std::vector<std::vector<std::string>> groups;
    for (const nlohmann::json& group : json) {
      if (!group.is_array())
        throw shape;
      std::vector<std::string>& members = groups.emplace_back();
      for (const nlohmann::json& member : group) {
        if (!member.is_string())
          throw shape;
        members.push_back(member.get<std::string>());
      }
    }
    const std::size_t members_kept = handle.writer.set_aliases(groups);
    if (kept != nullptr)
      *kept = members_kept;
  });
}

byline_status byline_writer_rebuild_stories(byline_writer* writer) {
  return guarded([&, fn = __func__] { live(writer, fn, "writer").writer.rebuild_stories(); });
}

byline_status byline_ingest_stop(byline_writer* writer) {
  return guarded([&, fn = __func__] { live(writer, fn, "writer").stop_ingest.store(true); });
}

size_t byline_writer_pending(const byline_writer* writer) {
  return byline::capi::usable(writer, __func__) ? writer->writer.pending() : 0;
}

byline_status byline_ingest(byline_writer* writer, const char* const* inputs, size_t input_count,
                            const char* options_json, byline_progress_fn progress, void* user_data,
                            char** summary_json) {
  if (summary_json != nullptr)
    *summary_json = nullptr;
  return guarded([&, fn = __func__] {
    byline_writer& handle = live(writer, fn, "writer");
    if (input_count > 0)
      require(inputs, "inputs");
    std::vector<std::string> paths;
    for (size_t i = 0; i < input_count; ++i) {
      require(inputs[i], "an input");
      paths.emplace_back(inputs[i]);
    }
    byline::IngestOptions options = byline::capi::parse_ingest_options(options_json);
    // byline_ingest_stop()'s flag stops this run; it is cleared as the run
    // ends, however it ends.
    struct ClearStop {
      std::atomic<bool>& flag;
      ~ClearStop() { flag.store(false); }
    } clear{handle.stop_ingest};
    options.stop = &handle.stop_ingest;
    if (progress != nullptr) {
      options.on_progress = [progress, user_data](const byline::IngestProgress& p) {
        if (!p.merging)  // "after each article", as the header says
          progress(user_data, p.articles, p.bytes, p.path.c_str());
      };
    }
    const byline::IngestSummary summary = byline::ingest(handle.writer, paths, options);
    if (summary_json != nullptr) {
      *summary_json = byline::capi::copy_out(
          byline::json_output::dump(byline::json_output::summary(summary, *handle.index)));
    }
  });
}

}  // extern "C"

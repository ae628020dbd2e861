// Fuzz target: the query path, text -> parse -> compile -> search, against a
// small index of the seed corpus. The first byte picks the default operator
// and the page; the rest is the query. A byline::Error is an answer; any
// other exception, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "byline/byline.hpp"

namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<byline::Index> index;
  std::unique_ptr<byline::Searcher> searcher;

  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "byline-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      std::abort();
    dir = pattern;
    {
      byline::IndexOptions options;
      options.mode = byline::OpenMode::create_or_open;
      byline::Index writable = byline::Index::open(dir / "idx", options);
      byline::Writer writer(writable);
      (void)byline::ingest(writer, {std::string(BYLINE_SOURCE_DIR) + "/corpus"});
    }
    index = std::make_unique<byline::Index>(byline::Index::open(dir / "idx"));
    searcher = std::make_unique<byline::Searcher>(*index);
  }
  ~Fixture() {
    searcher.reset();
    index.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  if (size == 0)
    return 0;
  byline::SearchOptions options;
  options.default_operator =
      (data[0] & 1) != 0 ? byline::DefaultOperator::any : byline::DefaultOperator::all;
  options.offset = (data[0] >> 1) & 3;
  options.limit = 1 + ((data[0] >> 3) & 15);
  const std::string_view query(reinterpret_cast<const char*>(data + 1), size - 1);
  options.max_wildcard_terms = 100;
  try {
    const auto results = fixture.searcher->search(query, options);
    if (results.hits.size() > options.limit)
      std::abort();
    for (const auto& hit : results.hits) {
      if (hit.rank <= options.offset || hit.id.empty())
        std::abort();
    }
  } catch (const byline::Error& e) {
    if (e.kind() != byline::Error::Kind::invalid_query)
      std::abort();  // a query cannot hurt the index
    if (e.position() && *e.position() > query.size())
      std::abort();
  }
  return 0;
}

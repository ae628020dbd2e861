// A consumer of byline, as small as an application gets: it includes the
// public header only, creates an index in a temporary folder, adds two
// articles, searches with a phrase and checks the hit. Built by the consumer
// tests against the installed package, through add_subdirectory and through
// pkg-config; exits 0 only when the search finds what it must.
#include <byline/byline.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

// The public headers keep Xapian and ICU to the library.
#if defined(XAPIAN_INCLUDED_TYPES_H) || defined(__UMACHINE_H__)
#error "byline's public headers brought in Xapian or ICU"
#endif

// Compiled as the C++ standard the consumer asked for (-std=c++17), not one
// that byline's package or .pc file raised it to.
#if defined(EXPECTED_CPLUSPLUS) && __cplusplus != EXPECTED_CPLUSPLUS
#error "app.cpp was not compiled as the C++ standard the consumer asked for"
#endif

int main() {
  std::string folder = std::filesystem::temp_directory_path() / "byline-consumer-XXXXXX";
  if (::mkdtemp(folder.data()) == nullptr)
    return 2;
  int status = 1;
  try {
    byline::IndexOptions options;
    options.mode = byline::OpenMode::create_or_open;
    byline::Index index = byline::Index::open(std::filesystem::path(folder) / "index", options);
    byline::Writer writer(index);
    byline::Article first;
    first.id = "one";
    first.title = "Ceasefire holds";
    first.body = "The ceasefire held overnight.";
    writer.add(first);
    byline::Article second;
    second.id = "two";
    second.title = "Talks resume";
    second.body = "A ceasefire was discussed; nothing held yet.";
    writer.add(second);
    writer.commit();

    byline::Searcher searcher(index);
    const byline::SearchResults results = searcher.search("\"ceasefire held\"");
    if (results.total == 1 && results.hits.size() == 1 && results.hits[0].id == "one") {
      status = 0;
    } else {
      std::cerr << "expected the one article \"one\", got " << results.total << " hit(s)\n";
    }
#ifdef EXPECTED_VERSION
    if (byline::version() != EXPECTED_VERSION) {
      std::cerr << "byline::version() is " << byline::version() << ", the package says "
                << EXPECTED_VERSION << '\n';
      status = 1;
    }
#endif
  } catch (const byline::Error& e) {
    std::cerr << e.to_string() << '\n';
  }
  std::filesystem::remove_all(folder);
  if (status == 0)
    std::cout << "consumer: byline " << byline::version() << " found the phrase\n";
  return status;
}

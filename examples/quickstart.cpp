// quickstart: byline in one page. Creates an index in a temporary folder,
// adds two articles, commits them, searches with a phrase and a source
// facet, and prints the hits with their highlighted snippets. Build it against an installed byline
// with
//
//   find_package(byline CONFIG REQUIRED)
//   target_link_libraries(quickstart PRIVATE byline::byline)
//
// or: c++ -std=c++20 quickstart.cpp $(pkg-config --cflags --libs byline)
#include <byline/byline.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

int main() {
  // A fresh folder for the index; mkdtemp gives it a name no one else has.
  std::string folder = (std::filesystem::temp_directory_path() / "byline-quickstart-XXXXXX");
  if (::mkdtemp(folder.data()) == nullptr) {
    std::cerr << "cannot create a temporary folder\n";
    return 1;
  }
  const std::filesystem::path index_path = std::filesystem::path(folder) / "index";

  try {
    // 1. Create the index. The analyzer settings (English stemming,
    //    diacritic folding) are stored in it; every later reader uses them.
    byline::IndexOptions options;
    options.mode = byline::OpenMode::create_or_open;
    byline::Index index = byline::Index::open(index_path, options);

    // 2. Add two articles and commit: readers see both, or neither.
    byline::Writer writer(index);
    byline::Article first;
    first.id = "reuters-1";
    first.title = "Ceasefire holds in the north";
    first.source = "Reuters";
    first.date = "2014-09-15";
    first.body = "The ceasefire held overnight, officials said, as aid convoys moved north.";
    writer.add(first);

    byline::Article second;
    second.id = "bbc-1";
    second.title = "Talks resume in Paris";
    second.source = "BBC News";
    second.date = "2014-09-16";
    second.body = "Diplomats met again in Paris; a ceasefire was on the agenda, not yet held.";
    writer.add(second);
    writer.commit();

    // 3. Search with a phrase: "ceasefire held" matches the first article
    //    (and, through stemming, "ceasefire holds"), not the second, where
    //    the words are apart.
    //    Ask for one snippet per hit and the counts per source as well.
    byline::Searcher searcher(index);
    byline::SearchOptions search_options;
    search_options.limit = 5;
    search_options.snippets.count = 1;
    byline::FacetRequest by_source;
    by_source.field = byline::FacetField::source;
    search_options.facets.push_back(by_source);
    const byline::SearchResults results = searcher.search("\"ceasefire held\"", search_options);

    std::cout << results.total << " article(s) match \"ceasefire held\"\n";
    for (const byline::Hit& hit : results.hits) {
      std::cout << "  " << hit.rank << ". " << hit.title << " (" << hit.source << ", " << hit.date
                << ") score " << hit.score << '\n';
      // Highlights are byte spans; mark_up() draws them as HTML (escaped),
      // ANSI or nothing. Here: <mark>...</mark>.
      for (const byline::Snippet& snippet : hit.snippets) {
        std::cout << "     "
                  << byline::mark_up(snippet.text, snippet.highlights, byline::Markup::html)
                  << '\n';
      }
    }
    // 4. The facet: how many matching articles each source has.
    for (const byline::Facet& facet : results.facets) {
      std::cout << byline::facet_field_name(facet.field) << ':';
      for (const byline::FacetValue& value : facet.values) {
        std::cout << ' ' << value.value << " (" << value.count << ')';
      }
      std::cout << '\n';
    }
  } catch (const byline::Error& e) {
    // Every failure of the library is a byline::Error with a kind.
    std::cerr << "byline: " << e.to_string() << '\n';
    std::filesystem::remove_all(folder);
    return 1;
  }

  std::filesystem::remove_all(folder);
  return 0;
}

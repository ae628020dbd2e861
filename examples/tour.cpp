#include <byline/byline.hpp>
#include <iostream>

int main() {
  byline::IndexOptions options;
  options.mode = byline::OpenMode::create_or_open;
  byline::Index index = byline::Index::open("news.idx", options);

  byline::Article article;
  article.id = "reuters-1";
  article.title = "Ceasefire holds";
  article.body = "The ceasefire held overnight, officials said.";
  byline::Writer writer(index);
  writer.add(article);  // replaces an article with the same id
  writer.commit();      // visible to searches, all or nothing

  for (const byline::Hit& hit : byline::Searcher(index).search("ceasefire").hits)
    std::cout << hit.title << '\n';
}

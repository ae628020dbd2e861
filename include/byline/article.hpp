// Article: one news article, as byline stores it and returns it.
#pragma once

#include <string>

namespace byline {

struct Article {
  std::string id;  // unique in an index; adding an article with an existing id replaces it
  std::string title;
  std::string source;  // the outlet, e.g. "BBC News"
  std::string date;    // publication date, "YYYY-MM-DD", or empty when unknown
  // Who wrote it: "Jane Doe", or several names separated by commas ("Jane
  // Doe, John Roe"); empty when unknown. Each name is a value of the author
  // facet and an author: filter matches words or a phrase of one name.
  std::string author;
  std::string url;
  std::string path;  // the file it was read from, if any
  std::string lang;  // ISO 639-1 code, e.g. "en"
  std::string body;  // the text, UTF-8
};

}  // namespace byline

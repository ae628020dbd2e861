// The whole public API of byline; an application includes this one header
// and links byline::byline (CMake) or `pkg-config --libs byline`.
//
//   Index     opens or creates an index (index.hpp)
//   Writer    adds, replaces, removes articles; commits batches (writer.hpp)
//   ingest()  files, folders, JSON Lines -> articles, with diagnostics (ingest.hpp)
//   Searcher  runs queries: ranked hits, totals, timing (search.hpp)
//   Analyzer  the text analysis shared by indexing and search (analyzer.hpp)
//   Error     the one exception type, with a kind (error.hpp)
//   version() the library and index format versions (version.hpp)
//
// No header includes Xapian or ICU; every call documents what it throws.
// Threads: see index.hpp. The C API for other languages is <byline/byline.h>.
#pragma once

#include "byline/analyzer.hpp"
#include "byline/article.hpp"
#include "byline/error.hpp"
#include "byline/index.hpp"
#include "byline/ingest.hpp"
#include "byline/search.hpp"
#include "byline/snippet.hpp"
#include "byline/version.hpp"
#include "byline/writer.hpp"

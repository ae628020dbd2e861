// The whole public API of byline; an application includes this one header.
#pragma once

#include "byline/analyzer.hpp"
#include "byline/article.hpp"
#include "byline/error.hpp"
#include "byline/index.hpp"
#include "byline/ingest.hpp"
#include "byline/search.hpp"
#include "byline/version.hpp"
#include "byline/writer.hpp"

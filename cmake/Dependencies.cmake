# Every dependency is a Debian package installed by tools/setup.sh.

# Xapian's CMake config sets variables only; bylineXapianTarget.cmake wraps
# them in the imported target Xapian::xapian.
find_package(xapian REQUIRED CONFIG)
include(${CMAKE_CURRENT_LIST_DIR}/bylineXapianTarget.cmake)

find_package(ICU REQUIRED COMPONENTS uc i18n data)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
find_package(zstd 1.4 REQUIRED CONFIG)
include(${CMAKE_CURRENT_LIST_DIR}/bylinePageTargets.cmake)

if(BYLINE_BUILD_TOOLS)
  find_package(CLI11 2.1 REQUIRED CONFIG)
  find_package(fmt 9 REQUIRED CONFIG)
  find_library(READLINE_LIBRARY readline REQUIRED)
  find_path(READLINE_INCLUDE_DIR readline/readline.h REQUIRED)
endif()

# jemalloc, for the programs only: Xapian's inverter makes and frees many
# small strings and maps, and indexing went ~10% faster with it than with
# glibc's malloc (docs/benchmarks.md, "Benchmarks"). The library leaves the allocator to
# the application that links it.
if(BYLINE_JEMALLOC AND (BYLINE_BUILD_TOOLS OR BYLINE_BUILD_BENCHMARKS))
  find_library(JEMALLOC_LIBRARY jemalloc REQUIRED)
endif()

if(BYLINE_BUILD_TESTS)
  find_package(Python3 3.8 REQUIRED COMPONENTS Interpreter)  # the C API's ctypes test
  find_package(PkgConfig REQUIRED)  # the pkg-config consumer test
  find_package(doctest 2.4 REQUIRED CONFIG)
endif()

if(BYLINE_BUILD_BENCHMARKS)
  find_package(benchmark 1.7 REQUIRED CONFIG)
  find_package(SQLite3 REQUIRED)
endif()

# The optional Lucene peer (bench/lucene): a JDK and the jars of Debian's
# liblucene8-java, by the version-free names Debian keeps for Maven.
set(BYLINE_LUCENE_JARS "")
if(BYLINE_BUILD_BENCHMARKS AND BYLINE_BENCH_LUCENE)
  find_package(Java 11 QUIET COMPONENTS Development Runtime)
  set(_lucene_found ${Java_FOUND})
  foreach(_module core analyzers-common queryparser queries highlighter memory facet)
    find_file(
      BYLINE_LUCENE_${_module}_JAR lucene-${_module}-8.x.jar
      PATHS /usr/share/maven-repo/org/apache/lucene/lucene-${_module}/8.x
      NO_DEFAULT_PATH)
    if(BYLINE_LUCENE_${_module}_JAR)
      list(APPEND BYLINE_LUCENE_JARS ${BYLINE_LUCENE_${_module}_JAR})
    else()
      set(_lucene_found FALSE)
    endif()
  endforeach()
  if(NOT _lucene_found)
    set(BYLINE_LUCENE_JARS "")
    message(STATUS "byline: benchmarks without the Lucene peer "
                   "(it needs default-jdk-headless and liblucene8-java)")
  endif()
endif()

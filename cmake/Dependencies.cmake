# Every dependency is a Debian package installed by tools/setup.sh.

# Xapian's CMake config sets variables only; wrap them in an imported target.
find_package(xapian REQUIRED CONFIG)
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  set_target_properties(
    Xapian::xapian PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
                              INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

find_package(ICU REQUIRED COMPONENTS uc i18n data)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)

if(BYLINE_BUILD_TOOLS)
  find_package(CLI11 2.1 REQUIRED CONFIG)
  find_package(fmt 9 REQUIRED CONFIG)
  find_library(READLINE_LIBRARY readline REQUIRED)
  find_path(READLINE_INCLUDE_DIR readline/readline.h REQUIRED)
endif()

if(BYLINE_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED CONFIG)
endif()

# The libraries that read news pages, as imported targets: gumbo (the HTML5
# parser), CLD2 (language detection) and zlib (gzip-compressed pages and
# WARC files). Debian ships gumbo with a pkg-config file but CLD2 without
# one, so both are found by name. Included by byline's own build and, once
# installed, by bylineConfig.cmake: static byline libraries name these
# targets as link-only dependencies, so consumers need them defined too.
if(NOT TARGET byline::gumbo_parser)
  find_library(BYLINE_GUMBO_LIBRARY gumbo REQUIRED)
  find_path(BYLINE_GUMBO_INCLUDE_DIR gumbo.h REQUIRED)
  add_library(byline::gumbo_parser UNKNOWN IMPORTED)
  set_target_properties(
    byline::gumbo_parser PROPERTIES IMPORTED_LOCATION "${BYLINE_GUMBO_LIBRARY}"
                                    INTERFACE_INCLUDE_DIRECTORIES "${BYLINE_GUMBO_INCLUDE_DIR}")
endif()
if(NOT TARGET byline::cld2_detector)
  find_library(BYLINE_CLD2_LIBRARY cld2 REQUIRED)
  find_path(BYLINE_CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
  add_library(byline::cld2_detector UNKNOWN IMPORTED)
  set_target_properties(
    byline::cld2_detector PROPERTIES IMPORTED_LOCATION "${BYLINE_CLD2_LIBRARY}"
                                     INTERFACE_INCLUDE_DIRECTORIES "${BYLINE_CLD2_INCLUDE_DIR}")
endif()
find_package(ZLIB REQUIRED)

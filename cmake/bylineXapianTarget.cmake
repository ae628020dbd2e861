# Xapian's CMake config (xapian-config.cmake) sets variables only; wrap them
# in an imported target, Xapian::xapian. Included by byline's own build and,
# once installed, by bylineConfig.cmake: static byline libraries name the
# target as a link-only dependency, so consumers need it defined too.
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  set_target_properties(
    Xapian::xapian PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
                              INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

# byline_configure_layer(target export_name): what every layer library
# (engine, indexer, query) shares, applied once here rather than in each
# layer's CMakeLists.txt.
#
# - Consumers see include/byline/ only: the internal headers
#   ("engine/schema.hpp") are on the include path of byline's own targets,
#   privately, never on a consumer's (not even through add_subdirectory).
# - Xapian is a private dependency: no public header includes it, so
#   consumers never compile against it. A static library still needs it at
#   link time; CMake exports it as $<LINK_ONLY:Xapian::xapian>, and
#   bylineConfig.cmake finds it again.
# - Shared, the installed libraries find each other in their own folder
#   ($ORIGIN), wherever the prefix is.
# - The C API is a shared library built from the layer libraries: when it is
#   built, their code must be position-independent.
function(byline_configure_layer target export_name)
  set_target_properties(
    ${target} PROPERTIES EXPORT_NAME ${export_name} VERSION ${PROJECT_VERSION}
                         SOVERSION ${PROJECT_VERSION_MAJOR} INSTALL_RPATH "$ORIGIN")
  target_include_directories(
    ${target} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                     $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE Xapian::xapian)
  # The sources need C++20; the public headers only C++17, which is all an
  # application must compile with (tests/headers checks each header so).
  target_compile_features(${target} PRIVATE cxx_std_20 INTERFACE cxx_std_17)
  if(BYLINE_BUILD_C_API)
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  endif()
endfunction()

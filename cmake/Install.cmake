# Install rules: the public headers, the libraries, a CMake package
# (find_package(byline CONFIG)) and pkg-config files; the byline command with
# its man pages and shell completions. Only include/byline/ is installed; the
# internal headers never leave the source tree.
include(CMakePackageConfigHelpers)

set(BYLINE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/byline)
set(BYLINE_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(byline_installed_targets byline_engine byline_indexer byline_query byline)
if(BYLINE_BUILD_C_API)
  list(APPEND byline_installed_targets byline_c)
endif()

install(
  TARGETS ${byline_installed_targets}
  EXPORT bylineTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT byline_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT byline_runtime
          NAMELINK_COMPONENT byline_development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT byline_runtime
  INCLUDES
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(
  DIRECTORY ${PROJECT_SOURCE_DIR}/include/byline
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT byline_development
  FILES_MATCHING
  PATTERN "*.hpp"
  PATTERN "*.h")

install(
  EXPORT bylineTargets
  NAMESPACE byline::
  DESTINATION ${BYLINE_CMAKE_DIR}
  COMPONENT byline_development)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/bylineConfig.cmake.in ${PROJECT_BINARY_DIR}/bylineConfig.cmake
  INSTALL_DESTINATION ${BYLINE_CMAKE_DIR})
# While the major version is 0, every minor release may break the API
# (semantic versioning); from 1.0 on, a major release does.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(byline_compatibility SameMinorVersion)
else()
  set(byline_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/bylineConfigVersion.cmake
                                 COMPATIBILITY ${byline_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/bylineConfig.cmake ${PROJECT_BINARY_DIR}/bylineConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/bylineXapianTarget.cmake
              ${PROJECT_SOURCE_DIR}/cmake/bylinePageTargets.cmake
        DESTINATION ${BYLINE_CMAKE_DIR}
        COMPONENT byline_development)

# pkg-config. The .pc files find the prefix from their own place
# (${pcfiledir}), so `cmake --install --prefix DIR` anywhere gives working files.
file(RELATIVE_PATH BYLINE_PC_PREFIX_FROM_PCFILEDIR
     ${CMAKE_INSTALL_PREFIX}/${BYLINE_PKGCONFIG_DIR} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" BYLINE_PC_PREFIX_FROM_PCFILEDIR "${BYLINE_PC_PREFIX_FROM_PCFILEDIR}")
# Xapian and ICU, for linking only (no public header includes them). A static
# libbyline_*.a cannot carry them, so every link needs them: Requires. A
# shared library records them itself: Requires.private, for --static only.
# CLD2 has no .pc file of its own, so it is named in Libs likewise.
if(BUILD_SHARED_LIBS)
  set(BYLINE_PC_REQUIRES_FIELD "Requires.private")
  set(BYLINE_PC_LIBS "")
  set(BYLINE_PC_LIBS_PRIVATE "-lcld2")
else()
  set(BYLINE_PC_REQUIRES_FIELD "Requires")
  set(BYLINE_PC_LIBS " -lcld2")
  set(BYLINE_PC_LIBS_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/byline.pc.in ${PROJECT_BINARY_DIR}/byline.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/byline.pc DESTINATION ${BYLINE_PKGCONFIG_DIR}
        COMPONENT byline_development)
if(BYLINE_BUILD_C_API)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/byline_c.pc.in ${PROJECT_BINARY_DIR}/byline_c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/byline_c.pc DESTINATION ${BYLINE_PKGCONFIG_DIR}
          COMPONENT byline_development)
endif()

# The byline command, when it is built (BYLINE_BUILD_TOOLS), with its man
# pages and shell completions (written by the command at build time, see
# tools/CMakeLists.txt) where man and each shell look for them.
if(TARGET byline_cli)
  install(TARGETS byline_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT byline_runtime)
  get_target_property(byline_share_dir byline_cli BYLINE_SHARE_DIR)
  if(byline_share_dir)
    install(FILES ${byline_share_dir}/byline.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
            COMPONENT byline_runtime)
    install(FILES ${byline_share_dir}/byline-query.7 DESTINATION ${CMAKE_INSTALL_MANDIR}/man7
            COMPONENT byline_runtime)
    install(
      FILES ${byline_share_dir}/byline.bash
      DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions
      RENAME byline
      COMPONENT byline_runtime)
    install(FILES ${byline_share_dir}/_byline
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/zsh/site-functions COMPONENT byline_runtime)
    install(FILES ${byline_share_dir}/byline.fish
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/fish/vendor_completions.d
            COMPONENT byline_runtime)
  endif()
endif()

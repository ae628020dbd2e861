# ctest fixture: `cmake --install` the build into a fresh prefix, then check
# what was installed: the public headers and nothing else of the source
# tree, a CMake package and pkg-config files that do not point into the
# source or build tree; with COMMAND, the byline command, its man pages and
# its shell completions where man and the shells look for them.
# cmake -DBUILD_DIR=... -DPREFIX=... -DSOURCE_DIR=... [-DGENERATED_INCLUDE_DIR=...]
#       [-DCOMMAND=ON -DBINDIR=bin -DMANDIR=share/man -DDATAROOTDIR=share]
#       -P install_and_check.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()

# Headers: exactly include/byline/ of the source tree, and the public
# headers generated in the build tree (GENERATED_INCLUDE_DIR/byline/).
file(GLOB_RECURSE installed RELATIVE ${PREFIX}/include ${PREFIX}/include/*)
file(GLOB expected RELATIVE ${SOURCE_DIR}/include ${SOURCE_DIR}/include/byline/*.hpp
     ${SOURCE_DIR}/include/byline/*.h)
if(GENERATED_INCLUDE_DIR)
  file(GLOB generated RELATIVE ${GENERATED_INCLUDE_DIR} ${GENERATED_INCLUDE_DIR}/byline/*.hpp
       ${GENERATED_INCLUDE_DIR}/byline/*.h)
  list(APPEND expected ${generated})
endif()
list(SORT installed)
list(SORT expected)
if(NOT installed STREQUAL expected)
  message(FATAL_ERROR "installed headers: ${installed}\nexpected: ${expected}")
endif()

file(GLOB_RECURSE package_files ${PREFIX}/*.cmake ${PREFIX}/*.pc)
set(required bylineConfig.cmake bylineConfigVersion.cmake bylineTargets.cmake byline.pc)
foreach(name IN LISTS required)
  if(NOT package_files MATCHES "/${name}(;|$)")
    message(FATAL_ERROR "${name} was not installed")
  endif()
endforeach()
foreach(file IN LISTS package_files)
  file(READ ${file} text)
  foreach(tree ${SOURCE_DIR} ${BUILD_DIR})
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} refers to ${tree}")
    endif()
  endforeach()
endforeach()

if(COMMAND)
  foreach(file ${BINDIR}/byline ${MANDIR}/man1/byline.1 ${MANDIR}/man7/byline-query.7
               ${DATAROOTDIR}/bash-completion/completions/byline
               ${DATAROOTDIR}/zsh/site-functions/_byline
               ${DATAROOTDIR}/fish/vendor_completions.d/byline.fish)
    if(NOT EXISTS ${PREFIX}/${file})
      message(FATAL_ERROR "${file} was not installed")
    endif()
  endforeach()
endif()
message(STATUS "installed into ${PREFIX}: ${installed}")

# ctest fixture: `cmake --install` the build into a fresh prefix, then check
# what was installed: the public headers and nothing else of the source
# tree, a CMake package and pkg-config files that do not point into the
# source or build tree.
# cmake -DBUILD_DIR=... -DPREFIX=... -DSOURCE_DIR=... -P install_and_check.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()

# Headers: exactly include/byline/ of the source tree.
file(GLOB_RECURSE installed RELATIVE ${PREFIX}/include ${PREFIX}/include/*)
file(GLOB expected RELATIVE ${SOURCE_DIR}/include ${SOURCE_DIR}/include/byline/*.hpp
     ${SOURCE_DIR}/include/byline/*.h)
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
message(STATUS "installed into ${PREFIX}: ${installed}")

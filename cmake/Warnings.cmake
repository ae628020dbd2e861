# byline_set_warnings(target): the project's warning flags, on its own targets
# only (never through CMAKE_CXX_FLAGS, so a parent project keeps its own).
function(byline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  # GCC 12 at -O2 and above reports -Wrestrict on "literal" + std::string
  # inside libstdc++ itself, a false positive fixed in GCC 13 (GCC bug
  # 105329); it fires in the release build only.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)
  endif()
  if(BYLINE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# byline_set_warnings(target): the project's warning flags, on its own targets
# only (never through CMAKE_CXX_FLAGS, so a parent project keeps its own).
function(byline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(BYLINE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

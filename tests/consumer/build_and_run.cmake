# ctest: configure a consumer project, build it, run its programs.
# cmake -DSOURCE=... -DBINARY=... -DGENERATOR=... -DPROGRAMS=app,app_c
#       -DARGS="-DCMAKE_PREFIX_PATH=...;..." [-DFRESH=ON] -P build_and_run.cmake
if(FRESH)
  file(REMOVE_RECURSE ${BINARY})
endif()
foreach(step configure build)
  if(step STREQUAL "configure")
    set(command ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR} ${ARGS})
  else()
    set(command ${CMAKE_COMMAND} --build ${BINARY})
  endif()
  execute_process(COMMAND ${command} RESULT_VARIABLE result OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${step} of ${SOURCE} failed:\n${out}")
  endif()
endforeach()
string(REPLACE "," ";" PROGRAMS "${PROGRAMS}")
foreach(program IN LISTS PROGRAMS)
  execute_process(COMMAND ${BINARY}/${program} RESULT_VARIABLE result OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  message(STATUS "${program}: ${out}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${program} failed (${result})")
  endif()
endforeach()

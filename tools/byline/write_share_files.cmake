# Writes the byline command's man pages and shell completion scripts, as the
# command itself prints them, into a folder, for the install to copy:
#   byline.1, byline-query.7   byline man-page NAME
#   byline.bash, _byline, byline.fish   byline completion bash|zsh|fish
# cmake -DBYLINE=path/to/byline -DOUTPUT_DIR=DIR -P write_share_files.cmake
file(MAKE_DIRECTORY ${OUTPUT_DIR})
set(outputs byline.1 byline-query.7 byline.bash _byline byline.fish)
set(commands "man-page byline.1" "man-page byline-query.7" "completion bash" "completion zsh"
            "completion fish")
foreach(output command IN ZIP_LISTS outputs commands)
  separate_arguments(words UNIX_COMMAND "${command}")
  execute_process(
    COMMAND ${BYLINE} ${words}
    OUTPUT_FILE ${OUTPUT_DIR}/${output}
    ERROR_VARIABLE error
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    file(REMOVE ${OUTPUT_DIR}/${output})
    message(FATAL_ERROR "byline ${command} failed (${result}): ${error}")
  endif()
endforeach()

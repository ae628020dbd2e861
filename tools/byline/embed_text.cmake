# Writes a C++ source file that defines a function returning a text file's
# contents, so that the command carries a page of the documentation
# (docs/query-language.md) and shows it as the file says it, wherever it is
# installed.
# cmake -DINPUT=FILE -DOUTPUT=FILE.cpp -DHEADER=NAME.hpp -DFUNCTION=NAMESPACE::NAME
#       -P embed_text.cmake
file(READ ${INPUT} text)
get_filename_component(output_dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${output_dir})
# A raw string literal, closed by )byline_text" only.
set(delimiter byline_text)
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains )${delimiter}\", which would end the string early")
endif()
string(REGEX REPLACE "::[^:]*$" "" namespace "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" name "${FUNCTION}")
file(
  WRITE ${OUTPUT}.new
  "// Written by embed_text.cmake from ${INPUT}: do not edit.
#include \"${HEADER}\"

namespace ${namespace} {

std::string_view ${name}() {
  return R\"${delimiter}(${text})${delimiter}\";
}

}  // namespace ${namespace}
")
# Only a changed page recompiles the command.
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)

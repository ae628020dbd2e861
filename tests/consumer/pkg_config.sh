#!/usr/bin/env bash
# An application built with a plain compiler command and pkg-config, against
# the installed byline:
#   c++ -std=c++20 app.cpp $(pkg-config --cflags --libs byline)
# (or -std=c++17, which the public headers keep to) and, with C++20, the C API:
#   cc app.c $(pkg-config --cflags --libs byline_c)
# Usage: pkg_config.sh PREFIX WORK_DIR CXX CC VERSION [c++20|c++17]  (CXXFLAGS,
# CFLAGS and LDFLAGS from the environment, for the sanitizer builds).
set -euo pipefail
prefix=$1 work=$2 cxx=$3 cc=$4 version=$5 standard=${6:-c++20}
case "$standard" in
  c++17) cplusplus=201703L ;;
  c++20) cplusplus=202002L ;;
  *)
    echo "pkg_config.sh: unknown standard $standard" >&2
    exit 2
    ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
pcdir=$(dirname "$(find "$prefix" -name byline.pc -print -quit)")
export PKG_CONFIG_PATH=$pcdir
mkdir -p "$work"

cflags=$(pkg-config --cflags byline)
libs=$(pkg-config --libs byline)
echo "pkg-config --cflags --libs byline: $cflags $libs"
# The flags name the installed prefix only: every -I and -L is a folder of
# it, never one of byline's source or build tree.
real_prefix=$(realpath "$prefix")
for flag in $cflags $libs; do
  case "$flag" in
    -I* | -L*)
      dir=$(realpath "${flag:2}")
      case "$dir" in
        "$real_prefix"/* | /usr/*) ;;
        *)
          echo "pkg-config gives $flag, outside the prefix $real_prefix" >&2
          exit 1
          ;;
      esac
      ;;
  esac
done
if [ "$(pkg-config --modversion byline)" != "$version" ]; then
  echo "byline.pc says version $(pkg-config --modversion byline), not $version" >&2
  exit 1
fi

# shellcheck disable=SC2086 # word splitting of the flags is wanted
# (The rpath is for a shared build of byline, installed outside the loader's path.)
# (app.cpp checks that it was compiled as $standard: EXPECTED_CPLUSPLUS.)
"$cxx" -std="$standard" ${CXXFLAGS:-} -DEXPECTED_CPLUSPLUS="$cplusplus" "$here/app.cpp" \
  -o "$work/app" $cflags $libs ${LDFLAGS:-} -Wl,-rpath,"$(pkg-config --variable=libdir byline)"
"$work/app"

# The C API, when byline was built with it (once: in the C++20 run).
if [ "$standard" != c++20 ] || ! pkg-config --exists byline_c; then
  exit 0
fi
c_flags=$(pkg-config --cflags --libs byline_c)
# shellcheck disable=SC2086
"$cc" -std=c99 ${CFLAGS:-} "$here/app.c" -o "$work/app_c" $c_flags ${LDFLAGS:-} \
  -Wl,-rpath,"$(pkg-config --variable=libdir byline_c)"
"$work/app_c"

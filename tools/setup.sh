#!/usr/bin/env bash
# Installs the Debian packages byline needs. Idempotent: when everything is
# present it only checks (about a second); it runs `apt-get update` only when
# something is missing.
#
#   bash tools/setup.sh            everything: the command, tests, fuzzing, benchmarks
#   bash tools/setup.sh --minimal  what building and running the byline command needs
#                                  (the quick start, tools/start.sh)
set -euo pipefail

# Building the library and the command, and running them.
command_packages=(
  cmake ninja-build g++ pkg-config
  libxapian-dev                       # storage, matching, ranking
  libicu-dev                          # text analysis, charset detection
  nlohmann-json3-dev                  # stored fields, JSON Lines, JSON output
  libzstd-dev                         # stored articles, compressed
  libgumbo-dev                        # HTML pages: the WHATWG HTML5 parser
  libcld2-dev                         # language detection of pages
  zlib1g-dev                          # .html.gz, .warc.gz, gzip HTTP bodies
  libcli11-dev libfmt-dev             # the byline command
  libreadline-dev                     # the query shell
  libjemalloc-dev                     # the byline command's allocator
)
# Developing byline: the tests, the fuzzers and the benchmarks.
development_packages=(
  clang-format
  ccache                              # builds: one compiler cache for every build folder
  xapian-tools                        # xapian-check, in the reliability tests
  doctest-dev                         # tests
  python3 python3-pytest              # the C API test (ctypes), the Python package's tests
  python3-venv python3-pip python3-setuptools  # the Python package installed in a venv, offline
  man-db groff-base                   # the installed man pages, rendered (tests/consumer)
  strace                              # I/O fault injection (tests/reliability)
  clang libclang-rt-14-dev            # libFuzzer targets (tools/fuzz.sh)
  libbenchmark-dev libsqlite3-dev     # benchmarks and the SQLite FTS5 peer
  python3-readability                 # the benchmarks' extraction peer
  default-jdk-headless liblucene8-java  # the benchmarks' Lucene peer
)

case "${1:-}" in
  --minimal) packages=("${command_packages[@]}") ;;
  "") packages=("${command_packages[@]}" "${development_packages[@]}") ;;
  *) echo "usage: bash tools/setup.sh [--minimal]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

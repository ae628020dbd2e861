#!/usr/bin/env bash
# The quick start: install what is needed, build, index corpus/ into the
# default index, then open the query shell (on a terminal) or run a sample
# search (otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

# Only what the command needs: the tests' and benchmarks' packages (a JDK,
# clang, Google Benchmark...) come with tools/test.sh.
bash tools/setup.sh --minimal
cmake --preset cli >/dev/null
cmake --build --preset cli --target byline_cli
byline=build/cli/tools/byline

"$byline" index corpus/
if [ -t 0 ] && [ -t 1 ]; then
  exec "$byline" shell
fi
echo
# The command shown is the command run: one string for both.
query='"dirty hands"'
echo "\$ byline search '$query'"
"$byline" search "$query"

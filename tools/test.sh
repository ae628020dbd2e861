#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the debug build with
# warnings as errors, then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (without the benchmarks and the consumer that
# rebuilds the library with add_subdirectory: the same code, for packaging;
# and a smaller I/O fault sweep, see tests/reliability/iofault_test.cpp),
# then each fuzz target for 60 s (after replaying its past findings). CI runs
# exactly this (.ci/run); keep it under 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says how long it took (bash's SECONDS), so that the budget's
# use is visible in every CI log.
stage() {
  echo "== $1 (done in $((SECONDS - stage_start)) s, $SECONDS s in all)"
  stage_start=$SECONDS
}
stage_start=0
bash tools/setup.sh
stage "setup"

# The tests run one per core: they are single-threaded but for the I/O
# fault sweep, and their time limits are in CPU seconds, so a busy
# neighbour cannot fail them.
jobs=$(nproc)
for preset in dev asan; do
  echo "== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  stage "$preset: build"
  ctest --preset "$preset" --parallel "$jobs"
  stage "$preset: tests"
done

echo "== clang-format"
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== fuzz: 60 s per target"
bash tools/fuzz.sh 60
stage "fuzz: build and 60 s per target"
echo "all tests passed"

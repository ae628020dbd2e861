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

bash tools/setup.sh

for preset in dev asan; do
  echo "== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done

echo "== clang-format"
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== fuzz: 60 s per target"
bash tools/fuzz.sh 60
echo "all tests passed"

#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the debug build with
# warnings as errors, then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, then each fuzz target for 60 s (after replaying
# its past findings). CI runs exactly this (.ci/run).
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

#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the debug build with
# warnings as errors, then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer. CI runs exactly this (.ci/run).
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
echo "all tests passed"

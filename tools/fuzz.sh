#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the `fuzz` preset) and,
# for each target, first replays its saved findings and seeds, then fuzzes.
#
#   bash tools/fuzz.sh               60 s per target: what CI runs
#   bash tools/fuzz.sh 14400         four hours per target
#   FUZZ_JOBS=2 bash tools/fuzz.sh 14400   two fuzzing processes per target
#                                         (their logs: build/fuzz/fuzz-N.log)
#
# The growing corpus is kept in build/fuzz/work-TARGET/ between runs. A crash
# fails the script and leaves its input in build/fuzz/findings-TARGET/: fix
# the bug, then add the input to tests/fuzz/corpus-TARGET/, where every test
# build replays it (ctest: "fuzz_TARGET: replay seeds and past findings").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
jobs=${FUZZ_JOBS:-1}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for target in query ingest snippet warc page; do
  bin=build/fuzz/tests/fuzz/fuzz_$target
  work=build/fuzz/work-$target
  findings=build/fuzz/findings-$target
  mkdir -p "$work" "$findings"
  seeds=(tests/fuzz/seeds-$target)
  max_len=20000  # past the 16 KiB query limit
  if [ "$target" = ingest ]; then
    seeds+=(corpus)
  fi
  if [ "$target" = page ]; then
    seeds+=(tests/fixtures/pages)  # the labelled pages, not copied
  fi
  if [ "$target" != query ]; then
    max_len=65536
  fi

  echo "== fuzz_$target: replaying tests/fuzz/corpus-$target and seeds"
  "$bin" -runs=0 tests/fuzz/corpus-$target "${seeds[@]}" 2>&1 | tail -n 2

  echo "== fuzz_$target: fuzzing for $seconds s"
  log=build/fuzz/fuzz_$target.log
  status=0
  parallel=()
  if [ "$jobs" -gt 1 ]; then
    parallel=(-jobs="$jobs" -workers="$jobs")  # each job logs to build/fuzz/fuzz-N.log
  fi
  # From build/fuzz, so that libFuzzer's own files land there.
  (cd build/fuzz && "$root/$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 "${parallel[@]}" -artifact_prefix="$root/$findings/" \
    -print_final_stats=1 "$root/$work" "${seeds[@]/#/$root/}") >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz_$target found a crash (log: $log): see $findings/" >&2
    exit 1
  fi
done
echo "fuzzing: no findings"

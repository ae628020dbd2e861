#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the `fuzz` preset) and,
# for each target, first replays its saved findings and seeds, then fuzzes.
#
#   bash tools/fuzz.sh               60 s per target: what CI runs
#   bash tools/fuzz.sh 14400         four hours per target
#   FUZZ_PARALLEL=1 bash tools/fuzz.sh   one target at a time (default: as
#                                         many at once as there are cores)
#   FUZZ_JOBS=2 bash tools/fuzz.sh 14400   two fuzzing processes per target,
#                                         one target at a time
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
if [ "$jobs" -gt 1 ]; then
  parallel_targets=${FUZZ_PARALLEL:-1}  # libFuzzer's -jobs logs share names
else
  parallel_targets=${FUZZ_PARALLEL:-$(nproc)}
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One target: replay its findings and seeds, then fuzz. Its report goes to
# build/fuzz/report-TARGET.txt, printed whole when it ends, so that targets
# fuzzing side by side do not interleave their lines.
fuzz_target() {
  local target=$1
  local bin=build/fuzz/tests/fuzz/fuzz_$target
  local work=build/fuzz/work-$target
  local findings=build/fuzz/findings-$target
  mkdir -p "$work" "$findings"
  local seeds=(tests/fuzz/seeds-$target)
  local max_len=20000  # past the 16 KiB query limit
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
  if ! "$bin" -runs=0 tests/fuzz/corpus-$target "${seeds[@]}" >"build/fuzz/replay_$target.log" 2>&1; then
    tail -n 60 "build/fuzz/replay_$target.log"
    echo "fuzz_$target: a past finding or seed fails again (log: build/fuzz/replay_$target.log)"
    return 1
  fi
  tail -n 2 "build/fuzz/replay_$target.log"

  echo "== fuzz_$target: fuzzing for $seconds s"
  local log=build/fuzz/fuzz_$target.log
  local status=0
  local parallel=()
  if [ "$jobs" -gt 1 ]; then
    parallel=(-jobs="$jobs" -workers="$jobs")  # each job logs to build/fuzz/fuzz-N.log
  fi
  # From build/fuzz, so that libFuzzer's own files land there.
  (cd build/fuzz && "$root/$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 "${parallel[@]}" -artifact_prefix="$root/$findings/" \
    -print_final_stats=1 "$root/$work" "${seeds[@]/#/$root/}") >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz_$target found a crash (log: $log): see $findings/"
    return 1
  fi
}

# Up to $FUZZ_PARALLEL targets at once (default: one per core), each for the
# full time: five targets of 60 s take three minutes on two cores, not five.
targets=(query ingest snippet warc page)
declare -A pids=()
failed=0
wait_for_one() {
  local finished
  wait -n -p finished "${pids[@]}" || failed=1
  cat "build/fuzz/report-${pids_target[$finished]}.txt"
  unset "pids[${pids_target[$finished]}]"
}
declare -A pids_target=()
for target in "${targets[@]}"; do
  while [ "${#pids[@]}" -ge "$parallel_targets" ]; do
    wait_for_one
  done
  fuzz_target "$target" >"build/fuzz/report-$target.txt" 2>&1 &
  pids[$target]=$!
  pids_target[$!]=$target
done
while [ "${#pids[@]}" -gt 0 ]; do
  wait_for_one
done
if [ "$failed" -ne 0 ]; then
  echo "fuzzing: a target failed (its report is above)" >&2
  exit 1
fi
echo "fuzzing: no findings"

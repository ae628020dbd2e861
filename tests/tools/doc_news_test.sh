#!/usr/bin/env bash
# Runs the example of docs/indexing.md's "News pages and crawls" section exactly as
# written there (the first ```sh block after that heading), with `byline` the
# binary just built, in a scratch folder, and checks what a user would see.
#   doc_news_test.sh SOURCE_DIR BYLINE
set -euo pipefail
source_dir=$1
byline_bin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$source_dir/tests" "$work/tests"
cd "$work"

mapfile -t lines < <(awk '/^## News pages and crawls/ {section = 1}
  section && /^```sh/ {block = 1; next}
  block && /^```/ {exit}
  block {print}' "$source_dir/docs/indexing.md")
[ ${#lines[@]} -eq 5 ] || { echo "expected 5 example lines, found ${#lines[@]}" >&2; exit 1; }

byline() { "$byline_bin" "$@"; }
run() {  # run LINE_NUMBER EXPECTED_STATUS: the line's output in out.N
  local status=0
  eval "${lines[$1]%%#*}" >"out.$1" 2>&1 || status=$?
  if [ "$status" -ne "$2" ]; then
    echo "line $1 (${lines[$1]}) exited $status, not $2:" >&2
    cat "out.$1" >&2
    exit 1
  fi
}
expect() {  # expect LINE_NUMBER TEXT
  grep -qF -- "$2" "out.$1" || { echo "line $1: no \"$2\" in:" >&2; cat "out.$1" >&2; exit 1; }
}

run 0 0
expect 0 "Indexed 30 new, 0 replaced, 0 skipped"
run 1 1
expect 1 "sample.warc.gz: 3 pages, 1 non-HTML, 1 revisit, 2 other records, 1 broken record"
expect 1 "record 7 (offset"
expect 1 "Indexed 3 new"
run 2 0
expect 2 "1 article matches hellbender"
expect 2 "author:  Daniel Okafor 1"
run 3 0
expect 3 "title:"
expect 3 "A Giant Salamander Is Breeding Again in the Allegheny"
expect 3 "For more than a century, the eastern hellbender"
if grep -qi "advertisement" out.3; then
  echo "line 3: the stored body holds the page's advertisement labels" >&2
  exit 1
fi
run 4 0
expect 4 "Indexed 1 new"
echo "docs/indexing.md news example: ok"

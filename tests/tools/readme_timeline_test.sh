#!/usr/bin/env bash
# Runs the examples of README.md's "A timeline" section as written there: the
# ```sh block's commands, then each ```text block's "$ " command, whose
# output must be the rest of the block exactly.
#   readme_timeline_test.sh SOURCE_DIR BYLINE BYLINE_CORPUS
set -euo pipefail
source_dir=$1
byline_bin=$2
corpus_bin=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$source_dir/corpus" "$work/corpus"
cd "$work"

byline() { "$byline_bin" "$@"; }
byline_corpus() { "$corpus_bin" "$@" 2>/dev/null; }

section=$(awk '/^## A timeline/ {on = 1; next} on && /^## / {exit} on {print}' \
  "$source_dir/README.md")
setup=$(awk '/^```sh/ {on = 1; next} on && /^```/ {exit} on {print}' <<<"$section")
[ -n "$setup" ] || { echo "no sh block in the section" >&2; exit 1; }
eval "$setup"

examples=0
block=""
inside=0
while IFS= read -r line; do
  if [ "$inside" -eq 0 ] && [ "$line" = '```text' ]; then
    inside=1
    block=""
    continue
  fi
  if [ "$inside" -eq 1 ] && [ "$line" = '```' ]; then
    inside=0
    command=$(head -n 1 <<<"$block")
    expected=$(tail -n +2 <<<"$block")
    [[ "$command" == '$ '* ]] || continue
    actual=$(eval "${command#\$ }")
    if [ "$actual" != "$expected" ]; then
      echo "README: '${command#\$ }' printed otherwise than the README shows:" >&2
      diff <(echo "$expected") <(echo "$actual") >&2 || true
      exit 1
    fi
    examples=$((examples + 1))
    continue
  fi
  if [ "$inside" -eq 1 ]; then
    block+="$line"$'\n'
  fi
done <<<"$section"
[ "$examples" -ge 3 ] || { echo "expected 3 examples, ran $examples" >&2; exit 1; }
echo "README timeline: $examples examples as shown"

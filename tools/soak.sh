#!/usr/bin/env bash
# The soak run, not part of CI: an hour (by default) of writers applying
# random replacements, additions and removals to a 100,000-article index,
# a third of them SIGKILLed at random moments, a reader process searching
# throughout, and after every writer a check of every committed article and
# of search counts with facets, filters, sorting, paging and snippets
# (tests/reliability/soak.cpp). Release build.
#
#   bash tools/soak.sh                       60 minutes, 100,000 articles
#   bash tools/soak.sh --minutes 5 --articles 20000 --seed 7 --kill-every 2
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target reliability_soak reliability_worker
exec build/release/tests/reliability_soak "$@"

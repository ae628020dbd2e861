#!/usr/bin/env bash
# The Python package over the C API as `cmake --install` left it in a
# prefix: pip installs python/ offline into a fresh virtual environment
# (Debian's setuptools and wheel through --system-site-packages), given the
# installed libbyline_c to carry, then a program run by that environment,
# with no build tree on its path, indexes the seed corpus and finds a phrase.
# Usage: installed_python.sh PYTHON PREFIX LIBDIR SOURCE_DIR WORK_DIR
set -euo pipefail
python=$1 prefix=$2 libdir=$3 source_dir=$4 work=$5
library=$prefix/$libdir/libbyline_c.so
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "installed_python.sh: $*" >&2
  exit 1
}

[ -f "$library" ] || fail "$libdir/libbyline_c.so was not installed"
for module in ensurepip setuptools wheel; do
  "$python" -c "import $module" 2>/dev/null || {
    echo "installed_python.sh: $python has no $module (Debian: python3-venv, python3-pip)"
    exit 77
  }
done
"$python" -m venv --system-site-packages "$work/env"
# From a copy of python/, as from a release archive: no build tree beside it
# for the package to find instead, and nothing left in the source tree.
cp -r "$source_dir/python" "$work/package"
rm -rf "$work/package/build" "$work"/package/*.egg-info
env -u BYLINE_LIBRARY -u PYTHONPATH -u LD_LIBRARY_PATH BYLINE_BUNDLE_LIBRARY="$library" \
  "$work/env/bin/pip" install --quiet --no-build-isolation --no-index "$work/package"

cd "$work"
said=$(env -u BYLINE_LIBRARY -u PYTHONPATH -u LD_LIBRARY_PATH "$work/env/bin/python" - "$source_dir/corpus" <<'PYTHON'
import sys
import byline

with byline.Index.create("index") as index, index.writer() as writer:
    writer.ingest(sys.argv[1])
with byline.Index.open("index") as index:
    print(byline.library_path())
    print(" ".join(sorted(hit.id[:3] for hit in index.search('"dirty hands"'))))
PYTHON
)
echo "$said"
case "$said" in
  "$work/env/"*) ;;
  *) fail "the package did not load the library it carries: $said" ;;
esac
[ "${said##*$'\n'}" = "000 001 004" ] || fail "\"dirty hands\" did not find 000 001 004: $said"
cmp -s "$library" "${said%%$'\n'*}" || fail "the library carried is not the installed one"

#!/bin/sh
# The compiler launcher when ccache is installed (see CMakeLists.txt). Paths
# inside the checkout are hashed relative to it and the build folder is left
# out of the hash, so that every clone and every build folder (dev, asan, the
# consumer tests' rebuilds) shares one cache: CI's clean clone recompiles
# only what changed since the last build on this machine.
checkout=$(cd "$(dirname "$0")/.." && pwd)
CCACHE_BASEDIR=$checkout CCACHE_NOHASHDIR=1 exec ccache "$@"

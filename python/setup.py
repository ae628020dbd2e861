"""What pyproject.toml cannot say: at build time, the package records the
source tree it is built from (byline/_origin.py), so that once installed it
still finds libbyline_c in that tree's build folders; and with
BYLINE_BUNDLE_LIBRARY=path/to/libbyline_c.so it carries a copy of the
library itself (byline/libbyline_c.so), for an install that must not depend
on the build tree. Everything else is in pyproject.toml."""

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent

if sys.platform == "darwin":
    LIBRARY_NAME = "libbyline_c.dylib"
elif sys.platform == "win32":
    LIBRARY_NAME = "byline_c.dll"
else:
    LIBRARY_NAME = "libbyline_c.so"


class BuildPy(build_py):
    def run(self):
        super().run()
        package = Path(self.build_lib) / "byline"
        # build/lib outlives a build (pip builds in the source tree): what an
        # earlier build added must not slip into this one.
        for stale in [package / "_origin.py", *package.glob("*byline_c*")]:
            if stale.exists():
                stale.unlink()
        if (PROJECT / "include" / "byline" / "byline.h").is_file():
            (package / "_origin.py").write_text(
                '"""Written by setup.py: the byline source tree this package was built from."""\n'
                f"PROJECT_DIR = {str(PROJECT)!r}\n", encoding="utf-8")
        bundle = os.environ.get("BYLINE_BUNDLE_LIBRARY")
        if bundle:
            if not Path(bundle).is_file():
                sys.exit(f"BYLINE_BUNDLE_LIBRARY: no file {bundle} (from {os.getcwd()}: "
                         "give an absolute path)")
            shutil.copy2(bundle, package / LIBRARY_NAME)  # the file a symlink leads to


# Here rather than in pyproject.toml's [tool.setuptools], which Debian 12's
# setuptools (66) calls beta and warns about.
setup(packages=["byline"], package_data={"byline": ["py.typed"]}, cmdclass={"build_py": BuildPy})

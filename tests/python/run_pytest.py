"""Runs pytest with the Python that runs this script, for ctest: the
arguments go to pytest. Exits 77, which ctest reports as skipped, when that
Python has no pytest (Debian: apt-get install python3-pytest)."""

import importlib.util
import sys

if importlib.util.find_spec("pytest") is None:
    print(f"skipped: {sys.executable} has no pytest (Debian: apt-get install python3-pytest)")
    sys.exit(77)

import pytest  # noqa: E402

sys.exit(pytest.main(sys.argv[1:]))

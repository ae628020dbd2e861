"""The package installed as a user installs it, offline: a virtual
environment with the system's site packages (Debian's setuptools, pip and
wheel), pip install --no-build-isolation --no-index ./python, then a
program run by that environment's Python, from elsewhere."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import byline
from conftest import CORPUS_DIR, PROJECT_DIR, PYTHON_DIR

LIBRARY = Path(byline.load_library().path).resolve()

SCRIPT = textwrap.dedent(f"""
    import byline
    print(byline.__file__)
    print(byline.library_path())
    with byline.Index.create("index") as index, index.writer() as writer:
        writer.ingest({str(CORPUS_DIR)!r})
    with byline.Index.open("index") as index:
        print(sorted(hit.id[:3] for hit in index.search('"dirty hands"')))
""")


def have(module):
    return subprocess.run([sys.executable, "-c", f"import {module}"],
                          capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    for module in ("ensurepip", "setuptools", "wheel"):
        if not have(module):
            pytest.skip(f"{sys.executable} has no {module} (Debian: python3-venv, "
                        "python3-setuptools, python3-wheel)")
    folder = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(folder)],
                   check=True, timeout=300)
    return folder


def clean_env(**changes):
    env = {key: value for key, value in os.environ.items()
           if key not in ("BYLINE_LIBRARY", "BYLINE_BUNDLE_LIBRARY", "PYTHONPATH",
                          "LD_LIBRARY_PATH", "PIP_INDEX_URL", "PIP_FIND_LINKS")}
    env.update({key: str(value) for key, value in changes.items()})
    return env


def pip_install(environment, **env):
    out = subprocess.run([str(environment / "bin" / "pip"), "install", "--no-build-isolation",
                          "--no-index", "--force-reinstall", "--quiet", str(PYTHON_DIR)],
                         capture_output=True, text=True, env=clean_env(**env), timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def run_script(environment, folder, **env):
    folder.mkdir()
    out = subprocess.run([str(environment / "bin" / "python"), "-c", SCRIPT], cwd=folder,
                         capture_output=True, text=True, env=clean_env(**env), timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    package, library, ids = out.stdout.splitlines()
    site = environment / "lib"
    assert Path(package).is_relative_to(site), package  # the installed copy, not the source
    assert ids == "['000', '001', '004']"
    return Path(library)


def test_installed_offline_it_finds_the_library_and_searches(environment, tmp_path):
    pip_install(environment)
    # Named by BYLINE_LIBRARY.
    assert run_script(environment, tmp_path / "a", BYLINE_LIBRARY=LIBRARY) == LIBRARY
    # Or found in the build tree the package was installed from.
    builds = [p for p in (PROJECT_DIR / "build").glob("*/capi/libbyline_c.so")
              if "-fsanitize" not in (p.parent.parent / "CMakeCache.txt").read_text(
                  encoding="utf-8", errors="replace")]
    if builds:
        found = run_script(environment, tmp_path / "b")
        assert found.parent in {p.parent for p in builds}, found


def test_installed_with_the_library_bundled_it_needs_no_build_tree(environment, tmp_path):
    pip_install(environment, BYLINE_BUNDLE_LIBRARY=LIBRARY)
    found = run_script(environment, tmp_path / "c")
    assert found.parent.name == "byline" and found.is_relative_to(environment)
    # Reinstalled without it: the copy is gone (nothing stale from the last build).
    pip_install(environment)
    assert not list((found.parent).glob("libbyline_c*"))

"""Finding libbyline_c: BYLINE_LIBRARY, next to the package, the build tree,
the system; and a message that lists where it looked when it is nowhere.

Each case runs a fresh Python (the library is loaded once per process),
on a copy of the package placed where the case needs it."""

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import byline
from conftest import PYTHON_DIR

LIBRARY = Path(byline.load_library().path).resolve()  # the one under test


def run(package_parent, code, **env_changes):
    """Runs `code` with the package of `package_parent` first on the path;
    returns its output (stdout and stderr)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("BYLINE_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env.update({key: str(value) for key, value in env_changes.items()})
    out = subprocess.run([sys.executable, "-c",
                          f"import sys; sys.path.insert(0, {str(package_parent)!r})\n" + code],
                         capture_output=True, text=True, env=env, cwd=package_parent, timeout=60)
    return out.stdout + out.stderr


def copy_package(where):
    """A copy of the package at where/byline (nothing else around it)."""
    shutil.copytree(PYTHON_DIR / "byline", where / "byline",
                    ignore=shutil.ignore_patterns("__pycache__", "_origin.py", "libbyline_c*"))
    return where


def fake_build(project, preset, library=LIBRARY, flags=""):
    capi = project / "build" / preset / "capi"
    capi.mkdir(parents=True)
    shutil.copy2(library, capi / "libbyline_c.so")
    (project / "build" / preset / "CMakeCache.txt").write_text(
        f"CMAKE_BUILD_TYPE:STRING=Debug\nCMAKE_CXX_FLAGS:STRING={flags}\n", encoding="utf-8")
    return capi / "libbyline_c.so"


PRINT_PATH = "import byline; print(byline.library_path())"


def test_byline_library_names_the_file_or_its_folder(tmp_path):
    package = copy_package(tmp_path)
    assert run(package, PRINT_PATH, BYLINE_LIBRARY=LIBRARY).strip() == str(LIBRARY)
    assert run(package, PRINT_PATH, BYLINE_LIBRARY=LIBRARY.parent).strip().startswith(
        str(LIBRARY.parent))


def test_a_byline_library_that_does_not_load_is_an_error_not_a_fallback(tmp_path):
    package = copy_package(tmp_path)
    out = run(package, "import byline\ntry:\n    byline.Index.open('x')\n"
                       "except ImportError as e:\n    print(type(e).__name__, e)",
              BYLINE_LIBRARY=tmp_path / "nowhere.so")
    assert out.startswith("LibraryNotFoundError byline: cannot load libbyline_c from")
    assert "nowhere.so (BYLINE_LIBRARY)" in out


def test_import_never_fails_and_nothing_found_lists_where_it_looked(tmp_path):
    if ctypes.util.find_library("byline_c") or any(
            Path(prefix, "lib", "libbyline_c.so").exists() for prefix in ("/usr/local", "/usr")):
        pytest.skip("libbyline_c is installed on this system: it would be found")
    package = copy_package(tmp_path)
    out = run(package, "import byline\nprint('imported')\ntry:\n    byline.library_version()\n"
                       "except byline.LibraryNotFoundError as e:\n"
                       "    print(isinstance(e, ImportError)); print(e)")
    lines = out.splitlines()
    assert lines[:3] == ["imported", "True", "byline: libbyline_c not found. Looked in:"]
    for place in ("BYLINE_LIBRARY (not set)", f"next to the package ({tmp_path / 'byline'})",
                  f"{tmp_path.parent}/build/*/capi/", "ctypes.util.find_library('byline_c')",
                  "LD_LIBRARY_PATH", "/usr/local/lib"):
        assert any(place in line for line in lines), (place, out)
    assert "set BYLINE_LIBRARY" in out


def test_the_build_tree_around_the_package_newest_first_without_sanitizers(tmp_path):
    project = tmp_path / "project"
    package = copy_package(project / "python")
    older = fake_build(project, "release")
    newer = fake_build(project, "dev")
    os.utime(older, (1_000_000_000, 1_000_000_000))
    # Built with ASan (and here not even a library): never tried.
    asan = fake_build(project, "asan", flags="-fsanitize=address,undefined")
    asan.write_bytes(b"not a library")
    assert run(package, PRINT_PATH).strip() == str(newer)
    newer.unlink()
    assert run(package, PRINT_PATH).strip() == str(older)


def test_a_library_next_to_the_package_comes_before_the_build_tree(tmp_path):
    project = tmp_path / "project"
    package = copy_package(project / "python")
    fake_build(project, "dev")
    shutil.copy2(LIBRARY, package / "byline" / "libbyline_c.so")
    assert run(package, PRINT_PATH).strip() == str(package / "byline" / "libbyline_c.so")


def test_the_loader_search_path_finds_the_soname(tmp_path):
    package = copy_package(tmp_path / "alone")
    if not (LIBRARY.parent / "libbyline_c.so.0").exists():
        pytest.skip("no libbyline_c.so.0 beside the library under test")
    found = run(package, PRINT_PATH, LD_LIBRARY_PATH=LIBRARY.parent).strip()
    assert Path(found).resolve() == LIBRARY.resolve()  # the file the loader chose


def test_the_library_loaded_reports_its_version():
    assert byline.library_version().count(".") == 2
    assert byline.index_format_version() >= 1
    assert byline.load_library() is byline.load_library()

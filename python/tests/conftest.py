"""Shared fixtures. The tests import the package from this source tree
(python/byline), not an installed copy, and find libbyline_c as the package
does: BYLINE_LIBRARY first (ctest sets it to the library just built), else
the build tree.

Environment (all optional):
  BYLINE_LIBRARY     libbyline_c to test
  BYLINE_SOURCE_DIR  the byline checkout (default: python/..)
  BYLINE_CORPUS      the seed corpus (default: corpus/ of the checkout)
"""

import os
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = Path(os.environ.get("BYLINE_SOURCE_DIR") or PYTHON_DIR.parent)
CORPUS_DIR = Path(os.environ.get("BYLINE_CORPUS") or PROJECT_DIR / "corpus")

sys.path.insert(0, str(PYTHON_DIR))

import byline  # noqa: E402  (after the path is set)


@pytest.fixture(scope="session")
def corpus():
    """The five seed articles (and their manifest and aliases)."""
    assert (CORPUS_DIR / "manifest.jsonl").is_file(), CORPUS_DIR
    return CORPUS_DIR


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, corpus):
    """The path of an index of corpus/, made once for the session; tests
    open it read-only."""
    path = tmp_path_factory.mktemp("seed") / "index"
    with byline.Index.create(path) as index, index.writer() as writer:
        summary = writer.ingest(str(corpus))
    assert (summary.indexed, summary.skipped) == (5, 0)
    return path


@pytest.fixture
def seeds(seed_index):
    """The seed index, open read-only."""
    with byline.Index.open(seed_index) as index:
        yield index


@pytest.fixture
def index_path(tmp_path):
    """Where a test makes its own index."""
    return tmp_path / "index"

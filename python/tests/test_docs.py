"""Every Python example of docs/python.md (and of the README's tour, when
it has one) runs, in order, and prints what the page shows.

A ```python block followed by a ```text block (blank lines between them at
most) must print exactly that text. The blocks of a page share one
namespace, and run in a fresh folder where corpus/ is the seed corpus, as
the page says.
"""

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from conftest import CORPUS_DIR, PROJECT_DIR

FENCE = re.compile(r"^```(\w*)\s*$")


def examples(page: Path):
    """[(line, code, expected output or None)] for each ```python block;
    `line` is the page's line of the code's first line."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []  # (language, index of the opening fence, of the closing one)
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if opening and opening.group(1):
            end = i + 1
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            blocks.append((opening.group(1), i, end))
            i = end + 1
        else:
            i += 1

    def text(block):
        return "".join(line + "\n" for line in lines[block[1] + 1:block[2]])

    out = []
    for n, block in enumerate(blocks):
        if block[0] != "python":
            continue
        expected = None
        if n + 1 < len(blocks) and blocks[n + 1][0] == "text":
            if all(not line.strip() for line in lines[block[2] + 1:blocks[n + 1][1]]):
                expected = text(blocks[n + 1])
        out.append((block[1] + 2, text(block), expected))
    return out


def run_page(page: Path, folder: Path):
    """Runs the page's examples in `folder`: [(line, printed, expected)]."""
    (folder / "corpus").symlink_to(CORPUS_DIR, target_is_directory=True)
    namespace = {"__name__": "__main__"}
    results = []
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for line, code, expected in examples(page):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                # Blank lines first, so that a traceback names the page's line.
                exec(compile("\n" * (line - 1) + code, str(page), "exec"), namespace)
            results.append((line, printed.getvalue(), expected))
    finally:
        # Close what the page left open (its last example may keep an index).
        for value in namespace.values():
            if hasattr(value, "close") and type(value).__module__.startswith("byline"):
                value.close()
        os.chdir(cwd)
    return results


def check_page(page: Path, folder: Path):
    results = run_page(page, folder)
    assert results, f"{page} has no ```python example"
    for line, printed, expected in results:
        if expected is not None:
            assert printed.rstrip("\n") == expected.rstrip("\n"), \
                f"{page.name}, the example at line {line} printed:\n{printed}"
    return results


def test_every_example_of_the_python_page_runs_and_prints_what_it_shows(tmp_path):
    results = check_page(PROJECT_DIR / "docs" / "python.md", tmp_path)
    assert sum(expected is not None for _, _, expected in results) >= 5


def test_the_readme_python_example_runs(tmp_path):
    readme = PROJECT_DIR / "README.md"
    if not any(code for _, code, _ in examples(readme)):
        pytest.skip("the README has no ```python example")
    check_page(readme, tmp_path)


def test_the_example_reader_pairs_code_with_its_output(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(1)\n```\n\n```text\n1\n```\n\n```python\nx = 2\n```\n"
                    "Prose.\n```text\nnot the output: prose between\n```\n", encoding="utf-8")
    assert examples(page) == [(2, "print(1)\n", "1\n"), (10, "x = 2\n", None)]

#!/usr/bin/env python3
"""Runs every example of byline's documentation, so that none can go stale.

    python3 tests/tools/doc_examples_test.py --source-dir DIR --byline PATH
        [--corpus-tool PATH] [--c-library PATH] [--build-dir DIR]
        [--timeout SECONDS] [--jobs N] [--keep] [-v] [PAGES...]

PAGES are Markdown files relative to --source-dir (default: README.md and
docs/*.md). Each page runs in a scratch folder of its own, its blocks in
order, sharing that folder (and one bash process, so a `cd` or an `export`
carries on); the folder is removed afterwards (--keep keeps it). Python 3
standard library only. Exit status 0 when every block passed, 1 otherwise.

The scratch folder
    It is the working folder and $HOME. It holds `corpus/`, `tests/`,
    `examples/` and `python/` (links to the source tree's), `build/dev/` (a link to the
    build folder: --build-dir, by default the folder above the one holding
    --byline), `bin/` first on $PATH with `byline` (--byline) and
    `byline_corpus` (--corpus-tool, by default BUILD/bench/byline_corpus if
    built), and `tmp/` ($TMPDIR). The environment: no BYLINE_INDEX and no
    XDG_* variables (a page exports them if it needs them), NO_COLOR=1,
    COLUMNS=80, TZ=UTC, LC_ALL=C.UTF-8, standard input /dev/null. In output,
    the scratch folder's path reads /home/me (the home folder pages show).

```console blocks: transcripts
    A line `$ COMMAND` is a command (a line ending with `\\` continues on the
    next, `> ` in front of it optional); the lines up to the next `$ ` line
    are what it prints, standard output and error together, as a user
    without a terminal sees them. They must match exactly but for what
    cannot be stable, which both sides have replaced: elapsed times "(1.4
    ms)", "in 0.26 s", and the numbers of "elapsed_ms" and "seconds" in JSON.
    A line `...` alone stands for any number of lines (an elision). When
    the block's last command is shown without output, a ```json block right
    after it (blank lines only between) is that output, laid out as the
    page likes: the same JSON value matches.

Exit statuses
    A command (of a console or sh block) must exit 0 unless its line
    declares another status in a trailing shell comment that ends with
    `exit N`, which bash ignores:
        $ byline search 'Kerry "dirty hands'   # exit 1
        byline index crawl.warc.gz   # one broken record: exit 1

Directives: HTML comments just before a block (blank lines between allowed)
    <!-- doc-test skip: REASON -->   the block is not run; REASON is listed.
                                     Any kind of block (a server, a terminal,
                                     an hour, an installation, a fragment).
    <!-- doc-test setup: COMMAND --> bash commands run first, unseen (their
                                     status must be 0); one per line when the
                                     comment spans several lines.
    <!-- doc-test file: PATH -->     a cpp/c block must be that file, whole.

```sh blocks
    Each command (a complete bash command: continued lines, heredocs and
    compound commands are one) runs in the page's shell and must exit 0 (or
    as declared); its output is not compared. Setup instructions that
    install, build, run test suites or take long (tools/start.sh, test.sh,
    bench.sh, fuzz.sh, soak.sh, apt-get, cmake --preset/--build/--install,
    ctest, pytest, sudo, pip install) fail unless the block has a skip
    comment.

```cpp / ```c blocks
    Must be a contiguous run of lines of a file under examples/ or tests/
    that the build compiles (named in a CMakeLists.txt there, or a header
    those include), with one indentation taken off every line; the report
    names the file.

```python blocks (and ```pycon)
    A page's Python blocks run in order, as one script: one /usr/bin/python3
    process per page, one namespace, in the scratch folder, PYTHONPATH the
    source tree's python/, BYLINE_LIBRARY --c-library (by default
    BUILD/capi/libbyline_c.so if built; its folder on LD_LIBRARY_PATH). A
    block with `>>> ` prompts is a doctest (its output compared, times
    replaced as above, `...` eliding); any other must run without an
    exception, and print what a ```text block right after it shows (blank
    lines only between), compared as console output is. When the library
    is built with sanitizers (its build's CMakeCache.txt says -fsanitize),
    Python cannot load it: the Python blocks are listed as skipped.

```text blocks
    Right after a Python block: its output (above). Otherwise fine, unless
    a transcript: a line starting with `$ ` or `byline> `, or a first line
    `byline ...` that is not a usage synopsis (options in brackets). A
    transcript must be ```console, or be skipped with a reason.

Other blocks (```json not after a console block, ```cmake, ...) are
illustrative and listed as such.

Without byline_corpus (a benchmark tool, not always built), a command that
calls it and the rest of its page's console, sh and Python examples are
listed as skipped, as they may need what it makes.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import difflib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HOME_SHOWN = "/home/me"
ELISION = "..."

# ---------------------------------------------------------------------------
# Reading pages


@dataclasses.dataclass
class Block:
    page: str
    line: int  # 1-based line of the opening fence
    lang: str
    lines: List[str]
    skip: Optional[str] = None
    setup: List[str] = dataclasses.field(default_factory=list)
    file: Optional[str] = None
    follows_block: bool = False  # only blank lines since the previous block

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$")
DIRECTIVE_START = re.compile(r"^\s*<!--\s*doc-test\b")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test\s+(skip|setup|file)\s*:(.*?)-->\s*$", re.S)


class PageError(Exception):
    pass


def parse_page(path: Path, name: str) -> List[Block]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    blocks: List[Block] = []
    pending: Dict[str, object] = {}
    pending_line = 0
    blank_since_block = False  # True while only blank lines followed the last block
    i = 0
    while i < len(lines):
        line = lines[i]
        if DIRECTIVE_START.match(line):
            start = i
            comment = line
            while "-->" not in comment:
                i += 1
                if i >= len(lines):
                    raise PageError(f"{name}:{start + 1}: unterminated doc-test comment")
                comment += "\n" + lines[i]
            m = DIRECTIVE.match(comment)
            if not m:
                raise PageError(f"{name}:{start + 1}: unknown doc-test comment "
                                "(skip: REASON, setup: COMMANDS or file: PATH)")
            kind, value = m.group(1), m.group(2).strip()
            if not value:
                raise PageError(f"{name}:{start + 1}: doc-test {kind}: needs a value")
            if kind == "setup":
                pending.setdefault("setup", []).extend(
                    l.strip() for l in value.split("\n") if l.strip())
            else:
                if kind in pending:
                    raise PageError(f"{name}:{start + 1}: two doc-test {kind} comments for one block")
                pending[kind] = " ".join(value.split()) if kind == "skip" else value
            pending_line = pending_line or start + 1
            blank_since_block = False
            i += 1
            continue
        m = FENCE.match(line)
        if m:
            indent, fence, lang = len(m.group(1)), m.group(2), m.group(3).lower()
            body: List[str] = []
            start = i
            i += 1
            while i < len(lines):
                close = re.match(r"^ *(`{3,}|~{3,})\s*$", lines[i])
                if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                    break
                content = lines[i]
                strip = len(content) - len(content.lstrip(" "))
                body.append(content[min(strip, indent):])
                i += 1
            else:
                raise PageError(f"{name}:{start + 1}: code block never closed")
            blocks.append(Block(name, start + 1, lang, body,
                                skip=pending.get("skip"),  # type: ignore[arg-type]
                                setup=list(pending.get("setup", [])),  # type: ignore[arg-type]
                                file=pending.get("file"),  # type: ignore[arg-type]
                                follows_block=blank_since_block))
            pending = {}
            pending_line = 0
            blank_since_block = True
            i += 1
            continue
        if line.strip():
            if pending:
                raise PageError(f"{name}:{pending_line}: a doc-test comment not followed by a code block")
            blank_since_block = False
        i += 1
    if pending:
        raise PageError(f"{name}:{pending_line}: a doc-test comment not followed by a code block")
    return blocks


# ---------------------------------------------------------------------------
# Comparing output

TIME_PATTERNS = [
    (re.compile(r"\(\d+(?:\.\d+)?\s?(?:ms|s|µs)\)"), "(TIME)"),
    (re.compile(r"\bin \d+(?:\.\d+)? ?(?:ms|s)\b"), "in TIME"),
    (re.compile(r'("(?:elapsed_ms|seconds)"\s*:\s*)-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?'), r"\1TIME"),
]


def normalise(line: str) -> str:
    for pattern, replacement in TIME_PATTERNS:
        line = pattern.sub(replacement, line)
    return line


def lines_match(expected: List[str], actual: List[str]) -> bool:
    """expected may hold ELISION lines, each matching any run of lines."""
    exp = [normalise(l) if l != ELISION else None for l in expected]
    act = [normalise(l) for l in actual]
    # reachable[j]: expected[:i] can match actual[:j]
    reachable = [True] + [False] * len(act)
    for e in exp:
        nxt = [False] * (len(act) + 1)
        if e is None:
            seen = False
            for j in range(len(act) + 1):
                seen = seen or reachable[j]
                nxt[j] = seen
        else:
            for j in range(len(act)):
                if reachable[j] and act[j] == e:
                    nxt[j + 1] = True
        reachable = nxt
    return reachable[len(act)]


def json_equal(expected: List[str], actual: List[str]) -> bool:
    if ELISION in expected:
        return False

    def load(ls: List[str]):
        text = normalise("\n".join(ls))
        text = re.sub(r'("(?:elapsed_ms|seconds)"\s*:\s*)TIME', r"\1 0", text)
        return json.loads(text)

    try:
        return load(expected) == load(actual)
    except ValueError:
        return False


def shown_output(text: str) -> str:
    text = text.rstrip()
    return ":\n" + text if text else " (no output)"


def diff(expected: List[str], actual: List[str]) -> str:
    return "\n".join(difflib.unified_diff(expected, actual, "page", "byline", lineterm="", n=2))


# ---------------------------------------------------------------------------
# The page's shell and Python


class Timeout(Exception):
    pass


class Shell:
    """One bash process per page; each command's output goes to a file."""

    def __init__(self, cwd: Path, env: Dict[str, str], control: Path):
        self.control = control
        self.errors = open(control / "shell.stderr", "wb")
        self.proc = subprocess.Popen(["bash", "--noprofile", "--norc", "-s"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, start_new_session=True)
        self.buffer = b""
        self.count = 0

    def run(self, command: str, timeout: float) -> Tuple[int, str]:
        self.count += 1
        out = self.control / f"out.{self.count}"
        token = f"__doc_test_status_{self.count}__"
        chunk = (f"{{\n{command}\n}} >'{out}' 2>&1 </dev/null\n"
                 f"printf '\\n{token} %d\\n' \"$?\"\n")
        try:
            self.proc.stdin.write(chunk.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise RuntimeError("the page's shell has exited (an `exit` in an example?)")
        deadline = time.monotonic() + timeout
        marker = re.compile(rb"\n" + token.encode() + rb" (\d+)\n")
        while True:
            m = marker.search(self.buffer)
            if m:
                self.buffer = self.buffer[m.end():]
                status = int(m.group(1))
                break
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                raise Timeout(f"`{command.splitlines()[0]}` did not end within {timeout:.0f} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if not data:
                    raise RuntimeError("the page's shell has exited (an `exit` in an example?)")
                self.buffer += data
        text = out.read_bytes().decode("utf-8", errors="replace") if out.exists() else ""
        return status, text

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self.errors.close()


PYTHON_DRIVER = r'''
import doctest, json, os, re, sys, traceback
control = os.fdopen(os.dup(1), "w")
TIMES = [(re.compile(r"\(\d+(?:\.\d+)?\s?(?:ms|s|µs)\)"), "(TIME)"),
         (re.compile(r"\bin \d+(?:\.\d+)? ?(?:ms|s)\b"), "in TIME"),
         (re.compile(r'(["\'](?:elapsed_ms|seconds)["\']\s*:\s*)-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?'), r"\1TIME")]
def normalise(text):
    for pattern, replacement in TIMES:
        text = pattern.sub(replacement, text)
    return text
class Checker(doctest.OutputChecker):
    def check_output(self, want, got, flags):
        return super().check_output(normalise(want), normalise(got), flags)
namespace = {"__name__": "__main__"}
sys.path.insert(0, os.getcwd())
for request in sys.stdin:
    request = json.loads(request)
    sys.stdout.flush(); sys.stderr.flush()
    fd = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    saved = os.dup(1), os.dup(2)
    os.dup2(fd, 1); os.dup2(fd, 2); os.close(fd)
    ok = True
    try:
        if request["doctest"]:
            test = doctest.DocTestParser().get_doctest(request["code"], namespace, request["name"],
                                                       request["file"], request["line"])
            runner = doctest.DocTestRunner(checker=Checker(), optionflags=doctest.ELLIPSIS)
            ok = runner.run(test, out=sys.stdout.write, clear_globs=False).failed == 0
            namespace.update(test.globs)
        else:
            exec(compile("\n" * request["line"] + request["code"], request["file"], "exec"), namespace)
    except SystemExit as e:
        ok = e.code in (0, None)
    except BaseException as e:
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)  # not this driver's frame
        ok = False
    finally:
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved[0], 1); os.dup2(saved[1], 2)
        os.close(saved[0]); os.close(saved[1])
    control.write(json.dumps({"ok": ok}) + "\n"); control.flush()
'''


class Python:
    """One /usr/bin/python3 per page: its blocks share one namespace."""

    def __init__(self, cwd: Path, env: Dict[str, str], control: Path):
        self.control = control
        driver = control / "python_driver.py"
        driver.write_text(PYTHON_DRIVER, encoding="utf-8")
        self.errors = open(control / "python.stderr", "wb")
        self.proc = subprocess.Popen(["/usr/bin/python3", str(driver)], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, start_new_session=True)
        self.count = 0
        self.buffer = b""

    def run(self, block: Block, source: Path, timeout: float) -> Tuple[bool, str]:
        self.count += 1
        out = self.control / f"python.{self.count}"
        code = "\n".join(block.lines) + "\n"
        request = {"out": str(out), "code": code, "doctest": bool(re.search(r"(?m)^\s*>>> ", code)),
                   "name": block.where, "file": str(source / block.page), "line": block.line}
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise RuntimeError("the page's Python process has exited")
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                raise Timeout(f"the block did not end within {timeout:.0f} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if not data:
                    raise RuntimeError("the page's Python process has exited: " +
                                       (self.control / "python.stderr").read_text(errors="replace"))
                self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        text = out.read_bytes().decode("utf-8", errors="replace") if out.exists() else ""
        return json.loads(line)["ok"], text

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.errors.close()


# ---------------------------------------------------------------------------
# Commands in blocks

DECLARED_EXIT = re.compile(r"\s#[^'\"`]*\bexit\s+(\d+)\s*$")
LONG_SETUP = re.compile(
    r"tools/(?:start|test|bench|fuzz|soak|setup)\.sh|\bapt(?:-get)?\s|\bsudo\b|\bpip3?\s+install|"
    r"\bcmake\s+--(?:preset|build|install)\b|\bctest\b|\bpytest\b")


def declared_status(command: str) -> int:
    m = DECLARED_EXIT.search(command.rstrip().split("\n")[-1])
    return int(m.group(1)) if m else 0


def parses(text: str) -> bool:
    """Whether text is complete bash (a here-document cut short is not)."""
    check = subprocess.run(["bash", "-n"], input=text.encode(), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    return check.returncode == 0 and b"here-document" not in check.stderr


def split_commands(lines: List[str]) -> List[Tuple[int, str]]:
    """Complete bash commands of an sh block: (index of first line, text)."""
    commands: List[Tuple[int, str]] = []
    current: List[str] = []
    first = 0
    for i, line in enumerate(lines):
        if not current:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first = i
        current.append(line)
        text = "\n".join(current)
        if line.rstrip().endswith("\\"):
            continue
        if parses(text + "\n"):
            commands.append((first, text))
            current = []
    if current:
        commands.append((first, "\n".join(current)))  # bash will say what is wrong
    return commands


@dataclasses.dataclass
class Transcript:
    line: int  # index in the block
    command: str
    expected: List[str]


def split_transcript(block: Block) -> List[Transcript]:
    items: List[Transcript] = []
    lines = block.lines
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            if not items and not line.strip():
                i += 1
                continue
            if not items:
                raise PageError(f"{block.where}: a console block must start with a `$ ` command")
            items[-1].expected.append(line)
            i += 1
            continue
        command = [line[2:]]
        start = i
        while command[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            nxt = lines[i]
            command.append(nxt[2:] if nxt.startswith("> ") else nxt)
        items.append(Transcript(start, "\n".join(command), []))
        i += 1
    return items


def shows_no_output(block: Block) -> bool:
    """Whether the block's last command is shown without output."""
    items = split_transcript(block)
    return bool(items) and not any(l.strip() for l in items[-1].expected)


def is_transcript(lines: List[str]) -> bool:
    content = [l for l in lines if l.strip()]
    if not content:
        return False
    if any(l.startswith("$ ") or l.startswith("byline> ") for l in content):
        return True
    return content[0].startswith("byline ") and " [" not in content[0]


# ---------------------------------------------------------------------------
# C and C++ blocks

SOURCE_SUFFIXES = {".c", ".cc", ".cpp", ".cxx", ".h", ".hpp"}


class CompiledSources:
    """Files under examples/ and tests/ that the build compiles."""

    def __init__(self, source: Path):
        self.source = source
        files = [p for top in ("examples", "tests") if (source / top).is_dir()
                 for p in sorted((source / top).rglob("*")) if p.suffix in SOURCE_SUFFIXES and p.is_file()]
        cmake = "\n".join(p.read_text(errors="replace") for top in ("examples", "tests")
                          if (source / top).is_dir()
                          for p in sorted((source / top).rglob("*"))
                          if p.name == "CMakeLists.txt" or p.suffix == ".cmake")
        compiled = [p for p in files if p.suffix not in {".h", ".hpp"} and
                    re.search(r"(?<![\w.-])" + re.escape(p.name) + r"\b", cmake)]
        included = "\n".join(p.read_text(errors="replace") for p in compiled)
        headers = [p for p in files if p.suffix in {".h", ".hpp"} and
                   re.search(r'#include\s+"[^"]*\b' + re.escape(p.name) + '"', included)]
        self.files = {p: [l.rstrip() for l in p.read_text(errors="replace").split("\n")]
                      for p in compiled + headers}

    def find(self, block_lines: List[str]) -> Optional[Tuple[Path, int, bool]]:
        want = [l.rstrip() for l in block_lines]
        while want and not want[-1]:
            want.pop()
        while want and not want[0]:
            want.pop(0)
        if not want:
            return None
        for path, have in self.files.items():
            for start in range(len(have) - len(want) + 1):
                head = have[start]
                if not head.endswith(want[0]):
                    continue
                indent = head[:len(head) - len(want[0])]
                if indent.strip():
                    continue
                if all((h == indent + w) if w else not h for h, w in zip(have[start:], want)):
                    whole = not any(have[:start]) and not any(have[start + len(want):])
                    return path, start + 1, whole
        return None


# ---------------------------------------------------------------------------
# Running a page


@dataclasses.dataclass
class Result:
    page: str
    counts: Dict[str, int] = dataclasses.field(default_factory=dict)
    skipped: List[Tuple[str, str]] = dataclasses.field(default_factory=list)  # (where, reason)
    failures: List[str] = dataclasses.field(default_factory=list)
    notes: List[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


RUN_LANGS = ("console", "sh", "bash", "shell", "python", "py", "python3", "pycon")


class PageRun:
    def __init__(self, args, page: str, sources: CompiledSources):
        self.args = args
        self.page = page
        self.sources = sources
        self.result = Result(page)
        self.shell: Optional[Shell] = None
        self.python: Optional[Python] = None
        self.scratch = Path(tempfile.mkdtemp(prefix="byline-doc-"))
        self.control = self.scratch / ".doc-test"
        self.missing = ""  # why the rest of the page cannot run

    # The scratch folder and the environment.
    def prepare(self) -> Dict[str, str]:
        s, src = self.scratch, self.args.source_dir
        (s / "bin").mkdir()
        (s / "tmp").mkdir()
        self.control.mkdir()
        (s / "bin" / "byline").symlink_to(self.args.byline)
        if self.args.corpus_tool:
            (s / "bin" / "byline_corpus").symlink_to(self.args.corpus_tool)
        for name in ("corpus", "tests", "examples", "python"):
            if (src / name).exists():
                (s / name).symlink_to(src / name)
        if self.args.build_dir:
            (s / "build").mkdir()
            (s / "build" / "dev").symlink_to(self.args.build_dir)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("BYLINE_", "XDG_", "LESS", "PYTHON", "CLICOLOR")) and
               k not in ("PAGER", "TERM", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "CDPATH",
                         "BASH_ENV", "ENV", "TMPDIR", "LANG", "LANGUAGE")
               and not k.startswith("LC_")}
        env.update({"HOME": str(s), "PATH": f"{s / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                    "NO_COLOR": "1", "COLUMNS": "80", "TZ": "UTC", "LC_ALL": "C.UTF-8",
                    "TMPDIR": str(s / "tmp"), "PYTHONPATH": str(src / "python"),
                    "PYTHONDONTWRITEBYTECODE": "1"})
        if self.args.c_library:
            env["BYLINE_LIBRARY"] = str(self.args.c_library)
            library_dir = str(self.args.c_library.parent)
            env["LD_LIBRARY_PATH"] = ":".join(filter(None, [library_dir, os.environ.get("LD_LIBRARY_PATH")]))
        return env

    def show(self, text: str) -> str:
        text = text.replace(str(self.scratch), HOME_SHOWN)
        real = os.path.realpath(self.scratch)
        return text.replace(real, HOME_SHOWN) if real != str(self.scratch) else text

    def fail(self, block: Block, message: str) -> None:
        self.result.failures.append(f"{block.where} ({block.lang or 'plain'}): {message}")

    def run_shell(self, command: str) -> Tuple[int, str]:
        if not parses(command + "\n"):
            raise PageError(f"`{command}` is not a complete bash command")
        if self.shell is None:
            self.shell = Shell(self.scratch, self.env, self.control)
        status, text = self.shell.run(command, self.args.timeout)
        return status, self.show(text)

    def run(self) -> Result:
        started = time.monotonic()
        try:
            self.env = self.prepare()
            blocks = parse_page(self.args.source_dir / self.page, self.page)
            consumed = set()
            for n, block in enumerate(blocks):
                if n in consumed:
                    continue
                if block.skip is not None:
                    self.result.skipped.append((block.where, block.skip))
                    self.result.count(f"skipped {block.lang or 'plain'}")
                    continue
                if self.missing and block.lang in RUN_LANGS:
                    self.result.skipped.append((block.where, self.missing))
                    self.result.count(f"skipped {block.lang}")
                    continue
                if block.file and block.lang not in ("cpp", "c++", "c"):
                    self.fail(block, "`doc-test file:` applies to cpp and c blocks only")
                    continue
                try:
                    if block.setup and not self.setup(block):
                        continue
                    if block.lang == "console":
                        attached = None
                        if (n + 1 < len(blocks) and blocks[n + 1].lang == "json" and
                                blocks[n + 1].follows_block and blocks[n + 1].skip is None and
                                shows_no_output(block)):
                            attached = blocks[n + 1]
                            consumed.add(n + 1)
                        self.console(block, attached)
                    elif block.lang in RUN_LANGS[1:4]:
                        self.sh(block)
                    elif block.lang in ("cpp", "c++", "c"):
                        self.cpp(block)
                    elif block.lang in RUN_LANGS[4:]:
                        output = None
                        if (n + 1 < len(blocks) and blocks[n + 1].lang == "text" and
                                blocks[n + 1].follows_block and blocks[n + 1].skip is None):
                            output = blocks[n + 1]
                            consumed.add(n + 1)
                        self.py(block, output)
                    elif block.lang == "text":
                        if is_transcript(block.lines):
                            self.fail(block, "a transcript in a ```text block: make it ```console "
                                      "(or give it a `<!-- doc-test skip: REASON -->`)")
                        else:
                            self.result.count("text")
                    else:
                        self.result.count(f"illustrative {block.lang or 'plain'}")
                except PageError as e:
                    if str(e).startswith(block.page + ":"):
                        self.result.failures.append(str(e))
                    else:
                        self.fail(block, str(e))
                except (Timeout, RuntimeError) as e:
                    # The page's processes start again for the blocks after.
                    self.fail(block, str(e))
                    self.stop_processes()
        except PageError as e:
            self.result.failures.append(str(e))
        finally:
            self.stop_processes()
            if self.args.keep:
                self.result.notes.append(f"scratch folder kept: {self.scratch}")
            else:
                shutil.rmtree(self.scratch, ignore_errors=True)
        self.result.seconds = time.monotonic() - started
        return self.result

    def cannot_run(self, command: str, where: str) -> bool:
        """Whether command, or one before it, needs a tool not given: the
        page's examples from then on may depend on what it would have made."""
        if not self.missing and "byline_corpus" in command and not self.args.corpus_tool:
            self.missing = "no byline_corpus (--corpus-tool): the page's examples from its first use"
        if self.missing:
            self.result.skipped.append((where, self.missing))
        return bool(self.missing)

    def stop_processes(self) -> None:
        for process in (self.shell, self.python):
            if process is not None:
                process.close()
        self.shell = self.python = None

    def setup(self, block: Block) -> bool:
        for command in block.setup:
            status, text = self.run_shell(command)
            if status != 0:
                self.fail(block, f"hidden setup `{command}` exited {status}" + shown_output(text))
                return False
        self.result.count("setup commands", len(block.setup))
        return True

    def console(self, block: Block, attached: Optional[Block]) -> None:
        items = split_transcript(block)
        if attached is not None and items:
            items[-1].expected.extend(attached.lines)
            while items[-1].expected and not items[-1].expected[-1].strip():
                items[-1].expected.pop()
        for item in items:
            if self.cannot_run(item.command, f"{block.page}:{block.line + 1 + item.line}"):
                self.result.count("skipped console commands")
                continue
            want = declared_status(item.command)
            status, text = self.run_shell(item.command)
            actual = text.split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            where = f"{block.page}:{block.line + 1 + item.line}"
            problems = []
            if status != want:
                problems.append(f"exited {status}, not {want}" +
                                ("" if want else " (declare it: `# exit N` after the command)"))
            if not lines_match(item.expected, actual) and not json_equal(item.expected, actual):
                problems.append("printed otherwise than the page shows:\n" + diff(item.expected, actual))
            if problems:
                self.result.failures.append(f"{where} `$ {item.command}`: " + "; ".join(problems))
            self.result.count("console commands")

    def sh(self, block: Block) -> None:
        text = "\n".join(block.lines)
        m = LONG_SETUP.search(text)
        if m:
            self.fail(block, f"`{m.group(0).strip()}` installs, builds, runs a test suite or takes long: "
                      "give the block a `<!-- doc-test skip: REASON -->`")
            return
        for first, command in split_commands(block.lines):
            if self.cannot_run(command, f"{block.page}:{block.line + 1 + first}"):
                self.result.count("skipped sh commands")
                continue
            want = declared_status(command)
            status, output = self.run_shell(command)
            if status != want:
                self.result.failures.append(
                    f"{block.page}:{block.line + 1 + first} `{command}` exited {status}, not {want}"
                    + shown_output(output))
            self.result.count("sh commands")

    def cpp(self, block: Block) -> None:
        src = self.args.source_dir
        if block.file:
            path = src / block.file
            if not path.is_file():
                self.fail(block, f"no file {block.file}")
                return
            have = path.read_text(errors="replace").rstrip("\n").split("\n")
            want = list(block.lines)
            if have != want:
                self.fail(block, f"is not {block.file} exactly:\n" + diff(want, have))
                return
            if path.resolve() not in {p.resolve() for p in self.sources.files}:
                self.fail(block, f"{block.file} is not compiled by the build")
                return
            self.result.notes.append(f"{block.where}: {block.file}, whole")
            self.result.count("cpp blocks in sources")
            return
        found = self.sources.find(block.lines)
        if found is None:
            self.fail(block, "is in no file under examples/ or tests/ that the build compiles "
                      "(make it part of one, or skip it with a reason)")
            return
        path, line, whole = found
        self.result.notes.append(f"{block.where}: {path.relative_to(src)}" +
                                 (", whole" if whole else f":{line}"))
        self.result.count("cpp blocks in sources")

    def py(self, block: Block, output: Optional[Block]) -> None:
        if self.args.python_skip:
            self.result.skipped.append((block.where, self.args.python_skip))
            self.result.count("skipped python")
            return
        if self.python is None:
            self.python = Python(self.scratch, self.env, self.control)
        ok, text = self.python.run(block, self.args.source_dir, self.args.timeout)
        text = self.show(text)
        if not ok:
            self.fail(block, "failed:\n" + text.rstrip())
        elif output is not None:
            expected = list(output.lines)
            while expected and not expected[-1].strip():
                expected.pop()
            actual = text.split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            if not lines_match(expected, actual):
                self.fail(block, f"printed otherwise than the text block at {output.where} shows:\n"
                          + diff(expected, actual))
        self.result.count("python blocks")


# ---------------------------------------------------------------------------


def sanitized(build_dir: Path) -> bool:
    """Whether a CMake build folder compiles with sanitizers."""
    try:
        cache = (build_dir / "CMakeCache.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith(("CMAKE_CXX_FLAGS", "CMAKE_SHARED_LINKER_FLAGS")) and "-fsanitize" in line
               for line in cache.splitlines())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", type=Path, required=True)
    parser.add_argument("--byline", type=Path, required=True, help="the byline command to document")
    parser.add_argument("--corpus-tool", type=Path, help="byline_corpus (default: BUILD/bench/byline_corpus)")
    parser.add_argument("--c-library", type=Path,
                        help="libbyline_c.so, for the Python examples (default: BUILD/capi/libbyline_c.so)")
    parser.add_argument("--build-dir", type=Path, help="the build folder the pages call build/dev "
                        "(default: the folder above --byline's)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command (300)")
    parser.add_argument("--jobs", type=int, default=1, help="pages run at once (1)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    parser.add_argument("-v", "--verbose", action="store_true", help="list where each C++ block is")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()

    args.source_dir = args.source_dir.resolve()
    args.byline = args.byline.resolve()
    if not os.access(args.byline, os.X_OK):
        parser.error(f"{args.byline}: not an executable")
    if args.build_dir is None:
        args.build_dir = args.byline.parent.parent
    args.build_dir = args.build_dir.resolve()
    if args.corpus_tool is None and (args.build_dir / "bench" / "byline_corpus").is_file():
        args.corpus_tool = args.build_dir / "bench" / "byline_corpus"
    if args.corpus_tool is not None:
        args.corpus_tool = args.corpus_tool.resolve()
    if args.c_library is None and (args.build_dir / "capi" / "libbyline_c.so").exists():
        args.c_library = args.build_dir / "capi" / "libbyline_c.so"
    if args.c_library is not None:
        args.c_library = args.c_library.resolve()
    args.python_skip = ""
    if args.c_library is not None and sanitized(args.c_library.parent.parent):
        args.python_skip = "the C library is built with sanitizers, which Python cannot load"
    pages = args.pages or ["README.md"] + sorted(
        str(p.relative_to(args.source_dir)) for p in (args.source_dir / "docs").glob("*.md"))
    missing = [p for p in pages if not (args.source_dir / p).is_file()]
    if missing:
        parser.error("no such page: " + ", ".join(missing))

    sources = CompiledSources(args.source_dir)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda page: PageRun(args, page, sources).run(), pages))

    failed = 0
    skipped: Dict[str, List[str]] = {}
    for r in results:
        counts = ", ".join(f"{n} {what}" for what, n in sorted(r.counts.items())) or "no blocks"
        print(f"{'FAIL' if r.failures else 'ok  '} {r.page}: {counts} ({r.seconds:.1f} s)")
        for where, reason in r.skipped:
            skipped.setdefault(reason, []).append(where)
        if args.verbose:
            for note in r.notes:
                print(f"       {note}")
        for failure in r.failures:
            failed += 1
            print("  " + failure.replace("\n", "\n    "))
    total = sum(len(v) for v in skipped.values())
    if total:
        print(f"skipped {total}:")
        for reason, places in sorted(skipped.items()):
            print(f"  {len(places)} {reason}: {', '.join(places)}")
    print(f"{len(pages)} pages, {failed} failures, {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

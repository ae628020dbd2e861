#!/usr/bin/python3
"""The extraction peer of byline_extraction_bench: Debian's python3-readability
(readability-lxml) on the same pages.

    readability_extract.py --passes N OUT_DIR PAGE.html...

Reads every page into memory first, then runs Document(html).summary() and
strips the tags with lxml (one paragraph per block element, as byline's
extractor emits them) N times over all pages, timing only that loop: CPU
time (time.process_time) and wall time (time.perf_counter), no interpreter
start-up, imports or file reading. Writes OUT_DIR/NAME.txt (the text of the
last pass) and prints one JSON line on stdout:
{"pages": P, "bytes": B, "passes": N, "cpu_s": C, "wall_s": W, "failed": [..]}.
Exits with 3 when readability or lxml cannot be imported."""
import json
import os
import sys
import time

try:
    import lxml.html
    from readability import Document
except ImportError as e:  # the bench reports the peer as missing
    print(json.dumps({"error": "python3-readability unavailable: %s" % e}))
    sys.exit(3)

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "tr",
          "table", "ul", "ol", "br", "article", "section", "figure", "figcaption", "dd", "dt"}


def to_text(summary_html):
    """The summary's text, one line per block element."""
    if not summary_html.strip():
        return ""
    root = lxml.html.fromstring(summary_html)
    parts = []
    for event, el in lxml.html.etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            if event == "end" and el.tail:
                parts.append(el.tail)
            continue
        if event == "start":
            if el.tag in BLOCKS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
        else:
            if el.tag in BLOCKS:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def main(argv):
    passes = 1
    if len(argv) >= 2 and argv[0] == "--passes":
        passes = max(1, int(argv[1]))
        argv = argv[2:]
    out_dir, paths = argv[0], argv[1:]
    pages = []
    for path in paths:
        with open(path, "rb") as f:
            pages.append((os.path.splitext(os.path.basename(path))[0], f.read().decode("utf-8", "replace")))
    texts, failed = {}, []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(passes):
        for name, html in pages:
            try:
                texts[name] = to_text(Document(html).summary(html_partial=True))
            except Exception:  # readability raises on some pages: scored as empty
                texts[name] = ""
                if name not in failed:
                    failed.append(name)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    os.makedirs(out_dir, exist_ok=True)
    for name, text in texts.items():
        with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    print(json.dumps({"pages": len(pages), "bytes": sum(len(h.encode("utf-8")) for _, h in pages),
                      "passes": passes, "cpu_s": cpu, "wall_s": wall, "failed": failed}))


if __name__ == "__main__":
    main(sys.argv[1:])

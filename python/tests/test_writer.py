"""Writing: articles added one by one, aliases, and ingestion with a
progress callback that may stop it."""

import datetime
import json
import subprocess
import sys

import pytest

import byline


def test_articles_as_dicts_or_keywords_replace_by_id_and_show_at_commit(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        assert writer.add(id="a1", title="Ceasefire holds", source="Reuters",
                          date=datetime.date(2014, 9, 15), body="The ceasefire held overnight.") \
            is False
        assert writer.add({"id": "a2", "title": "François Hollande in Paris", "lang": "en",
                           "author": "Jane Doe, John Roe",
                           "body": "The ceasefire was discussed."}) is False
        assert writer.add({"id": "a1", "body": "no"}, body="The ceasefire held.",
                          title="Ceasefire holds") is True  # replaced; keywords win
        assert writer.pending == 3
        searcher = index.searcher()
        assert searcher.search("ceasefire").total == 0  # nothing committed yet
        writer.commit()
        assert writer.pending == 0
        assert index.article_count() == 2
        assert [h.id for h in searcher.search("ceasefire", sort="newest")] == ["a1", "a2"]
        assert searcher.search("Francois").hits[0].title == "François Hollande in Paris"
        assert searcher.article("a1").body == "The ceasefire held."
        assert searcher.search('author:"john roe"').hits[0].author == "Jane Doe, John Roe"
        assert writer.add_json('{"id": "a3", "body": "Ceasefire, as JSON text."}') is False
        copy = searcher.article("a2")
        assert writer.add(copy, id="a2-copy") is False  # an Article, as add() takes it
        assert writer.remove("a2") is True and writer.remove("zz") is False
        writer.commit()
        assert sorted(h.id for h in searcher.search("ceasefire")) == ["a1", "a2-copy", "a3"]
        assert searcher.article("a2-copy").author == "Jane Doe, John Roe"
        searcher.close()


def test_bad_articles_are_invalid_argument_and_leave_the_batch(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        writer.add(id="ok", body="Fine.")
        with pytest.raises(byline.InvalidArgumentError):
            writer.add(id="", body="no id")
        with pytest.raises(byline.InvalidArgumentError):
            writer.add(id="d", date="15/09/2014", body="a bad date")
        with pytest.raises(byline.InvalidArgumentError, match='"colour"'):
            writer.add(id="c", body="x", colour="red")  # goes to add_json, which names it
        with pytest.raises(ValueError):  # InvalidArgumentError is a ValueError
            writer.add_json({"title": "no id nor body"})
        assert writer.pending == 1


def test_the_writer_block_commits_when_it_ends_and_discards_on_an_exception(index_path):
    with byline.Index.create(index_path) as index:
        with index.writer() as writer:
            writer.add(id="kept", body="Committed at the end of the block.")
        assert index.search("committed").total == 1
        with pytest.raises(RuntimeError):
            with index.writer() as writer:
                writer.add(id="lost", body="Discarded with the block.")
                raise RuntimeError("boom")
        assert writer.closed
        assert index.search("discarded").total == 0
        assert index.article_count() == 1


def test_aliases_make_a_query_find_the_other_names(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        writer.add(id="t1", body="A truce was agreed.")
        writer.add(id="c1", body="The ceasefire held.")
        assert writer.set_aliases([("ceasefire", "truce"), ["IS", "ISIL"]]) == 3  # IS: too short
        writer.commit()
        assert sorted(h.id for h in index.search("truce")) == ["c1", "t1"]
        assert [h.id for h in index.search("truce", aliases=False)] == ["t1"]


def test_ingest_the_corpus_with_progress_and_a_summary(index_path, corpus):
    seen = []
    with byline.Index.create(index_path) as index, index.writer() as writer:
        summary = writer.ingest([corpus], progress=seen.append, threads=1)
        assert isinstance(summary, byline.IngestSummary)
        assert (summary.indexed, summary.replaced, summary.skipped, summary.stopped,
                summary.articles) == (5, 0, 0, False, 5)
        assert summary.aliases > 0  # corpus/aliases.txt
        assert [p.articles for p in seen] == [1, 2, 3, 4, 5]
        assert all(isinstance(p, byline.Progress) and p.path.startswith(str(corpus))
                   for p in seen)
        again = writer.ingest(str(corpus))  # re-indexing replaces
        assert (again.indexed, again.replaced, again.articles) == (0, 5, 5)


def test_bad_input_is_a_diagnostic_not_an_exception(index_path, tmp_path):
    lines = tmp_path / "articles.jsonl"
    lines.write_text(json.dumps({"id": "j1", "body": "Aid convoys moved north."}) + "\n"
                     "{broken\n" + json.dumps({"id": "j2", "body": "Convoys again."}) + "\n",
                     encoding="utf-8")
    with byline.Index.create(index_path) as index, index.writer() as writer:
        summary = writer.ingest(lines, batch_size=1)
        assert (summary.indexed, summary.skipped) == (2, 1)
        [diagnostic] = summary.diagnostics
        assert (diagnostic.severity, diagnostic.path, diagnostic.line) == (
            "error", str(lines), 2)
        with pytest.raises(byline.InvalidArgumentError, match='"batch_size"'):
            writer.ingest(lines, batch_size=0)


def stop_after(n, log=None):
    def progress(p):
        if log is not None:
            log.append(p.articles)
        return p.articles < n
    return progress


@pytest.mark.parametrize("threads", [1, 2])
def test_a_progress_callback_returning_false_stops_with_a_whole_partial_index(
        index_path, corpus, threads):
    log = []
    with byline.Index.create(index_path) as index, index.writer() as writer:
        summary = writer.ingest(corpus, progress=stop_after(2, log), threads=threads,
                                batch_size=1)
        assert summary.stopped is True
        assert 2 <= summary.indexed < 5
        assert log[:2] == [1, 2]  # the callback is not called again once it said stop
        assert summary.articles == summary.indexed
    # No half-written index: a new reader sees every article the summary
    # counts, each whole and searchable.
    with byline.Index.open(index_path) as index:
        assert index.article_count() == summary.indexed
        found = index.search("*", limit=100)
        assert found.total == summary.indexed
        for hit in found:
            assert index.article(hit.id).body
    # And the index takes the rest later.
    with byline.Index.open(index_path, "w") as index, index.writer() as writer:
        rest = writer.ingest(corpus)
        assert (rest.articles, rest.stopped) == (5, False)


def test_an_exception_in_the_callback_stops_the_run_and_is_raised_after_it(index_path, corpus):
    class Enough(Exception):
        pass

    def progress(p):
        if p.articles == 3:
            raise Enough("three is plenty")

    with byline.Index.create(index_path) as index, index.writer() as writer:
        with pytest.raises(Enough, match="three is plenty"):
            writer.ingest(corpus, progress=progress, threads=1)
        assert index.article_count() == 3  # what was read is committed
        # The writer is still usable.
        assert writer.ingest(corpus).articles == 5


def test_keyboard_interrupt_in_the_callback_stops_the_run_too(index_path, corpus):
    def progress(p):
        raise KeyboardInterrupt

    with byline.Index.create(index_path) as index, index.writer() as writer:
        with pytest.raises(KeyboardInterrupt):
            writer.ingest(corpus, progress=progress, threads=1)
        assert index.article_count() == 1


def test_sigint_during_an_ingestion_stops_it(tmp_path, corpus):
    # Ctrl-C, as a user presses it: the signal arrives while C code runs;
    # Python raises KeyboardInterrupt in the next progress callback, which
    # stops the run. Many small articles, so that the run lasts.
    lines = tmp_path / "many.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for n in range(20000):
            out.write(json.dumps({"id": f"m{n}", "body": f"Article number {n} of many."}) + "\n")
    script = f"""
import os, signal, sys, threading
sys.path.insert(0, {str(byline.__path__[0] + '/..')!r})
import byline
with byline.Index.create({str(tmp_path / 'index')!r}) as index, index.writer() as writer:
    def progress(p):
        if p.articles == 100:
            threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT)).start()
    try:
        writer.ingest({str(lines)!r}, progress=progress, threads=1, batch_size=50)
        print("not stopped")
    except KeyboardInterrupt:
        print("stopped", index.article_count())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    word, count = out.stdout.split()
    assert word == "stopped" and 100 <= int(count) < 20000


def test_with_a_library_that_cannot_stop_a_run_the_callback_is_not_called_again():
    # An older libbyline_c, without byline_ingest_stop(): the run goes on,
    # the callback hears no more of it, and ingest() warns (see Writer.ingest).
    from byline.index import _IngestRun

    class OlderLibrary:
        def has(self, name):
            return False

    calls = []
    run = _IngestRun(OlderLibrary(), lambda p: calls.append(p.articles) or False)
    for n in (1, 2, 3):
        run.on_progress(None, n, 10 * n, b"corpus/x.txt")
    assert calls == [1] and run.stopping and run.unstoppable and run.error is None

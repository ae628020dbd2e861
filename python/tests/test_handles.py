"""Handles: freed by close(), by with blocks and by the garbage collector;
a closed object refuses calls; what was made from an index outlives it."""

import gc

import pytest

import byline


def test_with_blocks_close_every_handle(index_path):
    with byline.Index.create(index_path) as index:
        with index.writer() as writer, index.searcher() as searcher:
            writer.add(id="a", body="Text.")
        assert writer.closed and searcher.closed and not index.closed
    assert index.closed
    # The lock went with them: a new writer may open the index.
    with byline.Index.open(index_path, "w") as again:
        assert again.article_count() == 1


def test_a_closed_object_raises_misuse_and_closing_twice_does_nothing(index_path):
    index = byline.Index.create(index_path)
    writer = index.writer()
    searcher = index.searcher()
    for handle in (writer, searcher, index):
        handle.close()
        handle.close()
        assert handle.closed
    with pytest.raises(byline.MisuseError, match="the Index is closed"):
        index.article_count()
    with pytest.raises(byline.MisuseError, match="the Index is closed"):
        index.search("x")
    with pytest.raises(byline.MisuseError, match="the Writer is closed"):
        writer.add(id="a", body="x")
    with pytest.raises(byline.MisuseError, match="the Searcher is closed"):
        searcher.search("x")
    with pytest.raises(byline.MisuseError):
        searcher.interrupt()
    assert isinstance(byline.MisuseError("x"), byline.UsageError)


def test_the_garbage_collector_frees_forgotten_handles(index_path):
    index = byline.Index.create(index_path)
    writer = index.writer()
    writer.add(id="a", body="Never committed.")
    del index, writer
    gc.collect()
    # Both freed: the lock is free and the uncommitted article is gone.
    with byline.Index.open(index_path, "w") as index:
        assert index.article_count() == 0


def test_writers_and_searchers_outlive_the_index_they_came_from(index_path):
    index = byline.Index.create(index_path)
    writer = index.writer()
    searcher = index.searcher()
    index.close()
    writer.add(id="o1", body="The index handle is gone.")
    writer.commit()
    assert searcher.search("gone").total == 1
    # The writer still holds the lock.
    with pytest.raises(byline.LockedError):
        byline.Index.open(index_path, "w")
    writer.close()
    searcher.close()
    byline.Index.open(index_path, "w").close()


def test_results_need_no_handle(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        writer.add(id="r", title="Results", body="Results outlive everything.")
        writer.commit()
        results = index.search("results", snippets=1)
    assert [hit.id for hit in results] == ["r"]
    assert results.hits[0].snippets[0].text


def test_a_callback_cannot_close_the_writer_it_runs_in(index_path, corpus):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        def progress(p):
            writer.close()

        with pytest.raises(byline.MisuseError, match="while one of its calls runs"):
            writer.ingest(corpus, progress=progress, threads=1)
        assert not writer.closed
        assert index.article_count() == 1


def test_reopen_moves_a_reader_to_the_latest_commit(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        with byline.Index.open(index_path) as reader:
            writer.add(id="n", body="New.")
            writer.commit()
            before = reader.article_count()
            reader.reopen()
            assert (before, reader.article_count()) == (0, 1)
            assert reader.search("new").total == 1  # searches see the latest commit anyway


def test_stats_are_what_the_index_holds(seeds):
    stats = seeds.stats()
    assert isinstance(stats, byline.Stats)
    assert (stats.articles, stats.sources, stats.first_date, stats.last_date, stats.language) == (
        5, 5, "2014-09-15", "2014-09-15", "english")
    assert stats.format_version == byline.index_format_version()
    assert len(seeds) == 5 and "mode='r'" in repr(seeds)


def test_an_index_of_shards_lists_them_and_can_leave_an_unreachable_one_out(seed_index, tmp_path):
    stub = tmp_path / "archive.stub"
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    stub.write_text(f"auto {seed_index}\nremote 127.0.0.1:1\n")
    with pytest.raises(byline.IOError, match="shard 2"):
        byline.Index.open(stub)
    with byline.Index.open(stub, allow_partial=True, connect_timeout_ms=2000) as index:
        results = index.search("iraq", limit=0)
        assert results.total == 5
        assert len(results.unavailable_shards) == 1
        assert results.unavailable_shards[0].startswith(
            f"shard 2 (remote 127.0.0.1:1, line 2 of {stub})")
        stats = index.stats()
        assert (stats.shards, stats.remote_shards) == (2, 1)
        assert [s["remote"] for s in stats.shard_list] == [False, True]

"""Each kind of failure is its own exception class, with the library's
message; the classes split into usage and operational errors."""

import pytest

import byline
from byline import errors


def test_an_invalid_query_raises_invalid_query_error_with_its_position(seeds):
    # tests/query/search_test.cpp: the unbalanced quote is at byte 6.
    with pytest.raises(byline.InvalidQueryError) as caught:
        seeds.search('Kerry "dirty hands')
    error = caught.value
    assert (error.status, error.kind, error.position, error.byte_position) == (
        errors.INVALID_QUERY, "InvalidQuery", 6, 6)
    assert error.query == 'Kerry "dirty hands'
    assert error.query[error.position:] == '"dirty hands'
    assert "(at byte 6)" in error.message
    assert str(error) == f"InvalidQuery: {error.message}"
    assert isinstance(error, byline.UsageError) and isinstance(error, ValueError)
    # The next search runs: the error was the query's, not the searcher's.
    assert seeds.search('Kerry "dirty hands"').total >= 0


def test_the_position_counts_characters_of_the_query_not_bytes(seeds):
    query = 'Hollande «Français» "dirty hands'
    with pytest.raises(byline.InvalidQueryError) as caught:
        seeds.search(query)
    error = caught.value
    assert error.byte_position == len(query.encode()) - len('"dirty hands')
    assert query[error.position:] == '"dirty hands'
    with pytest.raises(byline.InvalidQueryError) as caught:
        seeds.explain(query)
    assert query[caught.value.position:] == '"dirty hands'


@pytest.mark.parametrize("query", ["", "   ", "!!! ---", "(pledge"])
def test_queries_that_cannot_run_are_invalid_query_errors(seeds, query):
    with pytest.raises(byline.InvalidQueryError):
        seeds.search(query)


def test_no_index_is_not_found(tmp_path):
    with pytest.raises(byline.NotFoundError) as caught:
        byline.Index.open(tmp_path / "missing")
    assert str(tmp_path / "missing") in caught.value.message
    assert caught.value.kind == "NotFound"
    assert isinstance(caught.value, byline.OperationalError)
    assert caught.value.position is None


def test_a_second_writer_is_locked_out_until_the_first_is_closed(index_path):
    first = byline.Index.create(index_path)
    with pytest.raises(byline.LockedError) as caught:
        byline.Index.open(index_path, "w")
    assert caught.value.status == errors.LOCKED
    # Readers are never locked out.
    with byline.Index.open(index_path) as reader:
        assert reader.article_count() == 0
    first.close()
    byline.Index.open(index_path, "w").close()


def test_a_damaged_index_is_corrupt_or_io_not_a_crash(index_path):
    with byline.Index.create(index_path) as index, index.writer() as writer:
        writer.add(id="a", body="Some text to store.")
        writer.commit()
    for part in index_path.iterdir():
        if part.suffix == ".glass":
            part.write_bytes(b"\0garbage" * 64)
    with pytest.raises((byline.CorruptError, byline.IOError, byline.VersionMismatchError)) as caught:
        with byline.Index.open(index_path) as index:
            index.search("text")
    assert isinstance(caught.value, byline.OperationalError)


def test_bad_arguments_are_invalid_argument_errors(index_path):
    with pytest.raises(byline.InvalidArgumentError, match="mode"):
        byline.Index.open(index_path, "x")
    with pytest.raises(byline.InvalidArgumentError, match='"langauge"'):
        byline.Index.create(index_path, langauge="french")
    with pytest.raises(byline.InvalidArgumentError, match="klingon"):
        byline.Index.create(index_path.with_name("klingon"), language="klingon")
    with byline.Index.create(index_path) as index, index.writer():
        with pytest.raises(byline.InvalidArgumentError):
            index.writer()  # one writer at a time


def test_every_status_has_its_class_and_the_split_follows_the_kinds():
    usage = {errors.INVALID_ARGUMENT, errors.INVALID_QUERY, errors.MISUSE}
    operational = {errors.NOT_FOUND, errors.LOCKED, errors.CORRUPT, errors.VERSION_MISMATCH,
                   errors.BAD_INPUT, errors.IO, errors.OUT_OF_MEMORY}
    for status in range(1, 13):
        cls = errors.error_class(status)
        assert cls is not byline.Error and cls.status == status
        assert issubclass(cls, byline.UsageError) == (status in usage)
        assert issubclass(cls, byline.OperationalError) == (status in operational)
    assert errors.error_class(99) is byline.Error
    assert issubclass(byline.IOError, OSError) and issubclass(byline.OutOfMemoryError, MemoryError)
    # The names are those of byline_status_name().
    library = byline.load_library()
    for status in range(1, 13):
        assert errors.error_class(status).kind == library.byline_status_name(status).decode()


def test_an_unknown_status_keeps_its_c_name():
    class FakeLibrary:
        def byline_last_error_message(self):
            return b"something new"

        def byline_last_error_position(self):
            return -1

        def byline_status_name(self, status):
            return b"Unknown"

    error = errors.from_last_error(FakeLibrary(), 99)
    assert type(error) is byline.Error
    assert (error.status, str(error)) == (99, "Unknown: something new")


def test_a_create_that_fails_leaves_no_index_behind(index_path):
    with pytest.raises(byline.InvalidArgumentError):
        byline.Index.create(index_path, language="klingon")
    with byline.Index.create(index_path) as index:
        assert index.article_count() == 0

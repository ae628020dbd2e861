"""More like this through the package: Searcher.similar() as a user sees it."""

import pytest

import byline
from conftest import PROJECT_DIR

SEED0 = "000_948900f74b3c9d2b"
SEED4 = "004_b46668153307b5f2"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, corpus):
    """The seed articles among the fifty unrelated ones of the multilingual
    fixture: in the seeds alone, a word all five share tells them from
    nothing."""
    path = tmp_path_factory.mktemp("mixed") / "index"
    others = PROJECT_DIR / "tests" / "fixtures" / "multilingual" / "articles.jsonl"
    with byline.Index.create(path) as index:
        with index.writer() as writer:
            assert writer.ingest([str(corpus), str(others)]).indexed == 55
        yield index


def test_the_articles_like_a_seed_are_the_other_four_with_the_words_they_share(seeds):
    similar = seeds.similar(SEED0)
    assert isinstance(similar, byline.SimilarResults)
    assert {hit.id[:3] for hit in similar.hits[:4]} == {"001", "002", "003", "004"}
    assert similar.ids == [SEED0] and similar.total > 4
    words = [term.word for term in similar.terms]
    assert len(words) == 15 and "iraq" in words and "the" not in words  # 15 by default
    assert all(isinstance(term, byline.SimilarTerm) and term.weight > 0 for term in similar.terms)
    for hit in similar:
        assert hit.matched and set(hit.matched) <= set(words)


def test_several_ids_options_and_a_filter_are_passed_through(seeds):
    both = seeds.similar([SEED0, SEED4], terms=10, limit=2)
    assert both.ids == [SEED0, SEED4] and len(both.terms) == 10 and len(both) == 2
    assert not {hit.id for hit in both} & {SEED0, SEED4}
    assert [hit.id for hit in seeds.similar(SEED0, filter="source:bbc")] == [SEED4]
    dated = seeds.similar(SEED0, filter="date:2025", limit=100)
    assert dated.total > 0 and all(hit.date.startswith("2025") for hit in dated)


def test_an_unknown_id_and_a_bad_filter_raise_as_search_does(seeds):
    with pytest.raises(byline.NotFoundError, match='"nope"'):
        seeds.similar("nope")
    with pytest.raises(byline.InvalidQueryError) as raised:
        seeds.similar(SEED0, filter='date:2014 "open')
    assert raised.value.position == 10
    with pytest.raises(byline.InvalidArgumentError, match='"suggest_below"'):
        seeds.similar(SEED0, suggest_below=1)

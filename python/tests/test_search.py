"""Searching the seed corpus through the package: what a user sees."""

import threading

import pytest

import byline


def ids(results):
    """The hits' ids cut to the seed files' numbers, as the C++ tests do."""
    return {hit.id[:3] for hit in results}


def test_the_phrase_dirty_hands_finds_exactly_the_three_articles_that_quote_it(seeds):
    # tests/query/search_test.cpp: the same three, through C++.
    results = seeds.search('"dirty hands"', limit=100)
    assert ids(results) == {"000", "001", "004"}
    assert (results.total, results.total_exact, len(results)) == (3, True, 3)
    assert results.query == '"dirty hands"'
    assert seeds.search('"hands dirty"').total == 0


def test_results_iterate_as_hits_with_their_fields(seeds):
    results = seeds.search('"dirty hands"')
    hits = list(results)
    assert [hit.rank for hit in hits] == [1, 2, 3]
    assert results[0] == hits[0] and len(results) == 3
    first = hits[0]
    assert isinstance(first, byline.Hit)
    assert (first.id, first.title, first.source, first.date, first.lang) == (
        "001_94e9bdd229995ac4", "Iraq wins pledge of military support against ISIS", "News24",
        "2014-09-15", "en")
    assert first.score > hits[-1].score > 0
    assert first.snippets == [] and first.title_html is None  # not asked for


def test_limit_and_offset_page_through_the_matches(seeds):
    everything = [hit.id for hit in seeds.search("pledging", limit=100)]
    assert len(everything) == 5
    page = seeds.search("pledging", limit=2, offset=2)
    assert (page.total, page.offset, page.limit) == (5, 2, 2)
    assert [hit.id for hit in page] == everything[2:4]
    assert [hit.rank for hit in page] == [3, 4]
    counted = seeds.search("pledging", limit=0)
    assert (counted.total, len(counted)) == (5, 0)


def test_sort_and_default_operator_are_passed_through(seeds):
    assert ids(seeds.search("Khamenei Haines", aliases=False)) == {"001", "002", "004"}
    either = seeds.search("Khamenei Haines", default_operator="any", limit=100)
    assert either.total >= 3
    newest = [hit.id for hit in seeds.search("Kerry", sort="newest", limit=100)]
    oldest = [hit.id for hit in seeds.search("Kerry", sort="oldest", limit=100)]
    assert sorted(newest) == sorted(oldest) and newest
    with pytest.raises(byline.InvalidArgumentError, match='"sort"'):
        seeds.search("Kerry", sort="sideways")


def test_facets_count_every_match_by_name_list_or_request(seeds):
    results = seeds.search("pledging", limit=0, facets="source,month", facet_top=3)
    source = results.facets["source"]
    assert isinstance(source, byline.Facet) and source.name == "source"
    assert len(source) == 3 and source.distinct == 5 and source.other == 2
    assert sum(value.count for value in source) == 3
    assert results.facets["month"].counts() == {"2014-09": 5}
    # A list of names, and per-facet requests as dicts (the C API's array).
    listed = seeds.search('"dirty hands"', limit=0, facets=["source"])
    assert listed.facets["source"].counts() == {"Al Jazeera": 1, "BBC News": 1, "News24": 1}
    ordered = seeds.search("*", limit=0, facets=[{"field": "source", "order": "value"}])
    assert [v.value for v in ordered.facets["source"]] == [
        "Al Jazeera", "BBC News", "China Topix", "Haaretz", "News24"]
    assert seeds.search("pledging").facets == {}


def test_snippets_and_title_highlights_are_character_offsets(seeds):
    results = seeds.search('"dirty hands"', snippets=1, highlight_title=True, snippet_length=60)
    for hit in results:
        assert len(hit.snippets) == 1
        snippet = hit.snippets[0]
        assert snippet.highlights
        for start, end in snippet.highlights:
            # The body has "—" and curly quotes before and around: bytes are not characters.
            assert snippet.text[start:end].lower() == "dirty hands"
        assert "<mark>" in snippet.html
        assert hit.title_html is not None
    # A highlight past a multi-byte character.
    snippet = results[0].snippets[0]
    assert snippet.text.startswith("'Dirty hands' —") and snippet.highlights[0] == (1, 12)


def test_a_query_that_finds_little_gets_a_suggestion(seeds):
    assert seeds.search("Khamenie").suggestion == "khamenei"
    assert seeds.search("Khamenei").suggestion is None


def test_aliases_expand_unless_turned_off(seeds):
    # tests/query/search_test.cpp: "Daesh" itself is in 002 and 003 only.
    assert ids(seeds.search("Daesh", aliases=False)) == {"002", "003"}
    assert ids(seeds.search("Daesh")) == {"000", "001", "002", "003", "004"}  # ISIL, ISIS, ...
    explained = seeds.explain("Daesh")
    assert explained.parsed == 'word "Daesh"'
    assert any("isil" in expansion for expansion in explained.expansions)
    assert seeds.explain("Daesh", aliases=False).expansions == []
    with pytest.raises(byline.InvalidArgumentError):
        seeds.explain("Daesh", limit=3)  # explain runs nothing: a limit would do nothing


def test_an_article_by_id_whole_and_not_found(seeds):
    article = seeds.article("004_b46668153307b5f2")
    assert isinstance(article, byline.Article)
    assert (article.title, article.source, article.date, article.lang) == (
        "Islamic State crisis: World leaders pledge Iraq support", "BBC News", "2014-09-15", "en")
    assert "dirty hands" in article.body.lower()
    with pytest.raises(byline.NotFoundError):
        seeds.article("no-such-id")


def test_highlight_marks_a_whole_article_and_mark_up_draws_it(seeds):
    article = seeds.article("000_948900f74b3c9d2b")
    marks = seeds.highlight("pledge iraq", article)
    assert [article.title[a:b] for a, b in marks.title] == ["pledge", "Iraq"]
    assert all(article.body[a:b].lower().startswith(("pledg", "iraq")) for a, b in marks.body)
    assert byline.mark_up(article.title, marks.title) == \
        "World leaders <mark>pledge</mark> to help <mark>Iraq</mark> fight ISIL"
    assert byline.mark_up("a <b> é x", [(6, 7)]) == "a &lt;b&gt; <mark>é</mark> x"
    assert byline.mark_up("é x", [(2, 3)], "none") == "é x"


def test_unknown_keys_reach_the_c_api_which_names_them(seeds):
    # Options are passed through as the C API's JSON: whatever key it knows
    # works, and it names the one it does not.
    with pytest.raises(byline.InvalidArgumentError, match='"limt"'):
        seeds.search("pledging", limt=3)
    with pytest.raises(byline.InvalidArgumentError, match='"limit"'):
        seeds.search("pledging", limit="three")
    assert seeds.search("pledging", exact_total=False, limit=1).total >= 1
    assert seeds.search("pledging", timeout_ms=60000).total == 5


def test_parallel_searchers_each_on_its_own_thread(seed_index):
    with byline.Index.open(seed_index) as index:
        searchers = [index.searcher() for _ in range(3)]
        totals, problems = [], []

        def run(searcher):
            try:
                for _ in range(20):
                    totals.append(searcher.search('"dirty hands"', limit=0).total)
            except Exception as error:  # pragma: no cover (reported below)
                problems.append(error)

        threads = [threading.Thread(target=run, args=(s,)) for s in searchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for searcher in searchers:
            searcher.close()
    assert problems == [] and totals == [3] * 60


def test_interrupt_stops_one_search_and_the_next_runs(seeds):
    with seeds.searcher() as searcher:
        searcher.interrupt()
        with pytest.raises(byline.SearchInterruptedError) as caught:
            searcher.search("pledging")
        assert caught.value.kind == "Interrupted"
        assert searcher.search("pledging").total == 5


def test_an_interrupt_from_another_thread_stops_a_search_under_way(seeds):
    # A search long enough to be caught running: many wildcard expansions
    # over and over. Interrupts are sent until one lands in a search.
    with seeds.searcher() as searcher:
        stop = threading.Event()

        def interrupt():
            while not stop.wait(0.001):
                searcher.interrupt()

        thread = threading.Thread(target=interrupt)
        thread.start()
        try:
            with pytest.raises(byline.SearchInterruptedError):
                for _ in range(100000):
                    searcher.search("*a* OR *e* OR *i*", limit=100)
        finally:
            stop.set()
            thread.join()

"""Near-duplicates and stories from Python: collapsed hits and their copies,
each hit's group and story, the stories listing, grouping again."""

import pytest

import byline

# One wire story, printed word for word by two outlets (over 100 words).
WIRE = (
    "Health officials in Monrovia said on Saturday that the number of patients admitted to "
    "treatment centres had risen sharply during the week, and that new beds were being added as "
    "quickly as supplies allowed. The ministry asked families to bring sick relatives to the "
    "clinics rather than caring for them at home, where the virus spreads among those who wash "
    "and feed the patient. Aid groups said they were short of protective suits, chlorine and "
    "trained nurses, and that several hospitals in the capital had closed their doors after "
    "staff fell ill. The government extended a curfew in the worst-hit districts and said "
    "schools would stay closed until the end of the year.")

SEED_IDS = {"000_948900f74b3c9d2b", "001_94e9bdd229995ac4", "002_366fa68734369454",
            "003_51153d1eecd2bcae", "004_b46668153307b5f2"}


@pytest.fixture
def news(index_path, corpus):
    """The seed corpus (one story), then two reprints of one wire story."""
    with byline.Index.create(index_path) as index:
        with index.writer() as writer:
            seeds = writer.ingest(str(corpus))
        with index.writer() as writer:
            writer.add(id="wire-reuters", title="Liberia adds beds as Ebola admissions rise",
                       source="Reuters", date="2014-09-20", lang="en", body=WIRE)
            writer.add(id="wire-yahoo", title="Ebola: Liberia struggles to keep up",
                       source="Yahoo News", date="2014-09-20", lang="en", body=WIRE)
    assert (seeds.near_duplicates, seeds.new_stories) == (0, 1)
    with byline.Index.open(index_path) as index:
        yield index


def test_collapse_gives_one_hit_for_the_reprints_and_list_copies_names_the_other(news):
    both = news.search("Monrovia")
    assert [hit.copies_collapsed for hit in both] == [0, 0]
    assert both.collapsed_total is None
    assert both[0].duplicate_group == both[1].duplicate_group == "wire-reuters"

    collapsed = news.search("Monrovia", collapse=True, list_copies=True)
    assert (collapsed.total, collapsed.collapsed_total, len(collapsed)) == (2, 1, 1)
    hit = collapsed[0]
    assert hit.copies_collapsed == 1
    other = {"wire-reuters": ("wire-yahoo", "Yahoo News"),
             "wire-yahoo": ("wire-reuters", "Reuters")}[hit.id]
    assert [(copy.id, copy.source) for copy in hit.copies] == [other]
    assert isinstance(hit.copies[0], byline.DuplicateCopy)

    with pytest.raises(byline.InvalidArgumentError, match="collapse"):
        news.search("Monrovia", list_copies=True)


def test_each_hit_has_its_story_and_a_story_query_finds_its_articles(news):
    hits = news.search("pledging", limit=10)
    stories = {hit.story for hit in hits}
    assert len(stories) == 1  # the seed articles: one event
    story = stories.pop()
    assert story.isdigit()
    assert {hit.id for hit in news.search(f"story:{story}", limit=10)} == SEED_IDS
    facet = news.search("*", limit=0, facets="story").facets["story"]
    assert facet.counts()[story] == 5
    with pytest.raises(byline.InvalidQueryError):
        news.search("story:ebola")


def test_stories_lists_the_seed_story_newest_first_with_its_sources(news):
    listed = news.stories()
    assert listed.total == len(listed) >= 2
    assert isinstance(listed, byline.StoryList)
    last_dates = [story.last_date for story in listed]
    assert last_dates == sorted(last_dates, reverse=True)
    seed = next(story for story in listed if story.central_id in SEED_IDS)
    assert isinstance(seed, byline.StorySummary)
    assert (seed.size, seed.matching, seed.first_date, seed.last_date) == (5, 5, "2014-09-15",
                                                                           "2014-09-15")
    assert [(s.value, s.count) for s in seed.sources] == [
        ("Al Jazeera", 1), ("BBC News", 1), ("China Topix", 1), ("Haaretz", 1), ("News24", 1)]
    assert seed.label and seed.keywords

    kerry = news.stories("Kerry")
    assert [(story.id, story.matching) for story in kerry] == [(seed.id, 4)]
    assert news.stories("*", limit=1, offset=1)[0].id == listed[1].id
    assert news.stories("Kerry", default_operator="any", aliases=False).total == 1
    with pytest.raises(byline.InvalidArgumentError, match="sort"):
        news.stories("*", sort="newest")
    with pytest.raises(byline.InvalidQueryError) as error:
        news.stories('Kerry "dirty')
    assert error.value.position == 6


def test_rebuild_stories_groups_everything_again_at_the_commit(index_path):
    with byline.Index.create(index_path) as index:
        with index.writer() as writer:
            writer.add(id="a", title="Liberia adds beds", source="Reuters", date="2014-09-20",
                       body=WIRE)
            writer.add(id="b", title="Liberia struggles", source="Yahoo News",
                       date="2014-09-20", body=WIRE)
        with index.writer() as writer:
            writer.rebuild_stories()
            assert writer.pending  # a change: the block commits it as it ends
        collapsed = index.search("Monrovia", collapse=True)
        assert (collapsed.total, collapsed.collapsed_total) == (2, 1)
        assert "1" in {story.id for story in index.stories()}  # ids from 1 again

"""Discover (/discover/): every filter and combination shows only matching songs, with true counts."""

import datetime
import itertools
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from songs.models import Artist
from tests.factories import make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries, parse, text_of

pytestmark = pytest.mark.django_db

DISCOVER = reverse("articles:discover")


@pytest.fixture
def catalog():
    """Songs covering every voice, era and soundtrack value, each with known themes."""
    rain, night, empty = (
        make_theme(name="Rainy day", slug="rainy-day"),
        make_theme(name="Late night", slug="late-night"),
        make_theme(name="Farewell", slug="farewell"),
    )
    woman, man = make_artist(gender="female"), make_artist(gender="male")
    other_woman, unknown = make_artist(gender="female"), make_artist(gender="")
    girls = make_artist(gender="female", kind=Artist.Kind.GROUP)
    band = make_artist(gender="male", kind=Artist.Kind.BAND)
    drama = make_drama()

    def on(year):
        return datetime.date(year, 5, 1)

    songs = {
        "woman-rain-2010s-ost": make_song(artists=[woman], themes=[rain], released_on=on(2016), drama=drama),
        "woman-rain-night-2020s": make_song(artists=[woman], themes=[rain, night], released_on=on(2021)),
        "man-night-1990s": make_song(artists=[man], themes=[night], released_on=on(1995)),
        "man-rain-undated": make_song(artists=[man], themes=[rain]),
        "girls-rain-2000s-ost": make_song(artists=[girls], themes=[rain], released_on=on(2004), drama=drama),
        "band-night-2010s": make_song(artists=[band], themes=[night], released_on=on(2012)),
        "duet-women-rain-2010s": make_song(artists=[woman, other_woman], themes=[rain], released_on=on(2018)),
        "duet-mixed-2020s-ost": make_song(artists=[man, woman], released_on=on(2023), drama=drama),
        "featuring-man-rain": make_song(
            artists=[woman], featuring=[man], themes=[rain], released_on=on(2011)
        ),
        "unknown-night": make_song(artists=[unknown], themes=[night], released_on=on(2001)),
    }
    for key, song in songs.items():
        song.key = key
    return {"songs": songs, "rain": rain, "night": night, "empty": empty}


def expected(catalog, mood=(), voice=(), era=None, ost=None):
    """The keys of the songs that match, worked out from the fixture's own description."""

    def matches(key, song):
        main = [credit.artist for credit in song.credits.filter(role="main")]
        themes = {theme.slug for theme in song.themes.all()}
        voices = set()
        for gender in ("female", "male"):
            if all(artist.gender == gender for artist in main):
                voices.add(gender)
        if any(artist.kind != "solo" for artist in main):
            voices.add("group")
        if len(main) > 1:
            voices.add("duet")
        decade = f"{song.released_on.year // 10 * 10}s" if song.released_on else None
        return (
            set(mood) <= themes
            and set(voice) <= voices
            and (era is None or era == decade)
            and (ost is None or (song.drama_id is not None) == (ost == "yes"))
        )

    return sorted(key for key, song in catalog["songs"].items() if matches(key, song))


def shown(client, catalog, **query):
    response = client.get(DISCOVER + "?" + urlencode(query, doseq=True))
    assert response.status_code == 200
    page = parse(response)
    by_url = {song.get_absolute_url(): key for key, song in catalog["songs"].items()}
    return sorted(by_url[link["href"]] for link in page.select("#results .card__title a"))


SINGLE_FILTERS = [
    {"mood": ["rainy-day"]},
    {"mood": ["late-night"]},
    {"mood": ["rainy-day", "late-night"]},
    *({"voice": [voice]} for voice in ["male", "female", "group", "duet"]),
    {"voice": ["female", "duet"]},
    *({"era": era} for era in ["1990s", "2000s", "2010s", "2020s"]),
    {"ost": "yes"},
    {"ost": "no"},
]


@pytest.mark.parametrize("query", SINGLE_FILTERS)
def test_each_filter_shows_only_matching_songs(client, catalog, query):
    assert shown(client, catalog, **query) == expected(catalog, **query)


def test_every_combination_of_mood_voice_era_and_soundtrack_shows_only_matching_songs(client, catalog):
    moods = [[], ["rainy-day"], ["late-night"]]
    voices = [[], ["female"], ["male"], ["group"], ["duet"]]
    eras = [None, "2010s", "2020s"]
    soundtracks = [None, "yes", "no"]
    for mood, voice, era, ost in itertools.product(moods, voices, eras, soundtracks):
        query = {"mood": mood, "voice": voice, "era": era, "ost": ost}
        query = {key: value for key, value in query.items() if value}
        assert shown(client, catalog, **query) == expected(catalog, mood, voice, era, ost), query


def test_no_filter_shows_every_song(client, catalog):
    assert shown(client, catalog) == sorted(catalog["songs"])


@pytest.mark.parametrize(
    "query",
    [
        "mood=no-such-theme",
        "voice=robot",
        "voice=",
        "era=1980s",
        "era=abc",
        "ost=maybe",
        "sort=loudest",
        "page=abc",
        "page=0",
        "page=-3",
        "mood=" + "x" * 2000,
    ],
)
def test_bad_values_are_ignored(client, catalog, query):
    response = client.get(f"{DISCOVER}?{query}")
    assert response.status_code == 200
    assert len(parse(response).select("#results .song-card")) == len(catalog["songs"])


@pytest.mark.parametrize("query", ["mood=%00&voice=%ff", "mood=" + "x" * 5000])
def test_values_the_database_cannot_store_are_refused_as_everywhere_on_the_site(client, catalog, query):
    # kballads/query_guard.py: NUL, bytes that are not UTF-8 and overlong values are a 400, site-wide.
    assert client.get(f"{DISCOVER}?{query}").status_code == 400


def test_a_bad_value_beside_a_good_one_keeps_the_good_one(client, catalog):
    assert shown(client, catalog, mood=["rainy-day", "nope"], voice=["male", "robot"]) == expected(
        catalog, ["rainy-day"], ["male"]
    )


def test_a_page_past_the_end_is_not_found_in_the_sites_layout(client, catalog):
    response = client.get(f"{DISCOVER}?page=2")
    assert response.status_code == 404
    assert parse(response).select_one(".site-header")


def test_results_are_paginated(client):
    theme = make_theme(slug="many")
    for number in range(30):
        make_song(
            title=f"Song {number:02}", themes=[theme], released_on=datetime.date(2000 + number % 20, 1, 1)
        )
    first = parse(client.get(f"{DISCOVER}?mood=many&sort=newest"))
    second = parse(client.get(f"{DISCOVER}?mood=many&sort=newest&page=2"))
    assert len(first.select("#results .song-card")) == 24
    assert len(second.select("#results .song-card")) == 6
    next_link = first.select_one("#results .pagination a[rel=next]")
    assert next_link["href"] == "?mood=many&sort=newest&page=2"


def facet_choices(page, name):
    """{value: (count, disabled, checked)} for the inputs named ``name``."""
    choices = {}
    for label in page.select(f"form .facet:has(input[name={name}])"):
        field = label.select_one("input")
        count = int(text_of(label.select_one(".facet__count")))
        choices[field["value"]] = (count, field.has_attr("disabled"), field.has_attr("checked"))
    return choices


@pytest.mark.parametrize(
    "start", [{}, {"mood": ["rainy-day"]}, {"voice": ["female"], "era": "2010s"}, {"ost": "yes"}]
)
def test_every_count_is_the_number_of_songs_that_choice_shows(client, catalog, start):
    page = parse(client.get(DISCOVER + "?" + urlencode(start, doseq=True)))
    for name in ["mood", "voice", "era", "ost"]:
        choices = facet_choices(page, name)
        assert choices, name
        for value, (count, disabled, checked) in choices.items():
            query = dict(start)
            if name in ("mood", "voice"):
                query[name] = sorted({*query.get(name, []), value})
            else:
                query[name] = value
            query = {key: item for key, item in query.items() if item}
            assert len(shown(client, catalog, **query)) == count, (name, value)
            assert disabled == (count == 0 and not checked)


def test_a_choice_with_no_songs_is_disabled(client, catalog):
    page = parse(client.get(DISCOVER))
    assert facet_choices(page, "mood")["farewell"] == (0, True, False)
    assert facet_choices(page, "era")["1990s"] == (1, False, False)


def test_chosen_values_are_checked_and_the_url_is_the_state(client, catalog):
    page = parse(client.get(f"{DISCOVER}?mood=rainy-day&voice=female&era=2010s&ost=no&sort=newest"))
    assert facet_choices(page, "mood")["rainy-day"][2]
    assert facet_choices(page, "voice")["female"][2]
    assert facet_choices(page, "era")["2010s"][2]
    assert facet_choices(page, "ost")["no"][2]
    assert page.select_one("select[name=sort] option[selected]")["value"] == "newest"
    assert page.select_one("form.discover__form")["method"] == "get"


def test_newest_first_puts_undated_songs_last(client, catalog):
    page = parse(client.get(f"{DISCOVER}?mood=rainy-day&sort=newest"))
    titles = [text_of(link) for link in page.select("#results .card__title a")]
    songs = catalog["songs"]
    assert titles[0] == songs["woman-rain-night-2020s"].title
    assert titles[-1] == songs["man-rain-undated"].title


def test_most_listed_and_best_matches_put_songs_in_lists_first(
    client, catalog, django_capture_on_commit_callbacks
):
    songs = catalog["songs"]
    # Publishing stores each song's list count when the editor's save commits.
    with django_capture_on_commit_callbacks(execute=True):
        make_list([songs["man-rain-undated"], songs["girls-rain-2000s-ost"]], themes=[catalog["rain"]])
        make_list([songs["man-night-1990s"], songs["man-rain-undated"]], themes=[catalog["night"]])
        make_list([songs["girls-rain-2000s-ost"], songs["unknown-night"]], status="draft", published_at=None)
    listed = parse(client.get(f"{DISCOVER}?sort=listed"))
    first = listed.select_one("#results li")
    assert first.select_one(".card__title a")["href"] == songs["man-rain-undated"].get_absolute_url()
    assert text_of(first.select_one(".discover__listed")) == "In 2 lists"
    girls = listed.select_one(
        f'#results li:has(a[href="{songs["girls-rain-2000s-ost"].get_absolute_url()}"])'
    )
    assert text_of(girls.select_one(".discover__listed")) == "In 1 list"  # The draft does not count.
    best = parse(client.get(f"{DISCOVER}?mood=late-night"))
    assert best.select_one("#results .card__title a")["href"] == songs["man-night-1990s"].get_absolute_url()


def test_the_query_count_does_not_grow_with_themes_or_songs(client):
    def add(count):
        themes = [make_theme() for _ in range(count)]
        for number in range(count * 3):
            make_list(
                [make_song(themes=themes[: number % count + 1], drama=make_drama() if number % 2 else None)]
            )

    add(2)
    url = f"{DISCOVER}?voice=female&sort=listed"
    fewer = count_queries(client, url)
    add(8)
    assert count_queries(client, url) == fewer


def test_the_home_page_links_into_discover_with_presets(client, catalog):
    page = parse(client.get(reverse("articles:home")))
    links = page.select("#discover-presets a")
    hrefs = [link["href"] for link in links]
    assert "/discover/?mood=rainy-day&voice=female" in hrefs
    rain_women = next(link for link in links if link["href"] == "/discover/?mood=rainy-day&voice=female")
    assert text_of(rain_women).startswith("More Rainy day ballads sung by women")


def test_discover_is_in_the_main_navigation(client):
    page = parse(client.get(DISCOVER))
    current = page.select_one(".site-nav a[aria-current=page]")
    assert current["href"] == DISCOVER


def test_best_matches_put_songs_in_more_lists_with_the_mood_first_across_pages(
    client, django_capture_on_commit_callbacks
):
    rain, other = make_theme(name="Rain", slug="rain"), make_theme(name="Other", slug="other")
    songs = [make_song(title=f"Song {number:02}", themes=[rain]) for number in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        make_list([songs[20], songs[25]], themes=[rain])
        make_list([songs[25], songs[3]], themes=[rain])
        make_list([songs[25]], themes=[rain])
        make_list([songs[7], songs[7 + 1]], themes=[other])  # Listed, but not with the mood.
        make_list([songs[7]], themes=[other])
        make_list([songs[29]], themes=[rain], status="draft", published_at=None)

    def titles(page):
        cards = parse(client.get(f"{DISCOVER}?mood=rain&page={page}")).select("#results .card__title a")
        return [text_of(card) for card in cards]

    shown = titles(1) + titles(2)
    # 25 is in three rain lists, then 03 and 20 in one each (ties by title); then the rest as
    # "most listed": 07 in two lists, 08 in one, then by title. The draft counts for nothing.
    expected = ["Song 25", "Song 03", "Song 20", "Song 07", "Song 08"]
    expected += sorted(f"Song {n:02}" for n in range(30) if n not in {25, 3, 20, 7, 8})
    assert shown == expected


def test_the_kept_mood_ranking_follows_list_changes_with_the_page_cache_off(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = False
    rain = make_theme(name="Rain", slug="rain")
    first = make_song(title="A first", themes=[rain])
    second = make_song(title="B second", themes=[rain])
    with django_capture_on_commit_callbacks(execute=True):
        make_list([first])  # In more lists than B will be, but none with the mood.
        make_list([first])

    def leading():
        return text_of(parse(client.get(f"{DISCOVER}?mood=rain")).select_one("#results .card__title a"))

    assert leading() == "A first"
    with django_capture_on_commit_callbacks(execute=True):  # The editor's save commits.
        article = make_list([second], themes=[rain])
    assert leading() == "B second"
    assert leading() == "B second"  # kept, and still right
    with django_capture_on_commit_callbacks(execute=True):
        article.themes.clear()
    assert leading() == "A first"  # Still listed, no longer with the mood.
    with django_capture_on_commit_callbacks(execute=True):
        article.themes.add(rain)
    assert leading() == "B second"
    with django_capture_on_commit_callbacks(execute=True):
        article.status = "draft"
        article.save()
    assert leading() == "A first"


def test_best_matches_with_several_moods_count_a_list_with_more_than_one_of_them_once(
    client, django_capture_on_commit_callbacks
):
    rain, night = make_theme(name="Rain", slug="rain"), make_theme(name="Night", slug="night")
    both = make_song(title="A in one list with both moods", themes=[rain, night])
    twice = make_song(title="B in two lists", themes=[rain, night])
    make_song(title="C in none", themes=[rain, night])
    with django_capture_on_commit_callbacks(execute=True):
        make_list([both], themes=[rain, night])
        make_list([both])  # Listed as often as B, so that counting A's list twice would put A first.
        make_list([twice], themes=[rain])
        make_list([twice], themes=[night])

    def titles(query):
        return [
            text_of(card)
            for card in parse(client.get(f"{DISCOVER}?{query}")).select("#results .card__title a")
        ]

    assert titles("mood=rain&mood=night") == ["B in two lists", "A in one list with both moods", "C in none"]
    # One mood: one list each, then as "most listed" (a tie: by title).
    assert titles("mood=rain") == ["A in one list with both moods", "B in two lists", "C in none"]


def test_best_matches_with_a_voice_or_an_era_rank_only_the_songs_that_match(
    client, django_capture_on_commit_callbacks
):
    rain = make_theme(name="Rain", slug="rain")
    woman, man = make_artist(gender="female"), make_artist(gender="male")
    hers = [
        make_song(
            title=f"Hers {number}", artists=[woman], themes=[rain], released_on=datetime.date(2015, 1, 1)
        )
        for number in range(3)
    ]
    his = make_song(title="His", artists=[man], themes=[rain], released_on=datetime.date(2015, 1, 1))
    untagged = make_song(title="Hers, untagged", artists=[woman])
    with django_capture_on_commit_callbacks(execute=True):
        make_list([his, hers[2], untagged], themes=[rain])
        make_list([his, hers[2], untagged], themes=[rain])
        make_list([hers[1]], themes=[rain])

    def titles(query):
        return [
            text_of(card)
            for card in parse(client.get(f"{DISCOVER}?{query}")).select("#results .card__title a")
        ]

    # Moods alone and moods with other filters are ranked by different queries: both must agree.
    assert titles("mood=rain") == ["Hers 2", "His", "Hers 1", "Hers 0"]
    assert titles("mood=rain&voice=female") == ["Hers 2", "Hers 1", "Hers 0"]
    assert titles("mood=rain&voice=male&era=2010s") == ["His"]
    assert titles("mood=rain&era=1990s") == []

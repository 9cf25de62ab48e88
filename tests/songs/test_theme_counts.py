"""Each theme's stored song counts (all songs, those women and men sing, and the rest of what
Discover shows for the theme alone) stay in step with every kind of edit, one by one or in bulk."""

import datetime
import importlib
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.http import QueryDict

from articles.discover import DiscoverFilters, stored_counts
from songs.counters import recount_themes
from songs.facets import FACET_COUNT_NAMES
from songs.models import Artist, SongCredit, TaggedSong, Theme
from songs.voices import store_voices
from tests.factories import make_artist, make_drama, make_song, make_theme

pytestmark = pytest.mark.django_db


def counts(theme):
    theme = Theme.objects.get(pk=theme.pk)
    stored = theme.discover_counts
    return theme.song_count, stored.get("female", 0), stored.get("male", 0)


def true_counts(theme):
    tagged = TaggedSong.objects.filter(tag=theme)
    return (
        tagged.count(),
        tagged.filter(content_object__sung_by_women=True).count(),
        tagged.filter(content_object__sung_by_men=True).count(),
    )


@pytest.fixture
def singers():
    return make_artist(gender=Artist.Gender.FEMALE), make_artist(gender=Artist.Gender.MALE)


def test_a_new_theme_counts_nothing():
    assert counts(make_theme()) == (0, 0, 0)


def test_songs_tagged_one_by_one_are_counted_by_voice(singers):
    woman, man = singers
    rainy = make_theme(name="Rainy day")
    make_song(artists=[woman], themes=[rainy])
    make_song(artists=[man], themes=[rainy])
    make_song(artists=[woman, man], themes=[rainy])  # a duet: neither all women nor all men
    make_song(artists=[woman])  # not tagged
    assert counts(rainy) == (3, 1, 1)


def test_themes_added_removed_set_and_cleared_through_the_song(singers):
    woman, _ = singers
    first, second = make_theme(), make_theme()
    song = make_song(artists=[woman])
    song.themes.add(first, second)
    assert counts(first) == counts(second) == (1, 1, 0)
    song.themes.remove(first)
    assert counts(first) == (0, 0, 0)
    song.themes.set([first])
    assert counts(first) == (1, 1, 0) and counts(second) == (0, 0, 0)
    song.themes.clear()
    assert counts(first) == (0, 0, 0)


def test_songs_added_from_the_themes_side(singers):
    _, man = singers
    theme = make_theme()
    songs = [make_song(artists=[man]) for _ in range(3)]
    for song in songs:
        TaggedSong.objects.create(tag=theme, content_object=song)
    assert counts(theme) == (3, 0, 3)


def test_a_song_theme_moved_to_another_theme_recounts_both(singers):
    woman, _ = singers
    old, new = make_theme(), make_theme()
    make_song(artists=[woman], themes=[old])
    tag = TaggedSong.objects.get(tag=old)
    tag.tag = new
    tag.save()
    assert counts(old) == (0, 0, 0)
    assert counts(new) == (1, 1, 0)


def test_a_deleted_song_leaves_its_themes_counts(singers):
    woman, _ = singers
    theme = make_theme()
    keep = make_song(artists=[woman], themes=[theme])
    make_song(artists=[woman], themes=[theme]).delete()
    assert counts(theme) == (1, 1, 0)
    keep.delete()
    assert counts(theme) == (0, 0, 0)


def test_a_voice_change_recounts_the_songs_themes(singers):
    woman, man = singers
    theme = make_theme()
    song = make_song(artists=[woman], themes=[theme])
    assert counts(theme) == (1, 1, 0)
    woman.gender = Artist.Gender.MALE
    woman.save()
    assert counts(theme) == (1, 0, 1)
    SongCredit.objects.create(song=song, artist=man, role=SongCredit.Role.MAIN, position=2)
    assert counts(theme) == (1, 0, 1)
    SongCredit.objects.filter(song=song, artist=woman).delete()
    assert counts(theme) == (1, 0, 1)
    man.gender = Artist.Gender.FEMALE
    man.save()
    assert counts(theme) == (1, 1, 0)


def test_bulk_writes_are_recounted_by_store_voices_and_recount_themes(singers):
    woman, man = singers
    theme = make_theme()
    songs = [make_song(artists=[woman]) for _ in range(4)]
    TaggedSong.objects.bulk_create(TaggedSong(tag=theme, content_object=song) for song in songs)
    assert counts(theme) == (0, 0, 0)  # bulk writes send no signals…
    recount_themes([theme.pk])
    assert counts(theme) == (4, 4, 0)  # …so the writer recounts
    SongCredit.objects.filter(song__in=songs[:2]).update(artist=man)
    store_voices([song.pk for song in songs[:2]])
    assert counts(theme) == (4, 2, 2)


def test_recounting_every_theme_matches_the_tags(singers):
    woman, man = singers
    themes = [make_theme() for _ in range(3)]
    for number in range(9):
        make_song(artists=[(woman, man)[number % 2]], themes=themes[: number % 3 + 1])
    Theme.objects.update(song_count=0, discover_counts={})
    recount_themes()
    assert [counts(theme) for theme in themes] == [true_counts(theme) for theme in themes]
    assert counts(themes[0]) == (9, 5, 4)


def discover_counts(theme):
    """What Discover shows for the theme alone, counted live (as it does for any other choice)."""
    return DiscoverFilters(QueryDict(urlencode({"mood": theme.slug}))).count_choices()


def stored(theme):
    return stored_counts(Theme.objects.get(pk=theme.pk), Theme.objects.all())


def test_the_stored_discover_counts_are_what_discover_would_count(singers):
    woman, man = singers
    themes = [make_theme() for _ in range(5)]  # The last one is on no song.
    drama = make_drama()
    for number in range(16):
        make_song(
            artists=[[woman], [man], [woman, man]][number % 3],
            themes=themes[number % 3 : number % 3 + 1 + number % 2],
            released_on=datetime.date(1991 + number * 2, 3, 1) if number % 5 else None,
            drama=drama if number % 4 == 0 else None,
        )
    for theme in themes:
        per_theme, facets = stored(theme)
        assert (per_theme, facets) == discover_counts(theme)
    per_theme, facets = stored(themes[1])
    assert per_theme[themes[1].pk] == facets["any_era"] == 8
    assert per_theme[themes[0].pk] == 3 and per_theme[themes[2].pk] == 3 and themes[3].pk not in per_theme
    assert stored(themes[3])[0] == {themes[2].pk: 2, themes[3].pk: 2}
    assert stored(themes[4]) == discover_counts(themes[4]) == ({}, dict.fromkeys(FACET_COUNT_NAMES, 0))


def test_a_song_given_another_theme_counts_in_both_themes(singers):
    woman, _ = singers
    rain, night = make_theme(), make_theme()
    song = make_song(artists=[woman], themes=[rain])
    assert night.pk not in stored(rain)[0]
    song.themes.add(night)
    assert stored(rain)[0] == {rain.pk: 1, night.pk: 1} == stored(night)[0]
    song.themes.remove(night)
    assert stored(rain)[0] == {rain.pk: 1} and stored(night) == discover_counts(night)


def test_a_new_release_date_or_drama_moves_the_song_in_its_themes_counts(singers):
    woman, _ = singers
    theme = make_theme()
    song = make_song(artists=[woman], themes=[theme], released_on=datetime.date(1999, 1, 1))
    assert stored(theme)[1]["1990s"] == 1 and stored(theme)[1]["no"] == 1
    song.released_on = datetime.date(2001, 6, 1)
    song.drama = make_drama()
    song.save()
    facets = stored(theme)[1]
    assert (facets["1990s"], facets["2000s"], facets["no"], facets["yes"]) == (0, 1, 0, 1)
    song.released_on = None
    song.save()
    assert stored(theme)[1]["2000s"] == 0 and stored(theme)[1]["any_era"] == 1


def test_the_migration_counts_the_themes_already_in_the_catalog(singers):
    woman, man = singers
    themes = [make_theme() for _ in range(3)]
    for number in range(9):
        make_song(
            artists=[(woman, man)[number % 2]],
            themes=themes[: number % 3 + 1],
            released_on=datetime.date(2005 + number, 1, 1),
            drama=make_drama() if number % 2 else None,
        )
    expected = [stored(theme) for theme in themes]
    Theme.objects.update(discover_counts={})
    migration = importlib.import_module("songs.migrations.0015_theme_discover_counts")
    migration.count_for_discover(apps, None)
    assert [stored(theme) for theme in themes] == expected


def test_a_renamed_theme_is_still_counted_in_the_themes_it_shares_songs_with(singers):
    woman, _ = singers
    rain, night = make_theme(name="Rain", slug="rain"), make_theme(name="Night", slug="night")
    make_song(artists=[woman], themes=[rain, night])
    night.slug = "late-night"
    night.save()
    assert Theme.objects.get(pk=rain.pk).discover_counts["themes"] == {"rain": 1, "late-night": 1}
    assert stored(rain)[0] == {rain.pk: 1, night.pk: 1}


def test_a_deleted_theme_recounts_the_others_once_however_many_songs_it_had(singers):
    woman, _ = singers
    rain = make_theme(name="Rain", slug="rain")
    doomed = make_theme()
    for _ in range(5):
        make_song(artists=[woman], themes=[rain, doomed])
    assert stored(rain)[0] == {rain.pk: 5, doomed.pk: 5}
    with mock.patch("songs.counters.recount_themes", wraps=recount_themes) as recount:
        doomed.delete()
    assert recount.call_count == 1
    assert stored(rain)[0] == {rain.pk: 5}
    assert counts(rain) == (5, 5, 0)

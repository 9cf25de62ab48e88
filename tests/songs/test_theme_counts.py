"""Each theme's stored song counts (all songs, and those women and men sing) stay in step with
every kind of edit, one by one or in bulk."""

import pytest

from songs.counters import recount_themes
from songs.models import Artist, SongCredit, TaggedSong, Theme
from songs.voices import store_voices
from tests.factories import make_artist, make_song, make_theme

pytestmark = pytest.mark.django_db


def counts(theme):
    theme = Theme.objects.get(pk=theme.pk)
    return theme.song_count, theme.songs_sung_by_women, theme.songs_sung_by_men


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
    Theme.objects.update(song_count=0, songs_sung_by_women=0, songs_sung_by_men=0)
    recount_themes()
    assert [counts(theme) for theme in themes] == [true_counts(theme) for theme in themes]
    assert counts(themes[0]) == (9, 5, 4)

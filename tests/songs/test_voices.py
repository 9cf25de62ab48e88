"""Who sings a song, stored on it: kept in step with credits and artists, and rebuilt in bulk."""

import pytest

from songs.models import Artist, Song, SongCredit
from songs.voices import store_voices
from tests.factories import make_artist, make_song

pytestmark = pytest.mark.django_db


def voice(song):
    song = Song.objects.get(pk=song.pk)
    flags = {"men": song.sung_by_men, "women": song.sung_by_women, "group": song.sung_by_a_group}
    return {name for name, on in flags.items() if on}, song.main_artist_count


def test_every_main_artist_decides_the_gender_and_featured_artists_do_not():
    woman, man = make_artist(gender="female"), make_artist(gender="male")
    assert voice(make_song(artists=[woman])) == ({"women"}, 1)
    assert voice(make_song(artists=[woman, man])) == (set(), 2)
    assert voice(make_song(artists=[woman], featuring=[man])) == ({"women"}, 1)
    assert voice(make_song(artists=[make_artist(gender="")])) == (set(), 1)
    assert voice(make_song(artists=[])) == (set(), 0)


@pytest.mark.parametrize("kind", [Artist.Kind.GROUP, Artist.Kind.BAND, Artist.Kind.UNIT, Artist.Kind.DUO])
def test_a_group_of_any_kind_makes_a_group_song(kind):
    group = make_artist(kind=kind, gender="male")
    assert voice(make_song(artists=[group])) == ({"men", "group"}, 1)
    assert voice(make_song(artists=[make_artist(gender="male")], featuring=[group])) == ({"men"}, 1)


def test_credits_saved_and_deleted_one_by_one_keep_the_voice_in_step():
    woman, man = make_artist(gender="female"), make_artist(gender="male")
    song = make_song(artists=[woman])
    second = SongCredit(song=song, artist=man, position=2)
    second.save()
    assert voice(song) == (set(), 2)
    second.delete()
    assert voice(song) == ({"women"}, 1)


def test_a_credit_moved_to_another_song_updates_both_songs():
    woman = make_artist(gender="female")
    first, second = make_song(artists=[woman]), make_song(artists=[])
    credit = SongCredit.objects.get(song=first)
    credit.song = second
    credit.save()
    assert voice(first) == (set(), 0)
    assert voice(second) == ({"women"}, 1)


def test_changing_an_artists_gender_or_kind_changes_their_songs():
    artist = make_artist(gender="female")
    song = make_song(artists=[artist])
    artist.gender = Artist.Gender.MALE
    artist.save()
    assert voice(song) == ({"men"}, 1)
    artist.kind = Artist.Kind.GROUP
    artist.save()
    assert voice(song) == ({"men", "group"}, 1)


def test_store_voices_rebuilds_songs_whose_credits_were_written_in_bulk():
    woman = make_artist(gender="female")
    songs = [make_song(artists=[]) for _ in range(3)]
    SongCredit.objects.bulk_create(SongCredit(song=song, artist=woman, position=1) for song in songs)
    assert [voice(song) for song in songs] == [(set(), 0)] * 3
    store_voices([songs[0].pk])
    assert [voice(song) for song in songs] == [({"women"}, 1), (set(), 0), (set(), 0)]
    store_voices()
    assert [voice(song) for song in songs] == [({"women"}, 1)] * 3

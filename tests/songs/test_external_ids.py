"""Spotify and YouTube ids: 22 base-62 characters, and 11 of [A-Za-z0-9_-], wherever they come in."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.playlist_import import import_files
from songs.demo import load_demo_catalog
from songs.models import Album, Artist, ArtistAlias, Song
from tests.factories import make_album, make_artist, make_song
from tests.helpers import parse, texts
from tests.playlists import link, playlist_text, track

pytestmark = pytest.mark.django_db

SPOTIFY_ID, YOUTUBE_ID = "6td501MwDVFewdz6qNOtG8", "dQw4w9WgXcQ"
BAD_SPOTIFY_IDS = [
    "javascript:alert(1)",
    SPOTIFY_ID[:-1],
    SPOTIFY_ID + "x",
    "6td501MwDVFewdz6qNOtG-",
    " " * 22,
]
BAD_YOUTUBE_IDS = ["javascript:alert(1)", YOUTUBE_ID[:-1], YOUTUBE_ID + "x", "dQw4w9WgXc/", "dQw4w9WgXc\n"]


def refusal(record, field):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return " ".join(error.value.message_dict[field])


def catalog_records():
    artist = make_artist(name="IU")
    return [
        artist,
        ArtistAlias(artist=artist, name="아이유"),
        make_album(title="Palette"),
        make_song(title="Palette"),
    ]


@pytest.mark.parametrize("bad_id", BAD_SPOTIFY_IDS)
def test_every_spotify_id_field_refuses_what_is_not_an_id(bad_id):
    records = catalog_records()
    assert len(records) == 4
    for record in records:
        record.spotify_id = bad_id
        assert "22 letters and digits" in refusal(record, "spotify_id"), type(record).__name__


def test_spotify_id_fields_accept_an_id_or_nothing():
    records = catalog_records()
    assert len(records) == 4
    for record in records:
        for value in (SPOTIFY_ID, ""):
            record.spotify_id = value
            record.full_clean()


@pytest.mark.parametrize("bad_id", BAD_YOUTUBE_IDS)
def test_the_youtube_id_refuses_what_is_not_a_video_id(bad_id):
    song = make_song(title="Palette")
    song.youtube_id = bad_id
    assert "11 letters, digits, - or _" in refusal(song, "youtube_id")


@pytest.mark.parametrize("good_id", [YOUTUBE_ID, "a-b_c-d_e-f", ""])
def test_the_youtube_id_accepts_a_video_id_or_nothing(good_id):
    song = make_song(title="Palette")
    song.youtube_id = good_id
    song.full_clean()


def test_the_admin_shows_the_error_and_saves_nothing(editor_client):
    response = editor_client.post(
        reverse("admin:songs_song_add"),
        {
            "title": "Hostile",
            "release_precision": "day",
            "spotify_id": "javascript:alert(1)",
            "youtube_id": "javascript:alert(1)",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = " ".join(texts(parse(response), ".errorlist li"))
    assert "A Spotify id is the 22 letters" in errors
    assert "A YouTube video id is the 11 letters" in errors
    assert not Song.objects.filter(title="Hostile").exists()


@pytest.mark.parametrize("bad_id", ["javascript:alert(1)", "tooShort123", SPOTIFY_ID + "x"])
def test_an_import_refuses_a_file_with_a_bad_track_id_naming_the_line(bad_id):
    good = track("Love poem", [link("IU")], link("Love poem"))
    hostile = track("Hostile", [link("IU")], link("Love poem"), track_id=bad_id)
    text = playlist_text([good, hostile])
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "Hostile" in row)

    summary = import_files([("hostile.md", lambda: text)])

    assert [outcome.name for outcome in summary.refused] == ["hostile.md"]
    assert summary.refused[0].refusal.startswith(f"line {line}: ")
    assert "open.spotify.com" in summary.refused[0].refusal
    assert not Song.objects.exists()


def test_an_import_refuses_a_bad_artist_or_album_id_too():
    bad_artist = track("Love poem", [link("IU", "javascript:alert(1)")], link("Love poem"))
    bad_album = track("Lullaby", [link("IU")], link("Love poem", "javascript:alert(1)"))
    summary = import_files(
        [(f"{n}.md", lambda t=t: playlist_text([t])) for n, t in enumerate([bad_artist, bad_album])]
    )
    assert len(summary.refused) == 2
    assert all("line " in outcome.refusal for outcome in summary.refused)
    assert not Artist.objects.exists() and not Album.objects.exists()


def test_the_migration_blanks_ids_that_no_link_could_be_made_from():
    migration = import_module("songs.migrations.0010_valid_spotify_and_youtube_ids")
    kept = make_song(title="Kept", spotify_id=SPOTIFY_ID, youtube_id=YOUTUBE_ID)
    hostile = make_song(title="Hostile", spotify_id="javascript:alert(1)", youtube_id="javascript:x")
    artist = make_artist(name="Short", spotify_id="abc")

    migration.blank_invalid_ids(apps, schema_editor=None)

    kept.refresh_from_db(), hostile.refresh_from_db(), artist.refresh_from_db()
    assert (kept.spotify_id, kept.youtube_id) == (SPOTIFY_ID, YOUTUBE_ID)
    assert (hostile.spotify_id, hostile.youtube_id, artist.spotify_id) == ("", "", "")


def test_every_id_in_the_demo_catalog_is_valid():
    load_demo_catalog()
    checked = 0
    for model in (Artist, ArtistAlias, Album, Song):
        for record in model.objects.exclude(spotify_id=""):
            record.clean_fields(
                exclude=[field.name for field in model._meta.fields if field.name != "spotify_id"]
            )
            checked += 1
    for song in Song.objects.exclude(youtube_id=""):
        song.clean_fields(exclude=[field.name for field in Song._meta.fields if field.name != "youtube_id"])
        checked += 1
    assert checked > 100

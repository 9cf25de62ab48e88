"""Re-importing a playlist never undoes what an editor corrected, and says what it kept."""

import pytest

from articles.playlist_import import import_playlist
from songs.models import Album, Song
from tests.factories import make_album, make_song
from tests.playlists import link, playlist_text, track

pytestmark = pytest.mark.django_db

FIRST_ROW_LINE = 11


def counts(report, kind):
    return tuple(report.counts[(kind, outcome)] for outcome in ["created", "updated", "unchanged"])


def notes(report):
    return [str(note) for note in report.sorted_notes()]


@pytest.fixture
def imported():
    """A playlist of one track, imported once: (its track, the song)."""
    dear = track("Dear", [link("Jung Seung Hwan")], link("Dear"), length=319)
    import_playlist(playlist_text([dear]))
    return dear, Song.objects.get()


def reimport(original, **changes):
    fields = {
        "title": original.title,
        "artists": original.artists,
        "album": original.album,
        "length": original.length_seconds,
        "track_id": original.spotify_id,
    }
    return import_playlist(playlist_text([track(**{**fields, **changes})]))


def test_an_editors_title_is_kept_and_reported(imported):
    dear, song = imported
    song.title = "Dear (디어)"
    song.save()
    report = reimport(dear)
    song.refresh_from_db()
    assert (song.title, song.title_key) == ("Dear (디어)", "dear디어")
    assert notes(report) == [
        f"line {FIRST_ROW_LINE}: kept the editor's title 'Dear (디어)' (Spotify now says 'Dear')"
    ]
    assert counts(report, "songs") == (0, 0, 1)


def test_an_editors_title_survives_spotify_renaming_the_track_too(imported):
    dear, song = imported
    Song.objects.filter(pk=song.pk).update(title="Dear (디어)")
    report = reimport(dear, title="Dear (2021 Remaster)")
    song.refresh_from_db()
    assert song.title == "Dear (디어)"
    assert song.imported_title == "Dear (2021 Remaster)"
    assert "(Spotify now says 'Dear (2021 Remaster)')" in notes(report)[0]


def test_a_title_nobody_corrected_follows_spotify_quietly(imported):
    dear, song = imported
    report = reimport(dear, title="Dear (2021 Remaster)")
    song.refresh_from_db()
    assert song.title == "Dear (2021 Remaster)"
    assert counts(report, "songs") == (0, 1, 0)
    assert notes(report) == []


def test_an_editors_length_and_album_are_kept(imported):
    dear, song = imported
    other_album = make_album(title="Dear (Special Edition)")
    Song.objects.filter(pk=song.pk).update(length_seconds=320, album=other_album)
    report = reimport(dear)
    song.refresh_from_db()
    assert (song.length_seconds, song.album) == (320, other_album)
    line = f"line {FIRST_ROW_LINE}"
    assert notes(report) == [
        f"{line}: kept the editor's album 'Dear (Special Edition)' for 'Dear' (Spotify now says 'Dear')",
        f"{line}: kept the editor's length 5:20 of 'Dear' (Spotify now says 5:19)",
    ]


def test_a_song_still_on_the_album_last_imported_moves_with_spotify(imported):
    dear, song = imported
    report = reimport(dear, album=link("Dear - Single"))
    song.refresh_from_db()
    assert song.album.title == "Dear - Single"
    assert counts(report, "songs") == (0, 1, 0)


def test_an_editors_album_title_is_kept_and_reported(imported):
    dear, song = imported
    Album.objects.filter(pk=song.album_id).update(title="Dear: Winter Single")
    report = reimport(dear, album=link("DEAR", dear.album.spotify_id))
    album = Album.objects.get(pk=song.album_id)
    assert album.title == "Dear: Winter Single"
    assert album.imported_title == "DEAR"
    kept = "kept the editor's album title 'Dear: Winter Single' (Spotify now says 'DEAR')"
    assert notes(report) == [f"line {FIRST_ROW_LINE}: {kept}"]
    assert counts(report, "albums") == (0, 0, 1)


def test_an_album_title_nobody_corrected_follows_spotify(imported):
    dear, song = imported
    report = reimport(dear, album=link("Dear (Deluxe)", dear.album.spotify_id))
    assert Album.objects.get(pk=song.album_id).title == "Dear (Deluxe)"
    assert counts(report, "albums") == (0, 1, 0)


def test_empty_fields_are_filled(imported):
    dear, song = imported
    Song.objects.filter(pk=song.pk).update(length_seconds=None, album=None)
    report = reimport(dear)
    song.refresh_from_db()
    assert (song.length_seconds, song.album.spotify_id) == (319, dear.album.spotify_id)
    assert counts(report, "songs") == (0, 1, 0)


def test_a_song_an_editor_made_before_any_import_keeps_its_title():
    singer = link("Punch")
    song = make_song(title="Another Day (Hotel Del Luna)", spotify_id="T" + "4" * 21, length_seconds=None)
    report = import_playlist(
        playlist_text(
            [track("Another Day", [singer], link("Hotel Del Luna OST Part.1"), track_id=song.spotify_id)]
        )
    )
    song.refresh_from_db()
    assert song.title == "Another Day (Hotel Del Luna)"
    assert song.length_seconds == 215  # empty, so filled
    assert (
        "kept the editor's title 'Another Day (Hotel Del Luna)' (Spotify now says 'Another Day')"
        in notes(report)[0]
    )


def test_reimporting_with_nothing_changed_writes_nothing(imported):
    dear, song = imported
    before = Song.objects.values().get()
    report = reimport(dear)
    assert Song.objects.values().get() == before
    assert counts(report, "songs") == (0, 0, 1)
    assert notes(report) == []


def test_the_song_admin_shows_what_spotify_said_last(imported, editor_client):
    from django.urls import reverse

    from tests.helpers import parse, text_of

    dear, song = imported
    page = parse(editor_client.get(reverse("admin:songs_song_change", args=[song.pk])))
    fieldset = next(box for box in page.select("fieldset") if "Last playlist import" in text_of(box))
    assert "Dear" in text_of(fieldset.select_one(".field-imported_title"))
    assert "319" in text_of(fieldset.select_one(".field-imported_length_seconds"))
    assert page.select_one('input[name="imported_title"]') is None

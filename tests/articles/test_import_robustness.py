"""No archive file, however messy or broken, ends in a traceback or a half-written import."""

from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings

from articles.models import ListArticle
from articles.playlist_import import ImportRefused, import_playlist
from songs.models import Album, Artist, ArtistAlias, Drama, Song
from songs.playlist import PlaylistFormatError
from tests.playlist_strategies import broken_files

pytestmark = pytest.mark.django_db

PLAYLISTS = Path(__file__).resolve().parent.parent / "data" / "playlists"


def row_counts():
    """How many rows each table of the catalog and the lists holds."""
    models = [*apps.get_app_config("songs").get_models(), *apps.get_app_config("articles").get_models()]
    return {model.__name__: model.objects.count() for model in models}


@given(broken_files())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_broken_file_is_imported_or_refused_on_a_line_with_nothing_written(text):
    before = row_counts()
    try:
        report = import_playlist(text, list_slug="broken-files", theme="Broken")
    except PlaylistFormatError as error:
        assert 1 <= error.line <= len(text.split("\n")) + 1
        assert row_counts() == before
        return
    except ImportRefused:
        pytest.fail("only a published list is refused, and this one is a draft")
    assert all(note.line >= 1 for note in report.notes)
    assert not Artist.objects.filter(name__regex=r"^\s*$").exists()
    assert not Song.objects.filter(title__regex=r"^\s*$").exists()
    assert not ArtistAlias.objects.filter(name__regex=r"^\s*$").exists()


def test_the_old_unescaped_archive_imports_its_songs_and_skips_what_is_not_a_song():
    report = import_playlist(
        (PLAYLISTS / "k-pop-ballad-hits.unescaped.cumulative.md").read_text(encoding="utf-8"), list_slug="old"
    )
    assert Song.objects.count() == 8
    assert not Song.objects.filter(title__in=["<MISSING>", "", "Voice memo 2019-12-24"]).exists()
    assert not Artist.objects.filter(name="").exists()
    assert not Artist.objects.filter(spotify_id="6nVMMEywS5Y4tsHPKx1nIo").exists()  # the nameless one
    assert [note.line for note in report.sorted_notes()] == [9, 11, 14, 18, 20]
    entry = ListArticle.objects.get(slug="old").entries.get(song__title="You, Clouds, Rain")
    assert (entry.added_on, entry.removed_on) == (date(2020, 7, 10), None)
    assert [credit.artist.name for credit in entry.song.credits.select_related("artist")] == [
        "HEIZE",
        "Shin Yong Jae",
    ]


def test_a_track_without_an_album_link_becomes_a_song_without_an_album():
    import_playlist((PLAYLISTS / "winter-ballads.messy.pretty.md").read_bytes().decode("utf-8"))
    assert Song.objects.get(title="Love poem").album is None
    assert not Album.objects.filter(title="Love poem").exists()
    assert Artist.objects.filter(name="KangHyeWon").exists()
    assert Song.objects.filter(title="광화문에서 (At Gwanghwamun)").exists()


def test_old_and_new_files_of_one_playlist_give_one_catalog():
    for name in ["k-pop-ballad-hits.unescaped.pretty.md", "k-pop-ballad-hits.pretty.md"]:
        import_playlist((PLAYLISTS / name).read_text(encoding="utf-8"))
    assert Song.objects.count() == 52  # the 50 of the snapshot and two only the older file has
    assert Song.objects.filter(title="[Hidden Track] Snowflower").exists()
    assert Drama.objects.filter(title="Hotel Del Luna").count() == 1


def test_a_name_too_long_for_the_catalog_is_refused_with_its_line_and_nothing_is_written():
    text = (PLAYLISTS / "k-pop-ballad-hits.pretty.md").read_text(encoding="utf-8")
    text = text.replace("[Walk With Me](", "[" + "Walk With Me " * 30 + "](", 1)
    with pytest.raises(PlaylistFormatError) as caught:
        import_playlist(text)
    assert caught.value.line == 12
    assert "characters long" in caught.value.reason
    assert not Song.objects.exists()


@pytest.mark.parametrize(("length", "complaint"), [("0:00", "zero"), ("25:00:00", "longer than a day")])
def test_a_length_no_song_has_is_refused_with_its_line(length, complaint):
    text = (PLAYLISTS / "k-pop-ballad-hits.pretty.md").read_text(encoding="utf-8")
    text = text.replace("| 4:06 |", f"| {length} |", 1)
    with pytest.raises(PlaylistFormatError) as caught:
        import_playlist(text)
    assert (caught.value.line, complaint in caught.value.reason) == (12, True)
    assert not Song.objects.exists()


def test_a_nul_byte_in_a_name_is_dropped_and_noted_on_postgresql_and_sqlite_alike():
    text = (PLAYLISTS / "k-pop-ballad-hits.pretty.md").read_text(encoding="utf-8")
    report = import_playlist(text.replace("[Dear](", "[De\x00ar](", 1))
    assert Song.objects.filter(title="Dear").exists()
    assert "line 11: removed control characters from the title 'Dear'" in [str(note) for note in report.notes]

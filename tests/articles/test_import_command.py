"""import_playlist over folders and several files: one transaction a file, a summary, a truthful dry run."""

import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import ListArticle
from songs.models import Album, Artist, Song, Theme
from tests.playlists import link, playlist_text, summary_table, track

pytestmark = pytest.mark.django_db

PLAYLISTS = Path(__file__).resolve().parent.parent / "data" / "playlists"


class Terminal(StringIO):
    def isatty(self):
        return True


def run(*args, stderr=None):
    """Run the command: (stdout, stderr, the CommandError it ended with or None)."""
    out, err = StringIO(), stderr or StringIO()
    try:
        call_command("import_playlist", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def archive(tmp_path):
    """A folder laid out like the archive: pretty/ and cumulative/ files, and a file that is not markdown."""
    root = tmp_path / "playlists"
    (root / "pretty").mkdir(parents=True)
    (root / "cumulative").mkdir()
    iu, heize = link("IU"), link("HEIZE")
    love_poem = track("Love poem", [iu], link("Love poem"), added=date(2021, 3, 1))
    happen = track("HAPPEN", [heize], link("HAPPEN"), added=date(2021, 5, 2))
    (root / "pretty" / "a.md").write_text(playlist_text([love_poem, happen], name="Ballads A"))
    (root / "cumulative" / "a.md").write_text(
        playlist_text(
            [happen, track("Lullaby", [iu], link("Love poem EP"))], cumulative=True, name="Ballads A"
        )
    )
    (root / "pretty" / "notes.txt").write_text("not a playlist")
    return root


def test_a_folder_imports_every_markdown_file_under_it_in_order(archive):
    out, err, error = run(str(archive))
    assert error is None, err
    lines = [line for line in out.splitlines() if ": imported" in line]
    assert [line.split(":")[0] for line in lines] == [
        str(archive / "cumulative" / "a.md"),
        str(archive / "pretty" / "a.md"),
    ]
    assert "Imported 2 file(s), refused 0." in out
    assert summary_table(out)["songs"] == (3, 0, 1)
    assert sorted(Song.objects.values_list("title", flat=True)) == ["HAPPEN", "Love poem", "Lullaby"]


def test_files_and_folders_together_each_file_its_own_transaction(archive, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(
        playlist_text([track("Rose", [link("D.O.")], link("Empathy"))]).replace("| 3:35 |", "| 3:95 |")
    )
    out, err, error = run(str(bad), str(archive))
    assert "1 of 3 file(s) refused" in str(error)
    assert f"{bad}: refused, nothing written: line 11:" in err
    assert "Imported 2 file(s), refused 1." in out
    assert f"  {bad}: line 11: length '3:95' has 95 seconds" in out
    assert Song.objects.count() == 3
    assert not Song.objects.filter(title="Rose").exists()


def test_missing_paths_and_empty_folders_are_refused_by_name(tmp_path):
    (tmp_path / "empty").mkdir()
    _, err, error = run(str(tmp_path / "nowhere.md"), str(tmp_path / "empty"))
    assert "2 of 2 file(s) refused" in str(error)
    assert "nowhere.md: refused, nothing written: no such file or folder" in err
    assert f"no .md file in the folder {tmp_path / 'empty'}" in err


def test_the_same_file_named_twice_is_imported_once(archive):
    path = str(archive / "pretty" / "a.md")
    out, _, _ = run(path, path, str(archive / "pretty"))
    assert "Imported 1 file(s), refused 0." in out


def overlapping_files(folder):
    """Three snapshots sharing artists, albums and tracks, as a folder of one playlist's history."""
    folder.mkdir()
    singers = [link(name) for name in ["Paul Kim", "BEN", "Baek Ye Rin", "Sung Si Kyung"]]
    albums = [link(f"Album {number}") for number in range(4)]
    tracks = [
        track(f"Ballad {number}", [singers[number % 4]], albums[number % 4], added=date(2021, 1, 1 + number))
        for number in range(9)
    ]
    for number, chosen in enumerate([tracks[:5], tracks[3:8], [tracks[8], *tracks[:2]]]):
        (folder / f"{number}.md").write_text(playlist_text(chosen, cumulative=number != 1))
    return folder


def test_dry_run_over_several_files_with_a_list_tells_what_the_real_run_does(tmp_path):
    folder = overlapping_files(tmp_path / "history")
    dry_out, _, _ = run(str(folder), "--dry-run", "--list", "history", "--theme", "Rainy day")
    assert not Song.objects.exists() and not ListArticle.objects.exists() and not Theme.objects.exists()
    real_out, _, _ = run(str(folder), "--list", "history", "--theme", "Rainy day")
    assert summary_table(dry_out) == summary_table(real_out)
    assert summary_table(real_out)["list entries"] == (9, 0, 13)
    assert summary_table(real_out)["songs"] == (9, 0, 4)

    def per_file(out, verb):
        return [line.replace(verb, "…") for line in out.splitlines() if f": {verb} " in line]

    assert per_file(dry_out, "would import") == per_file(real_out, "imported")
    assert ListArticle.objects.get(slug="history").entries.count() == 9


def test_a_list_over_several_files_keeps_the_songs_in_file_order(tmp_path):
    folder = overlapping_files(tmp_path / "history")
    run(str(folder), "--list", "history")
    titles = ListArticle.objects.get(slug="history").entries.values_list("song__title", flat=True)
    assert list(titles) == [f"Ballad {number}" for number in range(9)]


def test_a_list_over_several_cumulative_files_keeps_the_earliest_added_date(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    singer, album = link("IU"), link("Palette")
    first = track("Palette", [singer], album, added=date(2021, 6, 1), removed=date(2022, 1, 1))
    (folder / "1.md").write_text(playlist_text([first], cumulative=True))
    again = track("Palette", [singer], album, added=date(2020, 2, 2), track_id=first.spotify_id)
    (folder / "2.md").write_text(playlist_text([again], cumulative=True))
    run(str(folder), "--list", "palette")
    entry = ListArticle.objects.get(slug="palette").entries.get()
    assert (entry.added_on, entry.removed_on) == (date(2020, 2, 2), None)


def test_theme_tagging_is_counted_in_the_summary(archive):
    out, _, _ = run(str(archive), "--theme", "Rainy day")
    assert summary_table(out)["songs tagged 'Rainy day'"] == (3, 0, 1)
    again, _, _ = run(str(archive), "--theme", "rainy day")
    assert summary_table(again)["songs tagged 'rainy day'"] == (0, 0, 4)
    assert Theme.objects.get().tagged_songs.count() == 3


def test_notes_are_listed_with_their_file_and_line(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(PLAYLISTS / "k-pop-ballad-hits.unescaped.cumulative.md", folder / "history.md")
    out, _, error = run(str(folder))
    assert error is None
    assert "Notes (5):" in out
    episode = "skipped the podcast episode 'Ballads for a rainy night (Ep. 3)': not a song"
    assert f"  {folder / 'history.md'} line 11: {episode}" in out
    assert f"{folder / 'history.md'}: imported 8 song(s): 8 new, 0 updated, 5 note(s)" in out


def test_progress_bar_is_drawn_on_a_terminal_only(archive):
    _, on_terminal, _ = run(str(archive), stderr=Terminal())
    assert f"\r[{'#' * 14}{'.' * 14}] 1/2 " in on_terminal
    assert f"\r[{'#' * 28}] 2/2 " in on_terminal
    assert on_terminal.endswith("\r\x1b[2K")
    Song.objects.all().delete()
    _, in_a_log, _ = run(str(archive))
    assert in_a_log == ""


def test_every_fixture_imports_without_a_refusal(tmp_path):
    out, err, error = run(str(PLAYLISTS))
    assert error is None, err
    assert f"Imported {len(list(PLAYLISTS.glob('*.md')))} file(s), refused 0." in out
    assert Artist.objects.filter(name="").count() == 0
    assert not Song.objects.filter(title="").exists() and not Album.objects.filter(title="").exists()


def test_a_run_that_cannot_take_the_import_lock_refuses_every_file(archive, monkeypatch):
    from articles import playlist_import

    def never(work):
        raise playlist_import.ImportRefused("Another import has kept the database busy for 15 minutes")

    monkeypatch.setattr(playlist_import.ImportRun, "retry_while_locked", lambda self, work: never(work))
    open_blocks = len(connection.atomic_blocks)
    out, err, error = run(str(archive), "--dry-run")
    assert len(connection.atomic_blocks) == open_blocks  # the dry run's transaction was closed
    assert "2 of 2 file(s) refused" in str(error)
    assert err.count("refused, nothing written: Another import has kept the database busy") == 2
    assert not Song.objects.exists()
    assert (
        not connection.in_atomic_block or connection.savepoint_ids == []
    )  # the run left no transaction open

"""Two import_playlist processes over overlapping files at the same time: both finish, nothing is doubled.

The processes are real (``manage.py`` in subprocesses), so they hold their own
connections and transactions: on PostgreSQL they share the test database; on
SQLite, whose test database lives in memory, they share a migrated file.
"""

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest
from django.conf import settings
from django.db import connection

from songs.models import Album, Artist, Song, SongCredit
from songs.playlist import format_playlist
from songs.synthetic import synthetic_playlist

pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args, database_url, wait=True):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "kballads.settings.test",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process.communicate(timeout=600) + (process.returncode,) if wait else process


@pytest.fixture
def shared_database(tmp_path):
    """(DATABASE_URL both processes use, a function counting rows of a model there)."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
        yield url, lambda model: model.objects.count()
        return
    path = tmp_path / "shared.sqlite3"
    url = f"sqlite:///{path}"
    _, err, code = manage("migrate", "--noinput", database_url=url)
    assert code == 0, err

    def count(model):
        with sqlite3.connect(path) as database:
            return database.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}").fetchone()[0]

    yield url, count


def overlapping_files(folder):
    """Three cumulative files cut from one playlist so that every record is in two of them."""
    playlist = synthetic_playlist(2400, seed=7)
    tracks = playlist.tracks
    pieces = [tracks[:1200], tracks[600:1800], tracks[1200:] + tracks[:600]]
    paths = []
    for number, piece in enumerate(pieces):
        path = folder / f"part-{number}.md"
        path.write_text(format_playlist(replace(playlist, tracks=piece)), encoding="utf-8")
        paths.append(str(path))
    return playlist, paths


def test_two_imports_of_overlapping_files_at_once_both_finish_cleanly(shared_database, tmp_path):
    database_url, count = shared_database
    playlist, paths = overlapping_files(tmp_path)
    first = manage("import_playlist", *paths, database_url=database_url, wait=False)
    second = manage("import_playlist", *reversed(paths), database_url=database_url, wait=False)
    results = [process.communicate(timeout=600) + (process.returncode,) for process in (first, second)]

    for out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert "Imported 3 file(s), refused 0." in out
    tracks = playlist.tracks
    assert count(Song) == len(tracks)
    assert count(Artist) == len({artist.spotify_id for track in tracks for artist in track.artists})
    assert count(Album) == len({track.album.spotify_id for track in tracks})
    assert count(SongCredit) == sum(len({artist.spotify_id for artist in track.artists}) for track in tracks)

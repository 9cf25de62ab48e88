"""Building playlist archive files for import tests."""

import itertools
from dataclasses import replace
from datetime import date

from songs.playlist import CUMULATIVE, PRETTY, Playlist, PlaylistTrack, SpotifyLink, format_playlist

_numbers = itertools.count(1)


def spotify_id():
    """A valid 22-character Spotify id, different on every call."""
    return f"T{next(_numbers):021d}"


def link(name, existing_id=None):
    """An artist or album link: a new Spotify id unless ``existing_id`` is given."""
    return SpotifyLink(name, existing_id or spotify_id())


def track(title, artists, album, length=215, added=None, removed=None, track_id=None):
    """A track; ``artists`` and ``album`` are SpotifyLinks (see ``link``)."""
    return PlaylistTrack(
        line=0,
        position=0,
        title=title,
        spotify_id=track_id or spotify_id(),
        artists=tuple(artists),
        album=album,
        length_seconds=length,
        added=added,
        removed=removed,
    )


def playlist_text(tracks, cumulative=False, name="Test Ballads"):
    """The archive file for ``tracks``, pretty or cumulative (Added defaults to 2024-01-01)."""
    numbered = []
    for position, item in enumerate(tracks, start=1):
        added = (item.added or date(2024, 1, 1)) if cumulative else None
        numbered.append(
            replace(item, position=position, added=added, removed=item.removed if cumulative else None)
        )
    playlist = Playlist(
        format=CUMULATIVE if cumulative else PRETTY,
        name=name,
        spotify_id="P" + "0" * 21,
        description="Songs for tests.",
        tracks=tuple(numbered),
    )
    return format_playlist(playlist)


def summary_table(out):
    """The command's summary table: record kind -> (created, updated, unchanged)."""
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if line.split()[:2] == ["records", "created"])
    rows = {}
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith("possible duplicate"):
            break
        *kind, created, updated, unchanged = line.split()
        rows[" ".join(kind)] = (int(created), int(updated), int(unchanged))
    return rows

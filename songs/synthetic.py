"""Synthetic playlist archives of any size, for measuring imports.

The playlists look like real ones: several artists on some tracks, hangul and
markdown punctuation in names, soundtrack albums with parts, a few artists who
share a name under different Spotify ids, tracks that left the playlist.
``synthetic_playlist`` makes one file's playlist; ``synthetic_archive`` makes a
folder's worth of files over one shared catalog, some in the older unescaped format.
"""

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from .playlist import CUMULATIVE, Playlist, PlaylistTrack, SpotifyLink, format_playlist

_ID_ALPHABET = string.ascii_letters + string.digits
_GIVEN = ["Ji-eun", "Min-ho", "Seo-yeon", "Hyun-woo", "Yerin", "Jae-joong", "Su-bin", "Tae-yeon", "Sung-kyu"]
_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Baek", "Yoon", "Jang", "Lim"]
_HANGUL = ["하늘", "바다", "눈물", "겨울", "사랑", "별빛", "그대", "봄날", "이별", "기억"]
_WORDS = ["Rain", "Winter", "Night", "Letter", "Memory", "Spring", "Tears", "Moon", "Goodbye", "Again"]
_DRAMAS = ["Hotel of Stars", "Winter Letters", "Hospital Nights", "Moon over Seoul", "Second Spring"]


def synthetic_playlist(rows, seed=2026):
    """A cumulative ``Playlist`` of ``rows`` distinct tracks, the same for the same seed."""
    rng = random.Random(seed)
    artists = [_artist(rng, number) for number in range(max(rows // 4, 2))]
    # Every 50th artist shares its name with another one under a different Spotify id.
    for number in range(0, len(artists) - 1, 50):
        artists[number + 1] = SpotifyLink(artists[number].name, artists[number + 1].spotify_id)
    albums = [_album(rng, number) for number in range(max(rows // 3, 1))]
    start = date(2020, 1, 1)
    tracks = []
    for number in range(rows):
        added = start + timedelta(days=rng.randrange(1500))
        removed = added + timedelta(days=rng.randrange(1, 400)) if rng.random() < 0.2 else None
        credited = rng.sample(artists, rng.choice([1, 1, 1, 2, 3]))
        tracks.append(
            PlaylistTrack(
                line=0,
                position=0,
                title=f"{rng.choice(_WORDS)} {rng.choice(_HANGUL)} ({number})",
                spotify_id=_spotify_id(rng),
                artists=tuple(credited),
                album=rng.choice(albums),
                length_seconds=rng.randrange(120, 420),
                added=added,
                removed=removed,
            )
        )
    tracks.sort(key=lambda track: track.title.casefold())
    tracks = [
        PlaylistTrack(track.line, position, *_fields_after_position(track))
        for position, track in enumerate(tracks, start=1)
    ]
    return Playlist(
        format=CUMULATIVE,
        name=f"Synthetic Ballads ({rows} tracks)",
        spotify_id=_spotify_id(rng),
        description="A generated playlist for measuring imports.",
        tracks=tuple(tracks),
    )


def _fields_after_position(track):
    return (
        track.title,
        track.spotify_id,
        track.artists,
        track.album,
        track.length_seconds,
        track.added,
        track.removed,
    )


def _spotify_id(rng):
    return "".join(rng.choice(_ID_ALPHABET) for _ in range(22))


def _artist(rng, number):
    if number % 5 == 0:
        name = f"{rng.choice(_HANGUL)}{rng.choice(_HANGUL)} {number}"
    else:
        name = f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)} {number}"
    return SpotifyLink(name, _spotify_id(rng))


def _album(rng, number):
    if number % 7 == 0:
        title = f"{rng.choice(_DRAMAS)} (Original Television Soundtrack), Pt. {number % 12 + 1}"
    else:
        title = f"{rng.choice(_WORDS)} - The {number}th Mini Album"
    return SpotifyLink(title, _spotify_id(rng))


# A whole archive: many files sharing one catalog


@dataclass(frozen=True)
class ArchiveSize:
    rows: int = 100_000
    tracks: int = 60_000
    artists: int = 30_000
    files: int = 300
    # Every third file is written as the archive did before it escaped markdown.
    unescaped_every: int = 3


def synthetic_archive(size, seed=2026):
    """``(file name, text)`` for each file of a synthetic archive, made one at a time.

    Together the files hold ``size.rows`` rows naming ``size.tracks`` distinct
    tracks by ``size.artists`` artists (three tracks an album): every track is
    in one file, and the remaining rows repeat tracks of other files, as the
    cumulative files of playlists that share songs do. Each track, artist and
    album is made from its number alone, so the same one reads the same in
    every file and nothing but the file being written is held in memory.
    """
    rng = random.Random(seed)
    order = list(range(size.tracks))
    rng.shuffle(order)
    own = [order[number :: size.files] for number in range(size.files)]
    repeats = size.rows - size.tracks
    for number, own_tracks in enumerate(own):
        extra = repeats // size.files + (number < repeats % size.files)
        chosen = dict.fromkeys(own_tracks)
        while len(chosen) < len(own_tracks) + extra:
            chosen.setdefault(rng.randrange(size.tracks))
        tracks = sorted(
            (_archive_track(index, size, seed) for index in chosen), key=lambda t: t.title.casefold()
        )
        playlist = Playlist(
            format=CUMULATIVE,
            name=f"Synthetic Ballads {number + 1}",
            spotify_id=_spotify_id(random.Random(f"{seed}-playlist-{number}")),
            description="A generated playlist for measuring imports.",
            tracks=tuple(tracks),
        )
        escaped = number % size.unescaped_every != size.unescaped_every - 1
        yield f"synthetic-{number + 1:04}.md", format_playlist(playlist, escaped=escaped)


def _archive_track(index, size, seed):
    rng = random.Random(f"{seed}-track-{index}")
    credited = [index % size.artists] + rng.sample(range(size.artists), rng.choice([0, 0, 0, 1, 2]))
    added = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
    removed = added + timedelta(days=rng.randrange(1, 400)) if rng.random() < 0.2 else None
    marks = rng.choice(["", "", "", " (feat. Someone)", " [Live]", " (Acoustic Ver.)", " | Piano"])
    return PlaylistTrack(
        line=0,
        position=0,
        title=f"{rng.choice(_WORDS)} {rng.choice(_HANGUL)}{marks} ({index})",
        spotify_id=_spotify_id(rng),
        artists=tuple(dict.fromkeys(_archive_artist(number, seed) for number in credited)),
        album=_archive_album(index // 3, seed),
        length_seconds=rng.randrange(120, 420),
        added=added,
        removed=removed,
    )


def _archive_artist(number, seed):
    # Every 50th artist shares its name with the one before, under another Spotify id.
    rng = random.Random(f"{seed}-artist-{number - number % 50 % 2}")
    name = _artist(rng, number - number % 50 % 2).name
    return SpotifyLink(name, _spotify_id(random.Random(f"{seed}-artist-id-{number}")))


def _archive_album(number, seed):
    return _album(random.Random(f"{seed}-album-{number}"), number)

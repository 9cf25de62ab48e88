"""Synthetic playlist archives of any size, for measuring imports.

The playlists look like real ones: several artists on some tracks, hangul and
markdown punctuation in names, soundtrack albums with parts, a few artists who
share a name under different Spotify ids, tracks that left the playlist.
"""

import random
import string
from datetime import date, timedelta

from .playlist import CUMULATIVE, Playlist, PlaylistTrack, SpotifyLink

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

"""Hypothesis strategies for playlist archives: valid playlists, and files broken in random ways."""

import string
from datetime import date, timedelta

from hypothesis import strategies as st

from songs.names import clean_name, clean_text
from songs.playlist import CUMULATIVE, PRETTY, Playlist, PlaylistTrack, SpotifyLink, format_playlist
from songs.playlist_format import MAX_LENGTH_SECONDS


def clean_names(names):
    """Names as the catalog keeps them (``clean_name``), non-empty and not the placeholder."""
    return names.map(lambda name: clean_name(name)[0]).filter(
        lambda name: name and name.upper() != "<MISSING>"
    )


SPOTIFY_IDS = st.text(alphabet=string.ascii_letters + string.digits, min_size=22, max_size=22)
# Names mix any printable text with the characters markdown cares about.
NAME_PIECES = st.one_of(
    st.characters(exclude_categories=("Cc", "Cs")),
    st.sampled_from(
        list("|()[]\\-.*_,`~#!<>/: ")
        + [". ", ", ", "<br/>", "\\|", "](", "광화문에서", "발라드", "♡", "OST Part.5", "🎤", "\u200b"]
    ),
)
RAW_NAMES = st.lists(NAME_PIECES, max_size=12).map("".join)
NAMES = clean_names(RAW_NAMES)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
LENGTHS = st.one_of(st.integers(1, 3599), st.integers(3600, MAX_LENGTH_SECONDS))


def spotify_links():
    return st.builds(SpotifyLink, name=NAMES, spotify_id=SPOTIFY_IDS)


@st.composite
def playlist_tracks(draw, playlist_format, position, track_id):
    added = removed = None
    if playlist_format == CUMULATIVE:
        added = draw(DATES)
        days_on_playlist = draw(st.one_of(st.none(), st.integers(0, 3000)))
        removed = None if days_on_playlist is None else added + timedelta(days=days_on_playlist)
    return PlaylistTrack(
        line=0,
        position=position,
        title=draw(NAMES),
        spotify_id=track_id,
        artists=tuple(draw(st.lists(spotify_links(), min_size=1, max_size=4))),
        album=draw(spotify_links()),
        length_seconds=draw(LENGTHS),
        added=added,
        removed=removed,
    )


@st.composite
def playlists(draw):
    playlist_format = draw(st.sampled_from([PRETTY, CUMULATIVE]))
    track_ids = draw(st.lists(SPOTIFY_IDS, min_size=1, max_size=6, unique=True))
    snapshot_ids = st.text(alphabet=string.ascii_letters + string.digits + "+/=", max_size=40)
    return Playlist(
        format=playlist_format,
        name=draw(st.one_of(st.just(""), NAMES)),
        spotify_id=draw(SPOTIFY_IDS),
        description=clean_text(draw(RAW_NAMES)),
        tracks=tuple(
            draw(playlist_tracks(playlist_format, position, track_id))
            for position, track_id in enumerate(track_ids, start=1)
        ),
        snapshot_id=draw(snapshot_ids) if playlist_format == PRETTY else "",
    )


SCRAPS = st.sampled_from(
    list("|[]()\\,*`<>!-. \t\x00\x07\x7f\u200b\u200e\ufeff\r\n")
    + [
        "](",
        ")|",
        "| |",
        "\\|",
        "[]",
        "](https://open.spotify.com/track/",
        "<MISSING>",
        "<br/>",
        "0:00",
        "99:99",
    ]
    + ["https://open.spotify.com/episode/5Y7CLcEhR2rFq9pmkNNUom", "광", "\u1100\u1161", "🎤", "a" * 320]
)


@st.composite
def broken_files(draw):
    """A rendered playlist with pieces of its rows cut out, pasted in or doubled."""
    lines = format_playlist(draw(playlists())).split("\n")
    first_row = next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1
    for _ in range(draw(st.integers(1, 4), label="edits")):
        index = draw(st.integers(first_row - 2, len(lines) - 1), label="line")
        line = lines[index]
        start = draw(st.integers(0, len(line)), label="at")
        end = draw(st.integers(start, min(len(line), start + 30)), label="to")
        edit = draw(st.sampled_from(["cut", "paste", "double"]), label="edit")
        if edit == "cut":
            lines[index] = line[:start] + line[end:]
        elif edit == "paste":
            lines[index] = line[:start] + draw(SCRAPS, label="scrap") + line[end:]
        else:
            lines.insert(index, line)
    return "\n".join(lines)

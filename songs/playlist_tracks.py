"""From table rows to tracks: what each row means, and the rules for messy rows.

A row that cannot be read with certainty refuses the whole file (``ValueError``
here, turned into a line-numbered ``PlaylistFormatError`` by the caller). A row
that can be read but does not make a song is skipped with a ``Note``:

- podcast episodes (``/episode/`` links) and local files (a row with no Spotify
  link at all);
- tracks whose title is missing (``[](…)`` or ``<MISSING>``), and tracks with no
  named artist. An artist without a name is left out of the credits; an album
  without a name or a link leaves the song without an album.

Names are unescaped (when the file escaped them) and tidied by ``clean_name``;
a name longer than the catalog keeps refuses the file. The same track listed
twice is one track: its first row's place, the earliest Added and the latest
Removed, and the names of its most recent row (noted when they differ).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from .external_ids import SPOTIFY_ID
from .names import NAME_MAX_LENGTH, TITLE_MAX_LENGTH, clean_name, key_may_exceed, name_key, title_key
from .playlist_format import (
    CUMULATIVE,
    PRETTY,
    Note,
    PlaylistTrack,
    SpotifyLink,
    parse_track_length,
    unbreak_lines,
    unescape_markdown,
)

_SPOTIFY_URL = re.compile(
    r"https?://open\.spotify\.com/(?:user/[^/?#]+/)?(?P<kind>[a-z]+)/(?P<id>[^/?#]*)(?P<rest>.*)"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The archive marks an Added date with an asterisk when the track was already on the
# playlist the day it was first scraped: it was added on that date or earlier.
_FIRST_SCRAPED_MARK = re.compile(r"\\?\*$")
# Text that was meant to be a link but is not one (a bracket or parenthesis lost).
_BROKEN_LINK = re.compile(r"\]\(|https?://|open\.spotify\.com/")
_LINK_INSIDE_TEXT = re.compile(r"\]\(https?://|open\.spotify\.com/")
# What the archive writes when Spotify gives a track no name.
MISSING = "<MISSING>"

TRACK, EPISODE, ARTIST, ALBUM, SHOW = "track", "episode", "artist", "album", "show"


@dataclass(frozen=True)
class RowReading:
    """One row: its track, or None when the row was skipped; and what to tell about it."""

    track: PlaylistTrack | None
    notes: list[Note]


class Names:
    """Turns link texts into names, the way the file wrote them; collects notes about them."""

    def __init__(self, escaped, line):
        self.escaped = escaped
        self.line = line
        self.notes = []

    def read(self, text, what, limit=TITLE_MAX_LENGTH, key=title_key, repeats=False):
        """The name in ``text``, tidied; "" when it is missing. Refuses names too long to keep.

        ``repeats`` says the name comes back row after row (an artist, an album): remember it.
        """
        name, dropped_controls, broken = (_remembered if repeats else _decoded)(text, self.escaped)
        if broken:
            raise ValueError(f"a link is broken in the {what}: {text!r}")
        if name.upper() == MISSING:
            return ""
        if key_may_exceed(name, limit) and max(len(name), len(key(name))) > limit:
            raise ValueError(
                f"the {what} is {len(name)} characters long; the catalog keeps at most {limit} "
                f"({name[:40]!r}…)"
            )
        if dropped_controls:
            self.notes.append(Note(self.line, f"removed control characters from the {what} '{name}'"))
        return name


def _decoded(text, escaped):
    """(name, whether control characters were dropped, whether the text holds a broken link)."""
    if _LINK_INSIDE_TEXT.search(text):
        return "", False, True
    name, dropped_controls = clean_name(unescape_markdown(text) if escaped else unbreak_lines(text))
    return name, dropped_controls, False


# The same artists and albums come back row after row and file after file.
_remembered = lru_cache(maxsize=2**16)(_decoded)


def track_from_row(cells, line, playlist_format, row_number, position, escaped):
    """A ``RowReading`` for the ``RowCells`` of the table's ``row_number``-th row, which would be
    the ``position``-th track; raises ValueError if the row is unreadable."""
    if playlist_format == PRETTY:
        _check_position(cells.before[0], row_number)
    title_cell, artists_cell, album_cell = cells.names
    skipped = _skip_unless_track(title_cell, artists_cell, album_cell, line, escaped)
    if skipped:
        return RowReading(track=None, notes=[skipped])
    names = Names(escaped, line)
    title_link = title_cell.links[0]
    track_id = spotify_id(title_link.url, TRACK, "the Title cell")
    title = names.read(title_link.text, "title")
    if not title:
        note = f"skipped track {track_id}: Spotify gives it no title (unavailable or removed)"
        return RowReading(track=None, notes=[Note(line, note)])
    length_seconds = parse_track_length(cells.after[0])
    added, removed = _parse_dates(cells.after[1:]) if playlist_format == CUMULATIVE else (None, None)
    artists = _artists(artists_cell, title, names)
    if not artists:
        note = f"skipped '{title}': no artist of it has a name"
        return RowReading(track=None, notes=[*names.notes, Note(line, note)])
    track = PlaylistTrack(
        line=line,
        position=position,
        title=title,
        spotify_id=track_id,
        artists=artists,
        album=_album(album_cell, title, names),
        length_seconds=length_seconds,
        added=added,
        removed=removed,
    )
    return RowReading(track=track, notes=names.notes)


def spotify_id(url, kind, place):
    """The id in an ``open.spotify.com/KIND/ID`` link; raises ValueError for any other link."""
    prefix = f"https://open.spotify.com/{kind}/"
    if url.startswith(prefix) and SPOTIFY_ID.fullmatch(url, len(prefix)):
        return url[len(prefix) :]
    match = _SPOTIFY_URL.fullmatch(url)
    if not match or match.group("kind") != kind:
        raise ValueError(f"{place} links to {url!r}, not to https://open.spotify.com/{kind}/ID")
    if match.group("rest") or not SPOTIFY_ID.fullmatch(match.group("id")):
        raise ValueError(f"{place} links to {url!r}, whose id is not a 22-character Spotify id")
    return match.group("id")


def _link_kind(url):
    if url.startswith("https://open.spotify.com/track/"):
        return TRACK
    match = _SPOTIFY_URL.fullmatch(url)
    return match.group("kind") if match else None


def _skip_unless_track(title, artists, album, line, escaped):
    """A Note when the row is a podcast episode or a local file; None for a track row."""
    if len(title.links) > 1:
        raise ValueError("the Title cell must hold one link, [Title](https://open.spotify.com/track/ID)")
    if not title.links:
        has_links = artists.links or album.links
        if (
            title.text
            and not has_links
            and not any(_BROKEN_LINK.search(cell.text) for cell in (title, artists, album))
        ):
            return Note(line, f"skipped '{_plain(title.text, escaped)}': a local file, not on Spotify")
        raise ValueError(
            f"the Title cell must be a link like [Title](https://open.spotify.com/track/ID), "
            f"found {title.text!r}"
        )
    if _link_kind(title.links[0].url) == EPISODE:
        episode_id = spotify_id(title.links[0].url, EPISODE, "the Title cell")
        name = _plain(title.links[0].text, escaped) or episode_id
        return Note(line, f"skipped the podcast episode '{name}': not a song")
    return None


def _plain(text, escaped):
    """A name only shown in a note: unescaped and tidied, never refused."""
    return clean_name(unescape_markdown(text) if escaped else unbreak_lines(text))[0]


def _artists(cell, title, names):
    if not cell.links:
        if cell.text:
            raise ValueError(
                "the Artist(s) cell must be links like [Name](https://open.spotify.com/artist/ID), "
                f"comma-separated; found {cell.text!r}"
            )
        return ()
    artists = []
    for link in cell.links:
        artist_id = spotify_id(link.url, ARTIST, "the Artist(s) cell")
        name = names.read(link.text, "artist's name", NAME_MAX_LENGTH, name_key, repeats=True)
        if name:
            artists.append(SpotifyLink(name, artist_id))
        else:
            note = f"left out an artist of '{title}' who has no name (https://open.spotify.com/artist/{artist_id})"
            names.notes.append(Note(names.line, note))
    return tuple(artists)


def _album(cell, title, names):
    if len(cell.links) > 1:
        raise ValueError("the Album cell must hold one link, [Album](https://open.spotify.com/album/ID)")
    if not cell.links:
        if _BROKEN_LINK.search(cell.text):
            raise ValueError(f"the Album cell holds a broken link: {cell.text!r}")
        reason = f"its album '{cell.text}' has no Spotify link" if cell.text else "the row names no album"
        names.notes.append(Note(names.line, f"imported '{title}' without an album: {reason}"))
        return None
    album_id = spotify_id(cell.links[0].url, ALBUM, "the Album cell")
    album_title = names.read(cell.links[0].text, "album title", repeats=True)
    if not album_title:
        note = f"imported '{title}' without an album: Spotify gives its album {album_id} no title"
        names.notes.append(Note(names.line, note))
        return None
    return SpotifyLink(album_title, album_id)


def _check_position(text, expected):
    if not text.isdecimal() or not text.isascii():
        raise ValueError(f"No. {text!r} is not a whole number")
    if int(text) != expected:
        raise ValueError(f"No. {text} is out of order: row {expected} should be No. {expected}")


def _parse_dates(cells):
    added_text, removed_text = cells
    added = _parse_date(_FIRST_SCRAPED_MARK.sub("", added_text), "Added")
    removed = _parse_date(removed_text, "Removed") if removed_text else None
    if removed and removed < added:
        raise ValueError(f"the track is Removed {removed} before it was Added {added}")
    return added, removed


def _parse_date(text, column):
    if not _DATE.fullmatch(text):
        raise ValueError(f"the {column} date {text!r} is not written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"the {column} date {text} is not a day of the calendar") from None


# The same track on several rows


def merge_duplicates(tracks):
    """``(tracks, notes)``: each Spotify track once, in the order of its first row, renumbered.

    A repeated track keeps the earliest Added and the latest Removed (none if one
    row has none: the track is still on the playlist). Its names come from the
    row with Spotify's newest metadata (one still on the playlist, else the last
    to leave); differences are noted.
    """
    rows = defaultdict(list)
    for track in tracks:
        rows[track.spotify_id].append(track)
    merged, notes = [], []
    for same_track in rows.values():
        first = same_track[0]
        if len(same_track) > 1:
            newest = max(same_track, key=_recency)
            first = replace(
                newest,
                line=first.line,
                added=_earliest(track.added for track in same_track),
                removed=_latest_removal(track.removed for track in same_track),
            )
            notes.extend(_repeat_notes(same_track, newest))
        if first.position != len(merged) + 1:
            first = replace(first, position=len(merged) + 1)
        merged.append(first)
    return tuple(merged), notes


def _recency(track):
    """Rows still on the playlist carry Spotify's current names; among the others, the last to leave."""
    return (track.removed is None, track.removed or date.min, track.added or date.min)


def _earliest(dates):
    known = [day for day in dates if day]
    return min(known) if known else None


def _latest_removal(dates):
    dates = list(dates)
    return None if None in dates else max(dates)


def _repeat_notes(same_track, newest):
    first = same_track[0]
    notes = []
    for repeat in same_track[1:]:
        message = f"'{repeat.title}' is listed again (first on line {first.line}): merged into one song"
        if repeat.artists != first.artists:
            message += (
                f"; the credits differ ({_credits(repeat)} here, {_credits(first)} on line {first.line}), "
                f"kept those of line {newest.line}"
            )
        notes.append(Note(repeat.line, message))
    return notes


def _credits(track):
    return ", ".join(artist.name for artist in track.artists)

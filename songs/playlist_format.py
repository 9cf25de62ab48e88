"""What a playlist archive file holds, shared by the reader and the writer.

The data a file gives (``Playlist``, ``PlaylistTrack``, ``SpotifyLink``, the
``Note`` a messy row leaves), the two table layouts, markdown escaping and track
lengths. ``songs/playlist.py`` reads and writes whole files with these.
"""

import re
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

PRETTY = "pretty"
CUMULATIVE = "cumulative"
COLUMNS = {
    PRETTY: ("No.", "Title", "Artist(s)", "Album", "Length"),
    CUMULATIVE: ("Title", "Artist(s)", "Album", "Length", "Added", "Removed"),
}
ARTIST_SEPARATOR = ", "

# The longest track a playlist can hold for the catalog; longer is a mistake in the file.
MAX_LENGTH_SECONDS = 24 * 3600

_LENGTH = re.compile(r"(?:(?P<hours>[0-9]+):)?(?P<minutes>[0-9]+):(?P<seconds>[0-9]{2})")
# How the archive writes a length of a day or more ("1 day, 2:03:04").
_DAYS_LENGTH = re.compile(r"[0-9]+ days?, [0-9]+:[0-9]{2}:[0-9]{2}")

# A backslash before any ASCII punctuation is a markdown escape; the archive writes line
# breaks inside a name or description as <br/>.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPE_OR_BREAK = re.compile(r"\\([!-/:-@\[-`{-~])|<br/>")
# What the archive escapes: markdown syntax characters, and a dot only before a space,
# where "1. " could start a numbered list. A literal "<br/>" is escaped so it stays text.
_NEEDS_ESCAPE = re.compile(r"[\\#()\[\]\-*_`|~]|\.(?= )|<(?=br/>)")


@dataclass(frozen=True)
class SpotifyLink:
    name: str
    spotify_id: str


@dataclass(frozen=True)
class PlaylistTrack:
    """One track of the playlist; ``album`` is None when the file gives no album link."""

    line: int
    position: int
    title: str
    spotify_id: str
    artists: tuple[SpotifyLink, ...]
    album: SpotifyLink | None
    length_seconds: int
    added: date | None
    removed: date | None


@dataclass(frozen=True, order=True)
class Note:
    """Something a person should know about one line: a row skipped, merged or tidied."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Playlist:
    format: str
    name: str
    spotify_id: str
    description: str
    tracks: tuple[PlaylistTrack, ...]
    snapshot_id: str = ""
    notes: tuple[Note, ...] = ()


class PlaylistFormatError(ValueError):
    """A playlist file that cannot be read, with the line to look at and why."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def escape_markdown(text: str) -> str:
    """Escape text the way the archive does, so it reads back as the same text."""
    escaped = _NEEDS_ESCAPE.sub(lambda match: "\\" + match.group(), text)
    return escaped.replace("\n", "<br/>")


def unescape_markdown(text: str) -> str:
    """Undo markdown backslash escapes and <br/> line breaks."""
    if "<br/>" not in text:
        return _ESCAPE.sub(itemgetter(1), text) if "\\" in text else text
    return _ESCAPE_OR_BREAK.sub(lambda match: match.group(1) or "\n", text)


def unbreak_lines(text: str) -> str:
    """Only the <br/> line breaks: for names the archive wrote before it escaped markdown."""
    return text.replace("<br/>", "\n")


def parse_length(text: str) -> int:
    """Seconds in a track length written ``m:ss`` or ``h:mm:ss``."""
    match = _LENGTH.fullmatch(text)
    if not match:
        if _DAYS_LENGTH.fullmatch(text):
            raise ValueError(f"length {text!r} is longer than a day; no song is")
        raise ValueError(f"length {text!r} is not written m:ss or h:mm:ss")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if seconds >= 60:
        raise ValueError(f"length {text!r} has {seconds} seconds; seconds must be below 60")
    if match.group("hours") is not None and (minutes >= 60 or len(match.group("minutes")) != 2):
        raise ValueError(f"length {text!r} must have two-digit minutes below 60 after the hours")
    return hours * 3600 + minutes * 60 + seconds


def parse_track_length(text: str) -> int:
    """``parse_length`` for a song: more than nothing and at most a day."""
    seconds = parse_length(text)
    if seconds == 0:
        raise ValueError(f"length {text!r} is zero; a song has a length")
    if seconds > MAX_LENGTH_SECONDS:
        raise ValueError(f"length {text!r} is longer than a day; no song is")
    return seconds


def format_length(seconds: int) -> str:
    """A track length as the archive writes it: ``m:ss``, or ``h:mm:ss`` from one hour."""
    if seconds < 0:
        raise ValueError(f"a length cannot be negative, got {seconds}")
    hours, seconds_of_hour = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds_of_hour, 60)
    if hours:
        return f"{hours}:{minutes:02}:{seconds:02}"
    return f"{minutes}:{seconds:02}"

"""Read and write Spotify playlists as archived in markdown by spotify-playlist-archive.

The archive keeps each playlist in two markdown formats:

- *pretty*: the playlist as it is now, a table ``No. | Title | Artist(s) | Album | Length``;
- *cumulative*: every track that was ever on it, a table
  ``Title | Artist(s) | Album | Length | Added | Removed``.

Both start with a ``### [Name](https://open.spotify.com/playlist/ID)`` heading and a
``> description`` line. Every name is a markdown link to Spotify, escaped with backslashes.
``parse_playlist`` refuses anything it cannot read with certainty, naming the line.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PRETTY = "pretty"
CUMULATIVE = "cumulative"
COLUMNS = {
    PRETTY: ("No.", "Title", "Artist(s)", "Album", "Length"),
    CUMULATIVE: ("Title", "Artist(s)", "Album", "Length", "Added", "Removed"),
}
_FORMAT_BY_COLUMNS = {columns: name for name, columns in COLUMNS.items()}
ARTIST_SEPARATOR = ", "

_SPOTIFY_ID = re.compile(r"[0-9A-Za-z]{22}")
_SPOTIFY_URL = re.compile(r"https://open\.spotify\.com/(?P<kind>[a-z]+)/(?P<id>[^/?#]*)")
# Link text is escaped: no bare brackets, and a backslash goes with the character after it.
_LINK_TEXT = r"(?:\\.|[^\\\[\]])*"
_LINK_URL = r"[^()\s]*"
_LINK = rf"\[{_LINK_TEXT}\]\({_LINK_URL}\)"
_LINK_PARTS = re.compile(rf"\[(?P<text>{_LINK_TEXT})\]\((?P<url>{_LINK_URL})\)")
_LINK_LIST = re.compile(rf"{_LINK}(?:\s*,\s*{_LINK})*")
_HEADING = re.compile(r"#{1,6}\s+(?P<content>.*?)\s*")
_DESCRIPTION = re.compile(r">\s?(?P<text>.*)")
_SONG_COUNT = re.compile(r"(?:^| - )(?P<count>[0-9][0-9,]*) songs? - ")
_SNAPSHOT = re.compile(r"Snapshot ID: `(?P<snapshot_id>[^`]*)`")
_DIVIDER_CELL = re.compile(r":?-+:?")
_LENGTH = re.compile(r"(?:(?P<hours>[0-9]+):)?(?P<minutes>[0-9]+):(?P<seconds>[0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The archive marks an Added date with an asterisk when the track was already on the
# playlist the day it was first scraped: it was added on that date or earlier.
_FIRST_SCRAPED_MARK = re.compile(r"\\?\*$")

# A backslash before any ASCII punctuation is a markdown escape; the archive writes line
# breaks inside a name or description as <br/>.
_ESCAPE_OR_BREAK = re.compile(r"\\([!-/:-@\[-`{-~])|<br/>")
# What the archive escapes: markdown syntax characters, and a dot only before a space,
# where "1. " could start a numbered list. A literal "<br/>" is escaped so it stays text.
_NEEDS_ESCAPE = re.compile(r"[\\#()\[\]\-*_`|~]|\.(?= )|<(?=br/>)")
_CELL_BOUNDARY = re.compile(r"\\.|\|")


@dataclass(frozen=True)
class SpotifyLink:
    name: str
    spotify_id: str


@dataclass(frozen=True)
class PlaylistTrack:
    line: int
    position: int
    title: str
    spotify_id: str
    artists: tuple[SpotifyLink, ...]
    album: SpotifyLink
    length_seconds: int
    added: date | None
    removed: date | None


@dataclass(frozen=True)
class Playlist:
    format: str
    name: str
    spotify_id: str
    description: str
    tracks: tuple[PlaylistTrack, ...]
    snapshot_id: str = ""


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
    return _ESCAPE_OR_BREAK.sub(lambda match: match.group(1) or "\n", text)


def parse_length(text: str) -> int:
    """Seconds in a track length written ``m:ss`` or ``h:mm:ss``."""
    match = _LENGTH.fullmatch(text)
    if not match:
        raise ValueError(f"length {text!r} is not written m:ss or h:mm:ss")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if seconds >= 60:
        raise ValueError(f"length {text!r} has {seconds} seconds; seconds must be below 60")
    if match.group("hours") is not None and (minutes >= 60 or len(match.group("minutes")) != 2):
        raise ValueError(f"length {text!r} must have two-digit minutes below 60 after the hours")
    return hours * 3600 + minutes * 60 + seconds


def format_length(seconds: int) -> str:
    """A track length as the archive writes it: ``m:ss``, or ``h:mm:ss`` from one hour."""
    if seconds < 0:
        raise ValueError(f"a length cannot be negative, got {seconds}")
    hours, seconds_of_hour = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds_of_hour, 60)
    if hours:
        return f"{hours}:{minutes:02}:{seconds:02}"
    return f"{minutes}:{seconds:02}"


# Reading


def parse_playlist(text: str) -> Playlist:
    """Read a pretty or cumulative playlist file; raise PlaylistFormatError if it is not one."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    heading_index = _find_heading(lines)
    name, playlist_id = _parse_heading(lines[heading_index], heading_index + 1)
    table_index = _find_table(lines, heading_index)
    playlist_format = _parse_table_header(lines, table_index)
    row_end = _find_table_end(lines, table_index + 2)
    if row_end == table_index + 2:
        raise PlaylistFormatError(table_index + 1, "the table has no tracks")
    tracks = _parse_rows(lines, range(table_index + 2, row_end), playlist_format)
    preamble = range(heading_index + 1, table_index)
    _check_song_count(lines, preamble, len(tracks))
    return Playlist(
        format=playlist_format,
        name=name,
        spotify_id=playlist_id,
        description=_find_description(lines, preamble),
        tracks=tracks,
        snapshot_id=_find_snapshot_id(lines[row_end:]),
    )


def _is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|")


def _find_heading(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if _is_table_line(line):
            raise PlaylistFormatError(
                index + 1,
                "the table starts before the playlist heading "
                "`### [Name](https://open.spotify.com/playlist/ID)`",
            )
        if _HEADING.fullmatch(line):
            return index
    raise PlaylistFormatError(
        1, "no playlist heading `### [Name](https://open.spotify.com/playlist/ID)` was found"
    )


def _parse_heading(line: str, line_number: int) -> tuple[str, str]:
    content = _HEADING.fullmatch(line).group("content")
    try:
        link = _parse_link(content, "playlist", "the playlist heading")
    except ValueError as error:
        raise PlaylistFormatError(line_number, str(error)) from None
    return link.name, link.spotify_id


def _find_table(lines: list[str], heading_index: int) -> int:
    for index in range(heading_index + 1, len(lines)):
        if _is_table_line(lines[index]):
            return index
    raise PlaylistFormatError(heading_index + 1, "no track table follows the playlist heading")


def _find_table_end(lines: list[str], first_row_index: int) -> int:
    index = first_row_index
    while index < len(lines) and _is_table_line(lines[index]):
        index += 1
    return index


def _find_description(lines: list[str], preamble: range) -> str:
    for index in preamble:
        match = _DESCRIPTION.fullmatch(lines[index])
        if match:
            return unescape_markdown(match.group("text").strip())
    return ""


def _check_song_count(lines: list[str], preamble: range, track_count: int) -> None:
    """A summary line that disagrees with the table means the file was cut or edited."""
    for index in preamble:
        match = _SONG_COUNT.search(lines[index])
        if match and not lines[index].startswith(">"):
            stated = int(match.group("count").replace(",", ""))
            if stated != track_count:
                raise PlaylistFormatError(
                    index + 1,
                    f"the summary says {stated} songs but the table has {track_count} tracks; "
                    "the file may be truncated",
                )
            return


def _find_snapshot_id(lines_after_table: list[str]) -> str:
    for line in lines_after_table:
        match = _SNAPSHOT.fullmatch(line.strip())
        if match:
            return match.group("snapshot_id")
    return ""


def _split_row(row: str) -> list[str]:
    """The cells of a table row, splitting on pipes that are not escaped."""
    cells, start = [], 0
    for match in _CELL_BOUNDARY.finditer(row):
        if match.group() == "|":
            cells.append(row[start : match.start()])
            start = match.end()
    cells.append(row[start:])
    # Text before the opening pipe is indentation; after the closing pipe, nothing.
    inner = cells[1:] if cells[-1].strip() else cells[1:-1]
    return [cell.strip() for cell in inner]


def _parse_table_header(lines: list[str], table_index: int) -> str:
    """The format whose columns the header row names; checks the divider row under it."""
    columns = tuple(_split_row(lines[table_index]))
    playlist_format = _FORMAT_BY_COLUMNS.get(columns)
    if playlist_format is None:
        raise PlaylistFormatError(table_index + 1, _describe_header_mismatch(columns))
    divider_index = table_index + 1
    divider_cells = _split_row(lines[divider_index]) if divider_index < len(lines) else []
    if len(divider_cells) != len(columns) or not all(map(_DIVIDER_CELL.fullmatch, divider_cells)):
        divider = _divider_row(len(columns))
        raise PlaylistFormatError(
            divider_index + 1, f"the table header must be followed by a divider row `{divider}`"
        )
    return playlist_format


def _describe_header_mismatch(found: tuple[str, ...]) -> str:
    expected = COLUMNS[CUMULATIVE if {"Added", "Removed"} & set(found) else PRETTY]
    missing = [column for column in expected if column not in found]
    unexpected = [column for column in found if column not in expected]
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected " + ", ".join(repr(column) for column in unexpected))
    if not problems:
        problems.append("columns repeated or out of order")
    return f"the table header must be `{_table_row(expected)}` ({'; '.join(problems)})"


def _parse_rows(lines: list[str], rows: range, playlist_format: str) -> tuple[PlaylistTrack, ...]:
    tracks = []
    line_by_track_id = {}
    for index in rows:
        line_number = index + 1
        try:
            track = _parse_row(lines[index], line_number, playlist_format, position=len(tracks) + 1)
        except ValueError as error:
            raise PlaylistFormatError(line_number, str(error)) from None
        first_line = line_by_track_id.get(track.spotify_id)
        if first_line:
            raise PlaylistFormatError(
                line_number, f"track {track.spotify_id} is already listed on line {first_line}"
            )
        line_by_track_id[track.spotify_id] = line_number
        tracks.append(track)
    return tuple(tracks)


def _parse_row(row: str, line_number: int, playlist_format: str, position: int) -> PlaylistTrack:
    """One track from a table row; raises ValueError with the reason it cannot be read."""
    columns = COLUMNS[playlist_format]
    cells = _split_row(row)
    if len(cells) != len(columns):
        raise ValueError(
            f"the row has {len(cells)} cells but the table has {len(columns)} columns "
            f"({' | '.join(columns)}); a | inside a name must be escaped as \\|"
        )
    cell = dict(zip(columns, cells, strict=True))
    if playlist_format == PRETTY:
        _check_position(cell["No."], position)
    title = _parse_link(cell["Title"], "track", "the Title cell")
    artists = _parse_links(cell["Artist(s)"], "artist", "the Artist(s) cell")
    album = _parse_link(cell["Album"], "album", "the Album cell")
    length_seconds = parse_length(cell["Length"])
    added, removed = _parse_dates(cell) if playlist_format == CUMULATIVE else (None, None)
    return PlaylistTrack(
        line=line_number,
        position=position,
        title=title.name,
        spotify_id=title.spotify_id,
        artists=artists,
        album=album,
        length_seconds=length_seconds,
        added=added,
        removed=removed,
    )


def _parse_dates(cell: dict[str, str]) -> tuple[date, date | None]:
    added = _parse_date(_FIRST_SCRAPED_MARK.sub("", cell["Added"]), "Added")
    removed = _parse_date(cell["Removed"], "Removed") if cell["Removed"] else None
    if removed and removed < added:
        raise ValueError(f"the track is Removed {removed} before it was Added {added}")
    return added, removed


def _check_position(text: str, expected: int) -> None:
    if not text.isdecimal() or not text.isascii():
        raise ValueError(f"No. {text!r} is not a whole number")
    if int(text) != expected:
        raise ValueError(f"No. {text} is out of order: row {expected} should be No. {expected}")


def _parse_date(text: str, column: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError(f"the {column} date {text!r} is not written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"the {column} date {text} is not a day of the calendar") from None


def _parse_links(text: str, kind: str, place: str) -> tuple[SpotifyLink, ...]:
    """Comma-separated links; commas inside a link's text belong to the name."""
    if not _LINK_LIST.fullmatch(text):
        example = f"[Name](https://open.spotify.com/{kind}/ID)"
        raise ValueError(f"{place} must be links like {example}, comma-separated; found {text!r}")
    return tuple(_parse_link(match.group(), kind, place) for match in re.finditer(_LINK, text))


def _parse_link(text: str, kind: str, place: str) -> SpotifyLink:
    match = _LINK_PARTS.fullmatch(text)
    if not match:
        example = f"[Name](https://open.spotify.com/{kind}/ID)"
        raise ValueError(f"{place} must be a link like {example}, found {text!r}")
    url = match.group("url")
    url_match = _SPOTIFY_URL.fullmatch(url)
    if not url_match or url_match.group("kind") != kind:
        raise ValueError(f"{place} links to {url!r}, not to https://open.spotify.com/{kind}/ID")
    spotify_id = url_match.group("id")
    if not _SPOTIFY_ID.fullmatch(spotify_id):
        raise ValueError(f"{place} links to id {spotify_id!r}, not a 22-character Spotify id")
    return SpotifyLink(name=unescape_markdown(match.group("text")), spotify_id=spotify_id)


# Writing


def format_playlist(playlist: Playlist) -> str:
    """The playlist as a markdown file in its own format, as the archive would write it."""
    columns = COLUMNS[playlist.format]
    lines = [
        _archive_links(playlist),
        "",
        f"### {_link(playlist.name, 'playlist', playlist.spotify_id)}",
        "",
        f"> {escape_markdown(playlist.description)}",
        "",
        _summary(playlist.tracks),
        "",
        _table_row(columns),
        _divider_row(len(columns)),
        *(_track_row(track, playlist.format) for track in playlist.tracks),
    ]
    if playlist.snapshot_id:
        lines += ["", f"Snapshot ID: `{playlist.snapshot_id}`"]
    return "\n".join(lines) + "\n"


def _archive_links(playlist: Playlist) -> str:
    """The line linking the playlist's other files in the archive."""
    playlist_id = playlist.spotify_id
    history = "https://github.githistory.xyz/mackorone/spotify-playlist-archive/blob/main"
    links = {
        PRETTY: f"[pretty](/playlists/pretty/{playlist_id}.md)",
        CUMULATIVE: f"[cumulative](/playlists/cumulative/{playlist_id}.md)",
        "plain": f"[plain](/playlists/plain/{playlist_id})",
        "githistory": f"[githistory]({history}/playlists/plain/{playlist_id})",
    }
    links[playlist.format] = playlist.format
    return " - ".join(links.values())


def _summary(tracks: tuple[PlaylistTrack, ...]) -> str:
    count = len(tracks)
    songs = f"{count:,} song" + ("" if count == 1 else "s")
    return f"{songs} - {_describe_total_length(sum(track.length_seconds for track in tracks))}"


def _describe_total_length(seconds: int) -> str:
    """Total playing time in words: seconds are shown only under an hour."""
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days:,} day {hours} hr {minutes} min"
    if hours:
        return f"{hours} hr {minutes} min"
    if minutes:
        return f"{minutes} min {seconds} sec"
    return f"{seconds} sec"


def _track_row(track: PlaylistTrack, playlist_format: str) -> str:
    artists = [_link(artist.name, "artist", artist.spotify_id) for artist in track.artists]
    cells = [
        _link(track.title, "track", track.spotify_id),
        ARTIST_SEPARATOR.join(artists),
        _link(track.album.name, "album", track.album.spotify_id),
        format_length(track.length_seconds),
    ]
    if playlist_format == PRETTY:
        cells.insert(0, str(track.position))
    else:
        cells += [track.added.isoformat(), track.removed.isoformat() if track.removed else ""]
    return _table_row(cells)


def _table_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _divider_row(column_count: int) -> str:
    return "|" + "---|" * column_count


def _link(name: str, kind: str, spotify_id: str) -> str:
    return f"[{escape_markdown(name)}](https://open.spotify.com/{kind}/{spotify_id})"

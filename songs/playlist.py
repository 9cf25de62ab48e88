"""Read and write Spotify playlists as archived in markdown by spotify-playlist-archive.

The archive keeps each playlist in two markdown formats:

- *pretty*: the playlist as it is now, a table ``No. | Title | Artist(s) | Album | Length``;
- *cumulative*: every track that was ever on it, a table
  ``Title | Artist(s) | Album | Length | Added | Removed``.

Both start with a ``### [Name](https://open.spotify.com/playlist/ID)`` heading and a
``> description`` line; newer files add a ``… - N songs - 3 hr 17 min`` summary line
and, in the pretty format, a ``Snapshot ID`` line under the table. Every name is a
markdown link to Spotify. Since about 2021 the archive escapes markdown in names
(``K\\-Pop``, ``\\(Live\\)``); older files write names as they are, with bare
brackets, parentheses and ``|``. ``parse_playlist`` reads every version (rows are
split by their links, see ``songs/playlist_rows.py``), with or without the pipes
at both ends of a row and with alignment colons in the divider. It refuses what it
cannot read with certainty, naming the line, and skips or tidies messy rows with a
``Note`` (see ``songs/playlist_tracks.py``).
"""

import re
from collections.abc import Iterable

from .names import clean_name, clean_text
from .playlist_format import (
    ARTIST_SEPARATOR,
    COLUMNS,
    CUMULATIVE,
    PRETTY,
    Note,
    Playlist,
    PlaylistFormatError,
    PlaylistTrack,
    SpotifyLink,
    escape_markdown,
    format_length,
    parse_length,
    unbreak_lines,
    unescape_markdown,
)
from .playlist_rows import TableShape, header_cells, is_row, read_row, written_unescaped
from .playlist_tracks import merge_duplicates, spotify_id, track_from_row

__all__ = [
    "COLUMNS",
    "CUMULATIVE",
    "PRETTY",
    "Note",
    "Playlist",
    "PlaylistFormatError",
    "PlaylistTrack",
    "SpotifyLink",
    "escape_markdown",
    "format_length",
    "format_playlist",
    "parse_length",
    "parse_playlist",
    "unescape_markdown",
]

_FORMAT_BY_COLUMNS = {columns: name for name, columns in COLUMNS.items()}
_HEADING = re.compile(r" {0,3}#{1,6}\s+(?P<content>.*?)\s*")
_HEADING_LINK = re.compile(r"\[(?P<text>.*)\]\((?P<url>[^()\s]*)\)")
_DESCRIPTION = re.compile(r">\s?(?P<text>.*)")
_SONG_COUNT = re.compile(r"(?:^| - )(?P<count>[0-9][0-9,]*) songs? - ")
_SNAPSHOT = re.compile(r"Snapshot ID: `(?P<snapshot_id>[^`]*)`")
_DIVIDER_CELL = re.compile(r":?-+:?")
# A list exported by this site (articles/exports.py) links its heading to the list's page.
_SITE_LIST_URL = re.compile(r"https?://[^/\s]+/(?:[^\s]*/)?lists/[-\w]+/")


# Reading


def parse_playlist(text: str) -> Playlist:
    """Read a pretty or cumulative playlist file; raise PlaylistFormatError if it is not one."""
    lines = _split_lines(text)
    heading_index = _find_heading(lines)
    heading_text, heading_url = _heading_link(lines[heading_index], heading_index + 1)
    header_index, playlist_format, shape = _find_table(lines, heading_index)
    first_row = header_index + 2
    row_end = _find_table_end(lines, first_row)
    if row_end == first_row:
        raise PlaylistFormatError(header_index + 1, "the table has no tracks")
    rows = [(index + 1, _read_cells(lines[index], index + 1, shape)) for index in range(first_row, row_end)]
    escaped = _is_escaped(heading_text, rows)
    tracks, notes = _read_tracks(rows, playlist_format, escaped)
    preamble = range(heading_index + 1, header_index)
    _check_song_count(lines, preamble, len(rows))
    return Playlist(
        format=playlist_format,
        name=clean_name(_decode(heading_text, escaped))[0],
        spotify_id=heading_url,
        description=clean_text(_decode(_find_description(lines, preamble), escaped)),
        tracks=tracks,
        snapshot_id=_find_snapshot_id(lines[row_end:]),
        notes=tuple(sorted(notes)),
    )


def _split_lines(text):
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line endings
    return text.split("\n")


def _decode(text, escaped):
    return unescape_markdown(text) if escaped else unbreak_lines(text)


def _is_header_like(line):
    return line.lstrip().startswith("|")


def _find_heading(lines):
    for index, line in enumerate(lines):
        if _is_header_like(line):
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


def _heading_link(line, line_number):
    """The heading's link text (as written) and the playlist's Spotify id."""
    content = _HEADING.fullmatch(line).group("content")
    match = _HEADING_LINK.fullmatch(content)
    if not match:
        raise PlaylistFormatError(
            line_number,
            f"the playlist heading must be a link like [Name](https://open.spotify.com/playlist/ID), "
            f"found {content!r}",
        )
    if _SITE_LIST_URL.fullmatch(match.group("url")):
        return match.group("text"), ""
    try:
        playlist_id = spotify_id(match.group("url"), "playlist", "the playlist heading")
    except ValueError as error:
        raise PlaylistFormatError(line_number, str(error)) from None
    return match.group("text"), playlist_id


def _find_table(lines, heading_index):
    """``(header index, format, TableShape)`` of the first table after the heading."""
    for index in range(heading_index + 1, len(lines)):
        columns, closing_pipe = header_cells(lines[index])
        playlist_format = _FORMAT_BY_COLUMNS.get(tuple(columns))
        if playlist_format is None and not _is_header_like(lines[index]):
            continue
        if playlist_format is None:
            raise PlaylistFormatError(index + 1, _describe_header_mismatch(tuple(columns)))
        _check_divider(lines, index + 1, len(columns))
        before = 1 if playlist_format == PRETTY else 0
        shape = TableShape(
            columns=COLUMNS[playlist_format],
            cells_before=before,
            cells_after=len(columns) - 3 - before,
            closing_pipe=closing_pipe,
        )
        return index, playlist_format, shape
    raise PlaylistFormatError(heading_index + 1, "no track table follows the playlist heading")


def _check_divider(lines, divider_index, column_count):
    cells = header_cells(lines[divider_index])[0] if divider_index < len(lines) else []
    if len(cells) != column_count or not all(map(_DIVIDER_CELL.fullmatch, cells)):
        raise PlaylistFormatError(
            divider_index + 1,
            f"the table header must be followed by a divider row `{_divider_row(column_count)}`",
        )


def _find_table_end(lines, first_row_index):
    index = first_row_index
    while index < len(lines) and is_row(lines[index]):
        index += 1
    return index


def _read_cells(line, line_number, shape):
    try:
        return read_row(line, shape)
    except ValueError as error:
        raise PlaylistFormatError(line_number, str(error)) from None


def _is_escaped(heading_text, rows):
    """Whether the file escapes markdown in names: no name in it has a bare bracket or pipe."""
    texts = [heading_text]
    for _, cells in rows:
        if cells.escaped:
            continue
        for cell in cells.names:
            texts.append(cell.text)
            texts.extend(link.text for link in cell.links)
    return not any(map(written_unescaped, texts))


def _read_tracks(rows, playlist_format, escaped):
    tracks, notes = [], []
    for row_number, (line_number, cells) in enumerate(rows, start=1):
        try:
            reading = track_from_row(
                cells, line_number, playlist_format, row_number, len(tracks) + 1, escaped
            )
        except ValueError as error:
            raise PlaylistFormatError(line_number, str(error)) from None
        notes.extend(reading.notes)
        if reading.track:
            tracks.append(reading.track)
    tracks, merge_notes = merge_duplicates(tracks)
    return tracks, notes + merge_notes


def _find_description(lines, preamble):
    for index in preamble:
        match = _DESCRIPTION.fullmatch(lines[index])
        if match:
            return match.group("text").strip()
    return ""


def _check_song_count(lines, preamble, row_count):
    """A summary line that disagrees with the table means the file was cut or edited."""
    for index in preamble:
        match = _SONG_COUNT.search(lines[index])
        if match and not lines[index].startswith(">"):
            stated = int(match.group("count").replace(",", ""))
            if stated != row_count:
                raise PlaylistFormatError(
                    index + 1,
                    f"the summary says {stated} songs but the table has {row_count} rows; "
                    "the file may be truncated",
                )
            return


def _find_snapshot_id(lines_after_table):
    for line in lines_after_table:
        match = _SNAPSHOT.fullmatch(line.strip())
        if match:
            return match.group("snapshot_id")
    return ""


def _describe_header_mismatch(found):
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


# Writing


def format_playlist(playlist: Playlist, escaped: bool = True, heading_url: str = "") -> str:
    """The playlist as a markdown file in its own format, as the archive would write it.

    ``escaped=False`` writes it as the archive did before it escaped markdown:
    names as they are, the older header line, no summary line. ``heading_url``
    (a list page of this site) replaces the Spotify playlist and the archive's links.
    A track, artist or album without a Spotify id is written as a plain name, as
    the archive writes a local file.
    """
    write = escape_markdown if escaped else _as_written_unescaped
    columns = COLUMNS[playlist.format]
    name = write(playlist.name)
    heading = f"[{name}]({heading_url})" if heading_url else _link(name, "playlist", playlist.spotify_id)
    lines = [] if heading_url else [_archive_links(playlist, escaped), ""]
    lines += [
        f"### {heading}",
        "",
        f"> {write(playlist.description)}",
        "",
    ]
    if escaped:
        lines += [_summary(playlist.tracks), ""]
    lines += [
        _table_row(columns),
        _divider_row(len(columns)),
        *(_track_row(track, playlist.format, write) for track in playlist.tracks),
    ]
    if playlist.snapshot_id:
        lines += ["", f"Snapshot ID: `{playlist.snapshot_id}`"]
    return "\n".join(lines) + "\n"


def _as_written_unescaped(text):
    return text.replace("\n", " ")


def _archive_links(playlist: Playlist, escaped: bool) -> str:
    """The line linking the playlist's other files in the archive."""
    playlist_id = playlist.spotify_id
    branch = "main" if escaped else "master"
    history = f"https://github.githistory.xyz/mackorone/spotify-playlist-archive/blob/{branch}"
    links = {
        PRETTY: f"[pretty](/playlists/pretty/{playlist_id}.md)",
        CUMULATIVE: f"[cumulative](/playlists/cumulative/{playlist_id}.md)",
        "plain": f"[plain](/playlists/plain/{playlist_id})",
    }
    links[playlist.format] = playlist.format
    githistory = f"[githistory]({history}/playlists/plain/{playlist_id})"
    if escaped:
        return " - ".join([*links.values(), githistory])
    return " - ".join(links.values()) + f" ({githistory})"


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


def _track_row(track: PlaylistTrack, playlist_format: str, write) -> str:
    artists = [_link(write(artist.name), "artist", artist.spotify_id) for artist in track.artists]
    cells = [
        _link(write(track.title), "track", track.spotify_id),
        ARTIST_SEPARATOR.join(artists),
        _link(write(track.album.name), "album", track.album.spotify_id) if track.album else "",
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


def _link(text: str, kind: str, spotify_id: str) -> str:
    return f"[{text}](https://open.spotify.com/{kind}/{spotify_id})" if spotify_id else text

import re
import string
import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songs.names import NAME_MAX_LENGTH, TITLE_MAX_LENGTH, clean_name
from songs.playlist import (
    COLUMNS,
    CUMULATIVE,
    PRETTY,
    Note,
    PlaylistFormatError,
    PlaylistTrack,
    SpotifyLink,
    escape_markdown,
    format_length,
    format_playlist,
    parse_length,
    parse_playlist,
)
from songs.playlist_format import MAX_LENGTH_SECONDS
from tests.playlist_strategies import broken_files, playlists

PLAYLISTS = Path(__file__).resolve().parent.parent / "data" / "playlists"

PLAYLIST_ID = "37i9dQZF1DX5LEXW9eXA0n"
DEAR_ID = "5xUDsNJKebll4g40mGcnPl"
WALK_WITH_ME_ID = "71awe49SI4ZCz4JYChmSV0"
SNAPSHOT_ID = "MTY0MDYwMTk5NiwwMDAwMDAwMDQ5NGI0OTA4MzNiMDk0ZWZmMjRiNGMxMzliZjU0ODgx"

HEADING = f"### [K\\-Pop Ballad Hits](https://open.spotify.com/playlist/{PLAYLIST_ID})"
DESCRIPTION = "> Mellow & sentimental K\\-Pop ballads\\."
PRETTY_HEADER = "| No. | Title | Artist(s) | Album | Length |"
CUMULATIVE_HEADER = "| Title | Artist(s) | Album | Length | Added | Removed |"
# In the files the helpers below build, the table header is on line 5 and rows start on 7.
HEADER_LINE = 5
FIRST_ROW_LINE = 7


def link(name, kind, spotify_id):
    return f"[{name}](https://open.spotify.com/{kind}/{spotify_id})"


DEAR_CELLS = {
    "title": link("Dear", "track", DEAR_ID),
    "artists": link("Jung Seung Hwan", "artist", "7l8rOFwZFQ3G0sgZ7gjGng"),
    "album": link("Dear", "album", "20YuFf31mUzKLlcKTAGEV5"),
    "length": "5:19",
}
WALK_WITH_ME_CELLS = {
    "title": link("Walk With Me", "track", WALK_WITH_ME_ID),
    "artists": link("Youngjae", "artist", "5qUAtC3NwSLYme4JqjlGfQ"),
    "album": link("Walk With Me", "album", "3E4D5ojNyym9TEc9uTlwAd"),
    "length": "4:06",
}


def pretty_row(**overrides):
    cells = {"no": "1", **DEAR_CELLS, **overrides}
    return "| {no} | {title} | {artists} | {album} | {length} |".format(**cells)


def second_pretty_row(**overrides):
    return pretty_row(**{"no": "2", **WALK_WITH_ME_CELLS, **overrides})


ROSE_CELLS = {
    "title": link("Rose", "track", "2bk43y1inDfHx8fFdXar3l"),
    "artists": link("D.O.", "artist", "2CQZr2RPZmrcvDnaod1ldC"),
    "album": link("공감 \\(Empathy\\) \\- The 1st Mini Album", "album", "4dqWy2Soq1Z1rqgKfXOATk"),
    "length": "2:33",
}


def third_pretty_row(**overrides):
    return pretty_row(**{"no": "3", **ROSE_CELLS, **overrides})


def cumulative_row(**overrides):
    cells = {**DEAR_CELLS, "added": "2021-12-20", "removed": "", **overrides}
    return "| {title} | {artists} | {album} | {length} | {added} | {removed} |".format(**cells)


def playlist_file(header, *rows, heading=HEADING):
    return "\n".join([heading, "", DESCRIPTION, "", header, table_divider(header), *rows]) + "\n"


def pretty_file(*rows, **options):
    return playlist_file(PRETTY_HEADER, *(rows or [pretty_row()]), **options)


def cumulative_file(*rows, **options):
    return playlist_file(CUMULATIVE_HEADER, *(rows or [cumulative_row()]), **options)


def table_divider(header):
    return "|" + "---|" * (header.count("|") - 1)


def refusal(text):
    with pytest.raises(PlaylistFormatError) as caught:
        parse_playlist(text)
    return caught.value


def read_playlist(name):
    return parse_playlist((PLAYLISTS / name).read_text(encoding="utf-8"))


def unescaped(text):
    """``text`` as the archive wrote it before it escaped markdown (the heading without escapes)."""
    return text.replace("K\\-Pop", "K-Pop").replace("ballads\\.", "ballads.")


def without_line_numbers(playlist):
    return replace(playlist, tracks=tuple(replace(track, line=0) for track in playlist.tracks))


# The archived "K-Pop Ballad Hits" snapshot (pretty format)


@pytest.fixture(scope="module")
def ballad_hits():
    return read_playlist("k-pop-ballad-hits.pretty.md")


def test_seed_playlist_is_read_as_fifty_numbered_tracks(ballad_hits):
    assert ballad_hits.format == PRETTY
    assert ballad_hits.name == "K-Pop Ballad Hits"
    assert ballad_hits.spotify_id == PLAYLIST_ID
    assert ballad_hits.snapshot_id == SNAPSHOT_ID
    assert len(ballad_hits.tracks) == 50
    assert [track.position for track in ballad_hits.tracks] == list(range(1, 51))
    assert [track.line for track in ballad_hits.tracks] == list(range(11, 61))


def test_seed_description_is_unescaped_with_hangul_untouched(ballad_hits):
    assert ballad_hits.description == " ".join(
        [
            "Mellow & sentimental K-Pop ballads.",
            "(Cover: KangHyeWon(강혜원))",
            "(당신의 감성에 발라드, 려요)",
        ]
    )


def test_seed_first_track_has_every_fact(ballad_hits):
    assert ballad_hits.tracks[0] == PlaylistTrack(
        line=11,
        position=1,
        title="Dear",
        spotify_id=DEAR_ID,
        artists=(SpotifyLink("Jung Seung Hwan", "7l8rOFwZFQ3G0sgZ7gjGng"),),
        album=SpotifyLink("Dear", "20YuFf31mUzKLlcKTAGEV5"),
        length_seconds=319,
        added=None,
        removed=None,
    )


def test_seed_duet_keeps_commas_inside_the_album_name(ballad_hits):
    track = ballad_hits.tracks[5]
    assert track.position == 6
    assert track.title == "You, Clouds, Rain"
    assert track.artists == (
        SpotifyLink("HEIZE", "5dCvSnVduaFleCnyy98JMo"),
        SpotifyLink("Shin Yong Jae", "2frFGmni9tkRgXYdXmzQvR"),
    )
    assert track.album == SpotifyLink("/// (You, Clouds, Rain)", "7ANb4BnhkVoBO4RDSJ6uSs")
    assert track.length_seconds == 205


def test_seed_track_with_three_artists_lists_them_in_order(ballad_hits):
    track = ballad_hits.tracks[44]
    assert track.title == "Eternal Sunshine"
    assert [artist.name for artist in track.artists] == ["Seo actor", "Dept", "Ashley Alisha"]
    assert track.album.name == "Eternal Sunshine 1/2"


def test_seed_hangul_title_and_length_are_read(ballad_hits):
    track = ballad_hits.tracks[49]
    assert track.title == "광화문에서 (At Gwanghwamun)"
    assert track.spotify_id == "3fLufMRaQboaen5AGMdCLT"
    assert track.album.name == "The 1st Mini Album '광화문에서 At Gwanghwamun'"
    assert track.length_seconds == 282


def test_seed_title_with_a_heart_symbol_is_read(ballad_hits):
    track = ballad_hits.tracks[30]
    assert track.title == "Slightly Tipsy (She is My Type♡ X SANDEUL)"
    assert track.artists == (SpotifyLink("Sandeul", "2QeJBmgBdpH4i3uJns5Rdx"),)


@pytest.mark.parametrize(
    ("position", "album_name"),
    [
        (10, "Like Water - The 1st Mini Album"),
        (11, "HOSPITAL PLAYLIST Season2 (Original Television Soundtrack), Pt. 8"),
        (17, "Dr. Romantic 2 OST Part.1"),
        (25, "공감 (Empathy) - The 1st Mini Album"),
        (44, "Moonlovers: Scarlet Heart Ryeo (Original Television Soundtrack), Pt 10"),
    ],
)
def test_seed_album_names_lose_their_escapes(ballad_hits, position, album_name):
    assert ballad_hits.tracks[position - 1].album.name == album_name


def test_seed_names_with_unescaped_dots_are_kept(ballad_hits):
    assert ballad_hits.tracks[24].artists[0].name == "D.O."
    assert ballad_hits.tracks[37].artists[0].name == "Zion.T"
    assert ballad_hits.tracks[41].title == "My Love (Duet Ver.)"


def test_seed_table_renders_back_exactly_as_the_archive_wrote_it(ballad_hits):
    original = (PLAYLISTS / "k-pop-ballad-hits.pretty.md").read_text(encoding="utf-8")
    rendered = format_playlist(ballad_hits)

    def table(text):
        return [line for line in text.splitlines() if line.startswith("|")]

    assert table(rendered) == table(original)
    assert rendered.splitlines()[:5] == original.splitlines()[:5]


# The cumulative example built from the same tracks


@pytest.fixture(scope="module")
def ballad_history():
    return read_playlist("k-pop-ballad-hits.cumulative.md")


def test_cumulative_example_is_read_with_its_dates(ballad_history):
    assert ballad_history.format == CUMULATIVE
    assert ballad_history.name == "K-Pop Ballad Hits"
    assert ballad_history.snapshot_id == ""
    assert len(ballad_history.tracks) == 12
    assert [track.position for track in ballad_history.tracks] == list(range(1, 13))
    aloha, dear, drawing_our_moments = ballad_history.tracks[:3]
    # "2020-07-10\*": already on the playlist the day the archive first scraped it.
    assert (aloha.title, aloha.added, aloha.removed) == ("Aloha", date(2020, 7, 10), None)
    assert (dear.added, dear.removed) == (date(2021, 12, 20), None)
    assert drawing_our_moments.removed == date(2022, 2, 14)
    assert aloha.line == 11


def test_cumulative_example_rows_are_sorted_by_title(ballad_history):
    titles = [track.title for track in ballad_history.tracks]
    assert titles == sorted(titles, key=str.lower)


def test_cumulative_example_tracks_match_the_pretty_snapshot(ballad_hits, ballad_history):
    current = {track.spotify_id: track for track in ballad_hits.tracks}
    assert ballad_history.tracks
    for track in ballad_history.tracks:
        snapshot_track = current[track.spotify_id]
        assert (track.title, track.artists, track.album, track.length_seconds) == (
            snapshot_track.title,
            snapshot_track.artists,
            snapshot_track.album,
            snapshot_track.length_seconds,
        )


def test_first_scraped_asterisk_without_backslash_is_accepted():
    playlist = parse_playlist(cumulative_file(cumulative_row(added="2020-07-10*")))
    assert playlist.tracks[0].added == date(2020, 7, 10)


# Lengths


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:05", 5),
        ("5:19", 319),
        ("59:59", 3599),
        ("75:00", 4500),
        ("1:02:03", 3723),
        ("12:00:00", 43200),
    ],
)
def test_length_is_read_in_seconds(text, seconds):
    assert parse_length(text) == seconds


@pytest.mark.parametrize(
    "text", ["5:60", "5:1", "5", "1:60:00", "1:5:00", "abc", "", "-1:00", "５:19", "5:19 "]
)
def test_malformed_length_is_refused(text):
    with pytest.raises(ValueError):
        parse_length(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (319, "5:19"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (90000, "25:00:00"),
    ],
)
def test_length_is_written_as_the_archive_writes_it(seconds, text):
    assert format_length(seconds) == text


# Escapes and other spellings the parser accepts


@pytest.mark.parametrize("character", list(string.punctuation))
def test_every_backslash_escape_of_punctuation_is_undone(character):
    title = link(f"a\\{character}b", "track", DEAR_ID)
    playlist = parse_playlist(pretty_file(pretty_row(title=title)))
    assert playlist.tracks[0].title == f"a{character}b"


def test_backslash_before_a_letter_is_kept():
    playlist = parse_playlist(pretty_file(pretty_row(title=link("C:\\Users", "track", DEAR_ID))))
    assert playlist.tracks[0].title == "C:\\Users"


def test_escaped_pipe_does_not_split_the_cell():
    title = link("Left \\| Right", "track", DEAR_ID)
    playlist = parse_playlist(pretty_file(pretty_row(title=title)))
    assert playlist.tracks[0].title == "Left | Right"


def test_escaped_backslash_before_a_cell_pipe_ends_the_name():
    album = "[Back\\\\slash\\\\](https://open.spotify.com/album/20YuFf31mUzKLlcKTAGEV5)"
    playlist = parse_playlist(pretty_file(pretty_row(album=album)))
    assert playlist.tracks[0].album.name == "Back\\slash\\"


def test_artists_split_between_links_not_on_commas_in_names():
    artists = ", ".join(
        [
            link("Crosby, Stills", "artist", "1" * 22),
            link("Nash \\(and Young\\)", "artist", "2" * 22),
            link("혁오", "artist", "3" * 22),
        ]
    )
    playlist = parse_playlist(pretty_file(pretty_row(artists=artists)))
    assert [artist.name for artist in playlist.tracks[0].artists] == [
        "Crosby, Stills",
        "Nash (and Young)",
        "혁오",
    ]


def test_line_break_tag_in_a_description_is_a_new_line():
    text = pretty_file().replace(DESCRIPTION, "> First line<br/>Second \\<br/> line")
    assert parse_playlist(text).description == "First line\nSecond <br/> line"


def test_archive_escaping_marks_only_markdown_syntax():
    assert escape_markdown("K-Pop ballads. (Cover: D.O.)") == "K\\-Pop ballads\\. \\(Cover: D.O.\\)"
    assert escape_markdown("a|b [c] *d* _e_ `f` ~g~ #h \\i") == (
        "a\\|b \\[c\\] \\*d\\* \\_e\\_ \\`f\\` \\~g\\~ \\#h \\\\i"
    )
    assert escape_markdown("광화문에서, Zion.T!") == "광화문에서, Zion.T!"


def test_windows_line_endings_and_byte_order_mark_are_accepted():
    text = "\ufeff" + pretty_file(pretty_row(), second_pretty_row()).replace("\n", "\r\n")
    playlist = parse_playlist(text)
    assert playlist.name == "K-Pop Ballad Hits"
    assert [track.title for track in playlist.tracks] == ["Dear", "Walk With Me"]
    assert playlist.tracks[1].length_seconds == 246


def test_unknown_lines_around_the_table_are_ignored():
    text = "\n".join(
        [
            "pretty - [cumulative](/playlists/cumulative/x.md)",
            "",
            "Some note before the heading",
            HEADING,
            "A stray line",
            DESCRIPTION,
            "[Spotify](https://open.spotify.com/user/spotify) - 1,234 likes - 1 song - 5 min",
            "",
            PRETTY_HEADER,
            table_divider(PRETTY_HEADER),
            pretty_row(),
            "",
            "A footnote",
            "Snapshot ID: `abc123`",
        ]
    )
    playlist = parse_playlist(text)
    assert playlist.description == "Mellow & sentimental K-Pop ballads."
    assert playlist.snapshot_id == "abc123"
    assert playlist.tracks[0].line == 11


def test_file_without_description_or_snapshot_is_read():
    text = "\n".join([HEADING, PRETTY_HEADER, table_divider(PRETTY_HEADER), pretty_row()])
    playlist = parse_playlist(text)
    assert (playlist.description, playlist.snapshot_id) == ("", "")


# Files that are refused, and the line they are refused on


def test_refusal_names_the_line_and_the_reason():
    error = refusal(pretty_file(pretty_row(length="5:75")))
    assert isinstance(error, ValueError)
    assert error.line == FIRST_ROW_LINE
    assert str(error) == f"line {FIRST_ROW_LINE}: {error.reason}"
    assert "5:75" in error.reason


def test_file_without_a_playlist_heading_is_refused():
    error = refusal("Just some notes\nabout ballads\n")
    assert error.line == 1
    assert "heading" in error.reason


def test_table_before_the_playlist_heading_is_refused_on_the_table_line():
    text = "notes\n" + PRETTY_HEADER + "\n" + HEADING + "\n"
    assert refusal(text).line == 2


@pytest.mark.parametrize(
    "heading",
    [
        "### K-Pop Ballad Hits",
        f"### [K\\-Pop Ballad Hits](https://open.spotify.com/album/{PLAYLIST_ID})",
        "### [K\\-Pop Ballad Hits](https://open.spotify.com/playlist/short)",
        f"### [K\\-Pop Ballad Hits](https://example.com/playlist/{PLAYLIST_ID})",
    ],
)
def test_heading_that_is_not_a_playlist_link_is_refused(heading):
    assert refusal(pretty_file(heading=heading)).line == 1


def test_file_without_a_table_is_refused_at_the_heading():
    error = refusal("\n" + HEADING + "\n\n" + DESCRIPTION + "\n")
    assert error.line == 2
    assert "no track table" in error.reason


@pytest.mark.parametrize(
    ("header", "complaint"),
    [
        ("| No. | Title | Artist(s) | Album |", "missing Length"),
        ("| No. | Title | Artist(s) | Album | Length | Genre |", "unexpected 'Genre'"),
        ("| Title | Artist(s) | Album | Length | Added |", "missing Removed"),
        ("| No. | Title | Artists | Album | Length |", "missing Artist(s)"),
        ("| No. | Artist(s) | Title | Album | Length |", "out of order"),
    ],
)
def test_table_header_with_wrong_columns_is_refused(header, complaint):
    error = refusal(playlist_file(header, pretty_row()))
    assert error.line == HEADER_LINE
    assert complaint in error.reason


def test_table_header_without_a_divider_row_is_refused_on_the_next_line():
    text = "\n".join([HEADING, "", DESCRIPTION, "", PRETTY_HEADER, pretty_row()])
    assert refusal(text).line == HEADER_LINE + 1


def test_empty_table_is_refused_at_its_header():
    text = "\n".join([HEADING, "", DESCRIPTION, "", PRETTY_HEADER, table_divider(PRETTY_HEADER)])
    error = refusal(text)
    assert error.line == HEADER_LINE
    assert "no tracks" in error.reason


def test_row_with_missing_cell_is_refused_with_its_line():
    row = "| 2 | [Walk With Me](https://open.spotify.com/track/71awe49SI4ZCz4JYChmSV0) | 4:06 |"
    error = refusal(pretty_file(pretty_row(), row))
    assert error.line == FIRST_ROW_LINE + 1
    assert "3 cells" in error.reason


def test_row_with_extra_cell_is_refused_with_its_line():
    error = refusal(pretty_file(pretty_row() + " extra |"))
    assert error.line == FIRST_ROW_LINE


def test_bare_pipe_inside_a_link_stays_in_the_name():
    playlist = parse_playlist(pretty_file(pretty_row(title=link("Left | Right", "track", DEAR_ID))))
    assert playlist.tracks[0].title == "Left | Right"


BAD_PRETTY_ROWS = {
    "title is plain text": third_pretty_row(title="Dear"),
    "title link is broken": third_pretty_row(title=f"[Dear](https://open.spotify.com/track/{DEAR_ID}"),
    "title links to an album": third_pretty_row(title=link("Dear", "album", DEAR_ID)),
    "title links outside Spotify": third_pretty_row(title=f"[Dear](https://example.com/track/{DEAR_ID})"),
    "title has two links": third_pretty_row(
        title=link("A", "track", DEAR_ID) + ", " + link("B", "track", "1" * 22)
    ),
    "text after the title link": third_pretty_row(title=link("Dear", "track", DEAR_ID) + " (live)"),
    "track id is too short": third_pretty_row(title=link("Dear", "track", DEAR_ID[:-1])),
    "track id is not base62": third_pretty_row(title=link("Dear", "track", DEAR_ID[:-1] + "-")),
    "track link has a query": third_pretty_row(title=link("Dear", "track", DEAR_ID + "?si=abc")),
    "artists joined by ampersand": third_pretty_row(
        artists=link("A", "artist", "1" * 22) + " & " + link("B", "artist", "2" * 22)
    ),
    "artists are plain text": third_pretty_row(artists="Jung Seung Hwan"),
    "artist links to a track": third_pretty_row(artists=link("A", "track", "1" * 22)),
    "artist link lost its parenthesis": third_pretty_row(
        artists=link("A", "artist", "1" * 22)[:-1] + ", " + link("B", "artist", "2" * 22)
    ),
    "album has a broken link": third_pretty_row(album="[Dear](https://open.spotify.com/album/20YuFf31mU"),
    "album links to an artist": third_pretty_row(album=link("Dear", "artist", "20YuFf31mUzKLlcKTAGEV5")),
    "length has 60 seconds": third_pretty_row(length="5:60"),
    "length has 60 minutes after hours": third_pretty_row(length="1:60:00"),
    "length is words": third_pretty_row(length="five minutes"),
    "length is zero": third_pretty_row(length="0:00"),
    "length is over a day": third_pretty_row(length="24:00:01"),
    "length is a day as the archive writes it": third_pretty_row(length="1 day, 0:00:05"),
    "No. is not a number": third_pretty_row(no="three"),
    "No. is out of order": third_pretty_row(no="4"),
    "row has no links at all and no title": third_pretty_row(title="", artists="", album=""),
}


@pytest.mark.parametrize("row", BAD_PRETTY_ROWS.values(), ids=BAD_PRETTY_ROWS.keys())
def test_malformed_pretty_row_is_refused_with_its_line(row):
    assert refusal(pretty_file(pretty_row(), second_pretty_row(), row)).line == FIRST_ROW_LINE + 2


def test_the_good_third_row_the_refusals_start_from_is_read():
    playlist = parse_playlist(pretty_file(pretty_row(), second_pretty_row(), third_pretty_row()))
    assert [track.title for track in playlist.tracks] == ["Dear", "Walk With Me", "Rose"]


BAD_CUMULATIVE_ROWS = {
    "added date does not exist": cumulative_row(added="2021-02-30"),
    "added date has slashes": cumulative_row(added="2021/02/03"),
    "added date is short": cumulative_row(added="21-02-03"),
    "added date is missing": cumulative_row(added=""),
    "removed date has no month 13": cumulative_row(removed="2022-13-01"),
    "removed before added": cumulative_row(added="2021-12-20", removed="2021-12-19"),
    "length is missing": cumulative_row(length=""),
}


@pytest.mark.parametrize("row", BAD_CUMULATIVE_ROWS.values(), ids=BAD_CUMULATIVE_ROWS.keys())
def test_malformed_cumulative_row_is_refused_with_its_line(row):
    assert refusal(cumulative_file(row)).line == FIRST_ROW_LINE


def test_track_removed_before_it_was_added_is_refused_with_both_dates():
    error = refusal(cumulative_file(cumulative_row(added="2021-12-20", removed="2021-12-19")))
    assert "2021-12-19" in error.reason and "2021-12-20" in error.reason


def test_track_removed_the_day_it_was_added_is_accepted():
    playlist = parse_playlist(cumulative_file(cumulative_row(removed="2021-12-20")))
    assert playlist.tracks[0].removed == date(2021, 12, 20)


def test_summary_that_counts_more_songs_than_the_table_is_refused():
    text = pretty_file().replace(DESCRIPTION, DESCRIPTION + "\n\n2 songs - 9 min 25 sec")
    error = refusal(text)
    assert error.line == 5
    assert "truncated" in error.reason


def test_summary_counts_rows_including_skipped_and_repeated_ones():
    rows = [
        pretty_row(),
        second_pretty_row(title=link("Dear", "track", DEAR_ID)),
        third_pretty_row(title="Memo", artists="Me", album="Demos"),
    ]
    text = pretty_file(*rows).replace(DESCRIPTION, DESCRIPTION + "\n\n3 songs - 12 min 0 sec")
    assert [track.title for track in parse_playlist(text).tracks] == ["Dear"]


def test_name_longer_than_the_catalog_keeps_is_refused_with_its_line():
    error = refusal(
        pretty_file(pretty_row(), second_pretty_row(title=link("a" * 301, "track", WALK_WITH_ME_ID)))
    )
    assert error.line == FIRST_ROW_LINE + 1
    assert "301 characters" in error.reason and "300" in error.reason


def test_artist_name_longer_than_the_catalog_keeps_is_refused():
    error = refusal(pretty_file(pretty_row(artists=link("b" * 201, "artist", "1" * 22))))
    assert "201 characters" in error.reason


def test_names_up_to_the_catalog_limits_are_read_whole():
    playlist = parse_playlist(
        pretty_file(
            pretty_row(title=link("a" * 300, "track", DEAR_ID), artists=link("b" * 200, "artist", "1" * 22))
        )
    )
    assert (len(playlist.tracks[0].title), len(playlist.tracks[0].artists[0].name)) == (300, 200)


def test_parser_limits_are_the_catalogs_field_lengths():
    from songs.models import Album, Artist, ArtistAlias, Drama, Song

    assert {Song._meta.get_field(name).max_length for name in ["title", "title_key", "imported_title"]} == {
        TITLE_MAX_LENGTH
    }
    assert {Album._meta.get_field(name).max_length for name in ["title", "title_key", "imported_title"]} == {
        TITLE_MAX_LENGTH
    }
    assert Drama._meta.get_field("title").max_length == TITLE_MAX_LENGTH
    assert {
        model._meta.get_field(name).max_length
        for model in (Artist, ArtistAlias)
        for name in ["name", "name_key"]
    } == {NAME_MAX_LENGTH}


# Files from before the archive escaped markdown


@pytest.fixture(scope="module")
def unescaped_snapshot():
    return read_playlist("k-pop-ballad-hits.unescaped.pretty.md")


def test_unescaped_file_is_read_with_its_names_as_written(unescaped_snapshot):
    assert unescaped_snapshot.format == PRETTY
    assert unescaped_snapshot.name == "K-Pop Ballad Hits"
    assert unescaped_snapshot.description == "Mellow & sentimental K-Pop ballads. (Cover: KangHyeWon(강혜원))"
    assert len(unescaped_snapshot.tracks) == 14
    assert unescaped_snapshot.notes == ()
    titles = [track.title for track in unescaped_snapshot.tracks]
    assert titles[:3] == ["Aloha", "You, Clouds, Rain", "Forever (약속)"]
    assert "Slightly Tipsy (She is My Type♡ X SANDEUL)" in titles


def test_unescaped_brackets_inside_link_text_stay_in_the_name(unescaped_snapshot):
    track = unescaped_snapshot.tracks[3]
    assert track.title == "[Hidden Track] Snowflower"
    assert track.album.name == "Snowflower [Special Edition] (Live)"
    assert [artist.name for artist in track.artists] == ["Kim Na Young", "Jung Seung Hwan"]


def test_unescaped_pipe_inside_a_title_does_not_split_the_row(unescaped_snapshot):
    track = unescaped_snapshot.tracks[7]
    assert (track.position, track.line) == (8, 16)
    assert track.title == "Rain | Acoustic Ver."
    assert track.album.name == "Rain | Acoustic Ver. - Single"
    assert track.length_seconds == 238


def test_unescaped_file_names_the_same_tracks_as_the_escaped_snapshot(unescaped_snapshot, ballad_hits):
    current = {track.spotify_id: track for track in ballad_hits.tracks}
    shared = [track for track in unescaped_snapshot.tracks if track.spotify_id in current]
    assert len(shared) == 12
    for track in shared:
        assert (track.title, track.artists, track.album) == (
            current[track.spotify_id].title,
            current[track.spotify_id].artists,
            current[track.spotify_id].album,
        )


def test_a_backslash_in_an_unescaped_file_is_kept_as_written():
    text = unescaped(pretty_file(pretty_row(title=link("Ode (to \\o/)", "track", DEAR_ID))))
    assert parse_playlist(text).tracks[0].title == "Ode (to \\o/)"


@pytest.mark.parametrize(
    ("title", "read_as"),
    [
        ("[Special] Song", "[Special] Song"),
        ("Song]", "Song]"),
        ("[[Double]]", "[[Double]]"),
        ("Love (Live) [Remastered 2020]", "Love (Live) [Remastered 2020]"),
        ("a](b", "a](b"),
        ("(((", "((("),
    ],
)
def test_unbalanced_and_nested_brackets_in_unescaped_titles(title, read_as):
    assert (
        parse_playlist(pretty_file(pretty_row(title=link(title, "track", DEAR_ID)))).tracks[0].title
        == read_as
    )


@pytest.fixture(scope="module")
def unescaped_history():
    return read_playlist("k-pop-ballad-hits.unescaped.cumulative.md")


def test_unescaped_cumulative_file_keeps_the_songs_and_notes_every_messy_row(unescaped_history):
    assert unescaped_history.format == CUMULATIVE
    assert [track.title for track in unescaped_history.tracks] == [
        "Aloha",
        "Dear",
        "Drawing Our Moments",
        "Everyday",
        "Forever (약속)",
        "My Love (Duet Ver.)",
        "Slightly Tipsy (She is My Type♡ X SANDEUL)",
        "You, Clouds, Rain",
    ]
    assert [(note.line, note.message.split(":")[0]) for note in unescaped_history.notes] == [
        (9, "skipped track 2nWfXBCDMi1UqdFL9y1qkx"),
        (11, "skipped the podcast episode 'Ballads for a rainy night (Ep. 3)'"),
        (14, "left out an artist of 'Everyday' who has no name (https"),
        (18, "skipped 'Voice memo 2019-12-24'"),
        (20, "'You, Clouds, Rain' is listed again (first on line 19)"),
    ]


def test_track_listed_twice_keeps_the_whole_history_and_the_current_credits(unescaped_history):
    track = unescaped_history.tracks[-1]
    assert track.line == 19
    assert (track.added, track.removed) == (date(2020, 7, 10), None)
    assert [artist.name for artist in track.artists] == ["HEIZE", "Shin Yong Jae"]
    note = unescaped_history.notes[-1]
    assert (
        "the credits differ (HEIZE, Shin Yong Jae here, HEIZE on line 19), kept those of line 20"
        in note.message
    )


def test_an_artist_without_a_name_is_left_out_of_the_credits(unescaped_history):
    everyday = unescaped_history.tracks[3]
    assert [(artist.name, artist.spotify_id) for artist in everyday.artists] == [
        ("Ha Hyun Sang", "1f36ENWtIBXnEpNtRoq43C")
    ]


def test_cumulative_positions_count_the_songs_kept(unescaped_history):
    assert [track.position for track in unescaped_history.tracks] == list(range(1, 9))


# A current file with every kind of messy row


@pytest.fixture(scope="module")
def messy():
    return parse_playlist((PLAYLISTS / "winter-ballads.messy.pretty.md").read_bytes().decode("utf-8"))


def test_messy_file_with_crlf_bom_colons_and_trailing_spaces_is_read(messy):
    assert messy.name == "Winter Ballads (Editors' Picks)"
    assert messy.description == "Songs for snowy evenings. (Updated weekly)"
    assert messy.snapshot_id == "AAAAB2Tn9x1sVvB0V2N9bTq8+Hn0f1d6"
    assert [track.line for track in messy.tracks] == list(range(11, 19))


def test_invisible_marks_are_removed_from_names(messy):
    walk_with_me = messy.tracks[1]
    assert walk_with_me.title == "Walk With Me"
    assert walk_with_me.artists[0].name == "Youngjae"


def test_hangul_typed_as_jamo_is_read_as_syllables(messy, ballad_hits):
    assert messy.tracks[2].title == "광화문에서 (At Gwanghwamun)" == ballad_hits.tracks[49].title
    assert unicodedata.is_normalized("NFC", messy.tracks[2].title)


def test_control_characters_are_dropped_and_noted(messy):
    assert messy.tracks[3].artists[0].name == "KangHyeWon"
    assert Note(14, "removed control characters from the artist's name 'KangHyeWon'") in messy.notes


def test_album_without_a_link_leaves_the_song_without_an_album(messy):
    love_poem = messy.tracks[5]
    assert (love_poem.title, love_poem.album) == ("Love poem", None)
    assert (
        Note(16, "imported 'Love poem' without an album: its album 'Love poem' has no Spotify link")
        in messy.notes
    )


def test_emoji_and_escaped_backslashes_survive(messy):
    assert messy.tracks[6].title == "Snow ❄️ Flower"
    assert messy.tracks[7].title == "Back\\slash Blues"


def test_same_track_twice_in_a_snapshot_is_one_track_at_its_first_place(messy):
    assert [track.title for track in messy.tracks].count("Dear") == 1
    assert messy.tracks[0].position == 1
    assert Note(19, "'Dear' is listed again (first on line 11): merged into one song") in messy.notes


# Messy rows, one at a time


def test_missing_title_skips_the_row_with_a_note():
    rows = [pretty_row(), second_pretty_row(title=link("<MISSING>", "track", WALK_WITH_ME_ID), length="0:00")]
    playlist = parse_playlist(pretty_file(*rows))
    assert [track.title for track in playlist.tracks] == ["Dear"]
    assert playlist.notes == (
        Note(
            FIRST_ROW_LINE + 1,
            f"skipped track {WALK_WITH_ME_ID}: Spotify gives it no title (unavailable or removed)",
        ),
    )


@pytest.mark.parametrize("title", ["", "   ", "\u200b", "\x00"])
def test_blank_title_skips_the_row(title):
    playlist = parse_playlist(
        pretty_file(pretty_row(), second_pretty_row(title=link(title, "track", WALK_WITH_ME_ID)))
    )
    assert len(playlist.tracks) == 1
    assert playlist.notes[-1].line == FIRST_ROW_LINE + 1


@pytest.mark.parametrize("artists", ["", link("", "artist", "1" * 22), link(" ", "artist", "1" * 22)])
def test_track_without_a_named_artist_is_skipped(artists):
    playlist = parse_playlist(pretty_file(pretty_row(), second_pretty_row(artists=artists)))
    assert [track.title for track in playlist.tracks] == ["Dear"]
    assert "skipped 'Walk With Me'" in playlist.notes[-1].message


def test_album_without_a_title_leaves_the_song_without_an_album():
    playlist = parse_playlist(pretty_file(pretty_row(album=link("", "album", "20YuFf31mUzKLlcKTAGEV5"))))
    assert playlist.tracks[0].album is None
    assert "without an album" in playlist.notes[0].message


def test_podcast_episode_is_skipped():
    episode = second_pretty_row(
        title=link("Ep. 12", "episode", "5Y7CLcEhR2rFq9pmkNNUom"),
        artists=link("Ballad Talk", "show", "2JWhZLaPnTlWpN2Fz3BtZ9"),
        album=link("Ballad Talk", "show", "2JWhZLaPnTlWpN2Fz3BtZ9"),
        length="1:02:03",
    )
    playlist = parse_playlist(pretty_file(pretty_row(), episode))
    assert len(playlist.tracks) == 1
    assert playlist.notes == (Note(FIRST_ROW_LINE + 1, "skipped the podcast episode 'Ep. 12': not a song"),)


def test_local_file_without_any_link_is_skipped():
    local = second_pretty_row(title="My demo", artists="Me", album="Demos")
    playlist = parse_playlist(pretty_file(pretty_row(), local))
    assert len(playlist.tracks) == 1
    assert playlist.notes == (Note(FIRST_ROW_LINE + 1, "skipped 'My demo': a local file, not on Spotify"),)


def test_a_file_of_only_skipped_rows_has_no_tracks_but_every_note():
    memos = [
        pretty_row(title="Memo one", artists="Me", album="Demos"),
        second_pretty_row(title="Memo two", artists="Me", album="Demos"),
    ]
    playlist = parse_playlist(pretty_file(*memos))
    assert playlist.tracks == ()
    assert len(playlist.notes) == 2


def test_repeated_track_in_a_cumulative_file_keeps_earliest_added_and_latest_removed():
    rows = [
        cumulative_row(added="2021-03-01", removed="2021-06-01"),
        cumulative_row(**WALK_WITH_ME_CELLS, added="2021-01-01"),
        cumulative_row(added="2020-01-05", removed="2022-02-02"),
    ]
    playlist = parse_playlist(cumulative_file(*rows))
    dear, walk_with_me = playlist.tracks
    assert (dear.line, dear.position, dear.added, dear.removed) == (
        FIRST_ROW_LINE,
        1,
        date(2020, 1, 5),
        date(2022, 2, 2),
    )
    assert walk_with_me.position == 2
    assert playlist.notes == (
        Note(
            FIRST_ROW_LINE + 2,
            f"'Dear' is listed again (first on line {FIRST_ROW_LINE}): merged into one song",
        ),
    )


def test_repeated_track_still_on_the_playlist_has_no_removed_date():
    rows = [cumulative_row(added="2021-03-01", removed="2021-06-01"), cumulative_row(added="2021-06-01")]
    assert parse_playlist(cumulative_file(*rows)).tracks[0].removed is None


def test_nfc_and_spaces_are_tidied_in_every_name():
    title = link(unicodedata.normalize("NFD", "  하늘\t바다  "), "track", DEAR_ID)
    playlist = parse_playlist(pretty_file(pretty_row(title=title)))
    assert playlist.tracks[0].title == "하늘 바다"
    assert playlist.notes == ()


# Layouts and header lines of every version


def without_outer_pipes(text):
    return "\n".join(
        line.strip()[1:-1].strip() if line.startswith("|") else line for line in text.split("\n")
    )


def test_table_without_outer_pipes_is_read():
    text = without_outer_pipes(pretty_file(pretty_row(), second_pretty_row()))
    assert [track.title for track in parse_playlist(text).tracks] == ["Dear", "Walk With Me"]


def test_cumulative_table_without_outer_pipes_keeps_an_empty_last_cell():
    rows = [cumulative_row(removed="2022-01-01"), cumulative_row(**WALK_WITH_ME_CELLS)]
    text = without_outer_pipes(cumulative_file(*rows))
    assert text.split("\n")[FIRST_ROW_LINE].endswith("| 2021-12-20 |")  # the last "|" opens an empty Removed
    tracks = parse_playlist(text).tracks
    assert [(track.title, track.removed) for track in tracks] == [
        ("Dear", date(2022, 1, 1)),
        ("Walk With Me", None),
    ]


def test_divider_with_alignment_colons_and_spaces_is_accepted():
    text = pretty_file().replace(table_divider(PRETTY_HEADER), "| :-- | :---: | --- | ---: |:-:|")
    assert len(parse_playlist(text).tracks) == 1


def test_old_header_line_and_old_playlist_url_are_accepted():
    text = "\n".join(
        [
            "pretty - [cumulative](/playlists/cumulative/x.md) - [plain](/playlists/plain/x) "
            "([githistory](https://github.githistory.xyz/mackorone/spotify-playlist-archive/blob/master/x))",
            "",
            f"### [K-Pop Ballad Hits](https://open.spotify.com/user/spotify/playlist/{PLAYLIST_ID})",
            "",
            "> ",
            "",
            PRETTY_HEADER,
            table_divider(PRETTY_HEADER),
            pretty_row(),
        ]
    )
    playlist = parse_playlist(text)
    assert (playlist.name, playlist.spotify_id, playlist.description) == (
        "K-Pop Ballad Hits",
        PLAYLIST_ID,
        "",
    )


def test_trailing_space_in_a_playlist_name_is_trimmed():
    heading = f"### [One for the witches ](https://open.spotify.com/playlist/{PLAYLIST_ID})"
    assert parse_playlist(pretty_file(heading=heading)).name == "One for the witches"


def test_summary_lines_of_every_version_are_checked():
    for summary in [
        "[Spotify](https://open.spotify.com/user/spotify) - 284,695 likes - 2 songs - 9 min 25 sec",
        "[hooknoa000](https://open.spotify.com/user/hooknoa000) - ??? likes - 2 songs - 9 min 25 sec",
        "2 songs - 9 min 25 sec",
    ]:
        text = pretty_file(pretty_row(), second_pretty_row()).replace(
            DESCRIPTION, DESCRIPTION + "\n\n" + summary
        )
        assert len(parse_playlist(text).tracks) == 2
        assert refusal(text.replace("2 songs", "3 songs")).line == 5


def test_classic_mac_line_endings_are_accepted():
    text = pretty_file(pretty_row(), second_pretty_row()).replace("\n", "\r")
    assert len(parse_playlist(text).tracks) == 2


# Property-based: rendering and reading back


@given(playlists())
def test_rendered_playlist_reads_back_as_the_same_playlist(playlist):
    assert without_line_numbers(parse_playlist(format_playlist(playlist))) == playlist


@given(playlists())
def test_each_track_line_points_at_its_row(playlist):
    text = format_playlist(playlist)
    lines = text.split("\n")
    tracks = parse_playlist(text).tracks
    assert len(tracks) == len(playlist.tracks)
    for track in tracks:
        assert f"/track/{track.spotify_id})" in lines[track.line - 1]


def cells_of(row):
    # Rendered rows escape every pipe inside a name, so unescaped pipes are cell borders.
    return re.split(r"(?<!\\)\|", row)


def replace_cell(cells, columns, column, text):
    index = columns.index(column) + 1
    return [*cells[:index], f" {text} ", *cells[index + 1 :]]


def drop_a_cell(data, cells, columns, track):
    index = data.draw(st.integers(1, len(columns)), label="dropped cell")
    return cells[:index] + cells[index + 1 :]


def break_the_length(data, cells, columns, track):
    length = data.draw(
        st.sampled_from(
            ["3:75", "1:5:00", "1:60:00", "3m", "", "３:00", "0:00", "24:00:01", "1 day, 0:00:00"]
        )
    )
    return replace_cell(cells, columns, "Length", length)


LINK_BREAKERS = [
    lambda cell: cell.rstrip()[:-1],
    lambda cell: cell.replace("https://open.spotify.com/", "https://example.com/"),
    lambda cell: re.sub(r"open\.spotify\.com/[a-z]+/", "open.spotify.com/playlist/", cell),
    lambda cell: re.sub(r"/([0-9A-Za-z]{21})[0-9A-Za-z]\)", r"/\1)", cell),
    lambda cell: re.sub(r"\]\(", "] (", cell),
]


def break_a_link(data, cells, columns, track):
    column = data.draw(st.sampled_from(["Title", "Artist(s)", "Album"]), label="column")
    index = columns.index(column) + 1
    break_link = data.draw(st.sampled_from(LINK_BREAKERS), label="breaker")
    return replace_cell(cells, columns, column, break_link(cells[index]).strip())


def break_a_date(data, cells, columns, track):
    day_before_added = (track.added - timedelta(days=1)).isoformat()
    column, text = data.draw(
        st.sampled_from(
            [
                ("Added", "2021-02-30"),
                ("Added", "2021-13-01"),
                ("Added", "21-02-03"),
                ("Added", ""),
                ("Removed", "2021/02/03"),
                ("Removed", "soon"),
                ("Removed", day_before_added),
            ]
        )
    )
    return replace_cell(cells, columns, column, text)


CORRUPTIONS = {
    PRETTY: [drop_a_cell, break_the_length, break_a_link],
    CUMULATIVE: [drop_a_cell, break_the_length, break_a_link, break_a_date],
}


@given(playlists(), st.data())
def test_table_corrupted_in_one_row_is_refused_with_that_rows_line(playlist, data):
    lines = format_playlist(playlist).split("\n")
    first_row_index = next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1
    track_index = data.draw(st.integers(0, len(playlist.tracks) - 1), label="row")
    row_index = first_row_index + track_index
    corrupt = data.draw(st.sampled_from(CORRUPTIONS[playlist.format]), label="corruption")
    columns = COLUMNS[playlist.format]
    cells = corrupt(data, cells_of(lines[row_index]), columns, playlist.tracks[track_index])
    lines[row_index] = "|".join(cells)

    with pytest.raises(PlaylistFormatError) as caught:
        parse_playlist("\n".join(lines))
    assert caught.value.line == row_index + 1


# Property-based: no file, however broken, gets anything but a playlist or a line-numbered refusal


@given(broken_files())
@settings(max_examples=300)
def test_a_broken_file_is_read_or_refused_on_one_of_its_lines(text):
    try:
        playlist = parse_playlist(text)
    except PlaylistFormatError as error:
        assert 1 <= error.line <= len(text.split("\n")) + 1
        assert error.reason
        return
    for track in playlist.tracks:
        names = [track.title, *(artist.name for artist in track.artists)] + (
            [track.album.name] if track.album else []
        )
        for name in names:
            assert name and name == clean_name(name)[0]
            assert not any(unicodedata.category(character) == "Cc" for character in name)
        assert track.artists
        assert 0 < track.length_seconds <= MAX_LENGTH_SECONDS
        assert len(track.title) <= TITLE_MAX_LENGTH
    assert len({track.spotify_id for track in playlist.tracks}) == len(playlist.tracks)


# The older unescaped format, as songs/synthetic.py writes it for the benchmark


def test_a_playlist_written_unescaped_reads_back_as_the_same_playlist():
    from songs.synthetic import ArchiveSize, synthetic_archive

    size = ArchiveSize(rows=600, tracks=360, artists=180, files=6)
    files = dict(synthetic_archive(size, seed=11))
    assert len(files) == 6
    for name, text in files.items():
        playlist = parse_playlist(text)
        escaped = format_playlist(playlist)
        unescaped_text = format_playlist(playlist, escaped=False)
        assert ("\\(" in escaped) and ("\\(" not in unescaped_text), name
        assert "([githistory](" in unescaped_text
        assert without_line_numbers(parse_playlist(unescaped_text)) == without_line_numbers(playlist)
        assert without_line_numbers(parse_playlist(escaped)) == without_line_numbers(playlist)


def test_a_heading_indented_as_markdown_allows_is_found():
    assert parse_playlist(pretty_file(heading="  " + HEADING)).name == "K-Pop Ballad Hits"

"""A published list as files readers take elsewhere: Markdown, CSV, JSON and plain Spotify links.

The Markdown is the playlist archive's *pretty* layout (written by ``songs/playlist.py``),
so ``import_playlist`` reads an exported list back and finds every song already in the
catalog. A song is written as a Spotify track only when Spotify knows all of it: the
song and every artist on it have Spotify ids and its length is known. Any other song
is written as the archive writes a local file (names without links), which an import
skips with a note. Titles and lengths are written as the last import read them from
Spotify, where it did: a re-import then confirms what the catalog holds instead of
taking an editor's correction for Spotify's own spelling.
"""

import csv
import io

from songs.models import SongCredit, credits_with_artists, spotify_url
from songs.playlist import PRETTY, Playlist, PlaylistTrack, SpotifyLink, format_playlist

CSV_COLUMNS = ["No.", "Title", "Hangul title", "Artists", "Album", "Drama", "Length", "Spotify", "Page"]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_entries(article):
    """The list's entries with what every export writes, in a fixed number of queries."""
    return list(
        article.entries.select_related("song__album", "song__drama").prefetch_related(
            credits_with_artists("song__credits")
        )
    )


def is_on_spotify(song):
    """Whether the song can be written as a Spotify track that an import reads back."""
    credits = song.credits.all()
    return bool(
        song.spotify_id
        and song.length_seconds
        and credits
        and all(credit.artist.spotify_id for credit in credits)
    )


def playlist_track(position, song):
    on_spotify = is_on_spotify(song)
    album = song.album
    album_link = None
    if album:
        album_link = SpotifyLink(album.imported_title or album.title, album.spotify_id if on_spotify else "")
    return PlaylistTrack(
        line=0,
        position=position,
        title=(song.imported_title if on_spotify else "") or song.title,
        spotify_id=song.spotify_id if on_spotify else "",
        artists=tuple(
            SpotifyLink(credit.artist.name, credit.artist.spotify_id if on_spotify else "")
            for credit in song.credits.all()
        ),
        album=album_link,
        length_seconds=(song.imported_length_seconds if on_spotify else None) or song.length_seconds or 0,
        added=None,
        removed=None,
    )


def as_markdown(article, entries, list_url):
    """The list in the archive's pretty layout, its heading linking to ``list_url``."""
    playlist = Playlist(
        format=PRETTY,
        name=article.title,
        spotify_id="",
        description=article.summary,
        tracks=tuple(playlist_track(number, entry.song) for number, entry in enumerate(entries, start=1)),
    )
    return format_playlist(playlist, heading_url=list_url)


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def artist_names(song):
    main = [credit.artist.name for credit in song.main_credits]
    featured = [credit.artist.name for credit in song.featured_credits]
    names = ", ".join(main)
    return f"{names} feat. {', '.join(featured)}" if featured else names


def as_csv(entries, absolute_url):
    """One row per entry, in list order; ``absolute_url(path)`` makes the page addresses full."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        song = entry.song
        row = [
            entry.position,
            song.title,
            song.hangul_title,
            artist_names(song),
            song.album.title if song.album else "",
            song.soundtrack_label,
            song.length_label,
            song.spotify_url,
            absolute_url(song.get_absolute_url()),
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def as_json(article, entries, absolute_url):
    """The list and its entries as plain data (``absolute_url(path)`` makes the addresses full)."""
    return {
        "title": article.title,
        "summary": article.summary,
        "byline": article.byline,
        "url": absolute_url(article.get_absolute_url()),
        "published_at": article.published_at.isoformat(),
        "themes": [theme.name for theme in article.themes.all()],
        "entries": [entry_data(entry, absolute_url) for entry in entries],
    }


def entry_data(entry, absolute_url):
    song = entry.song
    return {
        "position": entry.position,
        "title": song.title,
        "hangul_title": song.hangul_title,
        "artists": [
            {
                "name": credit.artist.name,
                "hangul_name": credit.artist.hangul_name,
                "featured": credit.role == SongCredit.Role.FEATURING,
                "url": absolute_url(credit.artist.get_absolute_url()),
                "spotify_url": credit.artist.spotify_url,
            }
            for credit in song.credits.all()
        ],
        "album": song.album.title if song.album else "",
        "soundtrack": song.soundtrack_label,
        "length_seconds": song.length_seconds,
        "released": song.released_on.isoformat() if song.released_on else None,
        "url": absolute_url(song.get_absolute_url()),
        "spotify_url": song.spotify_url,
        "youtube_url": song.youtube_url,
        "commentary_html": entry.commentary_html,
    }


def spotify_track_links(entries):
    """``(links, songs left out)``: each song's Spotify track link, in list order; songs without one apart."""
    links = [spotify_url("track", entry.song.spotify_id) for entry in entries if entry.song.spotify_id]
    left_out = [entry.song for entry in entries if not entry.song.spotify_id]
    return links, left_out

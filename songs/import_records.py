"""Steps two and three of a playlist import: dramas and albums, then songs, credits and tags.

Every step reads what exists in batches and writes with bulk queries. Fields an
import owns (a song's title, length and album; an album's title) follow Spotify
only while an editor has not changed them (``songs/corrections.py``); what was
kept is noted in the report, with the line of the track.
"""

from collections import defaultdict, namedtuple
from functools import lru_cache

from kballads.markup import render_markdown

from .batches import BATCH, fetch_by, fetch_by_spotify_id, in_batches
from .corrections import reconcile
from .counters import recount_songs, recount_themes_of
from .models import Album, Drama, Song, SongCredit, TaggedSong, Theme
from .names import title_key
from .playlist import format_length
from .soundtracks import recognize_soundtrack
from .voices import store_voices

# What a song page shows; an import changes these only as ``update_song`` allows.
SONG_FIELDS = ["title", "title_key", "spotify_id", "length_seconds", "album", "drama", "ost_part"]
# What the last import read from Spotify, kept to tell an editor's correction from Spotify's spelling.
SONG_IMPORTED_FIELDS = ["imported_title", "imported_length_seconds", "imported_album_spotify_id"]


@lru_cache(maxsize=4096)
def soundtrack_of(album_title):
    return recognize_soundtrack(album_title)


def _soundtrack(track):
    return soundtrack_of(track.album.name) if track.album else None


def credited_artist_ids(track, artists):
    """The track's artists as catalog ids, in order, each once (two Spotify ids may be one artist)."""
    return list(dict.fromkeys(artists[link.spotify_id].pk for link in track.artists))


# Dramas and albums


def import_dramas(tracks, report, allocator):
    """title key -> drama id for every soundtrack album among ``tracks``."""
    soundtracks = {}
    for track in tracks:
        soundtrack = _soundtrack(track)
        if soundtrack:
            soundtracks.setdefault(title_key(soundtrack.title), soundtrack.title)
    found = dict(fetch_by(Drama.objects.values_list("title_key", "id"), "title_key", soundtracks))
    new = [
        Drama(title=title, title_key=key, slug=allocator.allocate(title))
        for key, title in soundtracks.items()
        if key not in found
    ]
    Drama.objects.bulk_create(new, batch_size=BATCH)
    report.count("dramas", "created", len(new))
    report.count("dramas", "unchanged", len(found))
    found.update({drama.title_key: drama.pk for drama in new})
    return found


AlbumRow = namedtuple("AlbumRow", ["pk", "title", "imported_title"])


def import_albums(tracks, artists, report, allocator):
    """Spotify album id -> album id for every album in ``tracks``."""
    first_track = {}
    for track in tracks:
        if track.album:
            first_track.setdefault(track.album.spotify_id, track)
    rows = fetch_by_spotify_id(
        Album.objects.values_list("spotify_id", "id", "title", "imported_title"), first_track
    )
    found = {spotify_id: AlbumRow(*row) for spotify_id, *row in rows}
    changed, retitled = [], 0
    for spotify_id, row in found.items():
        album = retitled_album(row, first_track[spotify_id], report)
        if album:
            changed.append(album)
            retitled += album.title != row.title
    Album.objects.bulk_update(changed, ["title", "title_key", "imported_title"], batch_size=BATCH)
    report.count("albums", "updated", retitled)
    report.count("albums", "unchanged", len(found) - retitled)

    new = []
    for spotify_id, track in first_track.items():
        if spotify_id in found:
            continue
        title = track.album.name
        new.append(
            Album(
                title=title,
                title_key=title_key(title),
                imported_title=title,
                kind=Album.Kind.SOUNDTRACK if _soundtrack(track) else Album.Kind.SINGLE,
                spotify_id=spotify_id,
                slug=allocator.allocate(title),
            )
        )
    Album.objects.bulk_create(new, batch_size=BATCH)
    report.count("albums", "created", len(new))
    album_artists = [
        Album.artists.through(album_id=album.pk, artist_id=artist_id)
        for album in new
        for artist_id in credited_artist_ids(first_track[album.spotify_id], artists)
    ]
    Album.artists.through.objects.bulk_create(album_artists, batch_size=BATCH)
    album_ids = {spotify_id: row.pk for spotify_id, row in found.items()}
    album_ids.update({album.spotify_id: album.pk for album in new})
    return album_ids


def retitled_album(row, track, report):
    """The Album to save when its title follows Spotify's or Spotify's spelling is new; else None.

    The title follows Spotify's unless an editor changed it.
    """
    spotify_title = track.album.name
    outcome = reconcile(row.title, row.imported_title, spotify_title)
    if outcome.kept_editors:
        report.note(
            track.line, f"kept the editor's album title '{row.title}' (Spotify now says '{spotify_title}')"
        )
    if outcome.value == row.title and row.imported_title == spotify_title:
        return None
    return Album(
        pk=row.pk, title=outcome.value, title_key=title_key(outcome.value), imported_title=spotify_title
    )


# Songs, credits and tags

SongRow = namedtuple(
    "SongRow",
    [
        "pk",
        "title",
        "spotify_id",
        "length_seconds",
        "album_id",
        "drama_id",
        "ost_part",
        "imported_title",
        "imported_length_seconds",
        "imported_album_spotify_id",
        "album_spotify_id",
        "album_title",
    ],
)
_SONG_COLUMNS = ["id", *SongRow._fields[1:-2], "album__spotify_id", "album__title"]


def song_rows(field_name, values):
    """SongRows of the songs whose ``field_name`` is in ``values``."""
    queryset = Song.objects.values_list(*_SONG_COLUMNS)
    if field_name == "spotify_id":
        return [SongRow(*row) for row in fetch_by_spotify_id(queryset, values)]
    return [SongRow(*row) for row in fetch_by(queryset, field_name, values)]


def import_songs(tracks, artists, albums, dramas, report, allocator):
    """Songs for ``tracks`` in order (a ``SongRow`` or a new Song each): found by Spotify id or by
    title and artist, or created."""
    known = song_rows("spotify_id", [track.spotify_id for track in tracks])
    by_spotify_id = {row.spotify_id: row for row in known}
    by_spotify_id.update(songs_without_spotify_id(tracks, by_spotify_id, artists))
    description_html = render_markdown("")
    songs, new, changed, updated = [], [], [], 0
    for track in tracks:
        album_id = albums[track.album.spotify_id] if track.album else None
        soundtrack = _soundtrack(track)
        drama_id = dramas[title_key(soundtrack.title)] if soundtrack else None
        song = by_spotify_id.get(track.spotify_id)
        if song is None:
            song = Song(
                title=track.title,
                title_key=title_key(track.title),
                spotify_id=track.spotify_id,
                length_seconds=track.length_seconds,
                album_id=album_id,
                drama_id=drama_id,
                ost_part=soundtrack.part if drama_id else None,
                slug=allocator.allocate(track.title),
                description_html=description_html,
                imported_title=track.title,
                imported_length_seconds=track.length_seconds,
                imported_album_spotify_id=track.album.spotify_id if track.album else "",
            )
            new.append(song)
            by_spotify_id[track.spotify_id] = song
        else:
            to_save, shown_change = update_song(song, track, album_id, drama_id, soundtrack, report)
            if to_save:
                changed.append(to_save)
                updated += shown_change
        songs.append(song)
    Song.objects.bulk_create(new, batch_size=BATCH)
    Song.objects.bulk_update(changed, SONG_FIELDS + SONG_IMPORTED_FIELDS, batch_size=BATCH)
    report.count("songs", "created", len(new))
    report.count("songs", "updated", updated)
    report.count("songs", "unchanged", len({song.pk for song in songs}) - len(new) - updated)
    return songs


def songs_without_spotify_id(tracks, known, artists):
    """Catalog songs with no Spotify id yet that match a track by title and a shared artist."""
    unknown = [track for track in tracks if track.spotify_id not in known]
    keys = {title_key(track.title) for track in unknown}
    candidates = defaultdict(list)
    titles = dict(
        fetch_by(Song.objects.filter(spotify_id="").values_list("id", "title_key"), "title_key", keys)
    )
    rows = song_rows("id", titles)
    credited = defaultdict(set)
    for song_id, artist_id in fetch_by(
        SongCredit.objects.values_list("song_id", "artist_id"), "song_id", titles
    ):
        credited[song_id].add(artist_id)
    for row in rows:
        candidates[titles[row.pk]].append(row)
    matched = {}
    for track in unknown:
        artist_ids = {artists[link.spotify_id].pk for link in track.artists}
        same_title = candidates[title_key(track.title)]
        for row in same_title:
            if artist_ids & credited[row.pk]:
                matched[track.spotify_id] = row
                same_title.remove(row)
                break
    return matched


def update_song(row, track, album_id, drama_id, soundtrack, report):
    """``(Song to save or None, whether readers see a change)`` for the catalog song ``row``.

    Title, length and album follow Spotify unless an editor changed them; the
    soundtrack link is only filled in, never replaced, since editors may know better.
    """
    title = reconcile(row.title, row.imported_title, track.title)
    if title.kept_editors:
        report.note(track.line, f"kept the editor's title '{row.title}' (Spotify now says '{track.title}')")
    length = reconcile(row.length_seconds, row.imported_length_seconds, track.length_seconds)
    if length.kept_editors:
        report.note(
            track.line,
            f"kept the editor's length {format_length(row.length_seconds)} of '{row.title}' "
            f"(Spotify now says {format_length(track.length_seconds)})",
        )
    new_album_id = row.album_id if album_id is None else album_for(row, album_id, track, report)
    new_drama_id, ost_part = row.drama_id, row.ost_part
    if drama_id and row.drama_id is None:
        new_drama_id, ost_part = drama_id, soundtrack.part
    elif drama_id and row.drama_id == drama_id and row.ost_part is None:
        ost_part = soundtrack.part
    shown = (title.value, track.spotify_id, length.value, new_album_id, new_drama_id, ost_part)
    imported_album = track.album.spotify_id if track.album else row.imported_album_spotify_id
    imported = (track.title, track.length_seconds, imported_album)
    shown_change = shown != (
        row.title,
        row.spotify_id,
        row.length_seconds,
        row.album_id,
        row.drama_id,
        row.ost_part,
    )
    if not shown_change and imported == (
        row.imported_title,
        row.imported_length_seconds,
        row.imported_album_spotify_id,
    ):
        return None, False
    song = Song(
        pk=row.pk,
        title=title.value,
        title_key=title_key(title.value),
        spotify_id=track.spotify_id,
        length_seconds=length.value,
        album_id=new_album_id,
        drama_id=new_drama_id,
        ost_part=ost_part,
        imported_title=track.title,
        imported_length_seconds=track.length_seconds,
        imported_album_spotify_id=imported_album,
    )
    return song, shown_change


def album_for(row, album_id, track, report):
    """Spotify's album if the song has none or is still on the album last imported; else the editor's."""
    if row.album_id in (None, album_id):
        return album_id
    if row.imported_album_spotify_id and row.album_spotify_id == row.imported_album_spotify_id:
        return album_id
    kept = f"kept the editor's album '{row.album_title}' for '{row.title}'"
    report.note(track.line, f"{kept} (Spotify now says '{track.album.name}')")
    return row.album_id


def sync_credits(tracks, songs, artists):
    """Credit each track's artists in playlist order, keeping the roles editors set."""
    current = defaultdict(list)
    credits = SongCredit.objects.order_by("position").values_list("song_id", "pk", "artist_id", "role")
    for song_id, *credit in fetch_by(credits, "song_id", [song.pk for song in songs]):
        current[song_id].append(credit)
    credited_before = {artist_id for credits in current.values() for _, artist_id, _ in credits}
    stale, fresh = [], []
    for track, song in zip(tracks, songs, strict=True):
        wanted = credited_artist_ids(track, artists)
        credits = current[song.pk]
        if [artist_id for _, artist_id, _ in credits] == wanted:
            continue
        roles = {artist_id: role for _, artist_id, role in credits}
        stale.extend(pk for pk, _, _ in credits)
        fresh.extend(
            SongCredit(
                song_id=song.pk,
                artist_id=artist_id,
                position=position,
                role=roles.get(artist_id, SongCredit.Role.MAIN),
            )
            for position, artist_id in enumerate(wanted, start=1)
        )
        current[song.pk] = []
    for batch in in_batches(stale):
        SongCredit.objects.filter(pk__in=batch).delete()
    SongCredit.objects.bulk_create(fresh, batch_size=BATCH)
    recount_songs(credited_before | {credit.artist_id for credit in fresh})
    store_voices({credit.song_id for credit in fresh})


def tag_songs(songs, theme_name, report):
    """Tag every song with the theme (found case-insensitively, or created); count the new tags."""
    theme = Theme.objects.filter(name__iexact=theme_name).first()
    if theme is None:
        theme = Theme.objects.create(name=theme_name)
    song_ids = {song.pk for song in songs}
    tags = TaggedSong.objects.filter(tag=theme).values_list("content_object_id", flat=True)
    tagged = set(fetch_by(tags, "content_object_id", song_ids))
    new = song_ids - tagged
    TaggedSong.objects.bulk_create(
        [TaggedSong(tag=theme, content_object_id=pk) for pk in new], batch_size=BATCH
    )
    recount_themes_of(new)  # The theme, and the other themes of the songs now carrying it too.
    report.count("theme tags", "created", len(new))
    report.count("theme tags", "unchanged", len(tagged))

"""Steps two and three of a playlist import: dramas and albums, then songs, credits and tags.

Every step reads what exists in batches and writes with bulk queries. Fields an
import owns (a song's title, length and album; an album's title) follow Spotify
only while an editor has not changed them (``songs/corrections.py``); what was
kept is noted in the report, with the line of the track.
"""

from collections import defaultdict
from functools import lru_cache

from kballads.markup import render_markdown

from .batches import BATCH, fetch_by, in_batches
from .corrections import reconcile
from .models import Album, Drama, Song, SongCredit, TaggedSong, Theme
from .names import title_key
from .playlist import format_length
from .soundtracks import recognize_soundtrack

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
    """title key -> Drama for every soundtrack album among ``tracks``."""
    soundtracks = {}
    for track in tracks:
        soundtrack = _soundtrack(track)
        if soundtrack:
            soundtracks.setdefault(title_key(soundtrack.title), soundtrack.title)
    found = {drama.title_key: drama for drama in fetch_by(Drama.objects, "title_key", soundtracks)}
    new = [
        Drama(title=title, title_key=key, slug=allocator.allocate(title))
        for key, title in soundtracks.items()
        if key not in found
    ]
    Drama.objects.bulk_create(new, batch_size=BATCH)
    report.count("dramas", "created", len(new))
    report.count("dramas", "unchanged", len(found))
    found.update({drama.title_key: drama for drama in new})
    return found


def import_albums(tracks, artists, report, allocator):
    """Spotify album id -> Album for every album in ``tracks``."""
    first_track = {}
    for track in tracks:
        if track.album:
            first_track.setdefault(track.album.spotify_id, track)
    found = {album.spotify_id: album for album in fetch_by(Album.objects, "spotify_id", first_track)}
    changed, retitled = [], 0
    for spotify_id, album in found.items():
        title_before = album.title
        if retitle_album(album, first_track[spotify_id], report):
            changed.append(album)
            retitled += album.title != title_before
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
    found.update({album.spotify_id: album for album in new})
    return found


def retitle_album(album, track, report):
    """Follow Spotify's album title unless an editor changed it; True if the album must be saved."""
    spotify_title = track.album.name
    outcome = reconcile(album.title, album.imported_title, spotify_title)
    if outcome.kept_editors:
        report.note(
            track.line, f"kept the editor's album title '{album.title}' (Spotify now says '{spotify_title}')"
        )
    if outcome.value == album.title and album.imported_title == spotify_title:
        return False
    album.title, album.title_key = outcome.value, title_key(outcome.value)
    album.imported_title = spotify_title
    return True


# Songs, credits and tags


def import_songs(tracks, artists, albums, dramas, report, allocator):
    """Songs for ``tracks`` in order: found by Spotify id or by title and artist, or created."""
    known = fetch_by(Song.objects.select_related("album"), "spotify_id", [t.spotify_id for t in tracks])
    by_spotify_id = {song.spotify_id: song for song in known}
    by_spotify_id.update(songs_without_spotify_id(tracks, by_spotify_id, artists))
    description_html = render_markdown("")
    songs, new, changed, updated = [], [], [], 0
    for track in tracks:
        album = albums[track.album.spotify_id] if track.album else None
        soundtrack = _soundtrack(track)
        drama = dramas[title_key(soundtrack.title)] if soundtrack else None
        song = by_spotify_id.get(track.spotify_id)
        if song is None:
            song = Song(
                title=track.title,
                title_key=title_key(track.title),
                spotify_id=track.spotify_id,
                length_seconds=track.length_seconds,
                album=album,
                drama=drama,
                ost_part=soundtrack.part if drama else None,
                slug=allocator.allocate(track.title),
                description_html=description_html,
            )
            record_import(song, track)
            new.append(song)
            by_spotify_id[track.spotify_id] = song
        else:
            visible_change, any_change = update_song(song, track, album, drama, soundtrack, report)
            updated += visible_change
            if any_change:
                changed.append(song)
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
    songs = fetch_by(
        Song.objects.filter(spotify_id="").select_related("album").prefetch_related("credits"),
        "title_key",
        keys,
    )
    for song in songs:
        candidates[song.title_key].append(song)
    matched = {}
    for track in unknown:
        artist_ids = {artists[link.spotify_id].pk for link in track.artists}
        for song in candidates[title_key(track.title)]:
            if artist_ids & {credit.artist_id for credit in song.credits.all()}:
                matched[track.spotify_id] = song
                candidates[song.title_key].remove(song)
                break
    return matched


def record_import(song, track):
    """Remember what Spotify said, to recognise an editor's later corrections."""
    song.imported_title = track.title
    song.imported_length_seconds = track.length_seconds
    if track.album:
        song.imported_album_spotify_id = track.album.spotify_id


def update_song(song, track, album, drama, soundtrack, report):
    """Bring ``song`` in step with the track: (a field readers see changed, anything changed).

    Title, length and album follow Spotify unless an editor changed them; the
    soundtrack link is only filled in, never replaced, since editors may know better.
    """
    shown_before = [song.serializable_value(name) for name in SONG_FIELDS]
    imported_before = [getattr(song, name) for name in SONG_IMPORTED_FIELDS]
    title = reconcile(song.title, song.imported_title, track.title)
    if title.kept_editors:
        report.note(track.line, f"kept the editor's title '{song.title}' (Spotify now says '{track.title}')")
    if title.value != song.title:
        song.title, song.title_key = title.value, title_key(title.value)
    length = reconcile(song.length_seconds, song.imported_length_seconds, track.length_seconds)
    if length.kept_editors:
        report.note(
            track.line,
            f"kept the editor's length {format_length(song.length_seconds)} of '{song.title}' "
            f"(Spotify now says {format_length(track.length_seconds)})",
        )
    song.length_seconds = length.value
    if album is not None:
        place_on_album(song, album, track, report)
    song.spotify_id = track.spotify_id
    if drama and song.drama_id is None:
        song.drama, song.ost_part = drama, soundtrack.part
    elif drama and song.drama_id == drama.pk and song.ost_part is None:
        song.ost_part = soundtrack.part
    record_import(song, track)
    shown_change = shown_before != [song.serializable_value(name) for name in SONG_FIELDS]
    imported_change = imported_before != [getattr(song, name) for name in SONG_IMPORTED_FIELDS]
    return shown_change, shown_change or imported_change


def place_on_album(song, album, track, report):
    """Move ``song`` to Spotify's ``album`` if it has none or is still on the album last imported."""
    if song.album_id == album.pk:
        return
    last_imported = song.imported_album_spotify_id
    if song.album_id is None or (last_imported and song.album.spotify_id == last_imported):
        song.album = album
        return
    report.note(
        track.line,
        f"kept the editor's album '{song.album.title}' for '{song.title}' (Spotify now says '{album.title}')",
    )


def sync_credits(tracks, songs, artists):
    """Credit each track's artists in playlist order, keeping the roles editors set."""
    current = defaultdict(list)
    for credit in fetch_by(SongCredit.objects.order_by("position"), "song_id", [song.pk for song in songs]):
        current[credit.song_id].append(credit)
    stale, fresh = [], []
    for track, song in zip(tracks, songs, strict=True):
        wanted = credited_artist_ids(track, artists)
        credits = current[song.pk]
        if [credit.artist_id for credit in credits] == wanted:
            continue
        roles = {credit.artist_id: credit.role for credit in credits}
        stale.extend(credit.pk for credit in credits)
        fresh.extend(
            SongCredit(
                song=song,
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


def tag_songs(songs, theme_name, report):
    """Tag every song with the theme (found case-insensitively, or created); count the new tags."""
    theme = Theme.objects.filter(name__iexact=theme_name).first()
    if theme is None:
        theme = Theme.objects.create(name=theme_name)
    song_ids = {song.pk for song in songs}
    tagged = {
        tag.content_object_id
        for tag in fetch_by(
            TaggedSong.objects.filter(tag=theme).only("content_object_id"), "content_object_id", song_ids
        )
    }
    new = song_ids - tagged
    TaggedSong.objects.bulk_create(
        [TaggedSong(tag=theme, content_object_id=pk) for pk in new], batch_size=BATCH
    )
    report.count("theme tags", "created", len(new))
    report.count("theme tags", "unchanged", len(tagged))

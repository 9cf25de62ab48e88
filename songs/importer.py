"""Bringing a parsed Spotify playlist into the catalog without duplicates.

Everything is looked up in batches (a handful of queries per file, not per row):

- artists by Spotify id (theirs or an alias's), then by name key against names
  and aliases: a known artist with no Spotify id gets the new id attached; a
  name key shared with a different Spotify id gives a new artist and a
  ``PossibleDuplicate`` for an editor to review;
- albums by Spotify id; soundtrack albums link their songs to a drama, matched
  by title key or created;
- songs by Spotify id, then songs without one by title key and a shared artist.

Nothing is ever deleted: a track that left the playlist stays in the catalog.
The caller runs an import inside a transaction (``playlist_import`` in the
articles app does, one per file).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kballads.markup import render_markdown

from .counters import recount_songs
from .models import (
    Album,
    Artist,
    ArtistAlias,
    Drama,
    PossibleDuplicate,
    Song,
    SongCredit,
    TaggedSong,
    Theme,
)
from .names import name_key, slug_base, title_key, unique_slug
from .soundtracks import recognize_soundtrack

# SQLite limits how many values one query may carry; stay well below it.
BATCH = 900

# The song fields an import may write (the soundtrack ones only when empty).
OWNED_SONG_FIELDS = ["title", "title_key", "spotify_id", "length_seconds", "album", "drama", "ost_part"]


def in_batches(values):
    values = list(values)
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def fetch_by(queryset, field_name, values):
    """``queryset`` rows whose ``field_name`` is in ``values``, in batches."""
    rows = []
    for batch in in_batches(values):
        rows.extend(queryset.filter(**{f"{field_name}__in": batch}))
    return rows


def credited_artist_ids(track, artists):
    """The track's artists as catalog ids, in order, each once (two Spotify ids may be one artist)."""
    return list(dict.fromkeys(artists[link.spotify_id].pk for link in track.artists))


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    counts: Counter = field(default_factory=Counter)
    possible_duplicates: list = field(default_factory=list)

    def count(self, kind, outcome, number=1):
        self.counts[(kind, outcome)] += number

    def merge(self, other):
        self.counts.update(other.counts)
        self.possible_duplicates.extend(other.possible_duplicates)

    def rows(self):
        """(kind, created, updated, unchanged) for each kind of record."""
        kinds = ["songs", "artists", "albums", "dramas", "list entries"]
        return [
            (kind, *(self.counts[(kind, outcome)] for outcome in ["created", "updated", "unchanged"]))
            for kind in kinds
        ]

    def lines(self):
        lines = [
            f"{kind}: {created} created, {updated} updated, {unchanged} unchanged"
            for kind, created, updated, unchanged in self.rows()
        ]
        lines.append(f"possible duplicate artists: {len(self.possible_duplicates)}")
        lines.extend(
            f"  - {first} / {second}: {reason}" for first, second, reason in self.possible_duplicates
        )
        return lines


class SlugAllocator:
    """Unique slugs for many new records of one model, from one query."""

    def __init__(self, model):
        self.model = model
        self.taken = set(model.objects.values_list("slug", flat=True))

    def allocate(self, *candidates):
        slug = unique_slug(
            slug_base(*candidates, fallback=self.model._meta.model_name), self.taken.__contains__
        )
        self.taken.add(slug)
        return slug


class CatalogImport:
    """Imports one parsed ``Playlist``'s tracks; ``songs`` holds them in playlist order afterwards."""

    def __init__(self, playlist, theme_name=""):
        self.playlist = playlist
        self.theme_name = theme_name.strip()
        self.report = ImportReport()
        self.songs = []

    def run(self):
        tracks = self.playlist.tracks
        artists = self.import_artists(tracks)
        dramas = self.import_dramas(tracks)
        albums = self.import_albums(tracks, artists)
        self.songs = self.import_songs(tracks, artists, albums, dramas)
        self.sync_credits(tracks, artists)
        if self.theme_name:
            self.tag_songs(self.songs)
        return self.report

    # Artists

    def import_artists(self, tracks):
        """Spotify artist id -> Artist for every artist in ``tracks``."""
        spotify_names = {}
        for track in tracks:
            for link in track.artists:
                spotify_names.setdefault(link.spotify_id, link.name)
        found = self.artists_by_spotify_id(spotify_names)
        self.add_spotify_spellings(found, spotify_names)
        unknown = {spotify_id: name for spotify_id, name in spotify_names.items() if spotify_id not in found}
        found.update(self.match_or_create_artists(unknown))
        return found

    def add_spotify_spellings(self, found, spotify_names):
        """Keep a Spotify spelling that matches neither the name nor an alias as a new alias."""
        artists = {artist.pk: artist for artist in found.values()}
        known_keys = defaultdict(set)
        for artist in artists.values():
            known_keys[artist.pk].add(artist.name_key)
        for alias in fetch_by(ArtistAlias.objects, "artist_id", artists):
            known_keys[alias.artist_id].add(alias.name_key)
        new_aliases = []
        for spotify_id, artist in found.items():
            spelling = spotify_names[spotify_id]
            key = name_key(spelling)
            if key not in known_keys[artist.pk]:
                known_keys[artist.pk].add(key)
                new_aliases.append(ArtistAlias(artist=artist, name=spelling, name_key=key))
        ArtistAlias.objects.bulk_create(new_aliases, batch_size=BATCH)
        updated = len({alias.artist_id for alias in new_aliases})
        self.report.count("artists", "updated", updated)
        self.report.count("artists", "unchanged", len(artists) - updated)

    def artists_by_spotify_id(self, spotify_ids):
        found = {artist.spotify_id: artist for artist in fetch_by(Artist.objects, "spotify_id", spotify_ids)}
        aliases = fetch_by(ArtistAlias.objects.select_related("artist"), "spotify_id", spotify_ids)
        found.update({alias.spotify_id: alias.artist for alias in aliases})
        return found

    def match_or_create_artists(self, unknown):
        """Artists for Spotify ids the catalog does not know yet, matched by name key or created."""
        keys = {spotify_id: name_key(name) for spotify_id, name in unknown.items()}
        candidates = self.artists_by_name_key(set(keys.values()))
        allocator = SlugAllocator(Artist)
        matched, to_create, duplicates = {}, [], []
        for spotify_id, name in unknown.items():
            same_key = candidates[keys[spotify_id]]
            without_id = [artist for artist in same_key if not artist.spotify_id]
            if len(without_id) == 1 and len(same_key) == 1:
                artist = without_id[0]
                artist.spotify_id = spotify_id
                matched[spotify_id] = artist
                self.report.count("artists", "updated")
                continue
            artist = Artist(name=name, spotify_id=spotify_id, name_key=keys[spotify_id])
            artist.slug = allocator.allocate(name)
            duplicates.extend((artist, other) for other in same_key)
            same_key.append(artist)
            to_create.append(artist)
        Artist.objects.bulk_update(list(matched.values()), ["spotify_id"], batch_size=BATCH)
        Artist.objects.bulk_create(to_create, batch_size=BATCH)
        self.report.count("artists", "created", len(to_create))
        PossibleDuplicate.record(
            (artist, other, f"same name key “{artist.name_key}”, different Spotify ids")
            for artist, other in duplicates
        )
        self.report.possible_duplicates.extend(
            (artist.name, other.name, "same name, different Spotify ids") for artist, other in duplicates
        )
        matched.update({artist.spotify_id: artist for artist in to_create})
        return matched

    def artists_by_name_key(self, keys):
        """name key -> artists with that key in their name or an alias (no artist twice)."""
        candidates = defaultdict(list)
        for artist in fetch_by(Artist.objects, "name_key", keys):
            candidates[artist.name_key].append(artist)
        for alias in fetch_by(ArtistAlias.objects.select_related("artist"), "name_key", keys):
            if alias.artist not in candidates[alias.name_key]:
                candidates[alias.name_key].append(alias.artist)
        return candidates

    # Dramas and albums

    def import_dramas(self, tracks):
        """title key -> Drama for every soundtrack album among ``tracks``."""
        soundtracks = {}
        for track in tracks:
            soundtrack = recognize_soundtrack(track.album.name)
            if soundtrack:
                soundtracks.setdefault(title_key(soundtrack.title), soundtrack.title)
        found = {drama.title_key: drama for drama in fetch_by(Drama.objects, "title_key", soundtracks)}
        allocator = SlugAllocator(Drama)
        new = [
            Drama(title=title, title_key=key, slug=allocator.allocate(title))
            for key, title in soundtracks.items()
            if key not in found
        ]
        Drama.objects.bulk_create(new, batch_size=BATCH)
        self.report.count("dramas", "created", len(new))
        self.report.count("dramas", "unchanged", len(found))
        found.update({drama.title_key: drama for drama in new})
        return found

    def import_albums(self, tracks, artists):
        """Spotify album id -> Album for every album in ``tracks``."""
        first_track = {}
        for track in tracks:
            first_track.setdefault(track.album.spotify_id, track)
        found = {album.spotify_id: album for album in fetch_by(Album.objects, "spotify_id", first_track)}
        renamed = []
        for spotify_id, album in found.items():
            title = first_track[spotify_id].album.name
            if album.title != title:
                album.title, album.title_key = title, title_key(title)
                renamed.append(album)
        Album.objects.bulk_update(renamed, ["title", "title_key"], batch_size=BATCH)
        self.report.count("albums", "updated", len(renamed))
        self.report.count("albums", "unchanged", len(found) - len(renamed))

        allocator = SlugAllocator(Album)
        new = []
        for spotify_id, track in first_track.items():
            if spotify_id in found:
                continue
            title = track.album.name
            kind = Album.Kind.SOUNDTRACK if recognize_soundtrack(title) else Album.Kind.SINGLE
            new.append(
                Album(
                    title=title,
                    title_key=title_key(title),
                    kind=kind,
                    spotify_id=spotify_id,
                    slug=allocator.allocate(title),
                )
            )
        Album.objects.bulk_create(new, batch_size=BATCH)
        self.report.count("albums", "created", len(new))
        album_artists = [
            Album.artists.through(album_id=album.pk, artist_id=artist_id)
            for album in new
            for artist_id in credited_artist_ids(first_track[album.spotify_id], artists)
        ]
        Album.artists.through.objects.bulk_create(album_artists, batch_size=BATCH)
        found.update({album.spotify_id: album for album in new})
        return found

    # Songs

    def import_songs(self, tracks, artists, albums, dramas):
        """Songs for ``tracks`` in order: found by Spotify id or by title and artist, or created."""
        by_spotify_id = {
            song.spotify_id: song
            for song in fetch_by(Song.objects, "spotify_id", [t.spotify_id for t in tracks])
        }
        by_spotify_id.update(self.songs_without_spotify_id(tracks, by_spotify_id, artists))
        allocator = SlugAllocator(Song)
        songs, new, changed = [], [], []
        for track in tracks:
            album = albums[track.album.spotify_id]
            soundtrack = recognize_soundtrack(track.album.name)
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
                    description_html=render_markdown(""),
                )
                new.append(song)
                by_spotify_id[track.spotify_id] = song
            elif self.update_song(song, track, album, drama, soundtrack):
                changed.append(song)
            songs.append(song)
        Song.objects.bulk_create(new, batch_size=BATCH)
        Song.objects.bulk_update(changed, OWNED_SONG_FIELDS, batch_size=BATCH)
        self.report.count("songs", "created", len(new))
        self.report.count("songs", "updated", len(changed))
        self.report.count("songs", "unchanged", len({song.pk for song in songs}) - len(new) - len(changed))
        return songs

    def songs_without_spotify_id(self, tracks, known, artists):
        """Catalog songs with no Spotify id yet that match a track by title and a shared artist."""
        unknown = [track for track in tracks if track.spotify_id not in known]
        keys = {title_key(track.title) for track in unknown}
        candidates = defaultdict(list)
        songs = fetch_by(Song.objects.filter(spotify_id="").prefetch_related("credits"), "title_key", keys)
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

    @staticmethod
    def update_song(song, track, album, drama, soundtrack):
        """Bring ``song`` in step with the track; True if anything changed.

        The playlist owns the title, length, album and Spotify id; a soundtrack
        link is only filled in, never replaced, since editors may know better.
        """
        before = [song.serializable_value(name) for name in OWNED_SONG_FIELDS]
        song.title, song.title_key = track.title, title_key(track.title)
        song.length_seconds, song.album, song.spotify_id = track.length_seconds, album, track.spotify_id
        if drama and song.drama_id is None:
            song.drama, song.ost_part = drama, soundtrack.part
        elif drama and song.drama_id == drama.pk and song.ost_part is None:
            song.ost_part = soundtrack.part
        return before != [song.serializable_value(name) for name in OWNED_SONG_FIELDS]

    def sync_credits(self, tracks, artists):
        """Credit each track's artists in playlist order, keeping the roles editors set."""
        song_for = {track.spotify_id: song for track, song in zip(tracks, self.songs, strict=True)}
        current = defaultdict(list)
        for credit in fetch_by(
            SongCredit.objects.order_by("position"), "song_id", [s.pk for s in self.songs]
        ):
            current[credit.song_id].append(credit)
        stale, fresh = [], []
        for track in tracks:
            song = song_for[track.spotify_id]
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
        for batch in in_batches(stale):
            SongCredit.objects.filter(pk__in=batch).delete()
        SongCredit.objects.bulk_create(fresh, batch_size=BATCH)
        before = {credit.artist_id for credits in current.values() for credit in credits}
        recount_songs(before | {credit.artist_id for credit in fresh})

    def tag_songs(self, songs):
        theme = Theme.objects.filter(name__iexact=self.theme_name).first()
        if theme is None:
            theme = Theme.objects.create(name=self.theme_name)
        tagged = set(TaggedSong.objects.filter(tag=theme).values_list("content_object_id", flat=True))
        new = {song.pk for song in songs} - tagged
        TaggedSong.objects.bulk_create(
            [TaggedSong(tag=theme, content_object_id=pk) for pk in new], batch_size=BATCH
        )

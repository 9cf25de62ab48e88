"""Bringing a parsed Spotify playlist into the catalog without duplicates.

Everything is looked up in batches (a handful of queries per file, not per row),
in three steps that ``CatalogImport`` runs in order:

- artists (``songs/import_artists.py``) by Spotify id (theirs or an alias's),
  then by name key against names and aliases: a known artist with no Spotify id
  gets the new id attached; a name key shared with a different Spotify id gives
  a new artist and a ``PossibleDuplicate`` for an editor to review;
- dramas and albums by Spotify id; soundtrack albums link their songs to a
  drama, matched by title key or created;
- songs by Spotify id, then songs without one by title key and a shared artist;
  then their credits, and the theme tag if one was asked for.

Import fills what is empty and adds what is new; a title, length or album an
editor has changed is kept (``songs/corrections.py``) and the report says so.
Nothing is ever deleted: a track that left the playlist stays in the catalog.
The caller runs an import inside a transaction (``playlist_import`` in the
articles app does, one per file).
"""

from collections import Counter
from dataclasses import dataclass, field

from .import_artists import import_artists
from .import_records import import_albums, import_dramas, import_songs, sync_credits, tag_songs
from .models import Album, Artist, Drama, Song
from .names import slug_base, unique_slug
from .playlist import Note


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), and what an editor should know about it."""

    counts: Counter = field(default_factory=Counter)
    possible_duplicates: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    theme: str = ""

    KINDS = ["songs", "artists", "albums", "dramas", "list entries"]

    def count(self, kind, outcome, number=1):
        self.counts[(kind, outcome)] += number

    def note(self, line, message):
        self.notes.append(Note(line, message))

    def merge(self, other):
        self.counts.update(other.counts)
        self.possible_duplicates.extend(other.possible_duplicates)
        self.notes.extend(other.notes)
        self.theme = self.theme or other.theme

    def rows(self):
        """(kind, created, updated, unchanged) for each kind of record (and the theme's tags)."""
        rows = [
            (kind, *(self.counts[(kind, outcome)] for outcome in ["created", "updated", "unchanged"]))
            for kind in self.KINDS
        ]
        if self.theme:
            tags = self.counts[("theme tags", "created")], 0, self.counts[("theme tags", "unchanged")]
            rows.append((f"songs tagged '{self.theme}'", *tags))
        return rows

    def sorted_notes(self):
        return sorted(self.notes)

    def lines(self):
        lines = [
            f"{kind}: {created} created, {updated} updated, {unchanged} unchanged"
            for kind, created, updated, unchanged in self.rows()
        ]
        lines.append(f"possible duplicate artists: {len(self.possible_duplicates)}")
        lines.extend(
            f"  - {first} / {second}: {reason}" for first, second, reason in self.possible_duplicates
        )
        lines.extend(str(note) for note in self.sorted_notes())
        return lines


class SlugRegistry:
    """The slugs each model has taken, read once and then only what is new.

    One registry serves every file of a run, so a folder of playlists does not
    read the whole catalog's slugs again for each file. ``reset`` forgets
    everything (after a conflict with a writer the registry did not see).
    """

    def __init__(self):
        self.reset()

    def reset(self):
        self.taken = {}
        self.last_pk = {}

    def allocator(self, model):
        return SlugAllocator(model, self)

    def taken_slugs(self, model):
        """The slugs of ``model`` taken so far, after reading the rows added since the last look."""
        taken = self.taken.setdefault(model, set())
        newer = model.objects.filter(pk__gt=self.last_pk.get(model, 0)).order_by().values_list("pk", "slug")
        for pk, slug in newer.iterator(chunk_size=5000):
            taken.add(slug)
            self.last_pk[model] = max(pk, self.last_pk.get(model, 0))
        return taken


class SlugAllocator:
    """Unique slugs for the new records of one model in one file; reads the registry only if needed."""

    def __init__(self, model, registry):
        self.model = model
        self.registry = registry
        self.taken = None

    def allocate(self, *candidates):
        if self.taken is None:
            self.taken = self.registry.taken_slugs(self.model)
        slug = unique_slug(
            slug_base(*candidates, fallback=self.model._meta.model_name), self.taken.__contains__
        )
        self.taken.add(slug)
        return slug


class CatalogImport:
    """Imports one parsed ``Playlist``'s tracks; ``songs`` holds them in playlist order afterwards."""

    def __init__(self, playlist, theme_name="", slugs=None):
        self.playlist = playlist
        self.theme_name = theme_name.strip()
        self.slugs = slugs or SlugRegistry()
        self.report = ImportReport(theme=self.theme_name)
        self.songs = []

    def run(self):
        tracks = self.playlist.tracks
        artists = import_artists(tracks, self.report, self.slugs.allocator(Artist))
        dramas = import_dramas(tracks, self.report, self.slugs.allocator(Drama))
        albums = import_albums(tracks, artists, self.report, self.slugs.allocator(Album))
        self.songs = import_songs(tracks, artists, albums, dramas, self.report, self.slugs.allocator(Song))
        sync_credits(tracks, self.songs, artists)
        if self.theme_name:
            tag_songs(self.songs, self.theme_name, self.report)
        return self.report

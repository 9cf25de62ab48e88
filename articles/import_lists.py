"""Putting the songs of a playlist import on a draft list, file after file.

The songs that earlier files of the same run placed come first, in their order;
then each file's other songs in playlist order; then the entries the list
already had for other songs. Cumulative playlists give each entry the dates its
song joined and left (over several files of one run, the earliest Added and the
latest Removed). Imports never touch a published list (``playlist_import``
checks before each file).
"""

from django.utils import timezone
from django.utils.text import Truncator

from songs.batches import BATCH
from songs.importer import ImportReport

from .models import ListArticle, ListEntry

SUMMARY_MAX_LENGTH = ListArticle._meta.get_field("summary").max_length


class DraftList:
    """The draft list ``slug`` one run fills, read once and kept in step with what the run writes.

    A folder of files into one list would otherwise read the whole list again for
    every file. ``settle`` says that a file's transaction went through; a file
    that is synced again without that (its transaction failed and is retried)
    reads the list from the database again.
    """

    ENTRY_FIELDS = ["id", "article", "song", "position", "added_on", "removed_on"]

    def __init__(self, slug):
        self.slug = slug
        # The songs this run's files put at the head of the list so far, in order.
        self.run_order = []
        # (playlist name, day) when this run started the list: its summary counts what the run put on it.
        self.started_here = None
        self.forget()

    def forget(self):
        self.article = None
        self.entries = None  # song id -> ListEntry
        self.unsettled = False

    def settle(self, run_order):
        self.run_order = run_order
        self.unsettled = False

    def sync(self, playlist, songs):
        """Put ``songs`` (the playlist's, in its order) on the list; ``(report, run order after it)``."""
        if self.unsettled:
            self.forget()
        self.unsettled = True
        self.load(playlist)
        placed = set(self.run_order)
        dates = {
            song.pk: (track.added, track.removed) for track, song in zip(playlist.tracks, songs, strict=True)
        }
        head = self.run_order + [song_id for song_id in dates if song_id not in placed]
        others = sorted(
            (
                entry
                for song_id, entry in self.entries.items()
                if song_id not in dates and song_id not in placed
            ),
            key=lambda entry: entry.position,
        )
        order = head + [entry.song_id for entry in others]
        new, moved, redated = self.place(order, dates, placed)
        if moved:
            self.article.save_entry_positions(list(self.entries.values()), also=["added_on", "removed_on"])
        elif redated:
            ListEntry.objects.bulk_update(redated, ["added_on", "removed_on"], batch_size=BATCH)
        ListEntry.objects.bulk_create(new, batch_size=BATCH)
        self.entries.update({entry.song_id: entry for entry in new})
        if self.started_here:
            self.article.summary = imported_summary(self.started_here, len(self.entries))
        if new or moved or redated or self.started_here:
            self.article.save(update_fields=["updated_at", "summary"])
        report = ImportReport()
        changed = len(set(moved) | set(redated))
        report.count("list entries", "created", len(new))
        report.count("list entries", "updated", changed)
        report.count("list entries", "unchanged", len(self.entries) - changed - len(new))
        return report, head

    def load(self, playlist):
        if self.entries is not None:
            return
        self.article = ListArticle.objects.filter(slug=self.slug).first()
        if self.article is None:
            self.article = new_draft_list(self.slug, playlist)
            self.started_here = (playlist_name(playlist), timezone.localdate())
        entries = self.article.entries.only(*self.ENTRY_FIELDS)
        self.entries = {entry.song_id: entry for entry in entries}

    def place(self, order, dates, placed):
        """Give each song of ``order`` its position and dates: (new entries, moved, re-dated)."""
        today = timezone.localdate()
        new, moved, redated = [], [], []
        for position, song_id in enumerate(order, start=1):
            entry = self.entries.get(song_id)
            added, removed = dates.get(song_id, (None, None))
            if entry is None:
                new.append(
                    ListEntry(
                        article=self.article,
                        song_id=song_id,
                        position=position,
                        added_on=added or today,
                        removed_on=removed,
                    )
                )
                continue
            if entry.position != position:
                entry.position = position
                moved.append(entry)
            if song_id in dates:
                if song_id in placed:
                    added, removed = merged_dates(entry, added, removed)
                if (entry.added_on, entry.removed_on) != (added or entry.added_on, removed):
                    entry.added_on, entry.removed_on = added or entry.added_on, removed
                    redated.append(entry)
        return new, moved, redated


def playlist_name(playlist):
    return playlist.name or f"Spotify playlist {playlist.spotify_id}"


def imported_summary(started, count):
    """A neutral summary of our own for a draft an import started (never the playlist's description,
    which is Spotify's or its owner's words)."""
    name, day = started
    tracks = f"{count} track{'' if count == 1 else 's'}"
    summary = f"Imported from the Spotify playlist “{name}” on {day.day} {day:%B %Y}: {tracks}."
    if len(summary) <= SUMMARY_MAX_LENGTH:
        return summary
    return f"Imported from a Spotify playlist on {day.day} {day:%B %Y}: {tracks}."


def new_draft_list(slug, playlist):
    name = playlist_name(playlist)
    article = ListArticle(
        slug=slug,
        title=Truncator(name).chars(ListArticle._meta.get_field("title").max_length),
        summary=imported_summary((name, timezone.localdate()), len(playlist.tracks)),
        intro=f"Started from the Spotify playlist [{name}](https://open.spotify.com/playlist/"
        f"{playlist.spotify_id}).",
        status=ListArticle.Status.DRAFT,
    )
    article.save()
    return article


def merged_dates(entry, added, removed):
    """An entry listed by two files of one run: the earliest Added, the latest Removed (none if still on)."""
    added = min(day for day in (entry.added_on, added) if day)
    removed = None if entry.removed_on is None or removed is None else max(entry.removed_on, removed)
    return added, removed

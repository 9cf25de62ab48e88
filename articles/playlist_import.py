"""Importing a playlist archive file: the catalog, and optionally a draft list.

One call is one file and one transaction: a file that cannot be read is
refused before anything is written, and a dry run rolls everything back after
counting what would change.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from songs.importer import BATCH, CatalogImport, ImportReport
from songs.playlist import parse_playlist

from . import cache_invalidation, search_index
from .models import ListArticle, ListEntry


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


def import_playlist(text, list_slug="", theme="", dry_run=False):
    """Import playlist markdown ``text``; returns an ``ImportReport``.

    Raises ``PlaylistFormatError`` (naming the line) for a file that cannot be
    read and ``ImportRefused`` when the target list is already published.
    """
    playlist = parse_playlist(text)
    with transaction.atomic(), search_index.batch():
        if list_slug:
            check_list_can_be_updated(list_slug)
        catalog = CatalogImport(playlist, theme)
        report = catalog.run()
        # The catalog import writes in bulk, which sends no signals.
        cache_invalidation.catalog_changed()
        search_index.touch_songs(song.pk for song in catalog.songs)
        if list_slug:
            report.merge(sync_draft_list(list_slug, playlist, catalog.songs))
        if dry_run:
            transaction.set_rollback(True)
    return report


def check_list_can_be_updated(slug):
    article = ListArticle.objects.filter(slug=slug).first()
    if article and article.status != ListArticle.Status.DRAFT:
        raise ImportRefused(
            f"The list “{article.title}” ({slug}) is published. Imports only create or update draft lists: "
            "unpublish it first or import into a new list."
        )


def sync_draft_list(slug, playlist, songs):
    """Create or update the draft list ``slug`` with the playlist's songs in playlist order.

    Entries the list already has for other songs stay, after the playlist's.
    Cumulative playlists give each entry the dates its song joined and left.
    """
    report = ImportReport()
    article = ListArticle.objects.filter(slug=slug).first()
    if article is None:
        article = ListArticle(
            slug=slug,
            title=playlist.name,
            summary=Truncator(playlist.description or f"Songs from the playlist {playlist.name}.").chars(300),
            intro=f"Started from the Spotify playlist [{playlist.name}](https://open.spotify.com/playlist/"
            f"{playlist.spotify_id}).",
            status=ListArticle.Status.DRAFT,
        )
        article.save()

    existing = {entry.song_id: entry for entry in article.entries.all()}
    dates = {}
    for track, song in zip(playlist.tracks, songs, strict=True):
        dates.setdefault(song.pk, (track.added, track.removed))
    order = list(dates) + [
        song_id
        for song_id, entry in sorted(existing.items(), key=lambda item: item[1].position)
        if song_id not in dates
    ]

    today = timezone.localdate()
    new, changed = [], []
    for position, song_id in enumerate(order, start=1):
        added, removed = dates.get(song_id, (None, None))
        entry = existing.get(song_id)
        if entry is None:
            new.append(
                ListEntry(
                    article=article,
                    song_id=song_id,
                    position=position,
                    added_on=added or today,
                    removed_on=removed,
                )
            )
        elif update_entry(entry, position, added, removed, song_id in dates):
            changed.append(entry)

    if changed:
        article.save_entry_positions(list(existing.values()), also=["added_on", "removed_on"])
    ListEntry.objects.bulk_create(new, batch_size=BATCH)
    if new or changed:
        article.save(update_fields=["updated_at"])
    report.count("list entries", "created", len(new))
    report.count("list entries", "updated", len(changed))
    report.count("list entries", "unchanged", len(existing) - len(changed))
    return report


def update_entry(entry, position, added, removed, in_playlist):
    """Move ``entry`` to ``position`` and take the playlist's dates; True if anything changed."""
    before = (entry.position, entry.added_on, entry.removed_on)
    entry.position = position
    if in_playlist:
        entry.added_on = added or entry.added_on
        entry.removed_on = removed
    return before != (entry.position, entry.added_on, entry.removed_on)

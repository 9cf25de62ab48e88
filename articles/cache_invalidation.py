"""What each edit makes stale in the page cache (kballads/page_cache.py): the one place that decides.

The granularity follows what the pages show:

- A catalog edit (a song, credit, artist, alias, membership, album or its artists,
  drama, song theme) moves the "catalog" scope: every page that shows catalog data.
- A theme edit moves both scopes: themes name songs and lists.
- A list edit (the list, an entry, its themes, its pinned lists) moves the "lists"
  scope (home, list and theme pages, indexes, feeds, sitemap) and the tags of the
  pages of the list's songs and of their artists, which show the lists they are in;
  an entry's song before and after the change, too. Song and artist pages of other
  songs stay cached. It also stores the publish times still to come, so that a
  scheduled list turns the pages over when its time comes, with no edit.

Each change is applied at once, so the rest of the transaction (and a test) sees
it, and again when the transaction commits, so that a page rendered from the old
data by another request in between cannot outlive the change. Bulk writes send no
signals: code that makes them calls ``catalog_changed()`` itself.
"""

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import Album, Artist, ArtistAlias, Drama, Membership, Song, SongCredit, TaggedSong, Theme

from .models import ListArticle, ListEntry, PinnedRelatedList, TaggedList

CATALOG_MODELS = [Song, SongCredit, Artist, ArtistAlias, Membership, Album, Drama, TaggedSong]


def upcoming_publish_times():
    """Timestamps of the published lists whose publish time is still to come."""
    times = ListArticle.objects.filter(
        status=ListArticle.Status.PUBLISHED, published_at__gt=timezone.now()
    ).values_list("published_at", flat=True)
    return [moment.timestamp() for moment in times]


def apply(scopes=(), tags=(), reschedule=False):
    """Invalidate now and, inside a transaction, once more when it commits."""

    def run():
        page_cache.invalidate(scopes, tags)
        if reschedule:
            page_cache.reschedule(upcoming_publish_times())

    run()
    if connection.in_atomic_block:
        transaction.on_commit(run)


def catalog_changed(**kwargs):
    apply(scopes=[CATALOG])


def theme_changed(**kwargs):
    apply(scopes=[CATALOG, LISTS])


def lists_changed(list_ids, song_ids=(), reschedule=False):
    apply(scopes=[LISTS], tags=song_and_artist_tags(list_ids, song_ids), reschedule=reschedule)


def recommendations_changed(song_ids=None):
    """The similar songs and list counts of ``song_ids`` (of every song when None) were written again.

    A full rebuild follows bulk writes or a restore, which send no signals (``loaddata``'s are
    raw): every page and the related-list rankings, kept by list id, are stale then."""
    if song_ids is None:
        apply(scopes=[CATALOG, LISTS], reschedule=True)
        return
    slugs = Song.objects.filter(pk__in=list(song_ids)).values_list("slug", flat=True)
    apply(tags=[f"song:{slug}" for slug in slugs])


def song_and_artist_tags(list_ids, song_ids=()):
    """The tags of the pages of the lists' songs (and ``song_ids``), and of their artists."""
    songs = Song.objects.filter(Q(list_entries__article_id__in=list_ids) | Q(pk__in=song_ids))
    tags = set()
    for song_slug, artist_slug in songs.values_list("slug", "credits__artist__slug").distinct():
        tags.add(f"song:{song_slug}")
        if artist_slug:
            tags.add(f"artist:{artist_slug}")
    return tags


def article_changed(instance, **kwargs):
    lists_changed([instance.pk], reschedule=True)


def entry_saving(instance, **kwargs):
    """Remember the song an entry had, so that its page also learns it left the list."""
    if instance.pk:
        instance.song_before_save = (
            ListEntry.objects.filter(pk=instance.pk).values_list("song_id", flat=True).first()
        )


def entry_changed(instance, **kwargs):
    songs = {instance.song_id, getattr(instance, "song_before_save", None)} - {None}
    lists_changed([instance.article_id], songs)


def list_theme_changed(instance, **kwargs):
    lists_changed([instance.content_object_id])


def pin_changed(instance, **kwargs):
    lists_changed([instance.from_list_id])


def album_artists_changed(action, **kwargs):
    if action.startswith("post_"):
        catalog_changed()


LIST_RECEIVERS = {
    ListArticle: article_changed,
    ListEntry: entry_changed,
    TaggedList: list_theme_changed,
    PinnedRelatedList: pin_changed,
}


def connect():
    """Connect the receivers (from ``ArticlesConfig.ready``)."""
    for model in CATALOG_MODELS:
        post_save.connect(catalog_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-save")
        post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-del")
    for model, receiver in [(Theme, theme_changed), *LIST_RECEIVERS.items()]:
        post_save.connect(receiver, sender=model, dispatch_uid=f"page-cache-{model.__name__}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"page-cache-{model.__name__}-del")
    pre_save.connect(entry_saving, sender=ListEntry, dispatch_uid="page-cache-entry-before")
    m2m_changed.connect(album_artists_changed, sender=Album.artists.through, dispatch_uid="page-cache-albums")

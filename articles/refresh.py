"""What a change makes stale, and the refresh that follows: the signal receivers of recommendations.

Receivers only note what changed. When the transaction commits, ``flush``
works out which songs' recommendations that touches and refreshes them once,
however many rows an editor's save wrote:

- a list published, unpublished, deleted, or with entries added, moved or
  removed while public: the songs in it (their shared-list evidence changed);
- a public list's themes: the songs in it (how many lists with each of their
  themes hold them, which ranks Discover's mood pages);
- a song's themes, credits, drama or release date, an artist's gender or
  kind, a group's members: those songs, and the songs recommending them (the
  reasons there may have named what changed).

Lists scheduled for later are noted in ``PendingListRefresh``; the first song
page after their time (or ``rebuild_recommendations --due``) refreshes them.
Renamed lists, themes, artists and dramas need nothing: reasons store ids and
are put in words when shown. Bulk writes send no signals; after one, run
``rebuild_recommendations``.
"""

import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from songs.models import Artist, Membership, Song, SongCredit, TaggedSong

from . import recommendations
from .models import ListArticle, ListEntry, SimilarSong, TaggedList


@dataclass
class Pending:
    songs: set = field(default_factory=set)  # Refresh these.
    changed_songs: set = field(default_factory=set)  # Refresh these and the songs recommending them.
    changed_artists: set = field(default_factory=set)  # Their songs changed.
    lists: set = field(default_factory=set)  # Their songs, if the list is public.
    removed_entries: set = field(default_factory=set)  # (list id, song id), counted if the list is public.

    def __bool__(self):
        return any([self.songs, self.changed_songs, self.changed_artists, self.lists, self.removed_entries])


_local = threading.local()


def pending():
    if not hasattr(_local, "pending"):
        _local.pending = Pending()
    return _local.pending


def note(**changes):
    """Add ``changes`` (field of ``Pending`` → ids) and refresh when the transaction commits."""
    for name, ids in changes.items():
        getattr(pending(), name).update(ids)
    transaction.on_commit(flush)


def songs_to_refresh(work):
    """The song ids that ``work`` (a ``Pending``) makes stale."""
    public = set(
        ListArticle.objects.published()
        .filter(pk__in=work.lists | {a for a, _ in work.removed_entries})
        .values_list("pk", flat=True)
    )
    songs = set(work.songs)
    songs |= set(
        ListEntry.objects.filter(article_id__in=public & work.lists).values_list("song_id", flat=True)
    )
    songs |= {song for article, song in work.removed_entries if article in public}
    changed = set(work.changed_songs)
    changed |= set(
        SongCredit.objects.filter(artist_id__in=work.changed_artists).values_list("song_id", flat=True)
    )
    recommending = SimilarSong.objects.filter(similar_id__in=changed).values_list("song_id", flat=True)
    return songs | changed | set(recommending)


def flush():
    """Refresh everything noted so far (a no-op when nothing is)."""
    work, _local.pending = pending(), Pending()
    if work:
        songs = songs_to_refresh(work)
        if songs:
            recommendations.refresh(songs)


# Lists


@receiver(pre_save, sender=ListArticle)
def remember_list_visibility(sender, instance, raw=False, **kwargs):
    stored = ListArticle.objects.filter(pk=instance.pk).first() if instance.pk and not raw else None
    instance._was_public = bool(stored and stored.is_public)


@receiver(post_save, sender=ListArticle)
def list_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    recommendations.note_schedule(instance)
    if getattr(instance, "_was_public", False) or instance.is_public:
        note(songs=instance.entries.values_list("song_id", flat=True))


@receiver(pre_delete, sender=ListArticle)
def list_deleted(sender, instance, **kwargs):
    if instance.is_public:
        note(songs=instance.entries.values_list("song_id", flat=True))


@receiver(pre_save, sender=ListEntry)
def remember_entry_song(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        before = ListEntry.objects.filter(pk=instance.pk).values_list("song_id", flat=True).first()
        if before and before != instance.song_id:
            note(removed_entries=[(instance.article_id, before)])


@receiver(post_save, sender=ListEntry)
@receiver(post_delete, sender=ListEntry)
def entry_changed(sender, instance, raw=False, signal=None, **kwargs):
    if raw:
        return
    note(lists=[instance.article_id])
    if signal is post_delete:
        note(removed_entries=[(instance.article_id, instance.song_id)])


@receiver(post_save, sender=TaggedList)
@receiver(post_delete, sender=TaggedList)
def list_theme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        note(lists=[instance.content_object_id])


def noting_theme_changes(pending_field, tagged_name):
    """An ``m2m_changed`` receiver for the themes of songs or lists, which taggit sends from either
    side: it notes the songs or lists (``pending_field`` of ``Pending``) whose themes changed."""

    def themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse and action in {"post_add", "post_remove", "post_clear"}:
            note(**{pending_field: [instance.pk]})
        elif reverse and action in {"post_add", "post_remove"}:  # From a theme's side: pk_set holds them.
            note(**{pending_field: pk_set})
        elif reverse and action == "pre_clear":
            tagged = getattr(instance, tagged_name).values_list("content_object_id", flat=True)
            note(**{pending_field: tagged})

    return themes_changed


receiver(m2m_changed, sender=TaggedList, weak=False, dispatch_uid="refresh-list-themes")(
    noting_theme_changes("lists", "tagged_lists")
)


# The catalog


@receiver(post_save, sender=Song)
def song_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note(changed_songs=[instance.pk])


@receiver(pre_delete, sender=Song)
def song_deleted(sender, instance, **kwargs):
    note(songs=SimilarSong.objects.filter(similar=instance).values_list("song_id", flat=True))


@receiver(post_save, sender=SongCredit)
@receiver(post_delete, sender=SongCredit)
@receiver(post_save, sender=TaggedSong)
@receiver(post_delete, sender=TaggedSong)
def song_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        song_id = instance.content_object_id if sender is TaggedSong else instance.song_id
        note(changed_songs=[song_id])


receiver(m2m_changed, sender=TaggedSong, weak=False, dispatch_uid="refresh-song-themes")(
    noting_theme_changes("changed_songs", "tagged_songs")
)


@receiver(post_save, sender=Artist)
def artist_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        note(changed_artists=[instance.pk])


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        note(changed_artists=[instance.group_id, instance.member_id])

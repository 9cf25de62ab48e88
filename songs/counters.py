"""Song counts stored on artists and themes, which indexes, Discover and the home page show.

An artist's ``song_count``: how many songs it is credited on. A group's count
includes its members' songs (Jin's solo songs count for BTS), as its page shows
them. A theme's ``song_count``: the songs carrying it; its ``discover_counts``:
what Discover shows with the theme alone chosen (those songs by voice, era and
soundtrack, and how many of them carry each other theme, by slug). A song's voice comes
from songs/voices.py, which recounts the themes of the songs it changes.
Counting credits or themes for every artist or theme on each request does not
scale. One-by-one edits of credits, memberships, song themes and songs' dates
and dramas keep them in step through signals (connected in
``SongsConfig.ready``); code that writes them in bulk, which sends no signals,
calls ``recount_songs``, ``recount_themes`` or ``recount_themes_of`` with what
it touched.
"""

import threading
from collections import defaultdict

from django.db.models import Count, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .facets import era_counts, soundtrack_counts, voice_counts
from .models import Artist, Membership, Song, SongCredit, TaggedSong, Theme

_local = threading.local()

# The song fields that place a song in Discover's eras and soundtracks.
FACET_FIELDS = ("released_on", "drama_id")


class CountDistinct(Func):
    """COUNT(DISTINCT …) as a plain expression, so a subquery counts without a GROUP BY."""

    template = "COUNT(DISTINCT %(expressions)s)"


def recount_songs(artist_ids=None):
    """Store the song count of these artists and of their groups (every artist when None)."""
    if artist_ids is None:
        artists = Artist.objects.all()
    else:
        groups = Membership.objects.filter(member__in=list(artist_ids)).values_list("group_id", flat=True)
        artists = Artist.objects.filter(pk__in={*artist_ids, *groups})
    members = Membership.objects.filter(group=OuterRef(OuterRef("pk"))).values("member_id")
    credits = SongCredit.objects.filter(Q(artist=OuterRef("pk")) | Q(artist__in=members)).order_by()
    count = credits.annotate(n=CountDistinct(F("song_id"))).values("n")
    artists.update(song_count=Coalesce(Subquery(count), 0))


def recount_themes(theme_ids=None):
    """Store the song counts of these themes (every theme when None), in two grouped queries."""
    themes = list(Theme.objects.all() if theme_ids is None else Theme.objects.filter(pk__in=theme_ids))
    tagged = TaggedSong.objects.filter(tag__in=[theme.pk for theme in themes]).order_by()
    facets = {
        row.pop("tag_id"): row
        for row in tagged.values("tag_id").annotate(
            **voice_counts("content_object__"),
            **era_counts("content_object__"),
            **soundtrack_counts("content_object__"),
        )
    }
    together = defaultdict(dict)
    # By slug, not id: a backup loaded back with natural keys gives the themes new ids.
    pairs = tagged.filter(content_object__taggedsong__isnull=False).values_list(
        "tag_id", "content_object__taggedsong__tag__slug"
    )
    for theme_id, other_slug, songs in pairs.annotate(songs=Count("pk")):
        together[theme_id][other_slug] = songs
    for theme in themes:
        counts = facets.get(theme.pk, {})
        theme.song_count = counts.get("any_era", 0)
        theme.discover_counts = {**counts, "themes": together.get(theme.pk, {})}
    Theme.objects.bulk_update(themes, ["song_count", "discover_counts"])


def recount_themes_of(song_ids):
    """Recount the themes these songs carry (every theme when None)."""
    if song_ids is None:
        recount_themes()
    else:
        recount_themes(TaggedSong.objects.filter(content_object__in=song_ids).values("tag"))


def noting_before_save(*fields):
    """A pre_save receiver that notes on the instance the values ``fields`` had before the save:
    a row moved to another artist, group or theme changes the counts of both."""

    def note(sender, instance, **kwargs):
        if instance.pk:
            before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
            for field, value in zip(fields, before or [None] * len(fields), strict=True):
                setattr(instance, f"{field}_before_save", value)

    return note


def now_and_before(instance, field):
    """``field``'s value now and before the save (see ``noting_before_save``), without None."""
    return {getattr(instance, field), getattr(instance, f"{field}_before_save", None)} - {None}


def credit_changed(instance, **kwargs):
    recount_songs(now_and_before(instance, "artist_id"))


def membership_changed(instance, **kwargs):
    recount_songs(now_and_before(instance, "group_id"))


def members_changed(instance, action, reverse, pk_set, **kwargs):
    """``group.members.add(…)`` and ``member.groups.remove(…)``, which send no save signals."""
    if action == "pre_clear" and reverse:
        instance.groups_before_clear = list(instance.group_links.values_list("group_id", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            recount_songs([instance.pk])
        else:
            recount_songs(pk_set if pk_set is not None else getattr(instance, "groups_before_clear", []))


def themes_being_deleted():
    if not hasattr(_local, "deleted_themes"):
        _local.deleted_themes = set()
    return _local.deleted_themes


def theme_deleting(instance, **kwargs):
    themes_being_deleted().add(instance.pk)


def theme_deleted(instance, **kwargs):
    """Recount once for a deleted theme, not once for each of its song themes deleted with it."""
    themes_being_deleted().discard(instance.pk)
    recount_themes()


def song_theme_changed(instance, **kwargs):
    """The theme's counts, and those of the song's other themes (how many songs have both)."""
    if instance.tag_id in themes_being_deleted():
        return
    others = TaggedSong.objects.filter(content_object_id=instance.content_object_id).values_list("tag_id")
    recount_themes({*now_and_before(instance, "tag_id"), *(theme_id for (theme_id,) in others)})


def theme_renamed(instance, created=False, raw=False, **kwargs):
    """Other themes name this one by slug in their counts of shared songs."""
    if not created and not raw and instance.slug != getattr(instance, "slug_before_save", instance.slug):
        recount_themes()


def song_facts_changed(instance, created=False, raw=False, **kwargs):
    """A song's new release date or drama moves it to another era or soundtrack in its themes' counts."""
    if created or raw:
        return
    before = {field: getattr(instance, f"{field}_before_save", None) for field in FACET_FIELDS}
    if any(getattr(instance, field) != value for field, value in before.items()):
        recount_themes_of([instance.pk])


def connect():
    # The receivers noting values before a save are made here and kept by nobody else: weak=False.
    note_artist, note_group, note_theme = (noting_before_save(f) for f in ("artist_id", "group_id", "tag_id"))
    pre_save.connect(note_artist, sender=SongCredit, weak=False, dispatch_uid="song-count-before")
    post_save.connect(credit_changed, sender=SongCredit, dispatch_uid="song-count-save")
    post_delete.connect(credit_changed, sender=SongCredit, dispatch_uid="song-count-delete")
    pre_save.connect(note_group, sender=Membership, weak=False, dispatch_uid="song-count-membership-before")
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="song-count-membership-save")
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid="song-count-membership-delete")
    m2m_changed.connect(members_changed, sender=Membership, dispatch_uid="song-count-members")
    pre_save.connect(note_theme, sender=TaggedSong, weak=False, dispatch_uid="theme-count-before")
    post_save.connect(song_theme_changed, sender=TaggedSong, dispatch_uid="theme-count-save")
    post_delete.connect(song_theme_changed, sender=TaggedSong, dispatch_uid="theme-count-delete")
    pre_delete.connect(theme_deleting, sender=Theme, dispatch_uid="theme-count-theme-deleting")
    post_delete.connect(theme_deleted, sender=Theme, dispatch_uid="theme-count-theme-deleted")
    note_slug = noting_before_save("slug")
    pre_save.connect(note_slug, sender=Theme, weak=False, dispatch_uid="theme-count-slug-before")
    post_save.connect(theme_renamed, sender=Theme, dispatch_uid="theme-count-slug-save")
    note_song = noting_before_save(*FACET_FIELDS)
    pre_save.connect(note_song, sender=Song, weak=False, dispatch_uid="theme-count-song-before")
    post_save.connect(song_facts_changed, sender=Song, dispatch_uid="theme-count-song-save")

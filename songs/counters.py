"""Song counts stored on artists and themes, which indexes, Discover and the home page show.

An artist's ``song_count``: how many songs it is credited on. A group's count
includes its members' songs (Jin's solo songs count for BTS), as its page shows
them. A theme's ``song_count``, ``songs_sung_by_women`` and ``songs_sung_by_men``:
the songs carrying it, and those of them that women and men sing (a song's voice
comes from songs/voices.py, which recounts the themes of the songs it changes).
Counting credits or themes for every artist or theme on each request does not
scale. One-by-one edits of credits, memberships and song themes keep them in step
through signals (connected in ``SongsConfig.ready``); code that writes them in
bulk, which sends no signals, calls ``recount_songs`` or ``recount_themes`` with
what it touched.
"""

from django.db.models import Count, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Artist, Membership, SongCredit, TaggedSong, Theme


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
    """Store the song counts of these themes (every theme when None), in one UPDATE."""
    themes = Theme.objects.all() if theme_ids is None else Theme.objects.filter(pk__in=theme_ids)
    tagged = TaggedSong.objects.filter(tag=OuterRef("pk")).order_by().values("tag")

    def songs_where(**condition):
        return Coalesce(Subquery(tagged.filter(**condition).annotate(n=Count("pk")).values("n")), 0)

    themes.update(
        song_count=songs_where(),
        songs_sung_by_women=songs_where(content_object__sung_by_women=True),
        songs_sung_by_men=songs_where(content_object__sung_by_men=True),
    )


def recount_themes_of(song_ids):
    """Recount the themes these songs carry (every theme when None)."""
    if song_ids is None:
        recount_themes()
    else:
        recount_themes(TaggedSong.objects.filter(content_object__in=song_ids).values("tag"))


def noting_before_save(field):
    """A pre_save receiver that notes on the instance the value ``field`` had before the save:
    a row moved to another artist, group or theme changes the counts of both."""

    def note(sender, instance, **kwargs):
        if instance.pk:
            before = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
            setattr(instance, f"{field}_before_save", before)

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


def song_theme_changed(instance, **kwargs):
    recount_themes(now_and_before(instance, "tag_id"))


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

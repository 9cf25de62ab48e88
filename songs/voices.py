"""Who sings each song, stored on the song: men, women, a group, or several main artists.

Discover filters and counts songs by voice, and the home page's presets count
themes by it; working it out from the credits on every request meant a GROUP BY
over every main credit in the catalog. The rules, from the main credits only:
``sung_by_men``/``sung_by_women`` when every main artist is of that gender,
``sung_by_a_group`` when one of them is a group, band, unit or duo, and
``main_artist_count`` (two or more make a duet).

One-by-one edits keep the fields in step through signals (connected in
``SongsConfig.ready``); code that writes credits in bulk, which sends no
signals, calls ``store_voices`` with the songs it touched. Either way, the themes of
those songs are recounted (a theme counts the songs women and men sing).
"""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save

from .counters import noting_before_save, now_and_before, recount_themes_of
from .models import Artist, Song, SongCredit

GROUP_KINDS = frozenset({Artist.Kind.GROUP, Artist.Kind.BAND, Artist.Kind.UNIT, Artist.Kind.DUO})


def store_voices(song_ids=None):
    """Store who sings these songs (every song when None), in one UPDATE."""
    songs = Song.objects.all() if song_ids is None else Song.objects.filter(pk__in=song_ids)
    main = SongCredit.objects.filter(song=OuterRef("pk"), role=SongCredit.Role.MAIN).order_by()

    def every_main_artist_is(gender):
        return _flag(Q(Exists(main)) & ~Q(Exists(main.exclude(artist__gender=gender))))

    songs.update(
        main_artist_count=Coalesce(Subquery(main.values("song").annotate(n=Count("pk")).values("n")), 0),
        sung_by_men=every_main_artist_is(Artist.Gender.MALE),
        sung_by_women=every_main_artist_is(Artist.Gender.FEMALE),
        sung_by_a_group=_flag(Q(Exists(main.filter(artist__kind__in=GROUP_KINDS)))),
    )
    recount_themes_of(song_ids)


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def credit_changed(instance, **kwargs):
    store_voices(now_and_before(instance, "song_id"))


def artist_changed(instance, created=False, raw=False, **kwargs):
    """An artist's gender or kind changes the voice of every song they sing on."""
    if not created and not raw:
        store_voices(SongCredit.objects.filter(artist=instance, role=SongCredit.Role.MAIN).values("song"))


def connect():
    pre_save.connect(
        noting_before_save("song_id"), sender=SongCredit, weak=False, dispatch_uid="voices-credit-before"
    )
    post_save.connect(credit_changed, sender=SongCredit, dispatch_uid="voices-credit-save")
    post_delete.connect(credit_changed, sender=SongCredit, dispatch_uid="voices-credit-delete")
    post_save.connect(artist_changed, sender=Artist, dispatch_uid="voices-artist-save")

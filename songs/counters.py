"""How many songs each artist is credited on, stored on the artist.

Indexes and the home page show and sort artists by it; counting credits for
every artist on each request does not scale. One-by-one edits keep it in step
through signals (connected in ``SongsConfig.ready``); code that writes credits
in bulk, which sends no signals, calls ``recount_songs`` with the artists it
touched.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Artist, SongCredit


def recount_songs(artist_ids=None):
    """Store the song count of these artists (every artist when None), in one query."""
    artists = Artist.objects.all() if artist_ids is None else Artist.objects.filter(pk__in=artist_ids)
    credits = (
        SongCredit.objects.filter(artist=OuterRef("pk")).order_by().values("artist").annotate(n=Count("pk"))
    )
    artists.update(song_count=Coalesce(Subquery(credits.values("n")), 0))


def credit_saving(instance, **kwargs):
    if instance.pk:
        instance.artist_before_save = (
            SongCredit.objects.filter(pk=instance.pk).values_list("artist_id", flat=True).first()
        )


def credit_changed(instance, **kwargs):
    recount_songs({instance.artist_id, getattr(instance, "artist_before_save", None)} - {None})


def connect():
    pre_save.connect(credit_saving, sender=SongCredit, dispatch_uid="song-count-before")
    post_save.connect(credit_changed, sender=SongCredit, dispatch_uid="song-count-save")
    post_delete.connect(credit_changed, sender=SongCredit, dispatch_uid="song-count-delete")

"""Merging two artist records that turned out to be one artist."""

from django.db import transaction

from .counters import recount_songs
from .models import ArtistAlias, Membership, PossibleDuplicate, SongCredit
from .voices import store_voices

# Profile fields the survivor takes from the other record when its own are empty.
FILLABLE_FIELDS = ["hangul_name", "gender", "bio", "photo", "photo_card", "photo_page"]


@transaction.atomic
def merge_artists(survivor, other):
    """Fold ``other`` into ``survivor`` and delete ``other``.

    Credits, album credits, aliases and memberships move to the survivor (a
    song both were credited on keeps one credit); the other's name becomes an
    alias carrying its Spotify id, so imports keep finding the artist; empty
    profile fields are filled from the other record.
    """
    if survivor.pk == other.pk:
        raise ValueError("An artist cannot be merged into itself.")
    move_credits(survivor, other)
    for album in other.albums.all():
        album.artists.add(survivor)
    move_aliases(survivor, other)
    move_memberships(survivor, other)
    PossibleDuplicate.objects.filter(artist=other).delete()
    PossibleDuplicate.objects.filter(other=other).delete()

    spotify_id = other.spotify_id
    for field_name in FILLABLE_FIELDS:
        if not getattr(survivor, field_name) and getattr(other, field_name):
            setattr(survivor, field_name, getattr(other, field_name))
    other.delete()
    if spotify_id and not survivor.spotify_id:
        survivor.spotify_id, spotify_id = spotify_id, ""
    survivor.save()
    keep_name_as_alias(survivor, other.name, spotify_id)
    return survivor


def move_credits(survivor, other):
    shared_songs = SongCredit.objects.filter(artist=survivor).values("song_id")
    SongCredit.objects.filter(artist=other, song_id__in=shared_songs).delete()
    SongCredit.objects.filter(artist=other).update(artist=survivor)
    recount_songs([survivor.pk])
    store_voices(SongCredit.objects.filter(artist=survivor).values("song"))


def move_aliases(survivor, other):
    taken = set(survivor.aliases.values_list("name", flat=True)) | {survivor.name}
    for alias in other.aliases.all():
        if alias.name in taken:
            if alias.spotify_id:
                ArtistAlias.objects.filter(artist=survivor, name=alias.name).update(
                    spotify_id=alias.spotify_id
                )
            alias.delete()
        else:
            alias.artist = survivor
            alias.save()


def move_memberships(survivor, other):
    for field_name, partner_field in [("group", "member"), ("member", "group")]:
        existing = set(
            Membership.objects.filter(**{field_name: survivor}).values_list(partner_field, flat=True)
        )
        for membership in Membership.objects.filter(**{field_name: other}):
            partner_id = getattr(membership, f"{partner_field}_id")
            if partner_id in existing or partner_id == survivor.pk:
                membership.delete()
            else:
                setattr(membership, field_name, survivor)
                membership.save()


def keep_name_as_alias(survivor, name, spotify_id):
    alias = survivor.aliases.filter(name=name).first()
    if name == survivor.name and not spotify_id:
        return
    if alias is None:
        alias = ArtistAlias(artist=survivor, name=name)
    alias.spotify_id = spotify_id or alias.spotify_id
    alias.save()

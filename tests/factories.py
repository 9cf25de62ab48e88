"""Small helpers that make catalog records for tests, with overridable defaults."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import ListArticle, ListEntry
from songs.counters import recount_songs
from songs.models import Album, Artist, Drama, Song, SongCredit, Theme
from songs.voices import store_voices

_numbers = itertools.count(1)


def make_artist(**overrides):
    number = next(_numbers)
    values = {"name": f"Artist {number}", "gender": Artist.Gender.FEMALE}
    values.update(overrides)
    artist = Artist(**values)
    artist.save()
    return artist


def make_album(artists=(), **overrides):
    values = {"title": f"Album {next(_numbers)}", "kind": Album.Kind.SINGLE}
    values.update(overrides)
    album = Album(**values)
    album.save()
    album.artists.set(artists)
    return album


def make_drama(**overrides):
    values = {"title": f"Drama {next(_numbers)}", "year": 2020}
    values.update(overrides)
    drama = Drama(**values)
    drama.save()
    return drama


def make_song(artists=None, featuring=(), themes=(), **overrides):
    """A song credited to ``artists`` (a new artist when not given)."""
    values = {"title": f"Song {next(_numbers)}", "length_seconds": 215}
    values.update(overrides)
    song = Song(**values)
    song.save()
    main_artists = [make_artist()] if artists is None else list(artists)
    credits = [(artist, SongCredit.Role.MAIN) for artist in main_artists]
    credits += [(artist, SongCredit.Role.FEATURING) for artist in featuring]
    SongCredit.objects.bulk_create(
        SongCredit(song=song, artist=artist, role=role, position=position)
        for position, (artist, role) in enumerate(credits, start=1)
    )
    recount_songs([artist.pk for artist, _ in credits])
    store_voices([song.pk])
    if themes:
        song.themes.add(*themes)
    return song


def make_theme(**overrides):
    values = {"name": f"Theme {next(_numbers)}", "kind": Theme.Kind.MOOD}
    values.update(overrides)
    return Theme.objects.create(**values)


def make_list(entries=(), themes=(), **overrides):
    """A published list (unless ``status`` says otherwise) with ``entries`` songs in order."""
    values = {
        "title": f"List {next(_numbers)}",
        "summary": "A list for tests.",
        "status": ListArticle.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    }
    values.update(overrides)
    article = ListArticle(**values)
    article.save()
    for position, song in enumerate(entries, start=1):
        ListEntry(
            article=article, song=song, position=position, commentary=f"Why song {position} matters."
        ).save()
    if themes:
        article.themes.add(*themes)
    return article

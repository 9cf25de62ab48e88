"""Keeping the search table in step with the catalog and the lists.

``reindex`` rewrites the entries of some records in a fixed number of queries per
kind; ``rebuild`` rewrites them all. The signal receivers at the bottom decide what a
change touches (renaming an artist re-indexes the artist, their songs and albums, and
their groups' members); ``batch()`` gathers the changes of a bulk edit into one reindex.
Only published lists are indexed; a scheduled one is stored with its publish time and
searches hide it until then (``articles.search_queries``), since no save happens then.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Prefetch
from django.db.models.constants import OnConflict
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from songs.models import (
    Album,
    Artist,
    ArtistAlias,
    Drama,
    Membership,
    Song,
    SongCredit,
    TaggedSong,
    Theme,
)

from . import theme_counts
from .models import ListArticle, ListEntry, SearchEntry, SearchSpelling, SearchTerm, TaggedList
from .search import (
    CONTEXT,
    KINDS,
    PRIMARY,
    SECONDARY,
    Name,
    index_keys,
    rank_key,
    spelling_variants,
    spelling_words,
)

BATCH_SIZE = 2000
INSERT_BATCH_SIZE = 1000


def _names(texts, field=PRIMARY, person=False):
    return [Name(text, field, person) for text in texts if text]


def _join(parts):
    return " · ".join(part for part in parts if part)


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _artist_documents(ids):
    artists = (
        Artist.objects.filter(pk__in=ids)
        .annotate(credited_songs=Count("credits", distinct=True))
        .prefetch_related("aliases", "groups")
    )
    for artist in artists:
        person = artist.kind == Artist.Kind.SOLO
        groups = [group.name for group in artist.groups.all()]
        names = _names(
            [artist.name, artist.hangul_name, *(alias.name for alias in artist.aliases.all())], person=person
        )
        names += _names(groups, CONTEXT)
        detail = _join([artist.get_kind_display(), ", ".join(groups), _plural(artist.credited_songs, "song")])
        yield _entry(artist, artist.name, artist.hangul_name, detail, artist.credited_songs), names


def _artist_context(artist):
    """An artist's names on their songs and albums (aliases stay on the artist's own entry)."""
    return _names([artist.name, artist.hangul_name], CONTEXT, artist.kind == Artist.Kind.SOLO)


def _song_documents(ids):
    songs = (
        Song.objects.filter(pk__in=ids)
        .select_related("album", "drama")
        .prefetch_related(Prefetch("credits", queryset=SongCredit.objects.select_related("artist")))
    )
    list_counts = dict(
        ListEntry.objects.filter(song_id__in=ids, article__in=ListArticle.objects.published())
        .values("song_id")
        .annotate(count=Count("article", distinct=True))
        .values_list("song_id", "count")
    )
    for song in songs:
        names = _names([song.title, song.hangul_title])
        for credit in song.credits.all():
            names += _artist_context(credit.artist)
        if song.album:
            names += _names([song.album.title, song.album.hangul_title], CONTEXT)
        if song.drama:
            names += _names([song.drama.title, song.drama.hangul_title, *song.drama.other_titles], CONTEXT)
        artists = ", ".join(credit.artist.name for credit in song.credits.all())
        source = song.soundtrack_label or (song.album.title if song.album else "")
        year = str(song.released_on.year) if song.released_on else ""
        detail = _join([artists, source, year])
        yield _entry(song, song.title, song.hangul_title, detail, list_counts.get(song.pk, 0)), names


def _album_documents(ids):
    albums = Album.objects.filter(pk__in=ids).annotate(song_count=Count("songs")).prefetch_related("artists")
    for album in albums:
        artists = list(album.artists.all())
        names = _names([album.title, album.hangul_title])
        for artist in artists:
            names += _artist_context(artist)
        year = str(album.released_on.year) if album.released_on else ""
        detail = _join([album.get_kind_display(), ", ".join(artist.name for artist in artists), year])
        yield _entry(album, album.title, album.hangul_title, detail, album.song_count), names


def _drama_documents(ids):
    for drama in Drama.objects.filter(pk__in=ids).annotate(song_count=Count("songs")):
        detail = _join([drama.get_kind_display(), str(drama.year or ""), drama.network])
        names = _names([drama.title, drama.hangul_title, *drama.other_titles])
        yield _entry(drama, drama.title, drama.hangul_title, detail, drama.song_count), names


def _list_documents(ids):
    lists = (
        ListArticle.objects.filter(pk__in=ids, status=ListArticle.Status.PUBLISHED)
        .with_entry_count()
        .prefetch_related("themes")
    )
    for article in lists:
        themes = [theme.name for theme in article.themes.all()]
        names = _names([article.title]) + _names([article.summary], SECONDARY) + _names(themes, CONTEXT)
        popularity = article.entry_count + (10 if article.featured else 0)
        entry = _entry(article, article.title, "", article.summary, popularity)
        entry.visible_from = article.published_at
        yield entry, names


def _theme_documents(ids):
    themes = Theme.objects.filter(pk__in=ids).annotate(list_count=theme_counts.published_list_counts())
    for theme in themes:
        detail = _join(
            [theme.get_kind_display(), _plural(theme.song_count, "song"), _plural(theme.list_count, "list")]
        )
        popularity = theme.song_count + 5 * theme.list_count
        yield _entry(theme, theme.name, "", detail, popularity), _names([theme.name])


DOCUMENTS = {
    "artist": _artist_documents,
    "song": _song_documents,
    "album": _album_documents,
    "drama": _drama_documents,
    "list": _list_documents,
    "theme": _theme_documents,
}
MODELS = {"artist": Artist, "song": Song, "album": Album, "drama": Drama, "list": ListArticle, "theme": Theme}


def _entry(record, name, other_name, detail, popularity):
    kind = next(kind for kind, model in MODELS.items() if isinstance(record, model))
    return SearchEntry(
        kind=kind,
        object_id=record.pk,
        name=name[:300],
        other_name=other_name[:300],
        detail=detail[:300],
        url=record.get_absolute_url(),
        popularity=popularity,
    )


def _write(documents, known_spellings=None):
    """Insert entries with their keys and spellings; returns (entries, keys) written.

    Keys and spellings are many (dozens per entry), so they go in as plain
    multi-row INSERTs rather than model instances. ``known_spellings`` (a set,
    updated) skips spellings this run already wrote.
    """
    documents = list(documents)
    entries = SearchEntry.objects.bulk_create([entry for entry, _ in documents])
    visible_field = SearchTerm._meta.get_field("visible_from")
    terms, words = [], set()
    for entry, (_, names) in zip(entries, documents, strict=True):
        visible_from = visible_field.get_db_prep_value(entry.visible_from, connection)
        for item in index_keys(names):
            rank = rank_key(item.field, item.whole, entry.popularity)
            terms.append((entry.pk, entry.kind, item.key, item.field, item.whole, rank, visible_from))
        words |= spelling_words(names)
    known = known_spellings if known_spellings is not None else set()
    spellings = {(variant, word) for word in words - known for variant in spelling_variants(word)}
    known |= words
    _insert(SearchTerm, ["entry_id", "kind", "key", "field", "whole", "rank", "visible_from"], terms)
    _insert(SearchSpelling, ["variant", "word"], sorted(spellings), ignore_conflicts=True)
    return len(entries), len(terms)


def _insert(model, columns, rows, ignore_conflicts=False):
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    start = connection.ops.insert_statement(on_conflict=on_conflict)
    end = connection.ops.on_conflict_suffix_sql([], on_conflict, [], [])
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), INSERT_BATCH_SIZE):
            batch = rows[first : first + INSERT_BATCH_SIZE]
            values = ", ".join([placeholders] * len(batch))
            cursor.execute(
                f"{start} {table} ({', '.join(columns)}) VALUES {values} {end}",
                [value for row in batch for value in row],
            )


@transaction.atomic
def reindex(changes):
    """Rewrite the entries of ``changes`` ({kind: record ids}); records gone or hidden leave the index."""
    for kind in KINDS:
        ids = sorted(set(changes.get(kind, ())))
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
            _write(DOCUMENTS[kind](chunk))


@transaction.atomic
def rebuild(progress=None):
    """Rewrite the whole search table from the catalog and the published lists.

    Returns {kind: (entries, keys)}; ``progress(kind, done, total)`` is told after each batch.
    """
    SearchTerm.objects.all().delete()
    SearchEntry.objects.all().delete()
    SearchSpelling.objects.all().delete()
    counts, known_spellings = {}, set()
    for kind in KINDS:
        model = MODELS[kind]
        records = (
            model.objects.filter(status=ListArticle.Status.PUBLISHED) if kind == "list" else model.objects
        )
        ids = list(records.order_by("pk").values_list("pk", flat=True))
        entries = keys = 0
        for start in range(0, len(ids), BATCH_SIZE):
            written = _write(DOCUMENTS[kind](ids[start : start + BATCH_SIZE]), known_spellings)
            entries, keys = entries + written[0], keys + written[1]
            if progress:
                progress(kind, min(start + BATCH_SIZE, len(ids)), len(ids))
        counts[kind] = (entries, keys)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (SearchEntry, SearchTerm, SearchSpelling):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return counts


# What a change touches -------------------------------------------------------------

_state = threading.local()


@contextmanager
def batch():
    """Gather the index changes made inside the block and apply them once at its end."""
    outermost = getattr(_state, "pending", None) is None
    if outermost:
        _state.pending = defaultdict(set)
    try:
        yield
        # A block already marked for rollback (a dry run) will write nothing to index.
        if outermost and _state.pending and not (connection.in_atomic_block and connection.needs_rollback):
            reindex(_state.pending)
    finally:
        if outermost:
            _state.pending = None


def touch(kind, ids):
    """Note that records of ``kind`` changed: re-indexed now, or at the end of the current ``batch()``."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    pending = getattr(_state, "pending", None)
    if pending is None:
        reindex({kind: ids})
    else:
        pending[kind] |= ids


def touch_songs(song_ids):
    """Note that songs changed behind the signals' back (bulk writes): the songs and what they credit."""
    song_ids = set(song_ids)
    songs = Song.objects.filter(pk__in=song_ids)
    touch("song", song_ids)
    touch("artist", _values(SongCredit.objects.filter(song_id__in=song_ids), "artist_id"))
    touch("album", _values(songs.exclude(album=None), "album_id"))
    touch("drama", _values(songs.exclude(drama=None), "drama_id"))
    touch("theme", _values(TaggedSong.objects.filter(content_object_id__in=song_ids), "tag_id"))


def _values(queryset, field):
    return set(queryset.values_list(field, flat=True))


def _artist_changed(artist_id):
    touch("artist", [artist_id])
    touch("song", _values(SongCredit.objects.filter(artist_id=artist_id), "song_id"))
    touch("album", _values(Album.artists.through.objects.filter(artist_id=artist_id), "album_id"))
    touch("artist", _values(Membership.objects.filter(group_id=artist_id), "member_id"))


def _song_changed(song):
    touch("song", [song.pk])
    touch("album", [song.album_id])
    touch("drama", [song.drama_id])
    touch("artist", _values(SongCredit.objects.filter(song_id=song.pk), "artist_id"))


def _on_artist(sender, instance, raw=False, **kwargs):
    if not raw:
        _artist_changed(instance.pk)


def _on_alias(sender, instance, raw=False, **kwargs):
    if not raw:
        _artist_changed(instance.artist_id)


def _on_membership(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("artist", [instance.member_id, instance.group_id])


def _on_album(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("album", [instance.pk])
        touch("song", _values(instance.songs.all(), "pk"))


def _on_album_artists(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_"):
        linked = pk_set or ()
        if isinstance(instance, Album):
            touch("album", [instance.pk])
            touch("artist", linked)
        else:
            touch("album", linked)
            touch("artist", [instance.pk])


def _on_drama(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("drama", [instance.pk])
        touch("song", _values(instance.songs.all(), "pk"))


def _on_song(sender, instance, raw=False, **kwargs):
    if not raw:
        _song_changed(instance)


def _on_credit(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("song", [instance.song_id])
        touch("artist", [instance.artist_id])


def _on_song_theme(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("theme", [instance.tag_id])


def _on_theme(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("theme", [instance.pk])
        touch("list", _values(TaggedList.objects.filter(tag_id=instance.pk), "content_object_id"))


def _on_list(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("list", [instance.pk])
        touch("song", _values(ListEntry.objects.filter(article_id=instance.pk), "song_id"))
        touch("theme", _values(TaggedList.objects.filter(content_object_id=instance.pk), "tag_id"))


def _on_entry(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("list", [instance.article_id])
        touch("song", [instance.song_id])


def _on_list_theme(sender, instance, raw=False, **kwargs):
    if not raw:
        touch("list", [instance.content_object_id])
        touch("theme", [instance.tag_id])


def _remember_before_delete(sender, instance, **kwargs):
    """What a deleted record's absence changes, noted before the delete nulls or removes the links."""
    if isinstance(instance, Album | Drama):
        instance._search_songs = _values(instance.songs.all(), "pk")
    elif isinstance(instance, Song):
        instance._search_artists = _values(SongCredit.objects.filter(song_id=instance.pk), "artist_id")
    elif isinstance(instance, ListArticle):
        instance._search_songs = _values(ListEntry.objects.filter(article_id=instance.pk), "song_id")
    elif isinstance(instance, Theme):
        instance._search_lists = _values(TaggedList.objects.filter(tag_id=instance.pk), "content_object_id")


def _on_delete(sender, instance, **kwargs):
    kind = next(kind for kind, model in MODELS.items() if isinstance(instance, model))
    touch(kind, [instance.pk])
    touch("song", getattr(instance, "_search_songs", ()))
    touch("artist", getattr(instance, "_search_artists", ()))
    touch("list", getattr(instance, "_search_lists", ()))
    if isinstance(instance, Song):
        touch("album", [instance.album_id])
        touch("drama", [instance.drama_id])


_RECEIVERS = [
    (post_save, Artist, _on_artist),
    (post_save, ArtistAlias, _on_alias),
    (post_delete, ArtistAlias, _on_alias),
    (post_save, Membership, _on_membership),
    (post_delete, Membership, _on_membership),
    (post_save, Album, _on_album),
    (post_save, Drama, _on_drama),
    (post_save, Song, _on_song),
    (post_save, SongCredit, _on_credit),
    (post_delete, SongCredit, _on_credit),
    (post_save, TaggedSong, _on_song_theme),
    (post_delete, TaggedSong, _on_song_theme),
    (post_save, Theme, _on_theme),
    (post_save, ListArticle, _on_list),
    (post_save, ListEntry, _on_entry),
    (post_delete, ListEntry, _on_entry),
    (post_save, TaggedList, _on_list_theme),
    (post_delete, TaggedList, _on_list_theme),
    (m2m_changed, Album.artists.through, _on_album_artists),
]


def connect_signals():
    for signal, sender, receiver in _RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=f"search-{receiver.__name__}-{sender.__name__}")
    for model in MODELS.values():
        pre_delete.connect(
            _remember_before_delete, sender=model, dispatch_uid=f"search-before-{model.__name__}"
        )
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}")

"""Similar songs in the database: load the catalog for ``articles.similar``, store its picks, read them back.

The scoring is ``articles.similar``'s; this module only fetches plain values,
writes ``SimilarSong`` rows and turns stored reason parts into words with the
current names. ``articles.refresh`` decides when which songs are refreshed.
"""

import datetime
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from songs.models import Artist, Drama, Membership, Song, SongCredit, TaggedSong, Theme, credits_with_artists

from . import cache_invalidation
from .models import ListArticle, ListEntry, PendingListRefresh, SimilarSong, TaggedList, published_condition
from .similar import (
    UNDATED,
    Catalog,
    Names,
    SimilarityIndex,
    SongFacts,
    describe,
    ids_named_by,
    version_key,
    voice_of,
)

WRITE_BATCH = 5000
INSERT_BATCH = 1000  # Rows per INSERT: 5,000 parameters, within every database's limit.
DRAMA_LABELS = {
    Drama.Kind.TV: "drama",
    Drama.Kind.WEB: "series",
    Drama.Kind.FILM: "film",
    Drama.Kind.MUSICAL: "musical",
}


def in_chunks(ids, size=WRITE_BATCH):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def song_facts(song_ids=None):
    """{song id: SongFacts} for ``song_ids`` (every song when None), in four queries (per chunk)."""
    chunks = [None] if song_ids is None else list(in_chunks(song_ids))
    artists = {pk: (gender, kind) for pk, gender, kind in Artist.objects.values_list("pk", "gender", "kind")}
    facts = {}
    for chunk in chunks:
        credits, themes = {}, {}
        credit_rows = SongCredit.objects.order_by("song_id", "position", "pk")
        theme_rows = TaggedSong.objects.all()
        song_rows = Song.objects.order_by()
        if chunk is not None:
            credit_rows = credit_rows.filter(song_id__in=chunk)
            theme_rows = theme_rows.filter(content_object_id__in=chunk)
            song_rows = song_rows.filter(pk__in=chunk)
        for song_id, artist_id, role in credit_rows.values_list("song_id", "artist_id", "role"):
            main, everyone = credits.setdefault(song_id, ([], []))
            everyone.append(artist_id)
            if role == SongCredit.Role.MAIN:
                main.append(artist_id)
        for song_id, theme_id in theme_rows.values_list("content_object_id", "tag_id"):
            themes.setdefault(song_id, []).append(theme_id)
        for pk, title, drama_id, released_on in song_rows.values_list(
            "pk", "title", "drama_id", "released_on"
        ):
            main, everyone = credits.get(pk, ((), ()))
            facts[pk] = SongFacts(
                song_id=pk,
                version=version_key(title),
                main_artist_ids=tuple(main),
                artist_ids=frozenset(everyone),
                theme_ids=frozenset(themes.get(pk, ())),
                drama_id=drama_id,
                voice=voice_of([artists[artist] for artist in main]),
                day=released_on.toordinal() if released_on else None,
                decade=released_on.year // 10 * 10 if released_on else None,
            )
    return facts


def published_entries():
    return ListEntry.objects.filter(published_condition("article__"))


def lists_in_order(entries):
    lists = {}
    for article_id, song_id in entries.order_by("article_id", "position").values_list(
        "article_id", "song_id"
    ):
        lists.setdefault(article_id, []).append(song_id)
    return lists


def load_catalog():
    """The whole catalog and the published lists as ``articles.similar.Catalog``."""
    return Catalog(
        songs=song_facts(),
        lists=lists_in_order(published_entries()),
        memberships=list(Membership.objects.values_list("group_id", "member_id")),
    )


def sort_key(song_id, released_on):
    """``SongFacts.sort_key`` from a raw row: a date, an ISO date string (SQLite) or None."""
    if released_on is None:
        return (UNDATED, song_id)
    if isinstance(released_on, str):
        released_on = datetime.date.fromisoformat(released_on)
    return (released_on.toordinal(), song_id)


def raw_rows(queryset):
    """The rows of a ``values_list`` queryset straight from the cursor: no per-value conversion,
    which costs more than the query itself on a hundred thousand dates."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # A filter on an empty set of ids.
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_catalog_around(song_ids):
    """A ``Catalog`` with just what scoring ``song_ids`` reads: those songs, every candidate in
    their pools, the lists they are in, the buckets their pools draw on and the catalog-wide
    counts. Scoring ``song_ids`` on it gives what a full rebuild would."""
    targets = song_facts(song_ids)
    memberships = list(Membership.objects.values_list("group_id", "member_id"))
    entries = published_entries()
    lists = lists_in_order(
        ListEntry.objects.filter(article_id__in=entries.filter(song_id__in=targets).values("article_id"))
    )
    filed = pool_buckets(targets.values(), memberships)
    counts = {
        "song_count": len(filed[("all", None)]),
        "theme_counts": dict(Theme.objects.filter(song_count__gt=0).values_list("pk", "song_count")),
        "listed_count": entries.values("song_id").distinct().count(),
        "buckets": filed,
    }
    scout = SimilarityIndex(
        Catalog(songs=targets, lists=lists, memberships=memberships, list_counts={}, **counts)
    )
    universe = set(targets).union(*(scout.pool(song) for song in targets.values()))
    return Catalog(
        songs={**song_facts(universe - set(targets)), **targets},
        lists=lists,
        memberships=memberships,
        list_counts=published_list_counts(universe),
        **counts,
    )


def pool_buckets(targets, memberships):
    """The buckets (as ``articles.similar.buckets`` files them) that the pools of ``targets`` draw on:
    their artists' and their groups' songs, their themes', their dramas' and every song's."""
    groups_of, members_of = defaultdict(set), defaultdict(set)
    for group_id, member_id in memberships:
        groups_of[member_id].add(group_id)
        members_of[group_id].add(member_id)
    artists = {artist for song in targets for artist in song.artist_ids}
    artists |= {group for artist in artists for group in groups_of.get(artist, ())}
    filed, group_members = defaultdict(list), defaultdict(set)  # A song by two members is filed once.
    credited = SongCredit.objects.filter(artist_id__in=artists | {m for a in artists for m in members_of[a]})
    for artist_id, song_id, released_on in raw_rows(
        credited.values_list("artist_id", "song_id", "song__released_on")
    ):
        if artist_id in artists:
            filed[("artist", artist_id)].append(sort_key(song_id, released_on))
        for group in groups_of.get(artist_id, set()) & artists:
            group_members[group].add(sort_key(song_id, released_on))
    filed.update((("group", group), list(members)) for group, members in group_members.items())
    themes = TaggedSong.objects.filter(tag_id__in={theme for song in targets for theme in song.theme_ids})
    for theme_id, song_id, released_on in raw_rows(
        themes.values_list("tag_id", "content_object_id", "content_object__released_on")
    ):
        filed[("theme", theme_id)].append(sort_key(song_id, released_on))
    dramas = Song.objects.filter(drama_id__in={song.drama_id for song in targets if song.drama_id})
    for drama_id, song_id, released_on in raw_rows(dramas.values_list("drama_id", "pk", "released_on")):
        filed[("drama", drama_id)].append(sort_key(song_id, released_on))
    every_song = Song.objects.order_by().values_list("pk", "released_on")
    filed[("all", None)] = [sort_key(pk, released_on) for pk, released_on in raw_rows(every_song)]
    for members in filed.values():
        members.sort()
    return filed


def published_list_counts(song_ids):
    """{song id: how many published lists it is in}, without joining lists (much faster here)."""
    public = set(ListArticle.objects.published().values_list("pk", flat=True))
    counts = Counter()
    for chunk in in_chunks(song_ids):
        placed = ListEntry.objects.filter(song_id__in=chunk).order_by().values_list("song_id", "article_id")
        counts.update(song_id for song_id, article_id in placed if article_id in public)
    return counts


def store_list_counts(song_ids=None):
    """Store how many published lists hold each song (every song when None), on the song and, for
    each of its themes, how many of those lists have that theme too.

    Discover sorts the whole catalog by the first and ranks a mood's songs by the second;
    counting entries per song on each request does not scale.
    """
    entries = ListEntry.objects.filter(published_condition("article__"), song=OuterRef("pk")).order_by()
    counted = Coalesce(
        Subquery(entries.values("song").annotate(n=Count("article", distinct=True)).values("n")), 0
    )
    themed_entries = ListEntry.objects.filter(
        published_condition("article__"),
        Exists(TaggedList.objects.filter(content_object=OuterRef("article"), tag=OuterRef(OuterRef("tag")))),
        song=OuterRef("content_object"),
    ).order_by()
    themed_count = Coalesce(Subquery(themed_entries.values("song").annotate(n=Count("pk")).values("n")), 0)
    if song_ids is None:
        Song.objects.update(list_count=counted)
        TaggedSong.objects.update(list_count=themed_count)
    for chunk in in_chunks(song_ids or []):
        Song.objects.filter(pk__in=chunk).update(list_count=counted)
        TaggedSong.objects.filter(content_object__in=chunk).update(list_count=themed_count)


@dataclass
class RefreshReport:
    songs: int = 0
    with_recommendations: int = 0
    links: int = 0
    load_seconds: float = 0.0
    score_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def seconds(self):
        return self.load_seconds + self.score_seconds + self.write_seconds

    @property
    def without_recommendations(self):
        return self.songs - self.with_recommendations


def refresh(song_ids=None, dry_run=False, progress=None):
    """Recompute and store the recommendations of ``song_ids`` (every song when None); a ``RefreshReport``.

    ``progress(done, total)`` is called now and then while scoring a full rebuild.
    """
    report = RefreshReport()
    started = time.perf_counter()
    index = SimilarityIndex(load_catalog() if song_ids is None else load_catalog_around(song_ids))
    report.load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    targets = list(index.songs) if song_ids is None else [pk for pk in set(song_ids) if pk in index.songs]
    rows = []
    for done, song_id in enumerate(targets, start=1):
        picks = index.recommend(song_id)
        report.with_recommendations += bool(picks)
        rows += [
            (song_id, pick.song_id, rank, pick.score, json.dumps(pick.reasons, separators=(",", ":")))
            for rank, pick in enumerate(picks, start=1)
        ]
        if progress and done % 10_000 == 0:
            progress(done, len(targets))
    report.songs, report.links = len(targets), len(rows)
    report.score_seconds = time.perf_counter() - started

    if not dry_run:
        started = time.perf_counter()
        store(rows, None if song_ids is None else set(song_ids))
        store_list_counts(None if song_ids is None else set(song_ids))
        if song_ids is None:
            note_every_schedule()
        cache_invalidation.recommendations_changed(song_ids)
        report.write_seconds = time.perf_counter() - started
    return report


@transaction.atomic
def store(rows, song_ids=None):
    """Replace the stored links of ``song_ids`` (all songs when None) by ``rows``.

    Rows are (song id, similar id, rank, score, reasons as JSON).
    """
    if song_ids is None:
        SimilarSong.objects.all().delete()
    else:
        ids = list(song_ids)
        for start in range(0, len(ids), WRITE_BATCH):
            SimilarSong.objects.filter(song_id__in=ids[start : start + WRITE_BATCH]).delete()
    insert(rows)


def insert(rows):
    """Insert ``rows`` in multi-row statements, far faster than ``bulk_create`` for a full rebuild.

    A refresh running at the same moment may have written the same songs' links already: its rows stay.
    """
    table = SimilarSong._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(name) for name in ["song_id", "similar_id", "rank", "score", "reasons"]
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES {placeholders} "
                "ON CONFLICT DO NOTHING",
                [value for row in batch for value in row],
            )


# Scheduled lists


def note_schedule(article):
    """Remember a list published for a time still to come; forget it otherwise."""
    if article.status == ListArticle.Status.PUBLISHED and article.published_at and not article.is_public:
        PendingListRefresh.objects.update_or_create(
            article=article, defaults={"due_at": article.published_at}
        )
    else:
        PendingListRefresh.objects.filter(article=article).delete()


def note_every_schedule():
    """Note every list scheduled for later afresh: after a full rebuild, as after a restore from a
    backup, which leaves the notes out as they are derived from the lists."""
    scheduled = ListArticle.objects.filter(
        status=ListArticle.Status.PUBLISHED, published_at__gt=timezone.now()
    )
    with transaction.atomic():
        PendingListRefresh.objects.all().delete()
        PendingListRefresh.objects.bulk_create(
            PendingListRefresh(article_id=pk, due_at=at)
            for pk, at in scheduled.values_list("pk", "published_at")
        )


def refresh_due_lists(now=None):
    """Refresh the songs of scheduled lists whose time has come; how many lists that was.

    One query when none is due. A list claimed by another request at the same moment is left to it.
    """
    now = now or timezone.now()
    if not PendingListRefresh.objects.filter(due_at__lte=now).exists():
        return 0
    with transaction.atomic():
        due = PendingListRefresh.objects.filter(due_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        article_ids = list(due.values_list("article_id", flat=True))
        if article_ids:
            refresh(ListEntry.objects.filter(article_id__in=article_ids).values_list("song_id", flat=True))
            PendingListRefresh.objects.filter(article_id__in=article_ids).delete()
    return len(article_ids)


# Reading


@dataclass
class ShownRecommendation:
    song: Song
    reasons: list  # HTML, the weightiest first


def names_for(parts):
    """``Names`` for everything ``parts`` mention; lists only when published (at most four queries)."""
    wanted = ids_named_by(parts)
    dramas = Drama.objects.filter(pk__in=wanted["dramas"]).values_list("pk", "title", "kind")
    return Names(
        lists=dict(ListArticle.objects.published().filter(pk__in=wanted["lists"]).values_list("pk", "title")),
        themes=dict(Theme.objects.filter(pk__in=wanted["themes"]).values_list("pk", "name")),
        artists=dict(Artist.objects.filter(pk__in=wanted["artists"]).values_list("pk", "name")),
        dramas={pk: (title, DRAMA_LABELS.get(kind, "drama")) for pk, title, kind in dramas},
    )


def recommendations_for(song):
    """The song's stored recommendations, best first, each with its reasons in words.

    A link none of whose reasons can still be said (its list was unpublished a
    moment ago, say) is left out: no reason, no recommendation.
    """
    links = list(
        SimilarSong.objects.filter(song=song)
        .select_related("similar__album", "similar__drama")
        .prefetch_related(credits_with_artists("similar__credits"))
        .order_by("rank")
    )
    names = names_for([part for link in links for part in link.reasons])
    shown = []
    for link in links:
        reasons = [text for text in (describe(part, names) for part in link.reasons) if text]
        if reasons:
            shown.append(ShownRecommendation(link.similar, reasons))
    return shown

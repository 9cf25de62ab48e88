"""Running a search against the search table, in a fixed number of queries.

1. Spellings: the index words near the query's words (one-letter deletions on every
   database; trigram similarity as well on PostgreSQL).
2. Windows: each probe of ``articles.search``, for each kind, reads at most ``window``
   keys in index order (one statement of UNION ALL'd ordered index range scans), so the
   cost depends on the query, never on how many records share a word.
3. ``articles.search.rank`` orders what came back; the page's entries are read by id,
   and lists once more through ``ListArticle.objects.published()``.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from .models import ListArticle, SearchEntry, SearchSpelling, SearchTerm
from .search import (
    EXACT,
    KINDS,
    Hit,
    analyze,
    closest_spellings,
    near_variants,
    rank,
    with_corrections,
)

SUGGEST_WINDOW = 12
PAGE_WINDOW = 60
KIND_WINDOW = 200
TRIGRAM_LIMIT = 30


@dataclass
class Search:
    """A query's ranking; entries are read only for the slices a page shows."""

    query: object
    ranked: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.ranked)

    @cached_property
    def by_kind(self):
        groups = {kind: [] for kind in KINDS}
        for item in self.ranked:
            groups[item.kind].append(item)
        return groups


def search(text, kinds=KINDS, window=PAGE_WINDOW, now=None):
    """Rank what matches ``text`` among ``kinds``, reading at most ``window`` keys per probe and kind."""
    query = analyze(text)
    if not query:
        return Search(query)
    query = _corrected(query)
    hits = _hits(query, kinds, window, now or timezone.now())
    return Search(query, rank(query, hits))


def _corrected(query):
    if not query.typo_variants:
        return query
    near = set(
        SearchSpelling.objects.filter(variant__in=sorted(query.typo_variants)).values_list("word", flat=True)
    )
    query = with_corrections(query, near)
    if connection.vendor == "postgresql":
        query = with_corrections(query, _trigram_neighbours(query.words), max_distance=2)
    return query


def _trigram_neighbours(words):
    """Index words similar to ``words`` by trigrams (PostgreSQL's pg_trgm, through its GIN index)."""
    similar = Q()
    for word in words:
        if len(word) >= 5 and word.isascii():
            similar |= Q(word__trigram_similar=EXACT + word)
    if not similar:
        return set()
    spellings = SearchSpelling.objects.filter(similar, variant=F("word")).values_list("word", flat=True)
    return set(spellings[:TRIGRAM_LIMIT])


def _upper_bound(prefix):
    """The smallest key greater than every key starting with ``prefix`` (keys compare by code point)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _hits(query, kinds, window, now):
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    columns = "entry_id, kind, key, field, whole, rank"
    visible = "(visible_from IS NULL OR visible_from <= %s)"
    parts, params = [], []
    for number, probe in enumerate(query.probes):
        if probe.prefix:
            condition, values = "key >= %s AND key < %s", [probe.key, _upper_bound(probe.key)]
        else:
            condition, values = "key = %s", [probe.key]
        for kind in kinds:
            parts.append(
                f"SELECT * FROM (SELECT {number} AS probe, {columns} FROM {table} "
                f"WHERE kind = %s AND {condition} AND {visible} "
                f"ORDER BY key, rank LIMIT {int(window)}) AS w{len(parts)}"
            )
            params += [kind, *values, now]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return [
        Hit(probe, entry_id, kind, key, field_, bool(whole), rank_)
        for probe, entry_id, kind, key, field_, whole, rank_ in rows
    ]


def entries(ranked, now=None):
    """The ``SearchEntry`` of each ranked item, in order, without any list readers may not see (yet)."""
    ids = [item.entry_id for item in ranked]
    now = now or timezone.now()
    found = SearchEntry.objects.filter(Q(visible_from__isnull=True) | Q(visible_from__lte=now)).in_bulk(ids)
    list_ids = {entry.object_id for entry in found.values() if entry.kind == "list"}
    public_lists = set(ListArticle.objects.published().filter(pk__in=list_ids).values_list("pk", flat=True))
    return [
        found[pk]
        for pk in ids
        if pk in found and (found[pk].kind != "list" or found[pk].object_id in public_lists)
    ]


def spelling_suggestions(query, limit=3):
    """Queries close to ``query``'s words (two edits at most), for a search that found nothing."""
    variants = near_variants(query.words)
    if not variants:
        return []
    near = SearchSpelling.objects.filter(variant__in=sorted(variants)).values_list("word", flat=True)
    return closest_spellings(query.words, set(near[:200]), limit)

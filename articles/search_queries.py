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
    CARRIER_KINDS,
    CONTEXT,
    EXACT,
    KINDS,
    Hit,
    analyze,
    anchor_probes_of,
    anchors,
    closest_spellings,
    near_variants,
    probes_beside,
    rank,
    with_anchor_probes,
    with_corrections,
)

SUGGEST_WINDOW = 8
PAGE_WINDOW = 20
KIND_WINDOW = 100
TRIGRAM_LIMIT = 30
RESCORED = 60
MIN_EQUAL_WINDOW = 40


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
    now = now or timezone.now()
    hits = _hits(query, kinds, window, now)
    found_anchors = anchors(query, hits)
    if found_anchors:
        query = with_anchor_probes(query, found_anchors)
        hits += _carrier_hits(query, found_anchors, kinds, window, now)
    ranked = rank(query, hits)
    leaders = [item.entry_id for item in ranked[:RESCORED]]
    if len(query.words) > 1 and leaders:
        # Windows cut each probe's rows; the leaders' scores are made whole from all their keys.
        complete = _hits_of(query, leaders)
        hits = [hit for hit in hits if hit.entry_id not in set(leaders)] + complete
        ranked = rank(query, hits)
    return Search(query, ranked)


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


def _key_condition(probe, column="key"):
    if probe.prefix:
        return f"{column} >= %s AND {column} < %s", [probe.key, _upper_bound(probe.key)]
    return f"{column} = %s", [probe.key]


def _rows(parts, params):
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


# The records of one kind carrying a name (``carrier`` rows, the name as context), and
# their keys that answer the rest of the query (``other`` rows): an index lookup of
# the name, then (entry, key) index ranges for each record carrying it.
_CARRIER_WINDOW = (
    "SELECT * FROM (SELECT {anchor} AS anchor, other.entry_id, other.kind, other.key, other.field, "
    "other.whole, other.rank FROM {table} carrier JOIN {table} other ON other.entry_id = carrier.entry_id "
    "WHERE carrier.kind = %s AND carrier.key = %s AND carrier.field = %s AND ({conditions}) "
    "AND (carrier.visible_from IS NULL OR carrier.visible_from <= %s) LIMIT {window}) AS c{number}"
)


def _carrier_hits(query, found_anchors, kinds, window, now):
    """Hits among the records that carry an anchor's name: the anchor's, and the other words'."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    anchor_probes = [query.probes.index(probe) for probe in anchor_probes_of(query, found_anchors)]
    beside = [probes_beside(query, anchor) for anchor in found_anchors]
    parts, params = [], []
    for number, anchor in enumerate(found_anchors):
        if not beside[number]:
            continue
        conditions, values = [], []
        for probe in beside[number]:
            condition, probe_values = _key_condition(query.probes[probe], "other.key")
            conditions.append(condition)
            values += probe_values
        for kind in CARRIER_KINDS & set(kinds):
            sql = _CARRIER_WINDOW.format(
                anchor=number,
                table=table,
                conditions=" OR ".join(conditions),
                window=int(window) * 4,
                number=len(parts),
            )
            parts.append(sql)
            params += [kind, anchor.key, CONTEXT, *values, now]
    hits = {}
    for number, *row in _rows(parts, params) if parts else []:
        other = Hit._make([None, *row])
        for probe in beside[number]:
            if _reaches(query.probes[probe], other.key):
                hits[other._replace(probe=probe)] = None
        anchor = found_anchors[number]
        hits[other._replace(probe=anchor_probes[number], key=anchor.key, field=CONTEXT, whole=True)] = None
    return list(hits)


def _reaches(probe, key):
    return key.startswith(probe.key) if probe.prefix else key == probe.key


_COLUMNS = "entry_id, kind, key, field, whole, rank"
_VISIBLE = "(visible_from IS NULL OR visible_from <= %s)"


def _hits(query, kinds, window, now):
    """Each prefix probe's window per kind (an ordered index range), and the equality probes' keys
    per kind in one lookup each (complete names are few, so they share a larger window)."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    parts, params = [], []
    equal = [probe.key for probe in query.probes if not probe.prefix and probe.windowed]

    for kind in kinds:
        for number, probe in enumerate(query.probes):
            if probe.prefix and probe.windowed:
                condition, values = _key_condition(probe)
                parts.append(
                    f"SELECT * FROM (SELECT {number} AS probe, {_COLUMNS} FROM {table} WHERE kind = %s "
                    f"AND {condition} AND {_VISIBLE} ORDER BY key, rank "
                    f"LIMIT {int(window)}) AS w{len(parts)}"
                )
                params += [kind, *values, now]
        if equal:
            placeholders = ", ".join(["%s"] * len(equal))
            parts.append(
                f"SELECT * FROM (SELECT -1 AS probe, {_COLUMNS} FROM {table} WHERE kind = %s "
                f"AND key IN ({placeholders}) AND {_VISIBLE} ORDER BY rank "
                f"LIMIT {max(int(window) * 4, MIN_EQUAL_WINDOW)}) AS w{len(parts)}"
            )
            params += [kind, *equal, now]
    rows = _rows(parts, params)
    hits = [Hit._make(row) for row in rows if row[0] >= 0]
    return hits + _as_hits(query, [row[1:] for row in rows if row[0] < 0], equal_only=True)


def _hits_of(query, entry_ids):
    """Every hit of ``query``'s probes on the entries ``entry_ids``."""
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    conditions, params = [], list(entry_ids)
    for probe in query.probes:
        condition, values = _key_condition(probe)
        conditions.append(condition)
        params += values
    placeholders = ", ".join(["%s"] * len(entry_ids))
    sql = f"SELECT {_COLUMNS} FROM {table} WHERE entry_id IN ({placeholders}) AND ({' OR '.join(conditions)})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _as_hits(query, cursor.fetchall())


def _as_hits(query, rows, equal_only=False):
    """``Hit``s for index rows: one for each probe a row's key answers (its equality probes only)."""
    equal, prefixes = {}, []
    for number, probe in enumerate(query.probes):
        if not probe.prefix:
            equal.setdefault(probe.key, []).append(number)
        elif not equal_only:
            prefixes.append((number, probe.key))
    hits = {}
    for entry_id, kind, key, field_, whole, rank_ in rows:
        numbers = equal.get(key, []) + [number for number, prefix in prefixes if key.startswith(prefix)]
        for number in numbers:
            hits[Hit(number, entry_id, kind, key, field_, bool(whole), rank_)] = None
    return list(hits)


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

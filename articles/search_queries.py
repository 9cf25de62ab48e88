"""Running a search against the search table, in a fixed number of queries.

1. Spellings: the index words one typo away from the query's words (their one-letter
   deletions, looked up by equality).
2. Windows: each probe of ``articles.search`` reads, for each kind, a bounded window
   of keys in index order (an ordered index range scan; a complete name is a range
   holding one key). So the cost depends on the query, never on how many records
   share a word. PostgreSQL runs the windows as LATERAL joins over the probes (planned
   once, however many probes); SQLite, which has no LATERAL, as correlated subqueries.
3. Anchors: complete artist, album or drama names inside the query lead to the
   records carrying them (their songs), matched there on the rest of the query.
4. Rescoring: the leading candidates get all their keys read, so no window cuts their
   score short; ``articles.search.rank`` orders them.
5. The page's entries are read by id, and lists once more through
   ``ListArticle.objects.published()``.
A search that finds nothing tries once more with trigram-similar spellings on
PostgreSQL (pg_trgm), two typos away.
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
    best_first,
    closest_spellings,
    near_variants,
    probes_beside,
    rank,
    ranks_of_field,
    with_anchor_probes,
    with_corrections,
)

SUGGEST_WINDOW = 8
PAGE_WINDOW = 20
KIND_WINDOW = 100
CARRIERS = 100
RESCORED = 60
TRIGRAM_LIMIT = 30

_COLUMNS = "entry_id, kind, key, field, whole, rank"
_VISIBLE = "(visible_from IS NULL OR visible_from <= %s)"


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
    now = now or timezone.now()
    if query.typo_variants:
        query = with_corrections(query, _spellings(query.typo_variants))
    found = _ranked(query, kinds, window, now)
    if not found.ranked and connection.vendor == "postgresql":
        similar = with_corrections(query, _trigram_neighbours(query.words), max_distance=2)
        if similar.probes != query.probes:
            found = _ranked(similar, kinds, window, now)
    return found


def _ranked(query, kinds, window, now):
    hits = _windows(query, kinds, window, now)
    found_anchors = anchors(query, hits)
    if found_anchors:
        query = with_anchor_probes(query, found_anchors)
        hits += _carrier_hits(query, found_anchors, kinds, now)
    ranked = rank(query, hits)
    if len(query.words) > 1 and ranked:
        # Windows cut each probe's rows; the leaders' scores are made whole from all their keys.
        # A record's score depends on its own hits only, so the others keep theirs.
        leaders = {item.entry_id for item in ranked[:RESCORED]}
        rescored = rank(query, _hits_of(query, leaders))
        ranked = sorted([item for item in ranked if item.entry_id not in leaders] + rescored, key=best_first)
    return Search(query, ranked)


def _spellings(variants):
    return set(SearchSpelling.objects.filter(variant__in=sorted(variants)).values_list("word", flat=True))


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


def _table():
    return connection.ops.quote_name(SearchTerm._meta.db_table)


def _windows(query, kinds, window, now):
    """The rows each windowed probe reaches per kind, each probe an ordered index range.

    A prefix probe reads at most ``window`` keys; a complete-name probe (a range
    holding one key) ``window * 2``, since a name a reader typed whole matters more.
    """
    ranges = []
    for number, probe in enumerate(query.probes):
        if probe.windowed and probe.prefix:
            ranges.append((number, probe.key, _upper_bound(probe.key), window))
        elif probe.windowed:
            ranges.append((-1, probe.key, probe.key + _AFTER_EQUAL, window * 2))
    ranges = list(dict.fromkeys(ranges))
    if connection.vendor == "postgresql":
        sql, params = _lateral_windows(ranges, kinds, now)
    else:
        sql, params = _correlated_windows(ranges, kinds, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = [Hit._make(row) for row in rows if row[0] >= 0]
    return hits + _as_hits(query, [row[1:] for row in rows if row[0] < 0])


# Keys never hold control characters, so [key, key + "\x01") holds the key alone.
_AFTER_EQUAL = "\x01"


def _lateral_windows(ranges, kinds, now):
    parts, params = [], []
    for limit in sorted({limit for *_, limit in ranges}):
        chosen = [(number, low, high) for number, low, high, each in ranges if each == limit]
        values = ", ".join(["(%s, %s, %s, %s)"] * (len(chosen) * len(kinds)))
        parts.append(
            f"SELECT p.probe, w.* FROM (VALUES {values}) AS p(probe, kind, low, high) CROSS JOIN LATERAL "
            f"(SELECT {_COLUMNS} FROM {_table()} WHERE kind = p.kind AND key >= p.low AND key < p.high "
            f"AND {_VISIBLE} ORDER BY key, rank LIMIT {int(limit)}) AS w"
        )
        params += [
            value for kind in kinds for number, low, high in chosen for value in (number, kind, low, high)
        ]
        params.append(now)
    return " UNION ALL ".join(parts), params


def _correlated_windows(ranges, kinds, now):
    """SQLite has no LATERAL: each probe's window is a correlated ``id IN (... LIMIT n)`` instead."""
    table = _table()
    columns = ", ".join(f"term.{name}" for name in _COLUMNS.split(", "))
    parts, params = [], []
    for limit in sorted({limit for *_, limit in ranges}):
        chosen = [(number, low, high) for number, low, high, each in ranges if each == limit]
        values = ", ".join(["(%s, %s, %s, %s)"] * (len(chosen) * len(kinds)))
        parts.append(
            f"SELECT * FROM (WITH p(probe, kind, low, high) AS (VALUES {values}) "
            f"SELECT p.probe, {columns} FROM p JOIN {table} term ON term.id IN "
            f"(SELECT id FROM {table} WHERE kind = p.kind AND key >= p.low AND key < p.high AND {_VISIBLE} "
            f"ORDER BY key, rank LIMIT {int(limit)}))"
        )
        params += [
            value for kind in kinds for number, low, high in chosen for value in (number, kind, low, high)
        ]
        params.append(now)
    return " UNION ALL ".join(parts), params


def _carrier_hits(query, found_anchors, kinds, now):
    """Hits among the records that carry an anchor's name as context: the anchor's, and the other words'.

    For each anchor and kind, the ``CARRIERS`` most popular records carrying the name
    (an ordered index lookup), then their keys that answer a one-word probe of the
    query (an (entry, key) index range each); probes inside the anchor are ignored.
    """
    carrier_kinds = sorted(CARRIER_KINDS & set(kinds))
    beside = [set(probes_beside(query, anchor)) for anchor in found_anchors]
    prefixes = [
        probe.key
        for number, probe in enumerate(query.probes)
        if probe.end - probe.start == 1 and any(number in numbers for numbers in beside)
    ]
    if not carrier_kinds or not prefixes:
        return []
    lookups = [
        (number, kind, anchor.key) for number, anchor in enumerate(found_anchors) for kind in carrier_kinds
    ]
    build = _lateral_carriers if connection.vendor == "postgresql" else _union_carriers
    sql, params = build(lookups, prefixes, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    anchor_probes = [query.probes.index(probe) for probe in anchor_probes_of(query, found_anchors)]
    hits = []
    for number, anchor in enumerate(found_anchors):
        carried = [row[1:] for row in rows if row[0] == number]
        hits += _as_hits(query, carried, allowed=beside[number])
        carriers = {row[0]: row for row in carried}
        hits += [
            Hit(anchor_probes[number], entry_id, kind, anchor.key, CONTEXT, True, rank_)
            for entry_id, kind, _, _, _, rank_ in carriers.values()
        ]
    return hits


def _carriers_sql(kind, key):
    # The rank range starts the index scan at the context names: read in rank order from the
    # key's start, a common word's own names came first, a thousand rows to step over.
    low, high = ranks_of_field(CONTEXT)
    return (
        f"SELECT entry_id FROM {_table()} WHERE kind = {kind} AND key = {key} AND field = {CONTEXT} "
        f"AND rank >= {low} AND rank < {high} AND {_VISIBLE} ORDER BY rank LIMIT {CARRIERS}"
    )


def _lateral_carriers(lookups, prefixes, now):
    # One starts-with test against an array plans in no time, however many words there are.
    values = ", ".join(["(%s, %s, %s)"] * len(lookups))
    starts, starts_params = _starts_with_any(prefixes, "other.key")
    sql = (
        f"SELECT a.anchor, o.* FROM (VALUES {values}) AS a(anchor, kind, key) "
        f"CROSS JOIN LATERAL ({_carriers_sql('a.kind', 'a.key')}) AS c "
        f"CROSS JOIN LATERAL (SELECT {_COLUMNS} FROM {_table()} other "
        f"WHERE other.entry_id = c.entry_id AND {starts}) AS o"
    )
    return sql, [value for lookup in lookups for value in lookup] + [now, *starts_params]


def _union_carriers(lookups, prefixes, now):
    columns = ", ".join(f"other.{name}" for name in _COLUMNS.split(", "))
    starts, starts_params = _starts_with_any(prefixes, "other.key")
    parts, params = [], []
    for number, kind, key in lookups:
        parts.append(
            f"SELECT {number} AS anchor, {columns} FROM ({_carriers_sql('%s', '%s')}) AS c "
            f"JOIN {_table()} other ON other.entry_id = c.entry_id WHERE {starts}"
        )
        params += [kind, key, now, *starts_params]
    return " UNION ALL ".join(parts), params


def _hits_of(query, entry_ids):
    """Every hit of ``query``'s probes on the entries ``entry_ids``: their keys that start with a
    probe's (a list's keys are hundreds, a few of them answer), matched here."""
    placeholders = ", ".join(["%s"] * len(entry_ids))
    starts, starts_params = _starts_with_any(sorted({probe.key for probe in query.probes}))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM {_table()} WHERE entry_id IN ({placeholders}) AND {starts}",
            [*entry_ids, *starts_params],
        )
        return _as_hits(query, cursor.fetchall())


def _starts_with_any(prefixes, column="key"):
    """A condition that ``column`` starts with one of ``prefixes``, and its parameters."""
    if connection.vendor == "postgresql":
        # LIKE 'prefix%' against an array tests a row in a third of the time ^@ takes
        # (6 against 15 ms for the 3,000 keys of a long query's sixty leaders).
        return f"{column} LIKE ANY(%s)", [[_like_escaped(prefix) + "%" for prefix in prefixes]]
    conditions = " OR ".join([f"({column} >= %s AND {column} < %s)"] * len(prefixes))
    return f"({conditions})", [value for prefix in prefixes for value in (prefix, _upper_bound(prefix))]


def _like_escaped(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _as_hits(query, rows, allowed=None):
    """``Hit``s for index rows: one for each probe a row's key answers (among ``allowed`` probe numbers)."""
    # Prefix probes by their first two characters (a marker and a letter): a row is tested
    # against the few that share its own, not against every length a long query has.
    equal, prefixes_by_start = {}, {}
    for number, probe in enumerate(query.probes):
        if allowed is None or number in allowed:
            probes = prefixes_by_start.setdefault(probe.key[:2], {}) if probe.prefix else equal
            probes.setdefault(probe.key, []).append(number)
    hits = {}
    for entry_id, kind, key, field_, whole, rank_ in rows:
        numbers = list(equal.get(key, ()))
        for prefix, prefix_numbers in prefixes_by_start.get(key[:2], {}).items():
            if key.startswith(prefix):
                numbers += prefix_numbers
        for number in numbers:
            hits[Hit(number, entry_id, kind, key, field_, bool(whole), rank_)] = None
    return list(hits)


def entries(ranked, now=None):
    """The ``SearchEntry`` of each ranked item, in order, without any list readers may not see (yet)."""
    ids = [item.entry_id for item in ranked]
    now = now or timezone.now()
    # Only the lists among these ids are looked up among the published: a subquery over every
    # published list made PostgreSQL read all 5,000 of them for a page of thirty results.
    listed = SearchEntry.objects.filter(pk__in=ids, kind="list").values("object_id")
    public = ~Q(kind="list") | Q(object_id__in=ListArticle.objects.published().filter(pk__in=listed))
    visible = Q(visible_from__isnull=True) | Q(visible_from__lte=now)
    found = SearchEntry.objects.filter(public, visible).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def spelling_suggestions(query, limit=3):
    """Queries close to ``query``'s words (two edits at most), for a search that found nothing."""
    variants = near_variants(query.words)
    if not variants:
        return []
    near = SearchSpelling.objects.filter(variant__in=sorted(variants)).values_list("word", flat=True)
    near = set(near[:200])
    if connection.vendor == "postgresql":
        near |= _trigram_neighbours(query.words)
    return closest_spellings(query.words, near, limit)

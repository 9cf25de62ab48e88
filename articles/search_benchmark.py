"""Realistic search queries over a synthetic catalog, and the timing of /search/ and /search/suggest/.

``benchmark_queries`` writes queries the way readers type them — exact names, family
name last, hangul, initial consonants, a Korean keyboard left on, other romanizations,
typos, half-typed prefixes, an artist with a song or a group, hostile text — each with
the record that should come up in the first three suggestions, where there is one.
Initial consonants alone are shared by many names (ㅂㅇㄹ is 백예린 and a dozen others
in a catalog of 20,000 artists), so, as on Korean sites, they should bring up the
best-known of them: those queries are written for an artist credited on more songs
than any other with the same initials.
``measure`` times each request through Django's test client (server time, no network)
and counts its database queries.
"""

import random
import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client, override_settings

from songs.models import Artist, Membership, Song
from songs.spelling import choseong, to_two_set_keyboard

from .site_benchmark import get_counting_queries

# Spellings that other romanizations use for the generator's family names and syllables.
_OTHER_SPELLINGS = [
    ("Jung", "Jeong"),
    ("Lee", "Yi"),
    ("Park", "Pak"),
    ("Choi", "Choe"),
    ("Cho", "Jo"),
    ("Yoon", "Yun"),
    ("Shin", "Sin"),
    ("Kang", "Gang"),
    ("Kwon", "Gwon"),
    ("eo", "o"),
    ("eu", "u"),
    ("ae", "e"),
    ("g", "k"),
    ("j", "ch"),
    ("b", "p"),
    ("d", "t"),
    ("r", "l"),
]
_HOSTILE = ["%", "_", "\\", "' OR 1=1 --", '"unbalanced', "🎵🎵", "\u202ebaek", "ㅋㅋㅋ", "!!!", "a" * 1000]


@dataclass(frozen=True)
class BenchmarkQuery:
    kind: str
    text: str
    expected_url: str = ""


def benchmark_queries(catalog, count=300, seed=7):
    """``count`` queries over ``catalog`` (a ``SyntheticCatalog``), the same for the same seed."""
    rng = random.Random(seed)
    songs = list(
        Song.objects.filter(credits__position=1)
        .select_related("album", "drama")
        .values_list("slug", "title", "credits__artist__name", "drama__title")[:5000]
    )
    members = list(Membership.objects.values_list("member__name", "member__slug", "group__name")[:2000])
    artists = list(
        Artist.objects.filter(kind=Artist.Kind.SOLO)
        .exclude(hangul_name="")
        .values_list("name", "hangul_name", "slug")[:5000]
    )
    initials_leaders = _initials_leaders()
    makers = [
        ("artist name", lambda: _artist(rng, artists, lambda name, hangul: name)),
        ("family name last", lambda: _artist(rng, artists, lambda name, hangul: _swap(name))),
        (
            "no hyphen, lower case",
            lambda: _artist(rng, artists, lambda name, hangul: name.replace("-", "").lower()),
        ),
        ("hangul name", lambda: _artist(rng, artists, lambda name, hangul: hangul)),
        ("initial consonants", lambda: _initials(rng, initials_leaders)),
        ("korean keyboard", lambda: _artist(rng, artists, lambda name, hangul: to_two_set_keyboard(hangul))),
        ("other romanization", lambda: _artist(rng, artists, lambda name, hangul: _respell(rng, name))),
        ("typo", lambda: _artist(rng, artists, lambda name, hangul: _typo(rng, name))),
        (
            "prefix as typed",
            lambda: _artist(rng, artists, lambda name, hangul: name[: rng.randint(3, 6)], False),
        ),
        ("song title", lambda: _song(rng, songs, lambda title, artist, drama: title, False)),
        ("artist and song", lambda: _song(rng, songs, lambda title, artist, drama: f"{artist} {title}")),
        ("song and drama", lambda: _song(rng, songs, lambda title, artist, drama: f"{title} {drama}", True)),
        ("member and group", lambda: _member(rng, members)),
        ("drama title", lambda: BenchmarkQuery("drama title", rng.choice(catalog.drama_titles))),
        ("list title", lambda: BenchmarkQuery("list title", rng.choice(catalog.list_titles))),
        ("theme", lambda: BenchmarkQuery("theme", rng.choice(catalog.theme_names))),
        ("hostile", lambda: BenchmarkQuery("hostile", rng.choice(_HOSTILE))),
    ]
    queries = []
    while len(queries) < count:
        kind, make = makers[len(queries) % len(makers)]
        query = make()
        if query and query.text:
            queries.append(BenchmarkQuery(kind, query.text, query.expected_url))
    return queries


def _artist(rng, artists, spell, expect=True):
    name, hangul, slug = rng.choice(artists)
    return BenchmarkQuery("", spell(name, hangul), f"/artists/{slug}/" if expect else "")


def _initials_leaders():
    """(initials, slug) of each artist credited on more songs than any other with its initials."""
    artists = Artist.objects.exclude(hangul_name="").annotate(credited_songs=Count("credits"))
    best = {}
    for hangul, slug, songs in artists.values_list("hangul_name", "slug", "credited_songs"):
        initials = choseong(hangul)
        leader = best.get(initials)
        if leader is None or songs > leader[1]:
            best[initials] = (slug, songs, False)
        elif songs == leader[1]:
            best[initials] = (*leader[:2], True)
    return [(initials, slug) for initials, (slug, _, tied) in sorted(best.items()) if not tied and initials]


def _initials(rng, leaders):
    initials, slug = rng.choice(leaders)
    return BenchmarkQuery("", initials, f"/artists/{slug}/")


def _song(rng, songs, spell, needs_drama=None):
    pool = [song for song in songs if song[3]] if needs_drama else songs
    slug, title, artist, drama = rng.choice(pool)
    return BenchmarkQuery(
        "", spell(title, artist, drama), f"/songs/{slug}/" if needs_drama is not False else ""
    )


def _member(rng, members):
    member, slug, group = rng.choice(members)
    return BenchmarkQuery("", f"{member} {group}", f"/artists/{slug}/")


def _swap(name):
    family, _, given = name.partition(" ")
    return f"{given} {family}" if given else name


def _respell(rng, name):
    for spelling, other in rng.sample(_OTHER_SPELLINGS, len(_OTHER_SPELLINGS)):
        if spelling in name:
            return name.replace(spelling, other, 1)
    return name


def _typo(rng, name):
    words = name.replace("-", "").split()
    long_words = [number for number, word in enumerate(words) if len(word) >= 5]
    if not long_words:
        return name
    number = rng.choice(long_words)
    word = words[number]
    at = rng.randrange(1, len(word) - 1)
    edits = [
        word[:at] + word[at + 1 :],
        word[:at] + word[at] + word[at:],
        word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :],
        word[:at] + "e" + word[at:],
    ]
    words[number] = rng.choice(edits)
    return " ".join(words)


@dataclass
class Measurement:
    endpoint: str
    milliseconds: list
    query_counts: list
    found_in_top_three: dict  # query kind -> (found, asked)

    def percentile(self, share):
        ordered = sorted(self.milliseconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(queries, endpoint, warmup=10):
    """Time ``endpoint`` (a path) for each query; for suggestions also check the expected result's rank."""
    client = Client(HTTP_HOST="localhost")
    with override_settings(PAGE_CACHE_ENABLED=False):  # Each search as it is first asked.
        for query in queries[:warmup]:
            client.get(endpoint, {"q": query.text})
        timings, counts, found = [], [], {}
        for query in queries:
            url = f"{endpoint}?{urlencode({'q': query.text})}"
            response, milliseconds, query_count = get_counting_queries(client, url)
            timings.append(milliseconds)
            counts.append(query_count)
            if query.expected_url and endpoint.endswith("suggest/"):
                urls = [result["url"] for result in response.json()["results"][:3]]
                hits, asked = found.get(query.kind, (0, 0))
                found[query.kind] = (hits + (query.expected_url in urls), asked + 1)
    return Measurement(endpoint, timings, counts, found)


def table(measurements):
    """The timings as a table to paste into a note."""
    lines = [
        "| endpoint | requests | p50 ms | p95 ms | p99 ms | mean ms | queries per request |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in measurements:
        low, high = min(item.query_counts), max(item.query_counts)
        timings = [item.percentile(share) for share in (0.5, 0.95, 0.99)]
        timings.append(statistics.fmean(item.milliseconds))
        cells = [item.endpoint, str(len(item.milliseconds)), *(f"{ms:.1f}" for ms in timings)]
        cells.append(f"{low}–{high}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def quality_table(measurement):
    lines = ["| query kind | expected result in the first three suggestions |", "|---|---|"]
    for kind, (hits, asked) in measurement.found_in_top_three.items():
        lines.append(f"| {kind} | {hits}/{asked} |")
    return "\n".join(lines)

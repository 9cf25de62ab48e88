"""Measuring every kind of public page on a synthetic catalog: queries, server time, size.

Each page is fetched in process through Django's whole stack (middleware
included), with the page cache off and then on. Off, it is timed twice over:
"cold", as right after a catalog edit, when nothing derived is kept either
(``page_cache.kept``: Discover's and the home page's counts, related lists),
and "kept", as after an edit that leaves those alone. On, after one request
that stores it. Times are medians, in milliseconds.
"""

import statistics
import time
from dataclasses import dataclass

import brotli
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import Album, Artist, Drama, Song, Theme

from . import cache_invalidation
from .models import ListArticle, ListEntry


@dataclass
class PageTiming:
    kind: str
    url: str
    queries: int
    cold_ms: float
    kept_ms: float
    cached_ms: float
    size: int
    brotli_size: int


def last_page(url, total, per_page, param="page"):
    return f"{url}?{param}={max(1, -(-total // per_page))}"


def page_urls(catalog):
    """(kind, url) for every kind of public page, on the catalog's hardest examples."""
    published = ListArticle.objects.published()
    longest = ListArticle.objects.get(pk=catalog.longest_list_id)
    artist = Artist.objects.get(pk=catalog.prolific_artist_ids[0])
    theme = Theme.objects.get(pk=catalog.commonest_theme_id)
    most_listed = Song.objects.get(
        pk=ListEntry.objects.values("song").annotate(n=Count("pk")).order_by("-n")[0]["song"]
    )
    album = Album.objects.annotate(n=Count("songs")).order_by("-n").first()
    drama = Drama.objects.annotate(n=Count("songs")).order_by("-n").first()
    song_list, artist_list = reverse("songs:song_list"), reverse("songs:artist_list")
    discover = reverse("articles:discover")
    return [
        ("home", reverse("articles:home")),
        ("list index", reverse("articles:list_index")),
        ("list index, last page", last_page(reverse("articles:list_index"), published.count(), 12)),
        ("list (longest)", longest.get_absolute_url()),
        ("list (20 entries)", published.exclude(pk=longest.pk).first().get_absolute_url()),
        ("theme index", reverse("articles:theme_list")),
        ("theme (commonest)", theme.get_absolute_url()),
        ("theme, last page of songs", last_page(theme.get_absolute_url(), theme.tagged_songs.count(), 48)),
        ("song index", song_list),
        ("song index, last page", last_page(song_list, Song.objects.count(), 24)),
        ("song index, filtered", f"{song_list}?gender=female&decade=2010"),
        ("song (most listed)", most_listed.get_absolute_url()),
        ("artist index", artist_list),
        ("artist index, last page", last_page(artist_list, Artist.objects.count(), 24)),
        ("artist (most songs)", artist.get_absolute_url()),
        ("artist, last page of songs", last_page(artist.get_absolute_url(), artist.credits.count(), 24)),
        ("album index", reverse("songs:album_list")),
        ("album (most songs)", album.get_absolute_url()),
        ("drama index", reverse("songs:drama_list")),
        ("drama (most songs)", drama.get_absolute_url()),
        ("discover", discover),
        ("discover, commonest theme", f"{discover}?mood={theme.slug}"),
        ("discover, theme, voice, era", f"{discover}?mood={theme.slug}&voice=female&era=2010s"),
        ("discover, most listed, last", last_page(discover, Song.objects.count(), 24) + "&sort=listed"),
        ("feed", reverse("articles:list_feed")),
        ("sitemap index", reverse("articles:sitemap")),
        ("sitemap, last songs section", last_sitemap_section()),
    ]


def last_sitemap_section():
    from .sitemaps import SITEMAPS

    songs = SITEMAPS["songs"]
    return f"{reverse('articles:sitemap_section', args=['songs'])}?p={songs.paginator.num_pages}"


def benchmark_client():
    """A client whose host the settings allow."""
    host = next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"), "localhost")
    return Client(HTTP_HOST=host, HTTP_ACCEPT_ENCODING="identity")


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response, elapsed


def timed_after_a_catalog_edit(client, url):
    """Milliseconds for ``url`` when nothing of the catalog is kept (the edit itself not timed)."""
    page_cache.invalidate(scopes=[CATALOG, LISTS])
    return timed_get(client, url)[1]


class QueryCounter:
    """Counts the statements run while it is active, without keeping their SQL: Django's query
    log is emptied by each request, and a bulk insert's SQL would cost memory."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def get_counting_queries(client, url):
    """(response, milliseconds, queries) for one request."""
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response, milliseconds = timed_get(client, url)
    return response, milliseconds, counter.count


def measure_page(client, kind, url, runs):
    with override_settings(PAGE_CACHE_ENABLED=False):
        forget_cached_pages()
        response, _, query_count = get_counting_queries(client, url)
        cold = [timed_after_a_catalog_edit(client, url) for _ in range(runs)]
        timed_get(client, url)
        kept = [timed_get(client, url)[1] for _ in range(runs)]
    with override_settings(PAGE_CACHE_ENABLED=True):
        timed_get(client, url)
        cached = [timed_get(client, url)[1] for _ in range(runs)]
    content = response.content
    return PageTiming(
        kind,
        url,
        query_count,
        statistics.median(cold),
        statistics.median(kept),
        statistics.median(cached),
        len(content),
        len(brotli.compress(content, quality=5)),
    )


def forget_cached_pages():
    """Pages cached before (or of) a rolled-back catalog must not be served."""
    cache_invalidation.apply(scopes=[CATALOG, LISTS])
    page_cache.reschedule(cache_invalidation.upcoming_publish_times())


def format_table(timings):
    columns = f"{'queries':>7} {'cold ms':>8} {'kept ms':>8} {'cached ms':>9} {'KB':>7} {'KB br':>6}"
    header = f"{'page':<30} {columns}  url"
    lines = [header, "-" * len(header)]
    for timing in timings:
        lines.append(
            f"{timing.kind:<30} {timing.queries:>7} {timing.cold_ms:>8.1f} {timing.kept_ms:>8.1f} "
            f"{timing.cached_ms:>9.2f} "
            f"{timing.size / 1000:>7.1f} {timing.brotli_size / 1000:>6.1f}  {timing.url}"
        )
    return "\n".join(lines)


def profile_cold_path(client, url, runs=20):
    """A pyinstrument profile of ``runs`` cold requests for ``url`` (pyinstrument is a dev tool)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with override_settings(PAGE_CACHE_ENABLED=False):
        timed_get(client, url)
        profiler.start()
        for _ in range(runs):
            timed_get(client, url)
        profiler.stop()
    return profiler.output_text(unicode=True, color=False)

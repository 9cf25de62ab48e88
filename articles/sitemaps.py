"""The sitemap: an index of sections, each at most ``SECTION_SIZE`` addresses.

The protocol allows 50,000 addresses a file; sections of 500 keep each one small
(about 50 KB) and quick to make (a thousand took 100 ms at 100,000 songs, most of it
writing the addresses), and the index (Django's sitemap index view) reaches every page
however large the catalog grows.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import Album, Artist, Drama, Song, Theme, slug_url
from songs.pagination import CatalogPaginator

from .models import ListArticle

SECTION_SIZE = 500


class SlugSitemap(Sitemap):
    """Items with a slug whose page is ``url_name``; newest change first in the index."""

    limit = SECTION_SIZE
    url_name = ""

    def location(self, item):
        return slug_url(self.url_name, item.slug)

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    @property
    def paginator(self):
        """Sections read their ids from the nearer end: the last of a hundred song sections
        made the database step over 99,000 whole rows."""
        items = self._items()
        # Kept: the index counts every section's rows, 100,000 songs among them.
        count = page_cache.kept(f"sitemap-count:{self.url_name}", (CATALOG, LISTS), items.count)
        return CatalogPaginator(items, self.limit, count=count)

    def get_latest_lastmod(self):
        return self.queryset().aggregate(latest=Max("updated_at"))["latest"]


class ListSitemap(SlugSitemap):
    url_name = "articles:list_detail"

    def queryset(self):
        return ListArticle.objects.published()


class CatalogSitemap(SlugSitemap):
    """Songs, artists, albums or dramas: ``model`` says which."""

    def __init__(self, model, url_name):
        self.model = model
        self.url_name = url_name

    def queryset(self):
        return self.model.objects.all()


class ThemeSitemap(SlugSitemap):
    url_name = "articles:theme_detail"

    def items(self):
        return Theme.objects.order_by("pk").only("slug")

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


class PageSitemap(Sitemap):
    def items(self):
        return [
            "articles:home",
            "articles:list_index",
            "articles:theme_list",
            "songs:song_list",
            "songs:artist_list",
            "songs:album_list",
            "songs:drama_list",
        ]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "pages": PageSitemap(),
    "lists": ListSitemap(),
    "songs": CatalogSitemap(Song, "songs:song_detail"),
    "artists": CatalogSitemap(Artist, "songs:artist_detail"),
    "albums": CatalogSitemap(Album, "songs:album_detail"),
    "dramas": CatalogSitemap(Drama, "songs:drama_detail"),
    "themes": ThemeSitemap(),
}

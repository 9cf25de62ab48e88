"""The sitemap: every public page a search engine should know about."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from songs.models import Album, Artist, Drama, Song, Theme

from .models import ListArticle


class ListSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ListArticle.objects.published().order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class CatalogSitemap(Sitemap):
    """Songs, artists, albums or dramas: ``model`` says which."""

    changefreq = "monthly"

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ThemeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Theme.objects.order_by("pk")


class PageSitemap(Sitemap):
    priority = 0.6

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
    "songs": CatalogSitemap(Song),
    "artists": CatalogSitemap(Artist),
    "albums": CatalogSitemap(Album),
    "dramas": CatalogSitemap(Drama),
    "themes": ThemeSitemap(),
}

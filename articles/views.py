"""Editorial pages: home, the themed lists and the themes that cross-link songs and lists."""

import datetime

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import Artist, Song, Theme, credits_with_artists
from songs.pagination import CatalogPaginator, page_of
from songs.templatetags.sharing import json_ld

from . import exports, structured_data, theme_counts
from .models import NEW_ENTRY_DAYS, ListArticle

HOME_FEATURED_COUNT = 3
HOME_NEWEST_COUNT = 6
HOME_SONG_COUNT = 8
HOME_ARTIST_COUNT = 12
THEME_SONG_COUNT = 48
THEME_LIST_COUNT = 12
RELATED_AT_TOP = 12
RELATED_AT_END = 6
SECTION_SIZE = 10


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        lists = ListArticle.objects.published().for_cards()
        featured = list(lists.filter(featured=True)[:HOME_FEATURED_COUNT])
        newest = lists.exclude(pk__in=[article.pk for article in featured])[:HOME_NEWEST_COUNT]
        return super().get_context_data(
            featured_lists=featured,
            newest_lists=newest,
            recent_songs=Song.objects.with_credits().order_by("-created_at", "-pk")[:HOME_SONG_COUNT],
            artists=Artist.objects.filter(song_count__gt=0).order_by("-song_count", "name")[
                :HOME_ARTIST_COUNT
            ],
            themes=Theme.objects.order_by("name"),
            **kwargs,
        )


class ListArticleListView(ListView):
    template_name = "articles/list_index.html"
    context_object_name = "lists"
    paginate_by = 12
    # A page's ids first, then its cards by id: an OFFSET made PostgreSQL count the entries
    # of every list it skipped (92 ms for the last of 400 pages).
    paginator_class = CatalogPaginator

    def get_queryset(self):
        lists = ListArticle.objects.published().for_cards()
        self.theme = Theme.objects.filter(slug=self.request.GET.get("theme", "")).first()
        return lists.filter(themes=self.theme) if self.theme else lists

    def get_context_data(self, **kwargs):
        filter_query = f"theme={self.theme.slug}" if self.theme else ""
        return super().get_context_data(
            theme=self.theme,
            filter_query=filter_query,
            themes=theme_counts.themes_on_published_lists(),
            **kwargs,
        )


def entry_sections(entries):
    """Entries grouped in tens by position: [(first, last, entries)], as headings "1–10", "11–16"…

    A section ends at its last entry, so a list of 16 says "11–16", never "11–20".
    """
    sections = {}
    for entry in entries:
        first = (entry.position - 1) // SECTION_SIZE * SECTION_SIZE + 1
        sections.setdefault(first, []).append(entry)
    return [(first, section[-1].position, section) for first, section in sections.items()]


def last_addition(article, entries):
    """The day the newest entry joined, when that was after the list was published."""
    newest = max((entry.added_on for entry in entries), default=None)
    published_on = timezone.localdate(article.published_at) if article.published_at else None
    return newest if newest and published_on and newest > published_on else None


def kept_related_ids(article):
    """The related-list ranking, kept until lists change: it reads the themes of every list
    that shares one, so it is the list page's costliest part."""
    return page_cache.kept(
        f"related:{article.pk}:{RELATED_AT_TOP}:{RELATED_AT_END}",
        LISTS,
        lambda: ListArticle.objects.related_ids(article, top=RELATED_AT_TOP, end=RELATED_AT_END),
    )


class ListArticleDetailView(DetailView):
    template_name = "articles/list_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        """The list; a draft or scheduled one only for staff allowed to preview it."""
        slug = self.kwargs["slug"]
        published = page_cache.kept(f"list:{slug}", LISTS, lambda: published_list(slug))
        if published is not None:
            return published
        article = get_object_or_404(ListArticle, slug=slug)
        if not article.is_public and not self.request.user.has_perm("articles.view_listarticle"):
            raise Http404("No published list here.")
        return article

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        if article.is_public:
            body = kept_list_body(self.request, article)
        else:
            body = list_body(self.request, article, is_preview=True)
        return super().get_context_data(body=body, is_preview=not article.is_public, **kwargs)


def published_list(slug):
    """The published list with this slug, or None: kept, so that a list page whose body is kept
    too runs no query at all."""
    return ListArticle.objects.published().filter(slug=slug).first()


def kept_list_body(request, article):
    """A published list's entries, related lists and structured data, rendered once and kept
    until the catalog or the lists change: they are nearly all of the page's time, while the
    layout around them is cheap. Kept values turn over at midnight, when entries stop being new."""
    site = request.build_absolute_uri("/")
    return page_cache.kept(
        f"list-body:{article.pk}:{site}",
        (CATALOG, LISTS),
        lambda: list_body(request, article, is_preview=False),
    )


def list_body(request, article, is_preview):
    """The parts of a list's page drawn from its entries: {"content": html, "structured_data": html}."""
    entries = list(
        article.entries.select_related("song__album", "song__drama").prefetch_related(
            credits_with_artists("song__credits")
        )
    )
    related, further = ListArticle.objects.related_to(
        article, top=RELATED_AT_TOP, end=RELATED_AT_END, ranking=kept_related_ids(article)
    )
    spotify_links, not_on_spotify = exports.spotify_track_links(entries)
    context = {
        "article": article,
        "entries": entries,
        "spotify_links": spotify_links,
        "spotify_links_text": "\n".join(spotify_links),
        "not_on_spotify": not_on_spotify,
        "updated_on": last_addition(article, entries),
        "sections": entry_sections(entries),
        "related_lists": related,
        "further_lists": further,
        "is_preview": is_preview,
        "new_since": timezone.localdate() - datetime.timedelta(days=NEW_ENTRY_DAYS),
    }
    playlist = structured_data.playlist(article, entries, request.build_absolute_uri)
    return {
        "content": render_to_string("articles/list_body.html", context, request),
        "structured_data": json_ld(playlist),
    }


EXPORT_CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
}


def list_export(request, slug, file_format):
    """A published list as a file (see ``articles/exports.py``); drafts and scheduled lists are 404."""
    article = get_object_or_404(ListArticle.objects.published().prefetch_related("themes"), slug=slug)
    entries = exports.export_entries(article)
    absolute = request.build_absolute_uri
    if file_format == "md":
        body = exports.as_markdown(article, entries, absolute(article.get_absolute_url()))
    elif file_format == "csv":
        body = exports.as_csv(entries, absolute)
    elif file_format == "json":
        response = JsonResponse(exports.as_json(article, entries, absolute), json_dumps_params={"indent": 2})
        return with_file_name(response, f"{slug}.json")
    else:
        body = "".join(f"{link}\n" for link in exports.spotify_track_links(entries)[0])
    response = HttpResponse(body, content_type=EXPORT_CONTENT_TYPES[file_format])
    return with_file_name(response, f"{slug}.{file_format}")


def with_file_name(response, file_name):
    """Downloads keep the list's name; the plain-text links open in the browser."""
    disposition = "inline" if file_name.endswith(".txt") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    return response


class ThemeListView(ListView):
    template_name = "articles/theme_list.html"
    context_object_name = "theme_list"

    def get_queryset(self):
        return theme_counts.themes_with_counts()


class ThemeDetailView(DetailView):
    queryset = Theme.objects.all()
    template_name = "articles/theme_detail.html"

    def get_context_data(self, **kwargs):
        songs = Song.objects.with_credits().filter(themes=self.object).order_by("title", "pk")
        lists = ListArticle.objects.published().for_cards().filter(themes=self.object)
        return super().get_context_data(
            songs=page_of(self.request, songs, THEME_SONG_COUNT, count=self.object.song_count),
            lists=page_of(self.request, lists, THEME_LIST_COUNT, param="lists"),
            **kwargs,
        )

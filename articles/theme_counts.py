"""How many published lists carry each theme (songs per theme are stored on the theme itself,
by songs/counters.py).

Publication is a matter of time as well as of edits (a scheduled list becomes public
at its hour), so the lists are counted when asked, as a subquery to annotate themes
with, and the theme index keeps the counts until lists change."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from kballads import page_cache
from kballads.cached_pages import LISTS
from songs.models import Theme

from .models import ListArticle, TaggedList


def published_list_counts():
    tagged = TaggedList.objects.filter(content_object__in=ListArticle.objects.published())
    per_theme = tagged.filter(tag=OuterRef("pk")).order_by().values("tag")
    return Coalesce(Subquery(per_theme.annotate(count=Count("pk")).values("count")), 0)


def themes_with_counts():
    """Every theme, with its ``list_count`` kept until lists change (its ``song_count`` is stored)."""
    counts = _kept_list_counts()
    themes = list(Theme.objects.order_by("kind", "name"))
    for theme in themes:
        theme.list_count = counts.get(theme.pk, 0)
    return themes


def themes_on_published_lists():
    """The themes at least one published list carries, by name (the list index's filter), read
    from the same kept counts."""
    ids = [pk for pk, list_count in _kept_list_counts().items() if list_count]
    return Theme.objects.filter(pk__in=ids).order_by("name")


def _kept_list_counts():
    return page_cache.kept("theme-list-counts", LISTS, _count_published_lists)


def _count_published_lists():
    counted = Theme.objects.annotate(list_count=published_list_counts())
    return dict(counted.values_list("pk", "list_count"))

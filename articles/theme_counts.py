"""How many songs and published lists carry each theme, as subqueries to annotate themes with.

Each is one index count per theme. Annotating both as ``Count`` over the two joins
multiplied them: the commonest theme's 30,000 songs times its 1,500 lists, three
seconds of every list publication at 100,000 songs."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import TaggedSong, Theme

from .models import ListArticle, TaggedList


def song_counts():
    return _count_per_theme(TaggedSong.objects.all())


def published_list_counts():
    return _count_per_theme(TaggedList.objects.filter(content_object__in=ListArticle.objects.published()))


def _count_per_theme(tagged):
    per_theme = tagged.filter(tag=OuterRef("pk")).order_by().values("tag")
    return Coalesce(Subquery(per_theme.annotate(count=Count("pk")).values("count")), 0)


def themes_with_counts():
    """Every theme with its ``song_count`` and ``list_count``, the counts kept until the catalog
    or the lists change (about 100 ms at 100,000 songs, on every theme index otherwise)."""
    counts = _kept_counts()
    themes = list(Theme.objects.order_by("kind", "name"))
    for theme in themes:
        theme.song_count, theme.list_count = counts.get(theme.pk, (0, 0))
    return themes


def themes_on_published_lists():
    """The themes at least one published list carries, by name (the list index's filter), read
    from the same kept counts."""
    ids = [pk for pk, (_, list_count) in _kept_counts().items() if list_count]
    return Theme.objects.filter(pk__in=ids).order_by("name")


def _kept_counts():
    return page_cache.kept("theme-counts", (CATALOG, LISTS), _count_every_theme)


def _count_every_theme():
    counted = Theme.objects.annotate(song_count=song_counts(), list_count=published_list_counts())
    return {pk: (songs, lists) for pk, songs, lists in counted.values_list("pk", "song_count", "list_count")}

"""Template tags that let catalog pages show the published lists a song or artist is in."""

from django import template

from songs.pagination import page_of

from ..models import ListArticle, ListEntry

register = template.Library()

ENTRIES_PER_PAGE = 10
LISTS_PER_PAGE = 12


@register.simple_tag(takes_context=True)
def entries_for_song(context, song):
    """A page (``?lists=``) of the song's entries in published lists, newest list first."""
    entries = (
        ListEntry.objects.filter(song=song, article__in=ListArticle.objects.published())
        .select_related("article")
        .order_by("-article__published_at", "article__pk")
    )
    return page_of(context["request"], entries, ENTRIES_PER_PAGE, param="lists")


@register.simple_tag(takes_context=True)
def lists_for_artist(context, artist):
    """A page (``?lists=``) of the published lists with a song by the artist, newest first."""
    entries = ListEntry.objects.filter(song__credits__artist=artist).values("article_id")
    lists = ListArticle.objects.published().for_cards().filter(pk__in=entries)
    return page_of(context["request"], lists, LISTS_PER_PAGE, param="lists")

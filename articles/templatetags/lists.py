"""Template tags that let catalog pages show the published lists a song or artist is in."""

from django import template

from ..models import ListArticle, ListEntry

register = template.Library()


@register.simple_tag
def entries_for_song(song):
    """The song's entries in published lists, newest list first (one query)."""
    return (
        ListEntry.objects.filter(song=song, article__in=ListArticle.objects.published())
        .select_related("article")
        .order_by("-article__published_at", "article__pk")
    )


@register.simple_tag
def lists_for_artist(artist):
    """Published lists with a song by the artist, newest first (two queries)."""
    entries = ListEntry.objects.filter(song__credits__artist=artist).values("article_id")
    return ListArticle.objects.published().for_cards().filter(pk__in=entries)

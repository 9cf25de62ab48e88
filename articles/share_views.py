"""Share images of lists, and the site's own for pages without one (kballads/share_images.py)."""

from django.shortcuts import get_object_or_404

from kballads.share_images import ShareCard, image_response

from .models import ListArticle

SITE_CARD = ShareCard(
    kicker="Korean ballads, chosen by editors",
    title="Themed lists of Korean ballads",
    hangul="발라드",
    byline="Songs, artists, albums and drama soundtracks, each with a few words on why it belongs.",
)


def list_card(article, entry_count):
    songs = f"{entry_count} song{'' if entry_count == 1 else 's'}"
    return ShareCard(kicker=f"A list · {songs}", title=article.title, byline=article.summary)


def list_image(request, slug):
    """A published list's card; drafts have none, as they have no public page."""
    article = get_object_or_404(ListArticle.objects.published().with_entry_count(), slug=slug)
    return image_response(request, list_card(article, article.entry_count))


def site_image(request):
    return image_response(request, SITE_CARD)

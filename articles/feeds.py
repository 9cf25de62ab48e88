"""RSS and Atom feeds of newly published lists."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import ListArticle

FEED_SIZE = 20


class LatestListsFeed(Feed):
    title = "K-Ballads: new lists"
    link = reverse_lazy("articles:list_index")
    description = "Themed lists of Korean ballads, newest first."

    def items(self):
        return ListArticle.objects.published().prefetch_related("themes")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.byline or None

    def item_categories(self, article):
        return [theme.name for theme in article.themes.all()]


class LatestListsAtomFeed(LatestListsFeed):
    feed_type = Atom1Feed
    subtitle = LatestListsFeed.description

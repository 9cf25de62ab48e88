"""RSS and Atom feeds of newly published lists.

A list's title, summary, byline and themes are plain text, and the feeds say so: Atom
marks them ``type="text"``, and RSS, whose description readers show as HTML, carries
the summary escaped, so a reader that does not sanitize shows ``<img onerror=…>`` as
text and never runs it. The one piece of HTML is the list's introduction, as it was
sanitized when saved (kballads/markup.py): Atom's ``content type="html"`` and RSS's
``content:encoded``.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .models import ListArticle

FEED_SIZE = 20
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


class RssWithContent(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": escape(item["description"])})
        if item["content_html"]:
            handler.addQuickElement("content:encoded", item["content_html"])


class TextTyped:
    """Hands elements on to the XML writer, marking the plain-text ones ``type="text"``."""

    TEXT_ELEMENTS = {"title", "summary"}

    def __init__(self, handler):
        self.handler = handler

    def addQuickElement(self, name, contents=None, attrs=None):
        if name in self.TEXT_ELEMENTS:
            attrs = {**(attrs or {}), "type": "text"}
        self.handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self.handler, name)


class AtomWithContent(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(TextTyped(handler), item)
        if item["content_html"]:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestListsFeed(Feed):
    feed_type = RssWithContent
    title = "K-Ballads: new lists"
    link = reverse_lazy("articles:list_index")
    description = "Themed lists of Korean ballads, newest first."

    def items(self):
        return ListArticle.objects.published().prefetch_related("themes")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_extra_kwargs(self, article):
        return {"content_html": article.intro_html}

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.byline or None

    def item_categories(self, article):
        return [theme.name for theme in article.themes.all()]


class LatestListsAtomFeed(LatestListsFeed):
    feed_type = AtomWithContent
    subtitle = LatestListsFeed.description

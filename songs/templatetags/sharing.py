"""What link previews and crawlers read of a page: its share text, and schema.org data."""

import html

from django import template
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from songs import structured_data

register = template.Library()

DESCRIPTION_LENGTH = 200

# The indexes that head the site's sections, and the section each detail page belongs to.
SECTIONS = {
    "articles:list_index": "Lists",
    "songs:song_list": "Songs",
    "songs:artist_list": "Artists",
    "songs:album_list": "Albums",
    "songs:drama_list": "Dramas",
    "articles:theme_list": "Themes",
    "articles:discover": "Discover",
    "articles:search": "Search",
}
SECTION_OF = {
    "articles:list_detail": "articles:list_index",
    "songs:song_detail": "songs:song_list",
    "songs:artist_detail": "songs:artist_list",
    "songs:album_detail": "songs:album_list",
    "songs:drama_detail": "songs:drama_list",
    "articles:theme_detail": "articles:theme_list",
}


class CaptureNode(template.Node):
    # Named "nodelist" so that blocks inside are found, and filled in by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = plain_text(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}``: what is inside, as plain text, in ``name``.

    It lets a block that a page fills in (its description) be written in several tags.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one name: {% capture name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


def plain_text(rendered):
    """Rendered HTML as the text a reader sees, spaces folded (unescaped: it is escaped again when shown)."""
    return " ".join(html.unescape(strip_tags(rendered)).split())


@register.filter
def shortened(text, length=DESCRIPTION_LENGTH):
    """``text`` cut at a word to at most ``length`` characters, with an ellipsis when cut."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:·—-") + "…"


def absolute_builder(context):
    return context["request"].build_absolute_uri


@register.simple_tag
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element."""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(structured_data.script_json(data))
    )


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, page_title):
    """The page's place in the site as a ``BreadcrumbList``: home, its section, the page itself."""
    request = context["request"]
    match = request.resolver_match
    if match is None or "exception" in context:  # an error page is nowhere in the site
        return ""
    trail = [("Home", reverse("articles:home"))]
    section = SECTION_OF.get(match.view_name, match.view_name)
    if section in SECTIONS:
        trail.append((SECTIONS[section], reverse(section)))
    if match.view_name in SECTION_OF:
        trail.append((page_title, request.path))
    return json_ld(structured_data.breadcrumbs(trail, absolute_builder(context)))


@register.simple_tag(takes_context=True)
def song_json_ld(context, song):
    return json_ld(structured_data.song_page(song, absolute_builder(context)))


@register.simple_tag(takes_context=True)
def artist_json_ld(context, artist):
    return json_ld(structured_data.artist_page(artist, absolute_builder(context)))


@register.simple_tag(takes_context=True)
def drama_json_ld(context, drama):
    return json_ld(structured_data.drama_page(drama, absolute_builder(context)))

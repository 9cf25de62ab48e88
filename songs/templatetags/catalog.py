"""Template helpers shared by catalog and editorial pages."""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kballads.markup import mark_korean

register = template.Library()

LENGTH_HTML = '<span aria-label="length">{}</span>'
SEPARATOR = mark_safe('<span class="sep">·</span>')


@register.filter
def ko(text):
    """The text escaped, its hangul marked ``lang="ko"`` (names and titles may mix scripts)."""
    return mark_safe(mark_korean(str(text)))  # noqa: S308 - mark_korean escapes the text


def joined(parts):
    """The parts that are there, with a separator only between them."""
    return mark_safe(f" {SEPARATOR} ".join(str(part) for part in parts if part))  # noqa: S308


def linked(obj, text):
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), ko(text))


@register.simple_tag
def song_meta(song):
    """A song card's source (drama and OST part, or album), year and length, as far as they are known."""
    if song.drama_id:
        source = format_html(
            '<span class="badge badge--ost">OST</span> {}{}',
            linked(song.drama, song.drama.title),
            f" · Part {song.ost_part}" if song.ost_part else "",
        )
    else:
        source = linked(song.album, song.album.title) if song.album_id else ""
    year = (
        format_html('<time datetime="{}">{}</time>', song.released_on.isoformat(), song.released_on.year)
        if song.released_on
        else ""
    )
    length = (
        format_html('<span aria-label="length">{}</span>', song.length_label) if song.length_seconds else ""
    )
    return joined([source, year, length])


@register.simple_tag
def site_url(url_name):
    """The address of one of the site's fixed pages, for the layout every page repeats.

    The same as ``{% url %}`` for a name without arguments, worked out once a process:
    the layout's fifteen links reversed on every request were a tenth of a page
    rendered around kept parts."""
    return _site_url(url_name, get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=64)
def _site_url(url_name, script_prefix, urlconf):
    return reverse(url_name, urlconf=urlconf)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A navigation link marked as current on its section's pages."""
    url = site_url(url_name)
    request = context.get("request")
    path = request.path if request else ""
    is_current = path == url if url == "/" else path.startswith(url)
    if is_current:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The full address of ``path`` (the current page without its query by default)."""
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag(takes_context=True)
def page_url(context, page_number, param="", anchor=""):
    """The address of another page of a listing (``param`` names its number), filters kept.

    On pages with several listings each has its own ``param``; ``anchor`` brings the
    reader back to the listing they were paging through.
    """
    filter_query = context.get("filter_query", "")
    number = f"{param or 'page'}={page_number}"
    query = f"{filter_query}&{number}" if filter_query else number
    return f"?{query}#{anchor}" if anchor else f"?{query}"


def artist_links(credits):
    return [linked(credit.artist, credit.artist.name) for credit in credits]


@register.simple_tag
def credits(song):
    """The song's artists as links, "A, B & C feat. D". Built here rather than in a template
    include: it is on every card and entry, and template rendering is a long page's slow part."""
    main = artist_links(song.main_credits)
    text = " &amp; ".join([", ".join(main[:-1]), main[-1]]) if len(main) > 1 else "".join(main)
    featured = artist_links(song.featured_credits)
    if featured:
        text += ' <span class="feat">feat.</span> ' + ", ".join(featured)
    # Every piece was escaped by format_html; the separators are literal.
    return mark_safe(f'<span class="credits">{text}</span>')  # noqa: S308

"""Template helpers shared by catalog and editorial pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A navigation link marked as current on its section's pages."""
    url = reverse(url_name)
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
def page_url(context, page_number):
    """The current index page's address for another page number, filters kept."""
    filter_query = context.get("filter_query", "")
    query = f"{filter_query}&page={page_number}" if filter_query else f"page={page_number}"
    return f"?{query}"

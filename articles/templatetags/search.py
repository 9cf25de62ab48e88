"""Search results mark the words that matched the query."""

from django import template
from django.utils.html import format_html, format_html_join

from ..search import highlight

register = template.Library()


@register.filter
def highlighted(text, query_words):
    """``text`` with the words that answer ``query_words`` in <mark>, everything escaped."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", segment) if hit else segment,)
            for segment, hit in highlight(text, query_words)
        ),
    )

"""Editors' Markdown, turned into HTML that is safe to show readers.

Markdown is rendered once, when the text is saved, and the HTML is cleaned with
nh3 (a maintained sanitizer): basic formatting and http(s) links survive;
scripts, event attributes, styles, images, SVG and other URL schemes do not.
Links get no rel="nofollow": the text is our editors', and most links point
at our own pages.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


def render_markdown(text):
    """Safe HTML for a piece of editor-written Markdown ("" for empty text)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# What the editors' Markdown fields say they accept: the formatting ``render_markdown`` keeps.
MARKDOWN_HELP = (
    "Markdown: *italic*, **bold**, [a link](https://…) (http and https only), lists (- or 1.), "
    "> quotes, `code`, a blank line between paragraphs, --- for a rule. Headings, images, tables, "
    "HTML styles and scripts are removed. The preview shows what readers will see."
)

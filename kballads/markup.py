"""Editors' Markdown, turned into HTML that is safe to show readers.

Markdown is rendered once, when the text is saved, and the HTML is cleaned with
nh3 (a maintained sanitizer): basic formatting and http(s) links survive;
scripts, event attributes, styles, images, SVG and other URL schemes do not.
Links get no rel="nofollow": the text is our editors', and most links point
at our own pages. Runs of hangul are then marked ``<span lang="ko">`` (the
sanitizer lets no ``lang`` through, so only these spans carry one), so screen
readers and fonts treat them as Korean.
"""

import re

import markdown
import nh3
from django.utils.html import escape

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


_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
HANGUL_RUN = re.compile(f"[{_HANGUL}]+(?:[\\s.,!?~·]+[{_HANGUL}]+)*")
# A tag of serialized HTML; attribute values are double-quoted and may hold ">".
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
KOREAN_SPAN = '<span lang="ko">'


def has_hangul(text):
    return bool(HANGUL_RUN.search(text))


def _wrap_hangul(escaped_text):
    return HANGUL_RUN.sub(lambda match: f"{KOREAN_SPAN}{match.group()}</span>", escaped_text)


def mark_korean(text):
    """``text`` escaped for HTML, with each run of hangul in a ``<span lang="ko">``."""
    return _wrap_hangul(escape(text))


def mark_korean_html(html):
    """Safe ``html`` with each run of hangul in its text (not in tags, not already marked) wrapped."""
    if not has_hangul(html):
        return html
    parts, depth = [], 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            if part == KOREAN_SPAN or (depth and part.startswith("<span")):
                depth += 1
            elif depth and part == "</span>":
                depth -= 1
            parts.append(part)
        else:
            parts.append(part if depth else _wrap_hangul(part))
    return "".join(parts)


def render_markdown(text):
    """Safe HTML for a piece of editor-written Markdown ("" for empty text)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return mark_korean_html(clean)


# What the editors' Markdown fields say they accept: the formatting ``render_markdown`` keeps.
MARKDOWN_HELP = (
    "Markdown: *italic*, **bold**, [a link](https://…) (http and https only), lists (- or 1.), "
    "> quotes, `code`, a blank line between paragraphs, --- for a rule. Headings, images, tables, "
    "HTML styles and scripts are removed. The preview shows what readers will see."
)

"""Share images: the 1200×630 cards that link previews show for a list, a song or an artist.

A card is drawn with Pillow in the site's colours (static/css/site.css) with the fonts
we ship (kballads/fonts), so hangul never turns into boxes. Its ETag is a digest of
what it shows and of this release's code, so a reader's copy is revalidated without
drawing anything, and a changed title makes a new image; the page cache keeps the
bytes (kballads/cached_pages.py says which edits make them stale).
"""

import functools
import hashlib
import io
from dataclasses import astuple, dataclass

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from PIL import Image, ImageDraw, ImageFont

from . import page_cache
from .fonts import FONT_DIR, WEIGHTS, is_covered

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
INK, INK_SOFT, PAPER, ACCENT, ACCENT_SOFT = "#1f1a1d", "#5b5057", "#fffaf7", "#7a2e4f", "#f6e7ee"
TITLE_SIZES = (88, 76, 66, 58, 50)
TITLE_LINES = 3
TEXT_WIDTH = WIDTH - 2 * MARGIN - 60
ELLIPSIS = "…"


@dataclass(frozen=True)
class ShareCard:
    """What a share image says: a kicker ("Song"), the title, its hangul form and a byline."""

    kicker: str
    title: str
    hangul: str = ""
    byline: str = ""

    @property
    def etag(self):
        digest = hashlib.md5(repr((astuple(self), page_cache.release())).encode(), usedforsecurity=False)
        return f'"{digest.hexdigest()}"'


@functools.cache
def font(weight, size):
    return ImageFont.truetype(str(FONT_DIR / WEIGHTS[weight]), size)


def drawable(text):
    """``text`` without the characters our fonts lack (drawn, they would be empty boxes)."""
    return " ".join("".join(c for c in text if c.isspace() or is_covered(c)).split())


def wrap(text, typeface, width):
    """``text`` in lines no wider than ``width``, broken between words (inside a word too long for one)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if typeface.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while typeface.getlength(line) > width:
            cut = next(n for n in range(len(line), 0, -1) if typeface.getlength(line[:n]) <= width or n == 1)
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def clipped(lines, typeface, width, most):
    """At most ``most`` lines, the last one ending in an ellipsis when text was left out."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and typeface.getlength(last + ELLIPSIS) > width:
        last = last[:-1].rstrip()
    return [*lines[: most - 1], last + ELLIPSIS]


def fitted_title(title):
    """The title's font and lines: the largest size that fits three lines, else the smallest, clipped."""
    for size in TITLE_SIZES:
        typeface = font("Bold", size)
        lines = wrap(title, typeface, TEXT_WIDTH)
        if len(lines) <= TITLE_LINES:
            return typeface, lines
    return typeface, clipped(lines, typeface, TEXT_WIDTH, TITLE_LINES)


def draw_lines(draw, lines, typeface, top, fill, spacing=1.18):
    step = round(typeface.size * spacing)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=typeface, fill=fill)
    return top + len(lines) * step


def render(card):
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    draw.ellipse((WIDTH - 330, HEIGHT - 330, WIDTH + 170, HEIGHT + 170), fill=ACCENT_SOFT)
    draw.text((WIDTH - 170, HEIGHT - 215), "♪", font=font("Bold", 150), fill=ACCENT)
    brand = font("Bold", 36)
    draw.text((MARGIN, 56), "♪", font=brand, fill=ACCENT)
    draw.text((MARGIN + 40, 56), "K-Ballads", font=brand, fill=INK)
    top = 150
    if card.kicker:
        kicker = font("Bold", 28)
        draw.text((MARGIN, top), drawable(card.kicker).upper(), font=kicker, fill=ACCENT)
        top += 56
    title_font, title_lines = fitted_title(drawable(card.title))
    top = draw_lines(draw, title_lines, title_font, top, INK, spacing=1.12)
    hangul = drawable(card.hangul)
    if hangul:
        hangul_font = font("Regular", 46)
        top = draw_lines(
            draw,
            clipped(wrap(hangul, hangul_font, TEXT_WIDTH), hangul_font, TEXT_WIDTH, 1),
            hangul_font,
            top + 8,
            INK_SOFT,
        )
    byline = drawable(card.byline)
    if byline:
        byline_font = font("Regular", 34)
        lines = clipped(wrap(byline, byline_font, TEXT_WIDTH - 140), byline_font, TEXT_WIDTH - 140, 2)
        draw_lines(draw, lines, byline_font, max(top + 24, HEIGHT - 70 - len(lines) * 40), INK_SOFT)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def image_response(request, card):
    """The card as a PNG response, or a 304 when the reader's copy is this card."""
    not_modified = get_conditional_response(request, etag=card.etag)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(render(card), content_type="image/png")
    response["ETag"] = card.etag
    return response

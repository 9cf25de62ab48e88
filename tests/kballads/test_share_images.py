"""Share images: drawn by us at 1200×630, hangul in glyphs (never boxes), long titles fitted."""

import io
import time

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from kballads.fonts import FONT_DIR, WEIGHTS, is_covered
from kballads.share_images import (
    HEIGHT,
    TEXT_WIDTH,
    WIDTH,
    ShareCard,
    drawable,
    fitted_title,
    font,
    render,
    wrap,
)


def pixels_of(text, weight="Bold", size=80):
    mask = font(weight, size).getmask(text)
    return Image.frombytes("L", mask.size, bytes(mask)) if mask.size[0] else None


def test_the_shipped_fonts_map_latin_and_every_hangul_syllable():
    for filename in WEIGHTS.values():
        cmap = TTFont(FONT_DIR / filename).getBestCmap()
        assert all(code in cmap for code in range(0xAC00, 0xD7A4)), filename
        assert all(ord(c) in cmap for c in "K-Ballads ♪ Çé–“”…ㄱㅏ"), filename


def test_hangul_is_drawn_as_glyphs_not_the_missing_glyph_box():
    missing = pixels_of("一")  # a CJK ideograph, left out of the subset: drawn as .notdef
    for syllable in "백발라드":
        drawn = pixels_of(syllable)
        assert drawn is not None and drawn.getbbox() is not None
        assert drawn.size != missing.size or ImageChops.difference(drawn, missing).getbbox() is not None
    assert pixels_of("백").tobytes() != pixels_of("발").tobytes()


def test_characters_the_fonts_lack_are_left_out_rather_than_drawn_as_boxes():
    assert not is_covered("一") and is_covered("백")
    assert drawable("Love 一 Song 백") == "Love Song 백"


def test_a_card_is_a_1200_by_630_png():
    data = render(ShareCard("Song", "Can You See My Heart", "내 마음이 보이니", "Heize"))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)


def test_hangul_changes_the_drawing():
    with_hangul = render(ShareCard("Song", "Spring Day", "봄날", "BTS"))
    without = render(ShareCard("Song", "Spring Day", "", "BTS"))
    other_hangul = render(ShareCard("Song", "Spring Day", "겨울", "BTS"))
    assert len({with_hangul, without, other_hangul}) == 3


def test_a_long_title_shrinks_and_wraps_within_the_card():
    short_font, short_lines = fitted_title("Lonely Night")
    long_title = " ".join(["A very long title for a ballad that goes on"] * 3)
    long_font, long_lines = fitted_title(long_title)
    assert len(short_lines) == 1 and long_font.size < short_font.size
    assert 1 < len(long_lines) <= 3 and long_lines[-1].endswith("…")
    assert all(long_font.getlength(line) <= TEXT_WIDTH for line in long_lines)


def test_a_word_longer_than_a_line_is_broken():
    lines = wrap("가" * 80, font("Bold", 88), TEXT_WIDTH)
    assert len(lines) > 1 and "".join(lines) == "가" * 80


def test_the_etag_follows_what_the_card_shows():
    card = ShareCard("Song", "Spring Day", "봄날", "BTS")
    assert card.etag == ShareCard("Song", "Spring Day", "봄날", "BTS").etag
    assert card.etag != ShareCard("Song", "Spring Day", "봄날", "BTS, Jin").etag


def test_drawing_a_card_takes_well_under_a_second():
    card = ShareCard("A list · 48 songs", "Ballads that make you cry " * 4, "", "Our editors' picks " * 6)
    render(card)
    started = time.perf_counter()
    render(card)
    assert time.perf_counter() - started < 0.5

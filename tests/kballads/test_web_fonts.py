"""The pages' hangul fallback: slices of our font that draw every syllable a reader may meet."""

import re

import pytest
from fontTools.ttLib import TTFont

from kballads.fonts import make_web_fonts
from kballads.fonts.make_web_fonts import (
    EXTRA_FAMILY,
    FAMILY,
    STYLESHEET,
    SYLLABLES,
    WEB_FONT_DIR,
    font_face,
    is_everyday_syllable,
    planned_faces,
    replace_rules,
    slices,
)

FACE = re.compile(r"@font-face \{(.*?)\}", re.DOTALL)


def stylesheet_faces():
    """(family, filename, unicode-range spans) of every @font-face rule in hangul.css."""
    faces = []
    for body in FACE.findall(STYLESHEET.read_text()):
        family = re.search(r'font-family: "([^"]+)"', body).group(1)
        filename = re.search(r'url\("\.\./fonts/([^"]+)"\)', body).group(1)
        spans = [
            (int(first, 16), int(last, 16))
            for first, last in re.findall(r"U\+([0-9A-F]+)-([0-9A-F]+)", body.split("unicode-range:")[1])
        ]
        faces.append((family, filename, spans))
    return faces


def character_map(filename):
    return set(TTFont(WEB_FONT_DIR / filename).getBestCmap())


def test_ks_x_1001_holds_2350_everyday_syllables():
    everyday = [code for code in SYLLABLES if is_everyday_syllable(code)]
    assert len(everyday) == 2350
    assert is_everyday_syllable(ord("백")) and is_everyday_syllable(ord("린"))
    assert not is_everyday_syllable(ord("똠"))


def test_slices_cut_a_run_into_even_pieces_in_order():
    assert slices(list(range(10)), 3) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert slices(list(range(4)), 4) == [[0], [1], [2], [3]]


def test_the_stylesheet_holds_the_rules_the_generator_writes():
    expected = "\n".join(font_face(family, filename, spans) for family, filename, _, spans in planned_faces())
    assert f"{make_web_fonts.BEGIN}\n{expected}\n{make_web_fonts.END}" in STYLESHEET.read_text()


def test_replacing_the_rules_keeps_the_rest_of_the_stylesheet():
    once = replace_rules("body { margin: 0; }\n", "@font-face { a }")
    twice = replace_rules(once, "@font-face { b }")
    assert twice.startswith("body { margin: 0; }")
    assert "@font-face { b }" in twice and "@font-face { a }" not in twice
    assert twice.count(make_web_fonts.BEGIN) == 1


@pytest.mark.parametrize("family, filename, spans", stylesheet_faces())
def test_each_slice_draws_every_character_it_is_meant_to_in_its_range(family, filename, spans):
    drawn = character_map(filename)
    wanted = {code for first, last in spans for code in range(first, last + 1)}
    if family == FAMILY and filename != "hangul-jamo.woff2":
        wanted = {code for code in wanted if is_everyday_syllable(code)}
    elif family == EXTRA_FAMILY:
        wanted = {code for code in wanted if not is_everyday_syllable(code)}
    assert wanted and wanted <= drawn
    assert (WEB_FONT_DIR / filename).stat().st_size < 100 * 1024


def test_the_two_families_together_draw_every_hangul_syllable_and_typed_jamo():
    drawn = set()
    for _, filename, _ in stylesheet_faces():
        drawn |= character_map(filename)
    assert set(SYLLABLES) <= drawn
    assert {ord(jamo) for jamo in "ㄱㄴㅂㅇㄹㅏㅣㅢ"} <= drawn


def test_an_everyday_page_fetches_small_slices_only():
    everyday = [filename for family, filename, _ in stylesheet_faces() if family == FAMILY]
    assert sum((WEB_FONT_DIR / filename).stat().st_size for filename in everyday) < 250 * 1024


def test_our_fonts_come_after_the_systems_korean_fonts_and_before_the_generic_family():
    site_css = STYLESHEET.with_name("site.css").read_text()
    font_stack = re.search(r"--font: (.*?);", site_css, re.DOTALL).group(1)
    families = [family.strip().strip('"') for family in font_stack.split(",")]
    assert families.index("Malgun Gothic") < families.index(FAMILY) < families.index(EXTRA_FAMILY)
    assert families[-1] == "sans-serif"


def test_slice_ranges_stay_inside_hangul():
    for _, _, spans in stylesheet_faces():
        for first, last in spans:
            assert 0xAC00 <= first <= last <= 0xD7A3 or 0x3131 <= first <= last <= 0x318E

"""Make the pages' hangul fallback: WOFF2 slices of K-Ballads Sans and the @font-face rules for them.

Phones and desktops ship a Korean font, and the stylesheet names them first. A machine
without one (a bare Linux desktop, a headless browser) would draw hangul as empty boxes;
for it the stylesheet ends its font list with "K-Ballads Hangul", cut from the share
images' font into slices a browser fetches only when a page holds a character of theirs.
Their @font-face rules are a stylesheet of their own (static/css/hangul.css), which pages
apply once they have loaded.

Hangul syllables come in two families of slices. "K-Ballads Hangul" holds the 2,350
syllables of KS X 1001, the set everyday Korean is written in, 15-21 KB a slice.
"K-Ballads Hangul Extra" holds the 8,822 others, fetched only for a rare syllable: a slice
of the first family that lacks a character lets the browser go on to the second. Each
face first tries the Korean fonts a system may have under another name (``local()``).

Run from the repository's root with the dev requirements installed, after make_subset.py:

    .venv/bin/python -m kballads.fonts.make_web_fonts
"""

import io
import re
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from kballads.fonts import FONT_DIR, WEIGHTS

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
WEB_FONT_DIR = STATIC_DIR / "fonts"
STYLESHEET = STATIC_DIR / "css" / "hangul.css"  # Its own stylesheet, applied once a page has loaded.
BEGIN = "/* hangul web fonts: begin (made by kballads/fonts/make_web_fonts.py; do not edit) */"
END = "/* hangul web fonts: end */"

FAMILY = "K-Ballads Hangul"
EXTRA_FAMILY = "K-Ballads Hangul Extra"
SYLLABLES = range(0xAC00, 0xD7A4)
JAMO_SPANS = [(0x3131, 0x318E)]  # the jamo a keyboard types: ㄱ to ㆎ
COMMON_SLICES = 10
EXTRA_SLICES = 8

# Android's Korean font by full and PostScript name, the names local() matches: Android
# keeps it out of reach of font-family names. Apple's and Windows' come first by family.
LOCAL_FONTS = [
    "Noto Sans CJK KR Regular",
    "NotoSansCJKkr-Regular",
    "Noto Sans KR Regular",
    "NotoSansKR-Regular",
]


def is_everyday_syllable(code):
    """Whether the syllable is one of KS X 1001's 2,350, which EUC-KR writes in two bytes."""
    return len(chr(code).encode("euc_kr")) == 2


def slices(codes, count):
    """``codes`` cut into ``count`` runs of about the same length, in code point order."""
    size = -(-len(codes) // count)
    return [codes[start : start + size] for start in range(0, len(codes), size)]


def woff2(codes):
    font = TTFont(FONT_DIR / WEIGHTS["Regular"])
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern", "locl"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    font.flavor = "woff2"
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def font_face(family, filename, spans):
    sources = [f'local("{name}")' for name in LOCAL_FONTS]
    sources.append(f'url("../fonts/{filename}") format("woff2")')
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f"  src: {', '.join(sources)};\n"
        "  font-display: swap;\n"
        f"  unicode-range: {', '.join(f'U+{first:04X}-{last:04X}' for first, last in spans)};\n"
        "}"
    )


def planned_faces():
    """(family, filename, code points, unicode-range spans) for every slice.

    A syllable slice's range runs from its first syllable to its last, over the other
    family's syllables in between, so that a browser looks in both.
    """
    everyday = [code for code in SYLLABLES if is_everyday_syllable(code)]
    extra = [code for code in SYLLABLES if not is_everyday_syllable(code)]
    jamo = [code for first, last in JAMO_SPANS for code in range(first, last + 1)]
    faces = [(FAMILY, "hangul-jamo.woff2", jamo, JAMO_SPANS)]
    for number, codes in enumerate(slices(everyday, COMMON_SLICES), start=1):
        faces.append((FAMILY, f"hangul-{number:02d}.woff2", codes, [(codes[0], codes[-1])]))
    for number, codes in enumerate(slices(extra, EXTRA_SLICES), start=1):
        faces.append((EXTRA_FAMILY, f"hangul-extra-{number:02d}.woff2", codes, [(codes[0], codes[-1])]))
    return faces


def replace_rules(stylesheet, rules):
    block = f"{BEGIN}\n{rules}\n{END}"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if pattern.search(stylesheet):
        return pattern.sub(lambda match: block, stylesheet)
    return f"{stylesheet.rstrip()}\n\n{block}\n"


def main():
    WEB_FONT_DIR.mkdir(exist_ok=True)
    shutil.copy(FONT_DIR / "OFL.txt", WEB_FONT_DIR / "OFL.txt")
    rules = []
    for family, filename, codes, spans in planned_faces():
        data = woff2(codes)
        (WEB_FONT_DIR / filename).write_bytes(data)
        rules.append(font_face(family, filename, spans))
        print(f"static/fonts/{filename}: {len(codes)} characters, {len(data) / 1024:.0f} KB")
    STYLESHEET.write_text(replace_rules(STYLESHEET.read_text(), "\n".join(rules)))


if __name__ == "__main__":
    sys.exit(main())

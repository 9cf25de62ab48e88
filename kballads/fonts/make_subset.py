"""Make the share images' fonts: Noto Sans CJK KR cut down to what K-Ballads writes.

The full collection is 20 MB a weight; the share images only need Latin (with the
accents romanizations use), punctuation, hangul syllables and jamo, and the site's
mark (♪), which leaves about a tenth. Run from the repository's root, after
``apt-get install fonts-noto-cjk`` (Debian's package of the OFL font), with the dev
requirements installed (fontTools):

    .venv/bin/python -m kballads.fonts.make_subset

The subsets are renamed ("K-Ballads Sans"), as the OFL asks of modified fonts, and
keep the original copyright notice; OFL.txt beside them is the licence.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

from kballads.fonts import FONT_DIR, UNICODE_RANGES, WEIGHTS

SOURCE = Path("/usr/share/fonts/opentype/noto")
KOREAN_FACE = "Noto Sans CJK KR"
FAMILY = "K-Ballads Sans"


def codepoints():
    return [code for first, last in UNICODE_RANGES for code in range(first, last + 1)]


def korean_face(collection_path):
    for font in TTCollection(collection_path).fonts:
        if font["name"].getDebugName(1) == KOREAN_FACE:
            return font
    raise SystemExit(f"{collection_path} has no {KOREAN_FACE} face")


def rename(font, weight):
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    full = f"{FAMILY} {weight}" if weight != "Regular" else FAMILY
    postscript = f"KBalladsSans-{weight}"
    for name_id, value in [(1, FAMILY), (2, weight), (3, postscript), (4, full), (6, postscript)]:
        names.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = full, FAMILY


def make(weight, filename):
    font = korean_face(SOURCE / f"NotoSansCJK-{weight}.ttc")
    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "ljmo", "vjmo", "tjmo", "locl", "palt"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    rename(font, weight)
    target = FONT_DIR / filename
    font.save(target)
    return target


def main():
    for weight, filename in WEIGHTS.items():
        target = make(weight, filename)
        print(f"{target.relative_to(Path.cwd())}: {target.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    sys.exit(main())

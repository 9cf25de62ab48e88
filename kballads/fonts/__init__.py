"""The share images' fonts: subsets of Noto Sans CJK KR (OFL.txt), made by make_subset.py."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
WEIGHTS = {"Regular": "KBalladsSans-Regular.otf", "Bold": "KBalladsSans-Bold.otf"}

UNICODE_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement and Latin Extended-A: accented romanizations
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, ellipsis
    (0x266A, 0x266B),  # ♪ ♫: the site's mark
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7A3),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xFF01, 0xFF5E),  # Fullwidth forms
]


def is_covered(character):
    """Whether the fonts were cut to include ``character`` (others would be drawn as empty boxes)."""
    code = ord(character)
    return any(first <= code <= last for first, last in UNICODE_RANGES)

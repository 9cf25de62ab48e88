"""Name keys and slugs: how the catalog decides that two spellings are one name.

``name_key("KIM JAE JOONG") == name_key("Kim Jaejoong")`` and
``name_key("Yerin Baek") == name_key("Baek Ye-rin")``: case, spacing, hyphens,
accents, punctuation and the order of family and given name do not matter.
Hangul is compared as hangul. Search and playlist import match on these keys.

``clean_name`` is how a name from outside (a playlist archive) is tidied before
the catalog stores or compares it; the length limits are shared by the catalog's
fields and the playlist reader, so nothing the reader accepts is too long to store.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify

# Romanized Korean family names, as they appear in artist names. When a name
# ends with one of these and does not start with one, it is written given name
# first ("Yerin Baek"), so the key moves the family name to the front.
KOREAN_FAMILY_NAMES = frozenset(
    """
    ahn an bae baek baik bang bong byun byeon cha chae chang cheon cheong chin cho choi eom gil
    chong choo chu chun chung gang go goh gong gu gwak gwon ha hah ham han heo ho hong
    hwang hyun im jang jeon jeong ji jin jo joo jung kang kim ko koo kwak kwon lee lim
    ma min moon mun na nam noh oh paek pak park parc pyo ra rhee ryu seo seok shim shin
    sim so sohn son song suh sung tak uhm um won woo yang yeo yi yim yoo yook yoon yu yuk yun
    """.split()
)

_WORD = re.compile(r"\w+")

TITLE_MAX_LENGTH = 300  # song, album and drama titles
NAME_MAX_LENGTH = 200  # artist names and aliases

# Control characters that separate words (tab, line breaks) become a space; every
# other control character (NUL, escape, DEL, the C1 block) is dropped.
_SPACING_CONTROLS = re.compile("[\t\n\v\f\r\x1c-\x1f\x85]")
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Marks nobody sees that still make two spellings differ: soft hyphen, zero-width
# space, direction marks, word joiner, bidirectional embeddings and isolates, byte
# order mark. Zero-width joiners stay: emoji sequences and some scripts need them.
_INVISIBLE_MARKS = re.compile("[\u00ad\u200b\u200e\u200f\u2060\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_name(text):
    """``(name, dropped_controls)``: ``text`` tidied the way the catalog stores names.

    Runs of white space become one space and the ends are trimmed; control
    characters are dropped (``dropped_controls`` says whether there were any
    besides tabs and line breaks, which become spaces); invisible marks are
    removed; the result is NFC, so hangul typed as separate jamo is the same
    name as hangul typed as syllables.
    """
    if text.isprintable():  # no control characters, invisible marks or unusual spaces
        return " ".join(unicodedata.normalize("NFC", text).split()), False
    spaced = _SPACING_CONTROLS.sub(" ", text)
    visible = _OTHER_CONTROLS.sub("", spaced)
    dropped_controls = len(visible) != len(spaced)
    visible = unicodedata.normalize("NFC", _INVISIBLE_MARKS.sub("", visible))
    return _SPACES.sub(" ", visible).strip(), dropped_controls


def clean_text(text):
    """Longer text (a description) tidied like ``clean_name`` but keeping its line breaks."""
    lines = [clean_name(line)[0] for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def _fold(text):
    """Lowercase, drop accents, keep hangul syllables composed."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", without_marks)


def _words(text):
    return tuple(word.replace("_", "") for word in _WORD.findall(_fold(text)))


def key_may_exceed(text, limit):
    """False when neither key of ``text`` can be longer than ``limit``; cheap, for long names only.

    A key never has more characters than the text's compatibility decomposition.
    """
    return len(text) > limit or (not text.isascii() and len(unicodedata.normalize("NFKD", text)) > limit)


# Keys are asked for the same names again and again (an artist on every file of an import).
@lru_cache(maxsize=2**16)
def title_key(text):
    """Key for titles: words in their order, with case, spacing and punctuation ignored."""
    return "".join(_words(text))


@lru_cache(maxsize=2**16)
def name_key(text):
    """Key for people's and groups' names: like ``title_key`` but family name first."""
    words = [word for word in _words(text) if word]
    if len(words) > 1 and words[-1] in KOREAN_FAMILY_NAMES and words[0] not in KOREAN_FAMILY_NAMES:
        words = [words[-1], *words[:-1]]
    return "".join(words)


SORT_KEY_LENGTH = NAME_MAX_LENGTH + 1
# Where a name sorts by its first character: Latin letters and digits, then hangul, then the rest.
LATIN, HANGUL, OTHER = "0", "1", "2"


def _is_hangul(char):
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def _script_group(char):
    if char.isascii() and char.isalnum() or unicodedata.name(char, "").startswith("LATIN"):
        return LATIN
    return HANGUL if _is_hangul(char) else OTHER


@lru_cache(maxsize=2**16)
def sort_key(text):
    """Key for sorting names as readers do, the same on every database.

    Case, accents, spacing and punctuation are ignored ("aespa" before "X1", "Éric"
    with "Eric"). Names starting with a Latin letter or a digit come first (digits
    before letters), then names in hangul in dictionary order (가, 나, 다… is the
    order of their code points), then names in any other script. The key starts
    with the group's digit; the rest holds lowercase letters, digits and hangul, so
    byte order and a locale's collation put keys in the same order.
    """
    folded = "".join(_words(text)) or _fold(text).strip()
    group = _script_group(folded[0]) if folded else OTHER
    return (group + folded)[:SORT_KEY_LENGTH]


# Revised Romanization of Korean, letter by letter (no sound-change rules):
# enough to give a hangul-only title a readable URL.
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_FINALS = [""] + "k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()
_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3


def romanize_hangul(text):
    """Spell hangul syllables in Latin letters; other characters pass through."""
    letters = []
    for char in text:
        code = ord(char)
        if not _FIRST_SYLLABLE <= code <= _LAST_SYLLABLE:
            letters.append(char)
            continue
        index = code - _FIRST_SYLLABLE
        initial = _INITIALS[index // 588].replace("-", "")
        letters.append(initial + _VOWELS[(index % 588) // 28] + _FINALS[index % 28])
    return "".join(letters)


def slug_base(*candidates, fallback="item"):
    """The first candidate that makes a non-empty ASCII slug, hangul romanized."""
    for candidate in candidates:
        slug = slugify(romanize_hangul(candidate or ""))
        if slug:
            return slug
    return fallback


def unique_slug(base, taken, max_length=80):
    """``base`` or ``base-2``, ``base-3``… whichever ``taken(slug)`` says is free."""
    base = base[:max_length].strip("-") or "item"
    slug, number = base, 1
    while taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug

"""Spelling tolerance for names: the many ways one Korean name is written.

Search compares names through several keys. ``exact_key`` ignores case,
accents and punctuation. ``loose_key`` also forgets what romanizations
disagree on (eo/o/u, ae/e, k/g, t/d, p/b, ch/j, l/r, sh/s, doubled letters,
y after a consonant, "Lee"/"Yi"/"Rhee"), and spells hangul in Latin letters
first, so "정승환", "Jung Seung-hwan" and "Chŏng Sŭnghwan" meet. ``choseong``
keeps a hangul word's initial consonants ("ㅂㅇㄹ" for 백예린), and
``from_two_set_keyboard`` reads Latin letters typed on a Korean keyboard
("qordPfls" is 백예린). ``deletions`` and ``edit_distance`` serve typo matching.

Everything here knows only about names: nothing about the catalog or lists.
"""

import re
import unicodedata

from .names import romanize_hangul

_SYLLABLES = (0xAC00, 0xD7A3)
_SYLLABLES_PER_INITIAL = 588
_FINALS_COUNT = 28

# Compatibility jamo, as a Korean keyboard types them before they join into syllables.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
_JAMO_CONSONANTS = set("ㄱㄲㄳㄴㄵㄶㄷㄸㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅃㅄㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")

# How a lone jamo sounds at the start of a syllable (ㅇ is silent there).
_JAMO_SOUNDS = dict(
    zip(
        INITIALS + VOWELS,
        "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
        + "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split(),
        strict=True,
    )
)
_JAMO_SOUNDS.update({"ㅇ": "", "ㄳ": "gs", "ㄵ": "nj", "ㄶ": "nh", "ㄺ": "lg", "ㄻ": "lm", "ㄼ": "lb"})
_JAMO_SOUNDS.update({"ㄽ": "ls", "ㄾ": "lt", "ㄿ": "lp", "ㅀ": "lh", "ㅄ": "bs"})

# Family names written many ways that the letter rules below do not bring together.
_FAMILY_SPELLINGS = {
    "yi": "lee",
    "rhee": "lee",
    "ri": "lee",
    "rhie": "lee",
    "paik": "baek",
    "baik": "baek",
    "choe": "choi",
    "chwe": "choi",
    "huh": "heo",
    "hur": "heo",
    "roh": "noh",
    "ryu": "yu",
    "ryoo": "yu",
    "pak": "park",
    "bak": "park",
    "suh": "seo",
    "shim": "sim",
}

_APOSTROPHES = "'’‘ʼ`´"
_WORD = re.compile(r"[가-힣ㄱ-ㆎ]+|[^\W_가-힣ㄱ-ㆎ]+")
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
# NFKD would turn these into conjoining jamo, which no keyboard types.
_COMPATIBILITY_JAMO = {chr(code) for code in range(0x3131, 0x318F)}


def fold(text):
    """Lowercase, without accents, control or direction marks; hangul syllables and lone jamo kept whole."""
    if text.isascii():
        return text.lower().translate(_ASCII_CONTROLS)
    return "".join(_fold_char(char) for char in text.casefold())


_ASCII_CONTROLS = dict.fromkeys([*range(32), 127], " ")


def _fold_char(char):
    if char in _COMPATIBILITY_JAMO or _SYLLABLES[0] <= ord(char) <= _SYLLABLES[1]:
        return char
    if unicodedata.category(char) in _INVISIBLE:
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if unicodedata.category(part) != "Mn")


def words(text):
    """The words of ``text``, folded: apostrophes join ("Ch'ŏng" is one word), hangul and Latin split."""
    folded = fold(text)
    for mark in _APOSTROPHES:
        folded = folded.replace(mark, "")
    return _WORD.findall(folded)


def exact_key(text):
    """Case, accents, spacing and punctuation ignored: "Ye-rin" and "YERIN" are "yerin"."""
    return "".join(words(text))


def is_hangul(word):
    return any(_SYLLABLES[0] <= ord(char) <= _SYLLABLES[1] or char in _JAMO_SOUNDS for char in word)


def romanize(word):
    """Hangul (syllables and lone jamo) in Latin letters, Revised Romanization letter by letter."""
    if word.isascii():
        return word
    spelled = romanize_hangul(word)
    return "".join(_JAMO_SOUNDS.get(char, char).replace("-", "") for char in spelled)


def loose_key(text):
    """A key that romanization differences do not change, for recall rather than precision.

    The words are joined before the letter rules apply, so spacing never
    changes the key: "Baek Ye-rin", "baekyerin" and "백예린" share one.
    """
    return loose_key_of_words(words(text))


def loose_key_of_words(folded_words):
    """``loose_key`` of words already folded by ``words``."""
    word = _NOT_LETTER.sub("", "".join(_spoken_word(_romanized_name(word)) for word in folded_words))
    word = _STRETCHED.sub(r"\1", word)  # stage-name stretching: "sooo"
    for spelling, sound in [("ee", "i"), ("oo", "u"), ("ou", "u"), ("tch", "j"), ("ch", "j"), ("sh", "s")]:
        word = word.replace(spelling, sound)
    word = _DOUBLED.sub(r"\1", word.translate(_SAME_SOUND))
    word = _GLIDE_Y.sub("", word)
    for spelling, sound in [("eo", "o"), ("eu", "u"), ("ae", "e"), ("ui", "i"), ("oi", "oe")]:
        word = word.replace(spelling, sound)
    return _DOUBLED.sub(r"\1", word.replace("u", "o"))


_NOT_LETTER = re.compile(r"[^a-z0-9]")
_STRETCHED = re.compile(r"(.)\1\1+")
_DOUBLED = re.compile(r"(.)\1+")
_GLIDE_Y = re.compile(r"(?<=[^aeiouy0-9])y")


# Family names whose letter-by-letter romanization is not how they are written in Latin
# letters (이 is "Lee", not "I"): a hangul name starting with one is spelled that way.
_FAMILY_SYLLABLES = {"이": "lee", "임": "lim", "박": "park", "류": "yu", "유": "yu", "우": "woo", "노": "noh"}


def _romanized_name(word):
    if 2 <= len(word) <= 4 and word[0] in _FAMILY_SYLLABLES:
        return _FAMILY_SYLLABLES[word[0]] + romanize(word[1:])
    return romanize(word)


def _spoken_word(word):
    """What only a word's own ends say: family names, a final "y" sounding "i", a silent final "h"."""
    word = _FAMILY_SPELLINGS.get(word, word)
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        word = word[:-1] + "i"
    if len(word) > 1 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    return word


# Consonants romanizations swap for one another (voiced and voiceless, l and r, f for p...).
_SAME_SOUND = str.maketrans({"g": "k", "c": "k", "q": "k", "d": "t", "b": "p", "f": "p", "r": "l", "z": "j"})


def choseong(word):
    """The initial consonant of each hangul syllable: "백예린" is "ㅂㅇㄹ" ("" without hangul)."""
    initials = []
    for char in word:
        code = ord(char)
        if _SYLLABLES[0] <= code <= _SYLLABLES[1]:
            initials.append(INITIALS[(code - _SYLLABLES[0]) // _SYLLABLES_PER_INITIAL])
    return "".join(initials)


def is_choseong(word):
    """Only initial consonants, as a reader types to search the Korean way ("ㅂㅇㄹ")."""
    return bool(word) and all(char in _JAMO_CONSONANTS for char in word)


def without_trailing_jamo(word):
    """A hangul word being typed ends with a lone jamo ("백ㅇ"); the syllables before it."""
    return word.rstrip("".join(_JAMO_SOUNDS))


# The Korean two-set (dubeolsik) layout: which jamo each key types.
_TWO_SET_KEYS = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnmQWERTOP",
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡㅃㅉㄸㄲㅆㅒㅖ",
        strict=True,
    )
)
_COMPOUND_VOWELS = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
_COMPOUND_FINALS = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}
_SPLIT_FINALS = {compound: pair for pair, compound in _COMPOUND_FINALS.items()}


def from_two_set_keyboard(text):
    """Latin letters typed with a Korean keyboard layout, as the hangul they type.

    "qordPfls" is "백예린" and "dkdldb" is "아이유". None when the letters
    cannot be hangul: a syllable without its vowel, a vowel standing alone,
    anything but letters. A lone consonant may end the text (still typing), but
    not be all of it.
    """
    if not text or not text.isascii() or not text.isalpha():
        return None
    jamo = [_TWO_SET_KEYS.get(letter) or _TWO_SET_KEYS.get(letter.lower()) for letter in text]
    syllables = _compose(jamo)
    if syllables is None or len(syllables[0]) != 1 or not _SYLLABLES[0] <= ord(syllables[0]) <= _SYLLABLES[1]:
        return None
    return "".join(syllables)


def _compose(jamo):
    """Join a jamo sequence into syllables the way a Korean input method does, or None."""
    syllables = []  # each [initial, vowel, final] while it is being built
    for char in jamo:
        current = syllables[-1] if syllables else None
        if char in VOWELS:
            if current is None:
                return None
            if current[1] is None:
                current[1] = char
            elif current[2]:
                # The final consonant moves to start the next syllable ("ㄱ" in 각+ㅏ = 가가).
                first, second = _SPLIT_FINALS.get(current[2], (None, current[2]))
                current[2] = first or ""
                syllables.append([second, char, ""])
            elif (current[1], char) in _COMPOUND_VOWELS:
                current[1] = _COMPOUND_VOWELS[(current[1], char)]
            else:
                return None
        elif current and current[1] and not current[2] and char in FINALS:
            current[2] = char
        elif current and current[2] and (current[2], char) in _COMPOUND_FINALS:
            current[2] = _COMPOUND_FINALS[(current[2], char)]
        else:
            if current and current[1] is None:
                return None  # two initial consonants in a row
            syllables.append([char, None, ""])
    if any(vowel is None for _, vowel, _ in syllables[:-1]):
        return None
    return [_syllable(*parts) if parts[1] else parts[0] for parts in syllables]


def _syllable(initial, vowel, final):
    code = INITIALS.index(initial) * _SYLLABLES_PER_INITIAL + VOWELS.index(vowel) * _FINALS_COUNT
    return chr(_SYLLABLES[0] + code + FINALS.index(final))


def deletions(word):
    """Every spelling of ``word`` with one letter left out."""
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


def is_one_letter_changed(one, other):
    """Whether ``other`` is ``one`` with a single letter typed for another ("dojun" for "dojug")."""
    return len(one) == len(other) and sum(a != b for a, b in zip(one, other, strict=True)) == 1


def edit_distance(one, other):
    """Letters added, dropped, changed or swapped with a neighbour to turn ``one`` into ``other``."""
    previous2, previous = None, list(range(len(other) + 1))
    for row, char in enumerate(one, start=1):
        current = [row]
        for column, other_char in enumerate(other, start=1):
            cost = 0 if char == other_char else 1
            best = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
            if row > 1 and column > 1 and char == other[column - 2] and one[row - 2] == other_char:
                best = min(best, previous2[column - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


_KEYS_OF_JAMO = {jamo: key for key, jamo in _TWO_SET_KEYS.items()}
_KEYS_OF_JAMO.update(
    {compound: "".join(_KEYS_OF_JAMO[part] for part in pair) for pair, compound in _COMPOUND_VOWELS.items()}
)
_KEYS_OF_JAMO.update(
    {compound: "".join(_KEYS_OF_JAMO[part] for part in pair) for pair, compound in _COMPOUND_FINALS.items()}
)


def to_two_set_keyboard(text):
    """The keys a Korean keyboard presses to type ``text``'s hangul ("백예린" is "qordPfls")."""
    keys = []
    for char in text:
        code = ord(char) - _SYLLABLES[0]
        if 0 <= code <= _SYLLABLES[1] - _SYLLABLES[0]:
            initial, rest = divmod(code, _SYLLABLES_PER_INITIAL)
            vowel, final = divmod(rest, _FINALS_COUNT)
            keys += [
                _KEYS_OF_JAMO[INITIALS[initial]],
                _KEYS_OF_JAMO[VOWELS[vowel]],
                _KEYS_OF_JAMO.get(FINALS[final], ""),
            ]
        else:
            keys.append(_KEYS_OF_JAMO.get(char, char))
    return "".join(keys)

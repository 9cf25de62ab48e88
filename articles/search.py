"""Search: the keys every name is found by, the lookups a query makes, and the ranking.

Pure functions over plain values, so they can be tested and tuned without a database
(``articles.search_index`` stores the keys and runs the lookups). Each name is stored
under several keys from ``songs.spelling`` — exact, loose (romanization-proof) and
initial consonants — for the whole name and from each of its words on, so a query word
finds it by prefix in any order. A query becomes ``Probe``s, one lookup per key and run
of query words; ``rank`` scores what the probes reached: first how many query words a
record answers, then how well (an exact name over a fuzzy one, the record's own name over
the names around it, a complete name over a fragment), then its kind (an artist before a
song of the same name), then its popularity.
"""

import re
from dataclasses import dataclass, field

from songs.names import KOREAN_FAMILY_NAMES
from songs.spelling import (
    choseong,
    deletions,
    edit_distance,
    exact_key,
    from_two_set_keyboard,
    is_choseong,
    is_hangul,
    loose_key,
    without_trailing_jamo,
    words,
)

# Kinds of result, in the order a tie between equally good names is broken.
KINDS = ["artist", "song", "drama", "album", "list", "theme"]
KIND_LABELS = {
    "artist": ("Artist", "Artists"),
    "song": ("Song", "Songs"),
    "drama": ("Drama", "Dramas"),
    "album": ("Album", "Albums"),
    "list": ("List", "Lists"),
    "theme": ("Theme", "Themes"),
}
_KIND_PRIORITY = {kind: len(KINDS) - number for number, kind in enumerate(KINDS)}

# Where a name sits on its record: its own name, other text it carries (a list's
# summary), or the name of something around it (a song's artist, album or drama).
PRIMARY, SECONDARY, CONTEXT = 0, 1, 2
_FIELD_WEIGHTS = {PRIMARY: 1.0, SECONDARY: 0.6, CONTEXT: 0.5}

# Key spaces, kept apart by their first character.
EXACT, LOOSE, INITIALS = "=", "~", "^"

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_KEY_LENGTH = 64
MAX_NAME_WORDS = 12
TYPO_MIN_LENGTH = 5
POPULARITY_CEILING = 10**8 - 1

# Points for what a probe reached: (form, reached the whole key) -> points.
_POINTS = {
    ("exact", True): 10.0,
    ("exact", False): 7.0,
    ("loose", True): 8.0,
    ("loose", False): 6.0,
    ("keyboard", True): 8.0,
    ("keyboard", False): 6.0,
    ("initials", True): 7.0,
    ("initials", False): 5.0,
    ("typo", True): 5.5,
    ("typo", False): 4.0,
}
_WHOLE_QUERY_BONUS = 4.0
_WHOLE_NAME_BONUS = 1.5


@dataclass(frozen=True)
class Name:
    """One name a record is found by, with where it sits (``PRIMARY``…) and whether it is a person's."""

    text: str
    field: int = PRIMARY
    person: bool = False


@dataclass(frozen=True)
class IndexKey:
    key: str
    field: int
    whole: bool  # the key is a complete name, not one of its words or a tail of it


def _clip(key):
    return key[:MAX_KEY_LENGTH]


def index_keys(names):
    """Every key ``names`` are found by, each once with the best place it holds (``IndexKey``).

    A record's own names get a key from each word on ("descendantsofthesun",
    "ofthesun", "thesun", "sun") so any word of them is a prefix; names around a
    record get the whole name and its single words. People's names also get the
    family-name-first order ("Yerin Baek" → "baekyerin").
    """
    best = {}

    def add(key, field, whole):
        key = _clip(key)
        if len(key) < (2 if whole else 3):
            return  # a lone letter is a key only when it is the whole name ("V")
        held = best.get(key)
        if held is None or (field, not whole) < (held.field, not held.whole):
            best[key] = IndexKey(key, field, whole)

    for name in names:
        name_words = words(name.text)[:MAX_NAME_WORDS]
        if not name_words:
            continue
        runs = [(name_words, True)]
        if name.person:
            reordered = _family_name_first(name_words)
            if reordered != name_words:
                runs.append((reordered, True))
        tails = range(1, len(name_words)) if name.field != CONTEXT else ()
        runs += [(name_words[start:], False) for start in tails]
        runs += [([word], False) for word in name_words] if len(name_words) > 1 else []
        for run, whole in runs:
            for key in _keys_of_run(run):
                add(key, name.field, whole)
    return list(best.values())


def _family_name_first(name_words):
    if (
        len(name_words) > 1
        and name_words[-1] in KOREAN_FAMILY_NAMES
        and name_words[0] not in KOREAN_FAMILY_NAMES
    ):
        return [name_words[-1], *name_words[:-1]]
    return name_words


def _keys_of_run(run):
    joined = "".join(run)
    keys = [EXACT + joined, LOOSE + loose_key(joined)]
    if all(is_hangul(word) for word in run):
        keys.append(INITIALS + choseong(joined))
    return keys


def spelling_words(names):
    """The words of a record's own ``names`` that typo matching corrects towards (exact and loose keys)."""
    found = set()
    for name in names:
        if name.field == CONTEXT:
            continue
        for word in words(name.text)[:MAX_NAME_WORDS]:
            found.update(_typo_keys(_clip(word)))
    return found


def spelling_variants(word):
    """The keys a typo of ``word`` (itself a key) can find it under: itself and each one-letter deletion."""
    space, letters = word[0], word[1:]
    return {word} | {space + variant for variant in deletions(letters)}


@dataclass(frozen=True)
class Probe:
    """One index lookup: ``key`` itself, or every key starting with it when ``prefix``."""

    key: str
    prefix: bool
    start: int  # the run of query words it answers: words[start:end]
    end: int
    form: str  # exact, loose, keyboard, initials or typo


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple
    probes: tuple
    typo_variants: frozenset = field(default_factory=frozenset)

    def __bool__(self):
        return bool(self.probes)


def clean_query(text):
    """The query as it is searched: bounded in length, without NULs, control and direction marks."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def analyze(text):
    """The probes that answer ``text`` (an empty ``Query`` when it has no words)."""
    text = clean_query(text)
    typed = _typed_words(text)
    query_words = tuple(word for word, _ in typed)
    probes = []
    for position, (word, as_typed) in enumerate(typed):
        probes += _word_probes(word, as_typed, position)
    if len(query_words) > 1:
        runs = [(0, len(query_words))]
        runs += [(start, start + 2) for start in range(len(query_words) - 1)] if len(query_words) > 2 else []
        for start, end in runs:
            probes += _run_probes(query_words[start:end], start, end)
        reordered = _family_name_first(list(query_words))
        if reordered != list(query_words):
            probes += _run_probes(reordered, 0, len(query_words))
    return Query(text, query_words, tuple(dict.fromkeys(probes)), frozenset(_typo_variants(query_words)))


def _typed_words(text):
    """(folded word, word as typed) pairs: the typed form keeps the case a Korean keyboard needs."""
    pairs = []
    for piece in text.split():
        piece_words = words(piece)
        typed = piece if len(piece_words) == 1 and piece.isascii() and piece.isalpha() else ""
        pairs += [(_clip(word), typed) for word in piece_words]
    return pairs[:MAX_QUERY_WORDS]


def _word_probes(word, typed, position):
    span = (position, position + 1)
    if is_choseong(word):
        return [Probe(INITIALS + word, True, *span, "initials")]
    probes = []
    if is_hangul(word):
        syllables = without_trailing_jamo(word)
        if syllables:
            probes.append(Probe(EXACT + syllables, True, *span, "exact"))
        probes.append(Probe(LOOSE + loose_key(word), True, *span, "loose"))
        return probes
    probes.append(Probe(EXACT + word, True, *span, "exact"))
    loose = loose_key(word)
    probes.append(Probe(LOOSE + loose, len(loose) > 2, *span, "loose"))
    hangul = from_two_set_keyboard(typed) if len(typed) > 1 else None
    if hangul and without_trailing_jamo(hangul):
        probes.append(Probe(EXACT + without_trailing_jamo(hangul), True, *span, "keyboard"))
        probes.append(Probe(LOOSE + loose_key(hangul), True, *span, "keyboard"))
    return probes


def _run_probes(run, start, end):
    joined = _clip("".join(run))
    return [
        Probe(EXACT + joined, True, start, end, "exact"),
        Probe(LOOSE + _clip(loose_key(joined)), True, start, end, "loose"),
    ]


def _typo_variants(query_words):
    variants = set()
    for word in query_words:
        for key in _typo_keys(word):
            variants |= spelling_variants(key)
    return variants


def _typo_keys(word):
    if len(word) < TYPO_MIN_LENGTH or not word.isascii() or not word.isalnum():
        return []
    keys = [EXACT + word]
    loose = loose_key(word)
    if len(loose) >= TYPO_MIN_LENGTH:
        keys.append(LOOSE + loose)
    return keys


def with_corrections(query, found, max_distance=1):
    """``query`` with equality probes for the spellings ``found`` near its words.

    ``found`` are index words met through typo variants (or trigram similarity):
    each becomes a probe for the query word it is within ``max_distance`` edits of.
    """
    probes = list(query.probes)
    for position, word in enumerate(query.words):
        for key in _typo_keys(word):
            for candidate in found:
                near = candidate[0] == key[0] and edit_distance(candidate[1:], key[1:]) <= max_distance
                if near and candidate != key:
                    probes.append(Probe(candidate, False, position, position + 1, "typo"))
    return Query(query.text, query.words, tuple(dict.fromkeys(probes)), query.typo_variants)


def rank_key(field, popularity):
    """The order of a record's keys in the index: its own names first, then the more popular."""
    return field * (POPULARITY_CEILING + 1) + POPULARITY_CEILING - min(popularity, POPULARITY_CEILING)


def popularity_of(rank):
    return POPULARITY_CEILING - rank % (POPULARITY_CEILING + 1)


@dataclass(frozen=True)
class Hit:
    """An index row a probe reached."""

    probe: int  # index into query.probes
    entry_id: int
    kind: str
    key: str
    field: int
    whole: bool
    rank: int


@dataclass(frozen=True)
class Ranked:
    entry_id: int
    kind: str
    score: tuple


def rank(query, hits):
    """The records ``hits`` reached, best first (``Ranked``).

    Score, compared in order: query words answered; how well (per word, the best
    probe's points times where the name sits, plus a bonus when a complete name of
    the record's own is matched, larger when that name is the whole query); kind;
    popularity; then the record id, so equal scores keep a stable order.
    """
    word_count = len(query.words)
    by_entry = {}
    for hit in hits:
        by_entry.setdefault(hit.entry_id, []).append(hit)
    ranked = []
    for entry_id, entry_hits in by_entry.items():
        best = [0.0] * word_count
        bonus = 0.0
        for hit in entry_hits:
            probe = query.probes[hit.probe]
            reached_whole_key = hit.key == probe.key
            points = _points(probe, hit, reached_whole_key) * _FIELD_WEIGHTS[hit.field]
            for position in range(probe.start, probe.end):
                best[position] = max(best[position], points)
            if reached_whole_key and hit.whole and hit.field == PRIMARY and probe.form != "typo":
                covers_query = probe.end - probe.start == word_count
                bonus = max(bonus, _WHOLE_QUERY_BONUS if covers_query else _WHOLE_NAME_BONUS)
        answered = sum(1 for points in best if points > 0)
        quality = round(sum(best) / word_count + bonus, 3)
        first = entry_hits[0]
        score = (
            answered,
            quality,
            _KIND_PRIORITY[first.kind],
            popularity_of(min(h.rank for h in entry_hits)),
        )
        ranked.append(Ranked(entry_id, first.kind, score))
    ranked.sort(key=lambda item: (tuple(-part for part in item.score), item.entry_id))
    return ranked


def _points(probe, hit, reached_whole_key):
    """A probe's points for a hit: full for the whole key; for a prefix, more the more of the key was
    typed, and more when the key starts a name (names that begin with what the reader types come first)."""
    if reached_whole_key or not probe.prefix:
        return _POINTS[(probe.form, True)]
    low, high = _POINTS[(probe.form, False)], _POINTS[(probe.form, True)]
    typed_share = (len(probe.key) - 1) / max(len(hit.key) - 1, 1)
    return low + (high - low) * (0.5 * typed_share + (0.25 if hit.whole else 0))


def highlight(text, query_words):
    """``text`` cut into (segment, is_hit) pairs: a hit is a word a query word begins, or that begins one."""
    exact_words = [word for word in query_words if word]
    loose_words = [loose_key(word) for word in exact_words]
    segments = []
    for piece in re.split(r"(\W+)", text):
        if not piece:
            continue
        key = exact_key(piece)
        loose = loose_key(piece) if key else ""
        hit = bool(key) and any(
            _begins(key, word) or (len(loose_word) > 1 and _begins(loose, loose_word))
            for word, loose_word in zip(exact_words, loose_words, strict=True)
        )
        if segments and segments[-1][1] == hit:
            segments[-1] = (segments[-1][0] + piece, hit)
        else:
            segments.append((piece, hit))
    return segments


def _begins(key, word):
    return key.startswith(word) or (len(key) > 1 and word.startswith(key))


def closest_spellings(query_words, found, limit=3):
    """Queries a reader may have meant: ``query_words`` with one word swapped for a near index word.

    ``found`` are exact-key index words (with their ``=``) met near the query's
    words; each suggestion replaces the one word it is closest to, at most two edits away.
    """
    suggestions = []
    for position, word in enumerate(query_words):
        near = sorted(
            (edit_distance(candidate[1:], word), candidate[1:])
            for candidate in found
            if candidate[0] == EXACT and candidate[1:] != word
        )
        for distance, candidate in near:
            if distance <= 2:
                suggestions.append(
                    (distance, " ".join([*query_words[:position], candidate, *query_words[position + 1 :]]))
                )
    return [text for _, text in sorted(set(suggestions))][:limit]


def near_variants(query_words):
    """Variants for finding index words up to two edits from the query's words (``closest_spellings``)."""
    variants = set()
    for word in query_words:
        if len(word) < 3 or not word.isascii():
            continue
        once = deletions(word)
        variants |= {EXACT + word} | {EXACT + variant for variant in once}
        variants |= {EXACT + variant for first in once for variant in deletions(first) if len(variant) > 1}
    return variants

"""Search: the keys every name is found by, the lookups a query makes, and the ranking.

Pure functions over plain values, so they can be tested and tuned without a database
(``articles.search_index`` stores the keys, ``articles.search_queries`` runs the
lookups). Each name is stored
under several keys from ``songs.spelling`` — exact, loose (romanization-proof) and
initial consonants — for the whole name and from each of its words on, so a query word
finds it by prefix in any order. A query becomes ``Probe``s, one lookup per key and run
of query words; ``rank`` scores what the probes reached: first how many query words a
record answers, then how well (an exact name over a fuzzy one, the record's own name over
the names around it, a complete name over a fragment), then its kind (an artist before a
song of the same name), then its popularity.
"""

import functools
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from songs.names import KOREAN_FAMILY_NAMES
from songs.spelling import (
    choseong,
    deletions,
    edit_distance,
    exact_key,
    from_two_set_keyboard,
    is_choseong,
    is_hangul,
    is_one_letter_changed,
    loose_key,
    loose_key_of_words,
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
MAX_NAME_RUN = 6  # the longest run of query words looked up as one complete name
FUNCTION_WORDS = frozenset("a an and at by for from in is it me my of on or the to with you your".split())
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
    ("changed", True): 5.0,
    ("changed", False): 3.5,
}
# One letter dropped, added, swapped or doubled ("typo") is the commonest slip; a letter
# typed for another ("changed") less so, and it more often spells another real name.
CORRECTION_FORMS = ("typo", "changed")
_WHOLE_QUERY_BONUS = 4.0
_WHOLE_NAME_BONUS = 2.5


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
    """Every key ``names`` are found by, each once with the best place it holds (``IndexKey``)."""
    best = {}
    for name in names:
        for item in _name_keys(name):
            held = best.get(item.key)
            if held is None or (item.field, not item.whole) < (held.field, not held.whole):
                best[item.key] = item
    return list(best.values())


@functools.lru_cache(maxsize=50_000)
def _name_keys(name):
    """The keys of one name (many records share a name: an artist's on each of their songs).

    A record's own names get exact, loose and (hangul) initial-consonant keys from
    each word on ("descendantsofthesun", "ofthesun", "thesun", "sun"), so any word
    of them is a prefix, and for each single word. Names around a record (its
    artists, album, drama) get only whole-name keys: a word of them alone says
    little ("of", "the"), the whole name a lot. People's names are also keyed in
    the other order of family and given name ("Yerin Baek" → "baekyerin").
    """
    name_words = words(name.text)[:MAX_NAME_WORDS]
    if not name_words:
        return ()
    wholes = [name_words, *_other_orders(name_words)] if name.person else [name_words]
    own = name.field != CONTEXT
    parts = [name_words[start:] for start in range(1, len(name_words))] if own else []
    parts += [[word] for word in name_words] if own and len(name_words) > 1 else []
    keys = []
    for run in wholes:
        keys += [(key, True) for key in _keys_of_run(run, initials=own)]
    for run in parts:
        keys += [(key, False) for key in _keys_of_run(run)]
    return tuple(
        IndexKey(_clip(key), name.field, whole)
        for key, whole in keys
        if len(key) >= (2 if whole else 3)  # a lone letter is a key only as a whole name ("V")
    )


def _other_orders(name_words):
    """A person's name with the family name moved: to the front when it ends the name, else to the end."""
    if len(name_words) < 2:
        return []
    if name_words[-1] in KOREAN_FAMILY_NAMES and name_words[0] not in KOREAN_FAMILY_NAMES:
        return [[name_words[-1], *name_words[:-1]]]
    if name_words[0] in KOREAN_FAMILY_NAMES:
        return [[*name_words[1:], name_words[0]]]
    return []


def _family_name_first(name_words):
    if (
        len(name_words) > 1
        and name_words[-1] in KOREAN_FAMILY_NAMES
        and name_words[0] not in KOREAN_FAMILY_NAMES
    ):
        return [name_words[-1], *name_words[:-1]]
    return name_words


def _keys_of_run(run, initials=True):
    joined = "".join(run)
    keys = [EXACT + joined, LOOSE + loose_key_of_words(run)]
    if initials and all(is_hangul(word) for word in run):
        keys.append(INITIALS + choseong(joined))
    return keys


def spelling_words(names):
    """What typo matching corrects towards: the words of a record's own ``names``, and runs of two
    of them that end the name ("yunye" in "Lee Yun-ye": readers write a given name as one word)."""
    found = set()
    for name in names:
        if name.field != PRIMARY:
            continue
        name_words = words(name.text)[:MAX_NAME_WORDS]
        runs = [[word] for word in name_words] + [name_words[-2:]] if len(name_words) > 1 else [name_words]
        for run in runs:
            found.update(_typo_keys(_clip("".join(run))))
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
    form: str  # exact, loose, keyboard, initials, typo or changed
    # False: only checked against records other probes found, never looked up alone.
    windowed: bool = True


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
    count = len(query_words)
    for position, (word, as_typed) in enumerate(typed):
        word_probes = _word_probes(word, as_typed, position)
        if count > 2 and word in FUNCTION_WORDS:
            # "of", "on", "the" in a longer query prefix too much to look up alone; they
            # still count on what the other probes find.
            word_probes = [replace(probe, windowed=False) for probe in word_probes]
        probes += word_probes
    if count > 1:
        # The whole query as the start of one name, typed without its spaces or not yet finished.
        probes += _run_probes(query_words, 0, count, prefix=True)
        reordered = _family_name_first(list(query_words))
        if reordered != list(query_words):
            probes += _run_probes(reordered, 0, count, prefix=True)
        # Every run of two or more words as a complete name: "crash landing on you" in
        # "baek yerin crash landing on you"; the runs that end the query may be a name
        # still being typed ("baek yerin crash land"), checked on what the others found.
        for start in range(count):
            for end in range(start + 2, min(start + MAX_NAME_RUN, count) + 1):
                probes += _run_probes(query_words[start:end], start, end, prefix=False)
            if 0 < start < count - 1:
                probes += _run_probes(query_words[start:], start, count, prefix=True, windowed=False)
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


def _run_probes(run, start, end, prefix, windowed=True):
    joined = _clip("".join(run))
    return [
        Probe(EXACT + joined, prefix, start, end, "exact", windowed),
        Probe(LOOSE + _clip(loose_key_of_words(run)), prefix, start, end, "loose", windowed),
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
                    form = "changed" if is_one_letter_changed(candidate[1:], key[1:]) else "typo"
                    probes.append(Probe(candidate, False, position, position + 1, form))
    return Query(query.text, query.words, tuple(dict.fromkeys(probes)), query.typo_variants)


def rank_key(field, whole, popularity):
    """The order of a record's keys in the index: its own names first, complete names before their
    tails and words, then the more popular."""
    tier = field * 2 + (0 if whole else 1)
    return tier * (POPULARITY_CEILING + 1) + POPULARITY_CEILING - min(popularity, POPULARITY_CEILING)


def ranks_of_field(field):
    """The range [low, high) of the rank keys of ``field``'s names: an index range in rank order."""
    return field * 2 * (POPULARITY_CEILING + 1), (field * 2 + 2) * (POPULARITY_CEILING + 1)


def popularity_of(rank):
    return POPULARITY_CEILING - rank % (POPULARITY_CEILING + 1)


class Hit(NamedTuple):
    """An index row a probe reached."""

    probe: int  # index into query.probes
    entry_id: int
    kind: str
    key: str
    field: int
    whole: bool
    rank: int


# Kinds whose names other records carry: an artist on songs, albums and a group's
# members; an album or a drama on songs; a theme on lists.
CARRIED_KINDS = {"artist", "album", "drama", "theme"}
CARRIER_KINDS = {"artist", "song", "album", "list"}


@dataclass(frozen=True)
class Anchor:
    """A complete name of one record inside a longer query: ``key`` answers ``words[start:end]``."""

    key: str
    start: int
    end: int


def anchors(query, hits, limit=2):
    """The complete artist, album, drama or theme names inside ``query``, longest first.

    "baek yerin crash landing on you" holds "baek yerin" and "crash landing on
    you": the records that carry such a name (her songs, the drama's OST) are
    looked up by it, so that the rest of the query is matched among them only.
    """
    word_count = len(query.words)
    if word_count < 2:
        return []
    spans = {
        probe.key: (probe.start, probe.end)
        for probe in query.probes
        if probe.form in ("exact", "loose") and probe.end - probe.start < word_count
    }
    found = {}
    for hit in hits:
        span = spans.get(hit.key)
        if span and hit.whole and hit.field == PRIMARY and hit.kind in CARRIED_KINDS:
            found[hit.key] = span
    ordered = sorted(found.items(), key=lambda item: (item[1][0] - item[1][1], item[0]))
    return [Anchor(key, start, end) for key, (start, end) in ordered[:limit]]


def anchor_probes_of(query, found):
    forms = {EXACT: "exact", LOOSE: "loose"}
    return [Probe(anchor.key, False, anchor.start, anchor.end, forms[anchor.key[0]]) for anchor in found]


def with_anchor_probes(query, found):
    """``query`` with an equality probe for each anchor, so ``rank`` scores the records carrying it."""
    probes = [*query.probes, *anchor_probes_of(query, found)]
    return Query(query.text, query.words, tuple(dict.fromkeys(probes)), query.typo_variants)


def probes_beside(query, anchor):
    """The numbers of ``query``'s probes for words outside ``anchor``'s."""
    return [
        number
        for number, probe in enumerate(query.probes)
        if (probe.end <= anchor.start or probe.start >= anchor.end) and probe.form != "initials"
    ]


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
    scorings = [_ProbeScoring.of(probe, word_count) for probe in query.probes]
    best, bonuses, kinds, ranks = {}, {}, {}, {}
    for probe_number, entry_id, kind, key, field_, whole, rank_ in hits:
        scoring = scorings[probe_number]
        reached_whole_key = key == scoring.key
        points = scoring.points(key, whole, reached_whole_key) * _FIELD_WEIGHTS[field_]
        words_best = best.get(entry_id)
        if words_best is None:
            words_best = best[entry_id] = [0.0] * word_count
            kinds[entry_id], ranks[entry_id], bonuses[entry_id] = kind, rank_, 0.0
        elif rank_ < ranks[entry_id]:
            ranks[entry_id] = rank_
        for position in scoring.positions:
            if points > words_best[position]:
                words_best[position] = points
        if reached_whole_key and whole and field_ == PRIMARY and scoring.bonus > bonuses[entry_id]:
            bonuses[entry_id] = scoring.bonus
    ranked = []
    for entry_id, words_best in best.items():
        answered = word_count - words_best.count(0.0)
        quality = round(sum(words_best) / word_count + bonuses[entry_id], 3)
        kind = kinds[entry_id]
        score = (answered, quality, _KIND_PRIORITY[kind], popularity_of(ranks[entry_id]))
        ranked.append(Ranked(entry_id, kind, score))
    ranked.sort(key=best_first)
    return ranked


def best_first(item):
    """The order of ``Ranked`` items: higher scores first, then the lower record id."""
    answered, quality, kind_priority, popularity = item.score
    return (-answered, -quality, -kind_priority, -popularity, item.entry_id)


@dataclass(frozen=True)
class _ProbeScoring:
    """What ``rank`` needs of a probe, worked out once a query rather than once a hit."""

    key: str
    prefix: bool
    full: float  # points for the whole key
    least: float  # points for the shortest share of a longer key
    positions: range  # the query words it answers
    bonus: float  # for reaching a complete name of the record's own (none for corrections)

    @classmethod
    def of(cls, probe, word_count):
        if probe.form in CORRECTION_FORMS:
            bonus = 0.0
        else:
            bonus = _WHOLE_QUERY_BONUS if probe.end - probe.start == word_count else _WHOLE_NAME_BONUS
        return cls(
            probe.key,
            probe.prefix,
            _POINTS[(probe.form, True)],
            _POINTS[(probe.form, False)],
            range(probe.start, probe.end),
            bonus,
        )

    def points(self, key, whole, reached_whole_key):
        """Full points for the whole key; for a prefix, more the more of the key was typed, and
        more when the key starts a name (names that begin with what the reader types come first)."""
        if reached_whole_key or not self.prefix:
            return self.full
        typed_share = (len(self.key) - 1) / max(len(key) - 1, 1)
        return self.least + (self.full - self.least) * (0.5 * typed_share + (0.25 if whole else 0))


def highlight(text, query_words):
    """``text`` cut into (segment, is_hit) pairs: a hit is a word a query word begins, or that begins one,
    or that sounds the same ("Jung" for "jeong")."""
    wanted = _query_keys(tuple(query_words))
    segments = []
    for piece in _PIECES.split(text):
        if not piece:
            continue
        key, loose = _piece_keys(piece)
        hit = bool(key) and any(_begins(key, word) or loose == loose_word for word, loose_word in wanted)
        if segments and segments[-1][1] == hit:
            segments[-1] = (segments[-1][0] + piece, hit)
        else:
            segments.append((piece, hit))
    return segments


_PIECES = re.compile(r"(\W+)")


@functools.lru_cache(maxsize=256)
def _query_keys(query_words):
    """(word, loose key) of each query word: a results page highlights sixty texts with them."""
    return tuple((word, loose_key(word)) for word in query_words if word)


@functools.lru_cache(maxsize=20_000)
def _piece_keys(piece):
    key = exact_key(piece)
    return key, loose_key(piece) if key else ""


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

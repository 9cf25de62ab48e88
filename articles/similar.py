"""Similar songs: which songs a reader of one song should hear next, and why.

Editors who put two songs in the same list are saying they belong together, so
shared published lists are the strongest evidence; the catalog adds what it
knows (themes, artists, groups, dramas, voices, eras), and every piece of
evidence that makes a recommendation is kept as a reason readers can check.

Evidence between a song and a candidate, and what it adds to the score:

- **Lists**: each published list with both adds ``LIST_WEIGHT`` × the list's
  weight × closeness. A list weighs ``log((1 + listed) / size) / log(1 + listed)``
  (``listed``: songs in any published list), so small lists count more and a
  list with everything counts next to nothing, the inverse-frequency idea of
  ``articles.related``. Closeness is 1 for neighbours, falling to ½ far apart;
  entries more than ``LIST_WINDOW`` positions apart do not count.
  The sum is divided by √(lists the candidate is in): a song in every list
  says little about any one song.
- **Themes**: each shared theme adds ``THEME_WEIGHT`` × ``log(1 + songs / songs
  with the theme)``: rare themes count more.
- **Artists**: ``ARTIST_WEIGHT`` for each artist credited on both;
  ``GROUP_WEIGHT`` when one is by a group and the other by one of its members;
  ``BANDMATE_WEIGHT`` when they are by two members of one group.
- **Drama**: ``DRAMA_WEIGHT`` for songs from the same drama, film or musical.
- **Voice and era**: ``VOICE_WEIGHT`` for the same voice (the main artists'
  gender and line-up: a female solo voice, a male group, a mixed duet…) and
  ``ERA_WEIGHT`` for the same decade. The era alone is not a reason.

Ties go to the song released closest in time, then to the lower id. The song
itself never appears, nor another version of it (``version_key``), nor two
versions of one recording; no more than ``PER_ARTIST`` songs of one artist
while other candidates qualify.

Scoring every pair of a 100,000-song catalog is out of reach, so each song is
scored against a pool of candidates: every song sharing a published list with
it, the songs released nearest to it among those sharing an artist, a group, a
drama or a theme (``NEIGHBOURS`` from each), and the ``ERA_NEIGHBOURS`` songs
released nearest to it of all (where voices and eras meet). A candidate outside
the pool could only have scored through evidence that many songs share.
"""

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join

from songs.names import title_key
from songs.voices import GROUP_KINDS

LIMIT = 8
PER_ARTIST = 2
MAX_REASONS = 2

LIST_WEIGHT = 8.0
THEME_WEIGHT = 0.5
ARTIST_WEIGHT = 2.5
GROUP_WEIGHT = 1.5
BANDMATE_WEIGHT = 0.8
DRAMA_WEIGHT = 2.0
VOICE_WEIGHT = 0.6
ERA_WEIGHT = 0.4

LIST_WINDOW = 50
NEIGHBOURS = 8
ERA_NEIGHBOURS = 12
UNDATED = 10**7  # Sorts songs without a release date after every dated one.


# "(Acoustic Ver.)", "[Inst.]", "- Live", "(Piano version)": the marks of another version.
_VERSION_WORDS = (
    r"ver|version|inst|instrumental|mr|live|acoustic|piano|remix|remaster|remastered|demo|edit"
    r"|english|japanese|chinese|korean|karaoke|unplugged|sped up|slowed"
)
_VERSION_MARK = re.compile(
    rf"\s*(?:[(\[][^)\]]*\b(?:{_VERSION_WORDS})\b[^)\]]*[)\]]|[-–]\s*(?:[\w ]*\b(?:{_VERSION_WORDS})\b.*))",
    re.IGNORECASE,
)


def version_key(title):
    """The title without its version marks: "My Love (Duet Ver.)" and "My Love" give one key."""
    return title_key(_VERSION_MARK.sub("", title)) or title_key(title)


def voice_of(main_artists):
    """The voice of a song from its main artists' (gender, kind): ("female", "solo"), ("", "duet")…

    The gender is "" when any main artist's is unknown; "mixed" when they differ.
    """
    if not main_artists:
        return ("", "")
    genders = {gender for gender, kind in main_artists}
    gender = "" if "" in genders else genders.pop() if len(genders) == 1 else "mixed"
    if len(main_artists) > 1:
        return (gender, "duet")
    return (gender, "group" if main_artists[0][1] in GROUP_KINDS else "solo")


VOICE_LABELS = {
    ("female", "solo"): "female solo voice",
    ("male", "solo"): "male solo voice",
    ("female", "group"): "female group",
    ("male", "group"): "male group",
    ("mixed", "group"): "mixed group",
    ("female", "duet"): "duet of women",
    ("male", "duet"): "duet of men",
    ("mixed", "duet"): "duet of men and women",
}


@dataclass(frozen=True)
class SongFacts:
    """What the catalog knows about one song, as plain values."""

    song_id: int
    version: str = ""  # ``version_key`` of the title.
    main_artist_ids: tuple = ()
    artist_ids: frozenset = frozenset()
    theme_ids: frozenset = frozenset()
    drama_id: int | None = None
    voice: tuple = ("", "")
    day: int | None = None  # The release date as an ordinal.
    decade: int | None = None  # 1990, 2000…

    @property
    def sort_key(self):
        return (self.day if self.day is not None else UNDATED, self.song_id)


@dataclass
class Catalog:
    """Everything similarity reads: the songs, the published lists (song ids in
    position order) and which artists are members of which groups.

    A catalog may hold only part of the songs (an incremental refresh loads
    the songs it scores and their candidates); it then also carries what is
    counted over every song, which is otherwise counted from ``songs`` and
    ``lists``: ``song_count``, ``theme_counts`` (songs per theme),
    ``listed_count`` (songs in any published list), ``list_sizes``,
    ``list_counts`` (published lists per song) and ``buckets`` (see ``buckets``).
    """

    songs: dict
    lists: dict = field(default_factory=dict)
    memberships: list = field(default_factory=list)  # (group id, member id)
    song_count: int | None = None
    theme_counts: dict | None = None
    listed_count: int | None = None
    list_sizes: dict | None = None
    list_counts: dict | None = None
    buckets: dict | None = None


def bucket_keys(song, groups_of):
    """The buckets a song is filed in: its artists, its artists' groups, its themes, drama and "all"."""
    keys = {("artist", artist) for artist in song.artist_ids}
    keys |= {("group", group) for artist in song.artist_ids for group in groups_of.get(artist, ())}
    keys |= {("theme", theme) for theme in song.theme_ids}
    if song.drama_id:
        keys.add(("drama", song.drama_id))
    keys.add(("all", None))
    return keys


def buckets(songs, groups_of):
    """{bucket key: [(sort key, song id)] sorted by release date} for ``songs``."""
    filed = defaultdict(list)
    for song in songs:
        for key in bucket_keys(song, groups_of):
            filed[key].append(song.sort_key)
    for members in filed.values():
        members.sort()
    return filed


@dataclass(frozen=True)
class Recommendation:
    song_id: int
    score: float
    reasons: tuple  # Reason parts (dicts), the weightiest first.


class SimilarityIndex:
    """A catalog indexed for scoring: built once, then asked about any song."""

    def __init__(self, catalog):
        self.songs = catalog.songs
        self.lists = {list_id: ids for list_id, ids in catalog.lists.items() if ids}
        self.groups_of, self.members_of = defaultdict(set), defaultdict(set)
        for group_id, member_id in catalog.memberships:
            self.groups_of[member_id].add(group_id)
            self.members_of[group_id].add(member_id)
        self.placements = defaultdict(list)  # song id → [(list id, position)]
        for list_id, song_ids in self.lists.items():
            for position, song_id in enumerate(song_ids, start=1):
                self.placements[song_id].append((list_id, position))
        self.list_counts = catalog.list_counts
        if self.list_counts is None:
            self.list_counts = {song_id: len(places) for song_id, places in self.placements.items()}
        listed = catalog.listed_count if catalog.listed_count is not None else len(self.placements)
        sizes = catalog.list_sizes or {list_id: len(song_ids) for list_id, song_ids in self.lists.items()}
        self.list_weights = {
            list_id: math.log((1 + listed) / sizes[list_id]) / math.log(1 + listed) for list_id in self.lists
        }
        theme_counts = catalog.theme_counts
        if theme_counts is None:
            theme_counts = Counter(theme for song in self.songs.values() for theme in song.theme_ids)
        song_count = catalog.song_count if catalog.song_count is not None else len(self.songs)
        self.theme_weights = {
            theme: THEME_WEIGHT * math.log(1 + song_count / count) for theme, count in theme_counts.items()
        }
        self.buckets = catalog.buckets
        if self.buckets is None:
            self.buckets = buckets(self.songs.values(), self.groups_of)

    def pool(self, song):
        """The candidates ``song`` is scored against (see the module's docstring)."""
        candidates = set()
        for list_id, position in self.placements.get(song.song_id, ()):
            song_ids = self.lists[list_id]
            candidates.update(song_ids[max(position - 1 - LIST_WINDOW, 0) : position + LIST_WINDOW])
        keys = []
        for artist in song.artist_ids:
            # Its own songs and, for a group, its members' songs.
            keys += [("artist", artist), ("group", artist)]
            for group in self.groups_of.get(artist, ()):
                # The songs of its groups and of its bandmates.
                keys += [("artist", group), ("group", group)]
        keys += [("theme", theme) for theme in song.theme_ids]
        if song.drama_id:
            keys.append(("drama", song.drama_id))
        for key in keys:
            candidates.update(self.nearest(key, song.sort_key))
        candidates.update(self.nearest(("all", None), song.sort_key, ERA_NEIGHBOURS))
        candidates.discard(song.song_id)
        return candidates

    def nearest(self, key, sort_key, count=NEIGHBOURS):
        """The ``count`` song ids in bucket ``key`` released nearest to ``sort_key`` (and itself)."""
        return nearest(self.buckets.get(key, ()), sort_key, count)

    def score(self, song, candidate):
        """(score, reason parts weightiest first) for ``candidate`` as a recommendation after ``song``."""
        parts = []  # (weight, part)
        lists = self.shared_lists(song, candidate)
        if lists:
            damping = math.sqrt(self.list_counts.get(candidate.song_id, 1))
            weight = sum(points for points, _ in lists) / damping
            parts.append((weight, {"kind": "lists", "count": len(lists), "list": lists[0][1]}))
        shared_artists = [artist for artist in song.main_artist_ids if artist in candidate.artist_ids]
        shared_artists += sorted((song.artist_ids - set(song.main_artist_ids)) & candidate.artist_ids)
        if shared_artists:
            parts.append(
                (ARTIST_WEIGHT * len(shared_artists), {"kind": "artists", "artists": shared_artists})
            )
        else:
            parts += self.group_parts(song, candidate)
        if song.drama_id and song.drama_id == candidate.drama_id:
            parts.append((DRAMA_WEIGHT, {"kind": "drama", "drama": song.drama_id}))
        themes = sorted(
            song.theme_ids & candidate.theme_ids, key=lambda theme: (-self.theme_weights[theme], theme)
        )
        if themes:
            weight = sum(self.theme_weights[theme] for theme in themes)
            parts.append((weight, {"kind": "themes", "themes": themes[:2]}))
        same_era = song.decade is not None and song.decade == candidate.decade
        if song.voice[0] and song.voice == candidate.voice:
            weight = VOICE_WEIGHT + (ERA_WEIGHT if same_era else 0)
            parts.append(
                (
                    weight,
                    {"kind": "voice", "voice": list(song.voice), "decade": song.decade if same_era else None},
                )
            )
        elif same_era and parts:
            parts.append((ERA_WEIGHT, {"kind": "era", "decade": song.decade}))
        parts.sort(key=lambda pair: -pair[0])
        return sum(weight for weight, _ in parts), [part for _, part in parts]

    def shared_lists(self, song, candidate):
        """[(points, list id)] for the published lists with both songs, the weightiest first."""
        positions = dict(self.placements.get(candidate.song_id, ()))
        shared = []
        for list_id, position in self.placements.get(song.song_id, ()):
            if list_id in positions and abs(position - positions[list_id]) <= LIST_WINDOW:
                points = LIST_WEIGHT * self.list_weights[list_id] * closeness(position, positions[list_id])
                shared.append((points, list_id))
        shared.sort(key=lambda pair: (-pair[0], pair[1]))
        return shared

    def group_parts(self, song, candidate):
        """Reasons from groups: a member's song beside the group's, or two members of one group."""
        for artist in song.main_artist_ids:
            for other in candidate.main_artist_ids:
                if artist in self.groups_of.get(other, ()):
                    return [
                        (GROUP_WEIGHT, {"kind": "member", "member": other, "group": artist, "on": "similar"})
                    ]
                if other in self.groups_of.get(artist, ()):
                    return [
                        (GROUP_WEIGHT, {"kind": "member", "member": artist, "group": other, "on": "song"})
                    ]
        for artist in song.main_artist_ids:
            for other in candidate.main_artist_ids:
                shared = self.groups_of.get(artist, set()) & self.groups_of.get(other, set())
                if shared:
                    part = {"kind": "bandmates", "artists": [artist, other], "group": min(shared)}
                    return [(BANDMATE_WEIGHT, part)]
        return []

    def recommend(self, song_id, limit=LIMIT):
        """The ``Recommendation``s for ``song_id``, best first (see the module's docstring).

        Every candidate in the pool gets a quick score (``quick_scores``, equal to
        ``score``'s total); reasons are worked out only for the songs picked.
        """
        song = self.songs[song_id]
        ranked = sorted(self.quick_scores(song, self.pool(song)))
        picked = pick_diverse(
            song, [(self.songs[candidate_id], -points) for points, _, candidate_id in ranked], limit
        )
        return [
            Recommendation(
                candidate.song_id, round(points, 4), tuple(self.score(song, candidate)[1][:MAX_REASONS])
            )
            for candidate, points in picked
        ]

    def list_points(self, song):
        """{candidate id: the lists' points before damping}, for the songs near ``song`` in its lists."""
        points = defaultdict(float)
        for list_id, position in self.placements.get(song.song_id, ()):
            song_ids = self.lists[list_id]
            weight = LIST_WEIGHT * self.list_weights[list_id]
            first = max(position - 1 - LIST_WINDOW, 0)
            for index, other in enumerate(song_ids[first : position + LIST_WINDOW], start=first + 1):
                if other != song.song_id:
                    points[other] += weight * closeness(position, index)
        return points

    def quick_scores(self, song, candidate_ids):
        """[(-score, days apart, id)] for the candidates that score: ``score``'s totals, without
        building reasons. The hot loop of a rebuild, so written for speed."""
        list_points, list_counts = self.list_points(song), self.list_counts
        related, bandmates = set(), set()
        for artist in song.main_artist_ids:
            related |= self.members_of.get(artist, set()) | self.groups_of.get(artist, set())
            for group in self.groups_of.get(artist, ()):
                bandmates |= self.members_of[group]
        bandmates -= set(song.main_artist_ids)
        themes = {theme: self.theme_weights[theme] for theme in song.theme_ids}
        artists, drama, decade, voice = song.artist_ids, song.drama_id, song.decade, song.voice
        day = song.day if song.day is not None else UNDATED
        has_voice = bool(voice[0])
        scored = []
        for candidate_id in candidate_ids:
            candidate = self.songs[candidate_id]
            points = 0.0
            if candidate_id in list_points:
                points += list_points[candidate_id] / math.sqrt(list_counts.get(candidate_id, 1))
            shared = len(artists & candidate.artist_ids)
            if shared:
                points += ARTIST_WEIGHT * shared
            elif not related.isdisjoint(candidate.main_artist_ids):
                points += GROUP_WEIGHT
            elif not bandmates.isdisjoint(candidate.main_artist_ids):
                points += BANDMATE_WEIGHT
            if drama and drama == candidate.drama_id:
                points += DRAMA_WEIGHT
            for theme in candidate.theme_ids:
                if theme in themes:
                    points += themes[theme]
            same_era = decade is not None and decade == candidate.decade
            if has_voice and voice == candidate.voice:
                points += VOICE_WEIGHT + (ERA_WEIGHT if same_era else 0)
            elif same_era and points:
                points += ERA_WEIGHT
            if points > 0:
                other_day = candidate.day if candidate.day is not None else UNDATED
                scored.append((-points, abs(other_day - day), candidate_id))
        return scored


def nearest(members, sort_key, count=NEIGHBOURS):
    """The ids of the ``count`` + 1 ``members`` (sorted (sort key, id)) nearest to ``sort_key``."""
    if len(members) <= count + 1:
        return [song_id for _, song_id in members]
    at = bisect.bisect_left(members, sort_key)
    window = members[max(at - count, 0) : at + count + 1]
    window.sort(key=lambda member: (abs(member[0] - sort_key[0]), member[1]))
    return [song_id for _, song_id in window[: count + 1]]


def closeness(position, other_position):
    """1 for neighbouring entries, falling towards ½ as they are further apart."""
    return (1 + 1 / abs(position - other_position)) / 2


def same_recording(one, other):
    """Two versions of one recording: the same title without version marks, and a main artist in common."""
    return (
        bool(one.version)
        and one.version == other.version
        and not set(one.main_artist_ids).isdisjoint(other.main_artist_ids)
    )


def pick_diverse(song, ranked, limit=LIMIT):
    """The best ``limit`` of ``ranked`` [(SongFacts, score)] (best first), made diverse.

    Versions of ``song`` and second versions of a picked recording are dropped;
    a candidate by an artist who already has ``PER_ARTIST`` songs picked waits
    until the other candidates run out.
    """
    picked, waiting = [], []
    per_artist = Counter()
    for candidate, points in ranked:
        if same_recording(song, candidate) or any(same_recording(candidate, seen) for seen, _ in picked):
            continue
        if any(per_artist[artist] >= PER_ARTIST for artist in candidate.main_artist_ids):
            waiting.append((candidate, points))
            continue
        picked.append((candidate, points))
        per_artist.update(candidate.main_artist_ids)
        if len(picked) == limit:
            return picked
    for candidate, points in waiting:
        if len(picked) == limit:
            break
        if not any(same_recording(candidate, seen) for seen, _ in picked):
            picked.append((candidate, points))
    picked.sort(key=lambda row: -row[1])
    return picked


# Reasons in words


@dataclass
class Names:
    """What reasons name, by id: list titles (published lists only), themes, artists, dramas."""

    lists: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)
    artists: dict = field(default_factory=dict)
    dramas: dict = field(default_factory=dict)  # id → (title, kind label: "drama", "film"…)


def ids_named_by(parts):
    """{"lists": {ids}, "themes": …, "artists": …, "dramas": …} that ``parts`` need names for."""
    wanted = defaultdict(set)
    for part in parts:
        kind = part["kind"]
        if kind == "lists":
            wanted["lists"].add(part["list"])
        elif kind == "themes":
            wanted["themes"].update(part["themes"])
        elif kind == "artists":
            wanted["artists"].update(part["artists"])
        elif kind == "member":
            wanted["artists"].update([part["member"], part["group"]])
        elif kind == "bandmates":
            wanted["artists"].update([*part["artists"], part["group"]])
        elif kind == "drama":
            wanted["dramas"].add(part["drama"])
    return wanted


def and_join(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(part, names):
    """A reason part in words, as HTML (names in <em> where they are titles); None when a name is
    missing, e.g. a list that is no longer published."""
    kind = part["kind"]
    try:
        if kind == "lists":
            title = names.lists[part["list"]]
            if part["count"] == 1:
                return format_html("also in <em>{}</em>", title)
            return format_html("in {} lists with this song, including <em>{}</em>", part["count"], title)
        if kind == "artists":
            artists = [names.artists[artist] for artist in part["artists"]]
            verb = "sings" if len(artists) == 1 else "sing"
            return format_html("{} {} on both", and_join(artists), verb)
        if kind == "member":
            member, group = names.artists[part["member"]], names.artists[part["group"]]
            if part["on"] == "similar":
                return format_html("by {} of {}", member, group)
            return format_html("by {}, {}’s group", group, member)
        if kind == "bandmates":
            artist, other = (names.artists[artist] for artist in part["artists"])
            return format_html("by {}, who sings with {} in {}", other, artist, names.artists[part["group"]])
        if kind == "drama":
            title, label = names.dramas[part["drama"]]
            return format_html("from the same {}, <em>{}</em>", label, title)
        if kind == "themes":
            themes = format_html_join(
                " and ", "<em>{}</em>", ((names.themes[theme],) for theme in part["themes"])
            )
            return format_html("also tagged {}", themes)
    except KeyError:
        return None
    if kind == "voice":
        label = VOICE_LABELS.get(tuple(part["voice"]))
        if label is None:
            return None
        era = f" from the {part['decade']}s" if part.get("decade") else ""
        return format_html("also a {}{}", label, era)
    if kind == "era":
        return format_html("also from the {}s", part["decade"])
    return None

"""Discover: songs by mood × voice × era × soundtrack, with a count beside every choice.

The query string is the whole state: ``mood`` (theme slugs, several), ``voice``
(``male``, ``female``, ``group``, ``duet``, several), ``era`` (``1990s`` …
``2020s``), ``ost`` (``yes``/``no``) and ``sort`` (``best``, ``newest``,
``listed``). A song must match every chosen value. Values that are not valid
are dropped, so a bad link shows a wider page instead of an error.

Voices, eras and the soundtrack are songs/facets.py's. Each count answers
"how many songs if I add this": for moods and voices, the current songs that
have it; for the era and the soundtrack, which replace the current choice, the
songs matching every other filter. With one mood alone chosen, the counts are
those songs/counters.py stores on the theme.

Sorts: "most listed" puts the songs in the most published lists first (the
count stored on each song by ``recommendations.store_list_counts``), ties by
title; "best matches" is the same unless moods are chosen, when the songs in
the most published lists with those moods come first; "newest" by release.
"""

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef
from django.utils.html import format_html

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.facets import (
    ERAS,
    FACET_COUNT_NAMES,
    VOICE_FIELDS,
    era_condition,
    era_counts,
    on_song,
    soundtrack_condition,
    soundtrack_counts,
    voice_counts,
)
from songs.models import Song, TaggedSong, Theme
from songs.voices import GROUP_KINDS

from .models import ListEntry, published_condition

VOICES = {"female": "Sung by women", "male": "Sung by men", "group": "Groups", "duet": "Duets"}
SOUNDTRACK = {"yes": "Drama soundtracks", "no": "Not from a soundtrack"}
SORTS = {"best": "Best matches", "newest": "Newest", "listed": "Most listed"}
THEME_KIND_ORDER = ["mood", "occasion", "topic", "style", "era"]


def published_entries(**filters):
    return ListEntry.objects.filter(published_condition("article__"), song=OuterRef("pk"), **filters)


@dataclass
class Choice:
    """One value of a filter as the form shows it."""

    value: str
    label: str
    count: int
    selected: bool

    @property
    def disabled(self):
        return self.count == 0 and not self.selected


class DiscoverFilters:
    """The filters read from a query string (a ``QueryDict``), and the songs they select."""

    def __init__(self, query):
        self.themes = sorted(
            Theme.objects.all(), key=lambda theme: (THEME_KIND_ORDER.index(theme.kind), theme.name)
        )
        by_slug = {theme.slug: theme for theme in self.themes}
        self.moods = [by_slug[slug] for slug in dict.fromkeys(query.getlist("mood")) if slug in by_slug]
        self.voices = [voice for voice in dict.fromkeys(query.getlist("voice")) if voice in VOICES]
        self.era = query.get("era") if query.get("era") in ERAS else None
        self.ost = query.get("ost") if query.get("ost") in SOUNDTRACK else None
        self.sort = query.get("sort") if query.get("sort") in SORTS else "best"

    @property
    def is_filtered(self):
        return bool(self.moods or self.filters_beyond_moods)

    @property
    def filters_beyond_moods(self):
        return bool(self.voices or self.era or self.ost)

    def songs(self, without=None):
        """The songs matching every filter but ``without`` ("era" or "ost"), unordered."""
        return Song.objects.filter(*self.conditions(without=without))

    def conditions(self, without=None, song_ref=""):
        """Every filter but ``without`` ("mood", "era" or "ost") as conditions on the song at
        ``song_ref`` (e.g. ``"song__"`` for list entries)."""
        found = [
            Exists(TaggedSong.objects.filter(content_object=OuterRef(f"{song_ref}pk"), tag=theme))
            for theme in self.moods
            if without != "mood"
        ]
        found += [on_song(song_ref, VOICE_FIELDS[voice]) for voice in self.voices]
        if self.era and without != "era":
            found.append(on_song(song_ref, era_condition(self.era)))
        if self.ost and without != "ost":
            found.append(on_song(song_ref, soundtrack_condition(self.ost)))
        return found

    @property
    def ranks_by_mood_lists(self):
        """ "Best matches" with moods chosen: songs in published lists with those moods come first."""
        return self.sort == "best" and bool(self.moods)

    def results(self):
        """The matching songs with what their cards show, newest or most listed first.

        With ``ranks_by_mood_lists``, the songs of ``mood_ranked_ids`` come before these.
        """
        songs = self.songs().with_credits()
        if self.sort == "newest":
            return songs.order_by(F("released_on").desc(nulls_last=True), "title", "pk")
        return songs.order_by("-list_count", "title", "pk")  # The order of an index: cheap on any catalog.

    def mood_ranked_ids(self):
        """The ids of the matching songs in published lists with the chosen moods, in the most such
        lists first (ties as "most listed"). Kept until the catalog or the lists change."""
        return page_cache.kept(
            f"discover-ranked:{self.query_string(sort='')}", (CATALOG, LISTS), self.rank_by_mood_lists
        )

    def rank_by_mood_lists(self):
        if len(self.moods) == 1:
            return self.rank_by_one_mood()
        # A list with several of the moods counts once: count the lists of their entries.
        entries = ListEntry.objects.filter(published_condition("article__"), article__themes__in=self.moods)
        if self.filters_beyond_moods:
            # Few songs match: the database finds them first, then their entries.
            entries = entries.filter(song__in=self.songs())
        else:
            # Moods alone match thousands of songs: ask of each entry's song whether it has them.
            entries = entries.filter(*self.conditions(song_ref="song__"))
        ranked = (
            entries.values("song_id")
            .annotate(lists=Count("article", distinct=True))
            .order_by("-lists", "-song__list_count", "song__title", "song_id")
        )
        return list(ranked.values_list("song_id", flat=True))

    def rank_by_one_mood(self):
        """Read from the mood's song themes, which store how many published lists with the mood
        hold each song: counting the lists' entries took 25-40 ms for the commonest of 100,000
        songs' moods, this a few."""
        tagged = TaggedSong.objects.filter(
            *self.conditions(without="mood", song_ref="content_object__"), tag=self.moods[0], list_count__gt=0
        )
        ranked = tagged.order_by(
            "-list_count", "-content_object__list_count", "content_object__title", "content_object_id"
        )
        return list(ranked.values_list("content_object_id", flat=True))

    def unranked(self, results):
        """``results`` without the songs of ``mood_ranked_ids``."""
        return results.exclude(Exists(published_entries(article__themes__in=self.moods)))

    def query_string(self, **changes):
        """The filters (and sort) as a query string, with ``changes`` applied."""
        state = {
            "mood": [theme.slug for theme in self.moods],
            "voice": self.voices,
            "era": self.era or "",
            "ost": self.ost or "",
            "sort": self.sort if self.sort != "best" else "",
        }
        state.update(changes)
        return urlencode({key: value for key, value in state.items() if value}, doseq=True)

    def facet_counts(self):
        """The voice, era and soundtrack counts, in one pass over the songs when neither era nor
        soundtrack is chosen (each chosen one needs its own pass, over the songs without it)."""
        passes = {None: voice_counts()}
        passes.setdefault("era" if self.era else None, {}).update(era_counts())
        passes.setdefault("ost" if self.ost else None, {}).update(soundtrack_counts())
        counts = {}
        for without, aggregates in passes.items():
            counts.update(self.songs(without=without).aggregate(**aggregates))
        return counts

    @functools.cached_property
    def counts(self):
        """(songs per theme id, ``facet_counts``) for these filters.

        With one mood alone, those the theme stores. Otherwise counted, in one to four
        queries, and kept until the catalog changes (they count nothing of lists), so other
        sorts and pages of the same choice, and the page again after a list edit, need not count."""
        if len(self.moods) == 1 and not self.filters_beyond_moods:
            return stored_counts(self.moods[0], self.themes)
        return page_cache.kept(f"discover-counts:{self.query_string(sort='')}", CATALOG, self.count_choices)

    def count_choices(self):
        if not self.is_filtered:  # Every song counts: each theme's stored count is the answer.
            return {theme.pk: theme.song_count for theme in self.themes}, self.facet_counts()
        tagged = TaggedSong.objects.filter(*self.conditions(song_ref="content_object__"))
        per_theme = dict(
            tagged.order_by().values("tag_id").annotate(count=Count("pk")).values_list("tag_id", "count")
        )
        return per_theme, self.facet_counts()

    @property
    def song_count(self):
        """How many songs match every filter (the era pass counts them whether or not one is chosen)."""
        return self.counts[1][self.era or "any_era"]

    def choices(self):
        """Every filter value with its count, as ``{"mood": [Choice], "voice": …, "era": …, "ost": …}``."""
        per_theme, counts = self.counts
        eras = {"any": counts["any_era"], **{era: counts[era] for era in ERAS}}
        soundtracks = {"any": counts["any_ost"], **{ost: counts[ost] for ost in SOUNDTRACK}}
        voices = {voice: counts[voice] for voice in VOICES}
        voices["total"] = self.song_count
        chosen_moods = set(self.moods)
        return {
            "mood": [
                Choice(
                    theme.slug,
                    theme.name,
                    voices["total"] if theme in chosen_moods else per_theme.get(theme.pk, 0),
                    theme in chosen_moods,
                )
                for theme in self.themes
            ],
            "voice": [
                Choice(
                    voice,
                    label,
                    voices["total"] if voice in self.voices else voices[voice],
                    voice in self.voices,
                )
                for voice, label in VOICES.items()
            ],
            "era": [Choice("", "Any era", eras["any"], self.era is None)]
            + [Choice(era, era, eras[era], era == self.era) for era in ERAS],
            "ost": [Choice("", "Either", soundtracks["any"], self.ost is None)]
            + [Choice(ost, label, soundtracks[ost], ost == self.ost) for ost, label in SOUNDTRACK.items()],
        }


def stored_counts(theme, themes):
    """(songs per theme id of ``themes``, facet counts) with ``theme`` alone chosen, as
    songs/counters.py stores them (the other themes by slug)."""
    stored = theme.discover_counts
    shared = stored.get("themes", {})
    per_theme = {other.pk: shared[other.slug] for other in themes if other.slug in shared}
    return per_theme, {name: stored.get(name, 0) for name in FACET_COUNT_NAMES}


# Presets: links into Discover from other pages


def song_voice(song):
    """The Discover voice that fits a song best (from its prefetched credits), or None."""
    main = [credit.artist for credit in song.main_credits]
    genders = {artist.gender for artist in main}
    if len(genders) == 1 and genders <= {"male", "female"}:
        return genders.pop()
    if len(main) > 1:
        return "duet"
    if main and main[0].kind in GROUP_KINDS:
        return "group"
    return None


def preset_label(theme, voice):
    """ "More <em>Rainy day</em> ballads sung by women", as HTML."""
    plural = theme.name.split()[-1].lower().endswith("s")
    after = {"female": "sung by women", "male": "sung by men", "group": "by groups", "duet": "sung as duets"}
    words = [] if plural else ["ballads"]
    if voice:
        words.append(after[voice])
    return format_html("More <em>{}</em>{}", theme.name, "".join(f" {word}" for word in words))


@dataclass
class Preset:
    theme: Theme
    voice: str | None
    count: int | None  # How many songs it shows, when counted.

    @property
    def query(self):
        return urlencode({"mood": self.theme.slug, **({"voice": self.voice} if self.voice else {})})

    @property
    def label(self):
        return preset_label(self.theme, self.voice)


def song_preset(song):
    """A Discover preset for readers of ``song``: its most telling theme with its voice, or None.

    No query: the song's prefetched themes and credits say it all, and the
    preset always finds at least the song itself.
    """
    themes = [theme for theme in song.themes.all() if not theme.slug.endswith("-vocalists")]
    if not themes:
        return None
    theme = min(themes, key=lambda theme: (THEME_KIND_ORDER.index(theme.kind), theme.name))
    return Preset(theme, song_voice(song), count=None)


PRESET_VOICES = ("female", "male")


def home_presets(limit=4):
    """The fullest mood or occasion × women/men combinations, one per theme, from the counts
    each theme stores (songs/counters.py)."""
    themes = Theme.objects.filter(kind__in=["mood", "occasion"])
    presets = [
        Preset(theme, voice, theme.discover_counts.get(voice, 0))
        for theme in themes
        for voice in PRESET_VOICES
    ]
    presets.sort(key=lambda preset: (-preset.count, preset.theme.name, preset.voice))
    chosen, seen = [], set()
    for preset in presets:
        if preset.count > 1 and preset.theme.pk not in seen:
            chosen.append(preset)
            seen.add(preset.theme.pk)
    return chosen[:limit]

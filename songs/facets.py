"""What Discover counts songs by (voice, era, soundtrack), as conditions on the fields each song stores.

Voices come from the main credits (songs/voices.py keeps the fields in step):
``male``/``female`` when every main artist is, ``group`` when one is a group,
band, unit or duo, ``duet`` when two or more artists are credited as main
artists. Eras are decades of the release date; the soundtrack is whether the
song is from a drama. Discover counts them for the songs its filters match,
and songs/counters.py stores them for each theme alone.
"""

import datetime

from django.db.models import Count, Q

VOICE_FIELDS = {
    "male": Q(sung_by_men=True),
    "female": Q(sung_by_women=True),
    "group": Q(sung_by_a_group=True),
    "duet": Q(main_artist_count__gt=1),
}
ERAS = {f"{decade}s": decade for decade in (1990, 2000, 2010, 2020)}
SOUNDTRACK_VALUES = ("yes", "no")
# Every count a pass over all three facets makes: "any_era" and "any_ost" count every song.
FACET_COUNT_NAMES = (*VOICE_FIELDS, "any_era", *ERAS, "any_ost", *SOUNDTRACK_VALUES)


def era_condition(era):
    decade = ERAS[era]
    return Q(released_on__gte=datetime.date(decade, 1, 1), released_on__lt=datetime.date(decade + 10, 1, 1))


def soundtrack_condition(ost):
    return Q(drama__isnull=ost == "no")


def on_song(song_ref, condition):
    """``condition`` (a ``Q`` of lookups on a song) for the song at ``song_ref``, e.g. ``"song__"``."""
    return Q(*((f"{song_ref}{lookup}", value) for lookup, value in condition.children))


def voice_counts(song_ref=""):
    """Aggregates counting the songs at ``song_ref`` by voice."""
    return {
        voice: Count("pk", filter=on_song(song_ref, condition)) for voice, condition in VOICE_FIELDS.items()
    }


def era_counts(song_ref=""):
    return {
        "any_era": Count("pk"),
        **{era: Count("pk", filter=on_song(song_ref, era_condition(era))) for era in ERAS},
    }


def soundtrack_counts(song_ref=""):
    return {
        "any_ost": Count("pk"),
        **{
            value: Count("pk", filter=on_song(song_ref, soundtrack_condition(value)))
            for value in SOUNDTRACK_VALUES
        },
    }

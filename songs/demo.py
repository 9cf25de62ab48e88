"""Loading the demo catalog (``fixtures/demo_catalog.json``) as an idempotent upsert.

Records are matched by slug. A record is saved only when one of its values
differs from what the database holds, so loading the same file twice writes
nothing the second time.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .counters import recount_songs
from .models import Album, Artist, ArtistAlias, DatePrecision, Drama, Membership, Song, SongCredit, Theme
from .voices import store_voices

DEMO_CATALOG = Path(settings.BASE_DIR) / "fixtures" / "demo_catalog.json"


def parse_release(value):
    """``"2024-11-05"``, ``"2024-11"`` or ``"2024"`` as (date, precision); None as (None, day)."""
    if not value:
        return None, DatePrecision.DAY
    parts = [int(part) for part in str(value).split("-")]
    precision = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY][len(parts) - 1]
    parts += [1] * (3 - len(parts))
    return datetime.date(*parts), precision


def parse_length(value):
    if not value:
        return None
    seconds = 0
    for part in value.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


class CatalogLoader:
    """Upserts one demo catalog document and counts what it created and updated."""

    def __init__(self):
        self.counts = Counter()
        self.artists, self.albums, self.dramas, self.themes = {}, {}, {}, {}

    def load(self, document):
        with transaction.atomic():
            for record in document.get("themes", []):
                self.themes[record["slug"]] = self.load_theme(record)
            for record in document.get("artists", []):
                self.artists[record["slug"]] = self.load_artist(record)
            for record in document.get("artists", []):
                self.sync_members(self.artists[record["slug"]], record.get("members", []))
            for record in document.get("dramas", []):
                self.dramas[record["slug"]] = self.load_drama(record)
            for record in document.get("albums", []):
                self.albums[record["slug"]] = self.load_album(record)
            for record in document.get("songs", []):
                self.load_song(record)
        return self.counts

    def upsert(self, model, slug, values):
        instance = model.objects.filter(slug=slug).first()
        label = model._meta.verbose_name_plural
        if instance is None:
            instance = model(slug=slug, **values)
            instance.save()
            self.counts[f"{label} created"] += 1
            return instance
        changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(instance, name, value)
            instance.save()
            self.counts[f"{label} updated"] += 1
        return instance

    def note_change(self, label, created=False):
        self.counts[f"{label} {'created' if created else 'updated'}"] += 1

    def load_theme(self, record):
        return self.upsert(
            Theme,
            record["slug"],
            {
                "name": record["name"],
                "kind": record.get("kind", Theme.Kind.TOPIC),
                "description": record.get("description", ""),
            },
        )

    def load_artist(self, record):
        artist = self.upsert(
            Artist,
            record["slug"],
            {
                "name": record["name"],
                "hangul_name": record.get("hangul_name", ""),
                "kind": record.get("kind", Artist.Kind.SOLO),
                "gender": record.get("gender", ""),
                "spotify_id": record.get("spotify_id", ""),
                "bio": record.get("bio", ""),
            },
        )
        wanted = set(record.get("aliases", []))
        current = set(artist.aliases.values_list("name", flat=True))
        if wanted != current:
            artist.aliases.exclude(name__in=wanted).delete()
            for name in sorted(wanted - current):
                ArtistAlias(artist=artist, name=name).save()
            self.note_change("artist aliases", created=not current)
        return artist

    def sync_members(self, group, member_slugs):
        wanted = {self.artists[slug].pk for slug in member_slugs}
        current = set(Membership.objects.filter(group=group).values_list("member_id", flat=True))
        if wanted != current:
            Membership.objects.filter(group=group).exclude(member_id__in=wanted).delete()
            Membership.objects.bulk_create(
                [Membership(group=group, member_id=member_id) for member_id in wanted - current]
            )
            self.note_change("memberships", created=not current)
            recount_songs([group.pk])

    def load_drama(self, record):
        return self.upsert(
            Drama,
            record["slug"],
            {
                "title": record["title"],
                "hangul_title": record.get("hangul_title", ""),
                "kind": record.get("kind", Drama.Kind.TV),
                "year": record.get("year"),
                "network": record.get("network", ""),
                "also_known_as": record.get("also_known_as", ""),
                "description": record.get("description", ""),
            },
        )

    def load_album(self, record):
        released_on, precision = parse_release(record.get("released_on"))
        album = self.upsert(
            Album,
            record["slug"],
            {
                "title": record["title"],
                "hangul_title": record.get("hangul_title", ""),
                "kind": record.get("kind", Album.Kind.SINGLE),
                "released_on": released_on,
                "release_precision": precision,
                "spotify_id": record.get("spotify_id", ""),
            },
        )
        wanted = {self.artists[slug].pk for slug in record.get("artists", [])}
        current = set(album.artists.values_list("pk", flat=True))
        if wanted != current:
            album.artists.set(wanted)
            self.note_change("album artists", created=not current)
        return album

    def load_song(self, record):
        released_on, precision = parse_release(record.get("released_on"))
        album, drama = record.get("album"), record.get("drama")
        song = self.upsert(
            Song,
            record["slug"],
            {
                "title": record["title"],
                "hangul_title": record.get("hangul_title", ""),
                "album": self.albums[album] if album else None,
                "length_seconds": parse_length(record.get("length")),
                "released_on": released_on,
                "release_precision": precision,
                "spotify_id": record.get("spotify_id", ""),
                "youtube_id": record.get("youtube_id", ""),
                "drama": self.dramas[drama] if drama else None,
                "ost_part": record.get("ost_part"),
                "description": record.get("description", ""),
            },
        )
        self.sync_credits(song, record.get("credits", []))
        wanted_themes = {self.themes[slug] for slug in record.get("themes", [])}
        current_themes = set(song.themes.all())
        if wanted_themes != current_themes:
            song.themes.set(wanted_themes)
            self.note_change("song themes", created=not current_themes)

    def sync_credits(self, song, credits):
        wanted = [
            (self.artists[credit["artist"]].pk, credit.get("role", SongCredit.Role.MAIN), position)
            for position, credit in enumerate(credits, start=1)
        ]
        current = list(song.credits.order_by("position").values_list("artist_id", "role", "position"))
        if wanted != current:
            created = not current
            song.credits.all().delete()
            SongCredit.objects.bulk_create(
                [
                    SongCredit(song=song, artist_id=artist_id, role=role, position=position)
                    for artist_id, role, position in wanted
                ]
            )
            recount_songs({artist_id for artist_id, _, _ in [*wanted, *current]})
            store_voices([song.pk])
            self.note_change("song credits", created=created)


def load_demo_catalog(path=DEMO_CATALOG):
    """Load the demo catalog file; returns counts of what was created and updated."""
    with open(path, encoding="utf-8") as file:
        return CatalogLoader().load(json.load(file))

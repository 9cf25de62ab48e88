"""Loading the demo lists (``fixtures/demo_lists.json``) as an idempotent upsert.

Lists are matched by slug and songs and themes by theme slug; a list, its
entries, themes and pins are written only when they differ from the database.

The file's publish times and entry dates are written as seen on its ``dates_as_of``
day and are moved forward (or back) to the load day, so that whenever the demo is
loaded the same lists are weeks old and the same few entries are "New".
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from songs.demo import CatalogLoader
from songs.models import Song, Theme

from .models import ListArticle, ListEntry, PinnedRelatedList

DEMO_LISTS = Path(settings.BASE_DIR) / "fixtures" / "demo_lists.json"


class ListLoader(CatalogLoader):
    def __init__(self, today):
        super().__init__()
        self.today = today
        self.shift = datetime.timedelta()

    def load(self, document):
        records = document.get("lists", [])
        self.shift = self.today - datetime.date.fromisoformat(document["dates_as_of"])
        with transaction.atomic():
            articles = {record["slug"]: self.load_list(record) for record in records}
            for record in records:
                self.sync_pins(
                    articles[record["slug"]], [articles[slug] for slug in record.get("pinned_related", [])]
                )
        return self.counts

    def load_list(self, record):
        article = self.upsert(
            ListArticle,
            record["slug"],
            {
                "title": record["title"],
                "summary": record["summary"],
                "intro": record.get("intro", ""),
                "byline": record.get("byline", ""),
                "status": record.get("status", ListArticle.Status.DRAFT),
                "published_at": parse_datetime(record["published_at"]) + self.shift
                if record.get("published_at")
                else None,
                "featured": record.get("featured", False),
            },
        )
        theme_slugs = set(record.get("themes", []))
        wanted_themes = set(Theme.objects.filter(slug__in=theme_slugs))
        if len(wanted_themes) != len(theme_slugs):
            unknown = theme_slugs - {theme.slug for theme in wanted_themes}
            raise ValueError(f"List {article.slug!r} names themes that do not exist: {sorted(unknown)}")
        current_themes = set(article.themes.all())
        if wanted_themes != current_themes:
            article.themes.set(wanted_themes)
            self.note_change("list themes", created=not current_themes)
        self.sync_entries(article, record.get("entries", []))
        return article

    def sync_entries(self, article, entries):
        songs = Song.objects.in_bulk([entry["song"] for entry in entries], field_name="slug")
        missing = [entry["song"] for entry in entries if entry["song"] not in songs]
        if missing:
            raise ValueError(f"List {article.slug!r} names songs that are not in the catalog: {missing}")
        wanted = [
            (
                songs[entry["song"]].pk,
                position,
                entry.get("commentary", ""),
                datetime.date.fromisoformat(entry["added_on"]) + self.shift,
            )
            for position, entry in enumerate(entries, start=1)
        ]
        current = list(
            article.entries.order_by("position").values_list("song_id", "position", "commentary", "added_on")
        )
        if wanted != current:
            created = not current
            article.entries.all().delete()
            for song_id, position, commentary, added_on in wanted:
                ListEntry(
                    article=article,
                    song_id=song_id,
                    position=position,
                    commentary=commentary,
                    added_on=added_on,
                ).save()
            self.note_change("list entries", created=created)

    def sync_pins(self, article, pinned):
        wanted = [other.pk for other in pinned]
        current = list(article.pins.order_by("position").values_list("to_list_id", flat=True))
        if wanted != current:
            created = not current
            article.pins.all().delete()
            PinnedRelatedList.objects.bulk_create(
                PinnedRelatedList(from_list=article, to_list_id=to_list_id, position=position)
                for position, to_list_id in enumerate(wanted, start=1)
            )
            self.note_change("pinned related lists", created=created)


def load_demo_lists(path=DEMO_LISTS, today=None):
    """Load the demo lists file with its dates moved to ``today`` (the local date when None);
    returns counts of what was created and updated."""
    with open(path, encoding="utf-8") as file:
        return ListLoader(today or timezone.localdate()).load(json.load(file))

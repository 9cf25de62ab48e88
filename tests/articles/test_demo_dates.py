"""The demo lists' dates follow the day the demo is loaded, so its "New" marks mean the same on any day.

``fixtures/demo_lists.json`` is written as seen on its ``dates_as_of`` day; the loader moves every
publish time and entry date by the days between that and the load day. Every test here runs on two
fixed clocks, the file's own day and one years later, and must find the same lists and marks.
"""

import datetime
import json

import pytest
from django.utils import timezone

from articles.demo import DEMO_LISTS, load_demo_lists
from articles.models import NEW_ENTRY_DAYS, ListArticle, ListEntry
from songs.demo import load_demo_catalog
from tests.helpers import fixed_clock, loaded_for_module, parse

pytestmark = pytest.mark.django_db

DEMO_DOCUMENT = json.loads(DEMO_LISTS.read_text(encoding="utf-8"))
DATES_AS_OF = datetime.date.fromisoformat(DEMO_DOCUMENT["dates_as_of"])
LOAD_DAYS = [DATES_AS_OF, datetime.date(2031, 3, 5)]

# The entries the demo marks "New" (added within NEW_ENTRY_DAYS of the load day), as (list, song).
NEW_ON_PUBLISHED_LISTS = {
    ("evergreen-k-drama-love-songs", "i-just-want-to-stay-with-you"),
    ("evergreen-k-drama-love-songs", "here-we-are"),
    ("winter-ballads", "forever"),
    ("winter-ballads", "stay-with-me"),
}


@pytest.fixture(scope="module", params=LOAD_DAYS, ids=str)
def load_day(request, django_db_setup, django_db_blocker):
    """The demo loaded on this day, with the clock stopped on it for the module's tests."""

    def load():
        load_demo_catalog()
        return load_demo_lists()

    with fixed_clock(request.param), loaded_for_module(django_db_blocker, load):
        yield request.param


@pytest.fixture
def today(load_day, db):
    return load_day


def test_the_clock_is_the_fixed_load_day(today):
    assert timezone.localdate() == today


def test_every_list_but_the_draft_is_published_one_to_six_months_before_the_load_day(today):
    ages = {
        article.slug: (today - timezone.localdate(article.published_at)).days
        for article in ListArticle.objects.published()
    }
    assert len(ages) == ListArticle.objects.count() - 1
    assert {slug: age for slug, age in ages.items() if not NEW_ENTRY_DAYS < age <= 180} == {}


def test_entries_join_on_or_after_their_lists_publish_day_and_never_after_the_load_day(today):
    entries = list(ListEntry.objects.select_related("article"))
    assert entries
    late = [entry for entry in entries if entry.added_on > today]
    early = [
        entry
        for entry in entries
        if entry.article.published_at and entry.added_on < timezone.localdate(entry.article.published_at)
    ]
    assert (late, early) == ([], [])


def test_the_same_few_entries_are_new_on_any_load_day(today):
    new_since = today - datetime.timedelta(days=NEW_ENTRY_DAYS)
    recent = ListEntry.objects.filter(article__in=ListArticle.objects.published(), added_on__gte=new_since)
    new = set(recent.values_list("article__slug", "song__slug"))
    assert new == NEW_ON_PUBLISHED_LISTS


def test_list_pages_mark_exactly_those_entries_new(client, today):
    marked = set()
    for article in ListArticle.objects.published():
        page = parse(client.get(article.get_absolute_url()))
        for entry in page.select(".entry"):
            if entry.select_one(".badge--new"):
                song_url = entry.select_one(".entry__title a")["href"]
                marked.add((article.slug, song_url.strip("/").rsplit("/", 1)[-1]))
    assert marked == NEW_ON_PUBLISHED_LISTS


def test_the_draft_lists_entries_are_all_recent(today):
    draft = ListArticle.objects.get(status=ListArticle.Status.DRAFT)
    added = list(draft.entries.values_list("added_on", flat=True))
    assert len(added) == 5
    assert all(today - datetime.timedelta(days=NEW_ENTRY_DAYS) <= day <= today for day in added)


def test_loading_again_the_same_day_changes_nothing(today):
    assert load_demo_lists() == {}


def test_loading_a_week_later_moves_every_date_by_a_week(today):
    before = dict(ListEntry.objects.values_list("pk", "added_on"))
    published = dict(ListArticle.objects.exclude(published_at=None).values_list("slug", "published_at"))
    week = datetime.timedelta(days=7)
    with fixed_clock(today + week):
        counts = load_demo_lists()
    assert counts["lists updated"] == len(published)
    moved = dict(ListArticle.objects.exclude(published_at=None).values_list("slug", "published_at"))
    assert moved == {slug: moment + week for slug, moment in published.items()}
    assert sorted(ListEntry.objects.values_list("added_on", flat=True)) == sorted(
        day + week for day in before.values()
    )


def test_a_day_given_to_the_loader_wins_over_the_clock(today):
    given = datetime.date(2030, 1, 1)
    load_demo_lists(today=given)
    entries = [entry for record in DEMO_DOCUMENT["lists"] for entry in record["entries"]]
    written = max(datetime.date.fromisoformat(entry["added_on"]) for entry in entries)
    assert max(ListEntry.objects.values_list("added_on", flat=True)) == given - (DATES_AS_OF - written)

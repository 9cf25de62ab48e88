"""A backup made as the README says (``dumpdata`` with natural keys) loads back into an empty database."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import ListArticle, PendingListRefresh, SearchEntry, SimilarSong
from songs.models import Song
from tests.helpers import parse, texts

# As in the README: rebuilt after a restore (or recreated by migrate), so left out of the backup.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "articles.searchentry",
    "articles.searchterm",
    "articles.searchspelling",
    "articles.similarsong",
    "articles.pendinglistrefresh",
]
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def back_up(path):
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={label}" for label in EXCLUDED],
        "--indent=1",
        f"--output={path}",
    )
    return json.loads(path.read_text())


def restore(path):
    if connection.vendor == "postgresql":
        # The test's own transaction holds deferred constraint checks, which TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    call_command("rebuild_recommendations", verbosity=0)


def same_records(first, second):
    """The same records, in any order: records whose natural keys tie may come back in another."""

    def canonical(records):
        return sorted(
            json.dumps(record, sort_keys=True, default=str) for record in map(same_instants, records)
        )

    return len(first) == len(second) and canonical(first) == canonical(second)


def same_instants(record):
    """Django's JSON keeps milliseconds, so 11.000Z (a time with a few microseconds) loads back as 11Z."""
    fields = {
        name: parse_datetime(value) if is_timestamp(value) else value
        for name, value in record["fields"].items()
    }
    return {**record, "fields": fields}


def is_timestamp(value):
    return isinstance(value, str) and TIMESTAMP.fullmatch(value) is not None


def search_entries():
    shown = SearchEntry.objects.values_list("kind", "name", "other_name", "detail", "url", "popularity")
    return sorted(shown)


def similar_songs():
    return sorted(SimilarSong.objects.values_list("song__slug", "similar__slug", "rank", "score"))


def pages(client):
    """Every public page that shows what was restored, as readers get them."""
    songs = Song.objects.filter(similar_links__isnull=False).distinct()[:3]
    urls = ["/", "/lists/", "/songs/", "/artists/", "/albums/", "/dramas/"]
    urls += [article.get_absolute_url() for article in ListArticle.objects.published()]
    urls += [song.get_absolute_url() for song in songs]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = shown_content(parse(response))
    return answers


def shown_content(page):
    """What a page shows of the restored records: headings, cards, entries and their commentary.

    Not the bytes: the order of records that tie (related lists, songs of equal rank) follows
    their ids, which a restore renews."""
    main = page.select_one("main")
    for related in main.select('[class*="related"]'):  # ranked with ties broken by list id
        related.decompose()
    return sorted(texts(main, "h1, h2, .card__title, .entry__title, .entry__commentary, .prose"))


def search_results(client):
    """A search's results, in no order: records that tie are ranked by id, and a restore renews ids."""
    response = client.get("/search/", {"q": "love"})
    assert response.status_code == 200
    return sorted(texts(parse(response), ".search-result__name"))


def table_sizes():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo_site(db, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_demo", verbosity=0)
    # A list scheduled for later, so the restore has a pending refresh to note again.
    scheduled = ListArticle.objects.filter(status=ListArticle.Status.DRAFT).first()
    assert scheduled is not None
    scheduled.status = ListArticle.Status.PUBLISHED
    scheduled.published_at = timezone.now() + datetime.timedelta(days=30)
    scheduled.save()


def test_a_backup_with_natural_keys_restores_every_table(demo_site, client, tmp_path):
    sizes, entries, similar = table_sizes(), search_entries(), similar_songs()
    assert sizes["songs.TaggedSong"] and sizes["articles.TaggedList"] and similar
    assert PendingListRefresh.objects.count() == 1
    backup = back_up(tmp_path / "backup.json")
    assert all("pk" not in record for record in backup if record["model"] != "admin.logentry")
    before, results = pages(client), search_results(client)
    assert len(results) > 3

    restore(tmp_path / "backup.json")

    assert same_records(back_up(tmp_path / "again.json"), backup)
    assert table_sizes() == sizes
    assert search_entries() == entries
    assert similar_songs() == similar
    assert PendingListRefresh.objects.count() == 1
    assert pages(client) == before
    assert search_results(client) == results


def test_records_compare_times_to_the_millisecond_a_backup_keeps():
    record = {"model": "songs.song", "fields": {"title": "Rain", "created_at": "2026-12-02T00:53:11.000Z"}}
    reloaded = {"model": "songs.song", "fields": {"title": "Rain", "created_at": "2026-12-02T00:53:11Z"}}
    later = {"model": "songs.song", "fields": {"title": "Rain", "created_at": "2026-12-02T00:53:11.001Z"}}
    assert same_records([record], [reloaded])
    assert not same_records([record], [later])
    assert not same_records([record], [{**reloaded, "fields": {**reloaded["fields"], "title": "Snow"}}])

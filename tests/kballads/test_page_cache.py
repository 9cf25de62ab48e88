"""The whole-page cache: hits for readers, misses for editors, headers, outages."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as page_cache_settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kballads import page_cache, worker_memory
from kballads.cached_pages import CACHED_PAGES
from songs.models import Song
from tests.factories import make_list, make_song
from tests.helpers import parse, text_of

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}


def get_counting_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def title_on(client, song):
    return text_of(parse(client.get(song.get_absolute_url())).select_one("h1"))


def test_second_reader_request_is_served_from_the_cache_without_queries(client):
    song = make_song(title="Rain")
    first, first_queries = get_counting_queries(client, song.get_absolute_url())
    second, second_queries = get_counting_queries(client, song.get_absolute_url())
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_a_cached_page_is_kept_until_an_edit_says_otherwise(client):
    song = make_song(title="Rain")
    assert title_on(client, song) == "Rain"
    Song.objects.filter(pk=song.pk).update(title="Snow")  # a write that sends no signal
    assert title_on(client, song) == "Rain"
    song.refresh_from_db()
    song.save()
    assert title_on(client, song) == "Snow"


def test_editors_are_never_served_from_or_stored_in_the_cache(client, editor_client):
    song = make_song(title="Rain")
    for _ in range(2):
        response, queries = get_counting_queries(editor_client, song.get_absolute_url())
        assert queries > 0
        assert "private" in response["Cache-Control"]
    client.logout()
    response, queries = get_counting_queries(client, song.get_absolute_url())
    assert queries > 0, "the editor's request stored nothing"
    assert "public" in response["Cache-Control"]


def test_previews_of_drafts_are_not_cached(editor_client, client):
    draft = make_list(title="Work in progress", status="draft", published_at=None)
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    assert "no-store" in editor_client.get(draft.get_absolute_url())["Cache-Control"]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_not_found_and_posts_are_not_cached(client):
    for _ in range(2):
        response, queries = get_counting_queries(client, "/songs/no-such-song/")
        assert response.status_code == 404
        assert queries > 0
    song = make_song()
    assert client.post(song.get_absolute_url()).status_code == 405


def test_query_strings_are_pages_of_their_own(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8")
    plain = parse(client.get(song.get_absolute_url()))
    with_player = parse(client.get(song.get_absolute_url(), {"player": "spotify"}))
    assert plain.select("iframe") == []
    assert len(with_player.select("iframe")) == 1


def test_reader_pages_may_be_reused_briefly_by_browsers_and_caches(client):
    response = client.get(make_song().get_absolute_url())
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "stale-while-revalidate=300"}
    assert response["Last-Modified"]


@pytest.mark.parametrize("cached", [True, False])
def test_conditional_get_with_the_etag_is_a_304(client, cached):
    url = make_song().get_absolute_url()
    with override_settings(PAGE_CACHE_ENABLED=cached):
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        changed = client.get(url, headers={"if-none-match": '"something-else"'})
    assert first["ETag"]
    assert again.status_code == 304
    assert again.content == b""
    assert changed.status_code == 200


def test_conditional_get_with_the_last_modified_date_is_a_304(client):
    url = make_song().get_absolute_url()
    first = client.get(url)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


def test_a_scheduled_list_appears_at_its_publish_time_with_no_edit(client):
    song = make_song(title="Lonely night")
    scheduled = make_list(
        title="Coming at nine", entries=[song], published_at=timezone.now() + timedelta(hours=1)
    )
    pages = ["/", "/lists/", song.get_absolute_url(), song.credits.get().artist.get_absolute_url()]
    for url in pages:
        assert scheduled.title not in client.get(url).content.decode(), url
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        for url in pages:
            assert scheduled.title in client.get(url).content.decode(), url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_pages_turn_over_at_local_midnight(client):
    url = make_song().get_absolute_url()
    client.get(url)
    _, same_day = get_counting_queries(client, url)
    tomorrow = timezone.now() + timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: tomorrow)
        _, next_day = get_counting_queries(client, url)
    assert same_day == 0
    assert next_day > 0


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(page_cache, "_outage_until", 0.0)
    with override_settings(CACHES=CLOSED_PORT_REDIS):
        yield


def test_pages_are_served_uncached_when_redis_is_down(client, redis_down):
    song = make_song(title="Rain")
    for _ in range(2):
        response, queries = get_counting_queries(client, song.get_absolute_url())
        assert response.status_code == 200
        assert queries > 0
    assert text_of(parse(response).select_one("h1")) == "Rain"


def test_edits_still_save_when_redis_is_down(client, redis_down):
    song = make_song(title="Rain")
    song.title = "Snow"
    song.save()
    make_list(entries=[song])
    assert title_on(client, song) == "Snow"


def test_every_cached_page_is_a_known_url_name():
    from django.urls import reverse

    assert len(CACHED_PAGES) > 10
    for name, depends in CACHED_PAGES.items():
        takes_slug = (
            depends.tag or name.endswith(("_detail", "_share_image")) and name != "articles:site_share_image"
        )
        kwargs = {"slug": "x"} if takes_slug else {}
        if name == "articles:sitemap_section":
            kwargs = {"section": "songs"}
        if name == "articles:list_export":
            kwargs = {"slug": "x", "file_format": "md"}
        assert reverse(name, kwargs=kwargs)


def test_schedule_version_is_the_latest_publish_time_passed():
    assert page_cache.schedule_version([], 100) == 0
    assert page_cache.schedule_version([50, 150, 250], 200) == 150
    assert page_cache.schedule_version([50, 150], 150) == 150


def test_a_new_schedule_never_goes_back():
    passed = page_cache.schedule_version([50, 150, 250], 200)
    schedule = page_cache.new_schedule(passed, [300, 260])
    assert schedule == [150, 260, 300]
    assert page_cache.schedule_version(schedule, 200) == passed
    assert page_cache.new_schedule(0, [300]) == [300]


def test_with_the_page_cache_off_reader_pages_are_still_public_for_browsers(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    response, queries = get_counting_queries(client, make_song().get_absolute_url())
    assert queries > 0
    assert "public" in response["Cache-Control"]


def test_head_requests_are_answered_from_the_cache(client):
    url = make_song().get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url)
    assert response.status_code == 200
    assert len(queries) == 0
    assert "public" in response["Cache-Control"]


def test_an_edit_in_another_worker_reaches_this_one_within_a_second(client, monkeypatch):
    song = make_song(title="Rain")
    assert title_on(client, song) == "Rain"
    Song.objects.filter(pk=song.pk).update(title="Snow")
    # Another process's invalidation: the shared cache moves on, this worker's memory does not.
    cache.delete_many([page_cache.scope_key("catalog")])
    assert title_on(client, song) == "Rain"
    clock = time.monotonic() + page_cache_settings.PAGE_CACHE_VERSION_SECONDS + 0.1
    monkeypatch.setattr(worker_memory.time, "monotonic", lambda: clock)
    assert title_on(client, song) == "Snow"


def test_worker_memory_keeps_the_most_recent_pages_within_its_budget():
    memory = worker_memory.WorkerMemory()
    for key in "abc":
        memory.remember_page(key, {"content": b"x" * 40}, max_bytes=100)
    assert memory.page("a") is None
    assert memory.page("b") is not None
    memory.remember_page("d", {"content": b"x" * 40}, max_bytes=100)
    assert [memory.page(key) is not None for key in "bcd"] == [True, False, True]
    memory.remember_page("huge", {"content": b"x" * 101}, max_bytes=100)
    assert memory.page("huge") is None


def test_a_kept_value_is_computed_once_until_its_scope_changes():
    computed = []

    def compute():
        computed.append(len(computed))
        return {"count": len(computed)}

    assert page_cache.kept("songs-by-voice", "catalog", compute) == {"count": 1}
    assert page_cache.kept("songs-by-voice", "catalog", compute) == {"count": 1}
    page_cache.invalidate(scopes=["lists"])
    assert page_cache.kept("songs-by-voice", "catalog", compute) == {"count": 1}
    page_cache.invalidate(scopes=["catalog"])
    assert page_cache.kept("songs-by-voice", "catalog", compute) == {"count": 2}
    assert page_cache.kept("another-name", "catalog", compute) == {"count": 3}


def test_a_value_kept_under_two_scopes_is_computed_again_when_either_changes():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    both = ("catalog", "lists")
    assert page_cache.kept("ranked", both, compute) == 1
    assert page_cache.kept("ranked", both, compute) == 1
    page_cache.invalidate(scopes=["lists"])
    assert page_cache.kept("ranked", both, compute) == 2
    page_cache.invalidate(scopes=["catalog"])
    assert page_cache.kept("ranked", both, compute) == 3
    page_cache.invalidate(scopes=["songs-nowhere"])
    assert page_cache.kept("ranked", both, compute) == 3


def test_a_value_kept_under_lists_turns_over_when_a_scheduled_list_goes_public():
    start = timezone.now()
    with mock.patch.object(page_cache.timezone, "now", return_value=start):
        page_cache.reschedule([(start + timedelta(minutes=5)).timestamp()])
        assert page_cache.kept("ranked", ("catalog", "lists"), lambda: "before") == "before"
    with mock.patch.object(page_cache.timezone, "now", return_value=start + timedelta(minutes=6)):
        worker_memory.memory.forget_versions([page_cache.SCHEDULE_KEY])
        assert page_cache.kept("ranked", ("catalog", "lists"), lambda: "after") == "after"


def test_a_kept_value_is_computed_every_time_when_redis_is_down(redis_down):
    computed = []
    for _ in range(2):
        page_cache.kept("songs-by-voice", "catalog", lambda: computed.append(1) or len(computed))
    assert computed == [1, 1]


def test_a_kept_value_with_a_name_too_long_for_a_cache_key_is_kept_under_its_digest():
    computed = []
    long_name = "discover-counts:" + "&".join(f"mood=theme-{number}" for number in range(40))
    for _ in range(2):
        page_cache.kept(long_name, "catalog", lambda: computed.append(1) or len(computed))
    assert computed == [1]
    assert page_cache.bounded(long_name) != long_name and len(page_cache.bounded(long_name)) == 32
    assert (
        page_cache.bounded("index-count:songs:song_list:gender=female")
        == "index-count:songs:song_list:gender=female"
    )

"""Every kind of edit refreshes the cached pages that show it, and only those pages for list edits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import recommendations
from articles.models import ListEntry, PinnedRelatedList
from articles.playlist_import import import_playlist
from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.models import Membership, TaggedSong
from tests.factories import make_album, make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import parse, text_of
from tests.playlists import link, playlist_text, track

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A small catalog with a list, and each of its pages cached once."""
    theme = make_theme(name="Rain")
    artist = make_artist(name="Heize")
    drama = make_drama(title="Hotel")
    album = make_album(title="Clouds", artists=[artist])
    song = make_song(title="Can you see", artists=[artist], album=album, drama=drama, themes=[theme])
    other = make_song(title="Elsewhere")
    article = make_list(title="Rainy days", entries=[song], themes=[theme])
    return {
        "theme": theme,
        "artist": artist,
        "drama": drama,
        "album": album,
        "song": song,
        "other": other,
        "article": article,
        "related": make_list(title="More rain", themes=[theme]),
    }


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


def edit_song(w):
    w["song"].title = "Edited title"
    w["song"].save()
    return "Edited title", [
        w["song"],
        w["artist"],
        w["album"],
        w["drama"],
        w["theme"],
        w["article"],
        "/songs/",
    ]


def edit_artist(w):
    w["artist"].name = "Edited name"
    w["artist"].save()
    return "Edited name", [w["song"], w["artist"], w["album"], w["article"], "/artists/"]


def add_credit(w):
    guest = make_artist(name="Edited guest")
    w["song"].credits.create(artist=guest, role="featuring", position=2)
    return "Edited guest", [w["song"], w["article"], w["album"], w["drama"]]


def add_alias(w):
    w["artist"].aliases.create(name="Edited alias")
    return "Edited alias", [w["artist"]]


def add_membership(w):
    Membership.objects.create(group=make_artist(name="Edited group", kind="group"), member=w["artist"])
    return "Edited group", [w["artist"]]


def edit_album(w):
    w["album"].title = "Edited album"
    w["album"].save()
    return "Edited album", [w["album"], w["artist"], "/albums/"]


def add_album_artist(w):
    w["album"].artists.add(make_artist(name="Edited album artist"))
    return "Edited album artist", [w["album"], "/albums/"]


def edit_drama(w):
    w["drama"].title = "Edited drama"
    w["drama"].save()
    return "Edited drama", [w["drama"], w["song"], w["article"], "/dramas/"]


def edit_theme(w):
    w["theme"].name = "Edited theme"
    w["theme"].save()
    return "Edited theme", [w["theme"], w["song"], w["article"], "/", "/themes/", "/lists/"]


def add_song_theme(w):
    w["song"].themes.add(make_theme(name="Edited song theme"))
    return "Edited song theme", [w["song"]]


def edit_list(w):
    w["article"].title = "Edited list"
    w["article"].save()
    return "Edited list", [w["article"], w["song"], w["artist"], w["related"], w["theme"], "/", "/lists/"]


def add_entry(w):
    ListEntry.objects.create(article=w["article"], song=w["other"], position=2, commentary="Edited entry")
    return "Edited entry", [w["article"]]


def delete_entry(w):
    w["article"].entries.get(song=w["song"]).delete()
    return "Can you see", []


def add_list_theme(w):
    w["article"].themes.add(make_theme(name="Edited list theme"))
    return "Edited list theme", [w["article"], w["artist"], "/lists/", "/"]


def add_pin(w):
    pinned = make_list(title="Edited pinned list")
    PinnedRelatedList.objects.create(from_list=w["article"], to_list=pinned, position=1)
    return "Edited pinned list", [w["article"]]


EDITS = [
    edit_song,
    edit_artist,
    add_credit,
    add_alias,
    add_membership,
    edit_album,
    add_album_artist,
    edit_drama,
    edit_theme,
    add_song_theme,
    edit_list,
    add_entry,
    delete_entry,
    add_list_theme,
    add_pin,
]


def url_of(page):
    return page if isinstance(page, str) else page.get_absolute_url()


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_an_edit_refreshes_every_cached_page_that_shows_it(client, world, edit):
    urls = [url_of(page) for page in world.values()] + ["/", "/lists/", "/themes/", "/songs/", "/artists/"]
    urls += ["/albums/", "/dramas/", "/feeds/lists/"]
    before = {url: body(client, url) for url in urls}
    assert all(served_from_cache(client, url) for url in urls)
    text, showing = edit(world)
    for page in showing:
        assert text in body(client, url_of(page)), url_of(page)
    if edit is delete_entry:
        song_page = body(client, world["song"].get_absolute_url())
        assert world["article"].title not in song_page.split("Appears in these lists")[-1]
        assert text not in body(client, world["article"].get_absolute_url())
    assert before


def test_a_list_edit_keeps_other_songs_and_catalog_indexes_cached(client, world):
    untouched = [world["other"].get_absolute_url(), "/songs/", "/artists/", "/albums/", "/dramas/"]
    untouched.append(world["album"].get_absolute_url())
    for url in untouched:
        body(client, url)
    edit_list(world)
    assert all(served_from_cache(client, url) for url in untouched)


def test_an_entry_moving_to_another_song_refreshes_both_song_pages(client, world):
    entry = world["article"].entries.get()
    pages = [world["song"].get_absolute_url(), world["other"].get_absolute_url()]
    assert [world["article"].title in body(client, url) for url in pages] == [True, False]
    entry.song = world["other"]
    entry.save()
    assert [world["article"].title in body(client, url) for url in pages] == [False, True]


def test_a_catalog_import_refreshes_the_catalog_pages(client, world):
    body(client, "/songs/")
    import_playlist(playlist_text([track("Edited import", [link("Edited importer")], link("Album"))]))
    assert "Edited import" in body(client, "/songs/")
    assert "Edited importer" in body(client, "/artists/")


def test_the_kept_related_ranking_follows_new_lists(client, world, settings):
    settings.PAGE_CACHE_ENABLED = False  # the ranking is kept even when whole pages are not
    url = world["article"].get_absolute_url()
    assert "Edited newcomer" not in body(client, url)
    make_list(title="Edited newcomer", themes=[world["theme"]])
    assert "Edited newcomer" in body(client, url)


def test_rebuilt_recommendations_refresh_cached_song_pages(client):
    rain = make_theme(name="Rain")
    first, second = make_song(title="First drops"), make_song(title="Second drops")
    url = first.get_absolute_url()
    assert "Second drops" not in body(client, url)
    # Written in bulk, as imports and loaders do: no signal tells the page cache.
    TaggedSong.objects.bulk_create([TaggedSong(content_object=song, tag=rain) for song in (first, second)])
    assert served_from_cache(client, url)
    recommendations.refresh()
    similar = parse(client.get(url)).select_one("#similar")
    assert "Second drops" in text_of(similar)


def test_a_full_recommendation_rebuild_turns_every_page_and_ranking_over():
    """It follows bulk writes and restores, whose signals are raw: lists were renumbered, too."""
    before = [page_cache.scope_version(CATALOG), page_cache.scope_version(LISTS)]
    assert all(before)
    recommendations.refresh()
    after = [page_cache.scope_version(CATALOG), page_cache.scope_version(LISTS)]
    assert all(after) and after[0] != before[0] and after[1] != before[1]


def test_the_kept_home_presets_follow_catalog_edits(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # the counts are kept even when whole pages are not
    rain = make_theme(name="Rainy day", kind="mood")
    for number in range(3):
        make_song(title=f"Drizzle {number}", themes=[rain])  # the factory's artists are women

    def preset_count():
        presets = parse(client.get("/")).select_one("#discover-presets")
        return text_of(presets.select_one(".facet__count"))

    assert preset_count() == "3"
    make_song(title="Downpour", themes=[rain])
    assert preset_count() == "4"

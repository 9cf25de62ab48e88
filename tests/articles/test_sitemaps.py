"""The sitemap index and its sections: every public page reached, none past the protocol's size."""

import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import ListArticle
from articles.sitemaps import SITEMAPS
from tests.factories import make_album, make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def local(location):
    return location.removeprefix("http://testserver")


def section_addresses(client):
    """The sitemap files the index points at."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return [local(loc.text) for loc in tree.iterfind("s:sitemap/s:loc", NAMESPACE)]


def crawl(client):
    """Every page address in every section the index lists, and how many each section held."""
    paths, sizes = [], []
    for address in section_addresses(client):
        response = client.get(address)
        assert response.status_code == 200, address
        tree = ElementTree.fromstring(response.content)
        found = [local(loc.text) for loc in tree.iterfind("s:url/s:loc", NAMESPACE)]
        paths += found
        sizes.append(len(found))
    return paths, sizes


@pytest.fixture
def small_sections(monkeypatch):
    """Sections of two addresses, so a handful of records spreads over several pages."""
    for site in SITEMAPS.values():
        monkeypatch.setattr(site, "limit", 2)


def make_catalog(count):
    items = []
    for _ in range(count):
        song = make_song(album=make_album(), drama=make_drama())
        items += [song, song.album, song.drama, song.credits.get().artist, make_theme()]
        items.append(make_list(entries=[song]))
    return items


def test_sitemap_index_sections_reach_every_public_page(client, small_sections):
    items = make_catalog(3)
    paths, sizes = crawl(client)
    assert {item.get_absolute_url() for item in items} <= set(paths)
    assert {"/", "/lists/", "/songs/", "/artists/", "/albums/", "/dramas/", "/themes/"} <= set(paths)
    assert len(paths) == len(set(paths))
    assert max(sizes) == 2


def test_sitemap_sections_hold_at_most_500_addresses():
    assert {site.limit for name, site in SITEMAPS.items() if name != "pages"} == {500}


def test_sitemap_leaves_out_drafts_and_scheduled_lists(client, small_sections):
    make_list(title="Draft", status=ListArticle.Status.DRAFT, published_at=None)
    published = make_list()
    paths, _ = crawl(client)
    assert [path for path in paths if path.startswith("/lists/") and path != "/lists/"] == [
        published.get_absolute_url()
    ]


def test_sitemap_section_past_its_last_page_is_a_404(client, small_sections):
    for _ in range(3):
        make_artist()
    assert client.get("/sitemap-artists.xml?p=2").status_code == 200
    assert client.get("/sitemap-artists.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_the_catalog(client):
    make_catalog(2)
    urls = ["/sitemap.xml", "/sitemap-songs.xml", "/sitemap-lists.xml", "/sitemap-themes.xml"]
    before = {url: count_queries(client, url) for url in urls}
    make_catalog(6)
    assert {url: count_queries(client, url) for url in urls} == before


def test_kept_section_sizes_follow_the_catalog_and_publishing(client, settings, small_sections, monkeypatch):
    """Sections' row counts are kept; a new artist or a list reaching its publish time still
    gets its page in the sitemap at once."""
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        make_artist()
    assert client.get("/sitemap-artists.xml?p=2").status_code == 404
    make_artist()
    assert client.get("/sitemap-artists.xml?p=2").status_code == 200
    soon = timezone.now() + datetime.timedelta(minutes=10)
    scheduled = make_list(published_at=soon)
    paths, _ = crawl(client)
    assert scheduled.get_absolute_url() not in paths
    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    paths, _ = crawl(client)
    assert scheduled.get_absolute_url() in paths

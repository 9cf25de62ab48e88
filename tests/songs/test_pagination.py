"""Every listing is paginated: pages hold their share, links keep their place, past the end is a 404."""

import pytest
from django.test import RequestFactory

from songs.models import Artist, Song
from songs.pagination import CatalogPaginator, RankedFirstPaginator, page_of
from songs.views import NEWEST_FIRST
from tests.factories import make_album, make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def cards(client, url, selector, **query):
    response = client.get(url, query)
    assert response.status_code == 200, (url, query)
    return parse(response).select(selector)


@pytest.mark.parametrize("per_page", [1, 4, 7, 30, 31])
def test_pages_from_either_end_together_hold_every_row_once_in_order(per_page):
    artist = make_artist()
    for number in range(30):
        make_song(title=f"Song {number % 7}", artists=[artist])
    songs = Song.objects.order_by(*NEWEST_FIRST)
    paginator = CatalogPaginator(songs, per_page)
    paged = [song.pk for number in paginator.page_range for song in paginator.page(number)]
    assert paged == list(songs.values_list("pk", flat=True))


def test_a_known_count_is_not_counted_again(django_assert_num_queries):
    for _ in range(3):
        make_artist()
    paginator = CatalogPaginator(Artist.objects.order_by("name", "pk"), 2, count=3)
    with django_assert_num_queries(2):
        assert len(paginator.page(2)) == 1


@pytest.mark.parametrize("number", ["3", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_a_bad_or_past_the_end_page_is_a_404(number):
    from django.http import Http404

    for _ in range(3):
        make_artist()
    request = RequestFactory().get("/", {"page": number})
    with pytest.raises(Http404):
        page_of(request, Artist.objects.order_by("name", "pk"), 2)


def test_artist_page_pages_its_songs_albums_and_lists(client):
    artist = make_artist()
    for number in range(30):
        song = make_song(title=f"Song {number:02}", artists=[artist], album=make_album())
        make_list(entries=[song])
    url = artist.get_absolute_url()
    songs = 'section[aria-labelledby="songs-heading"] .song-card'
    albums = 'section[aria-labelledby="albums-heading"] .album-card'
    lists = 'section[aria-labelledby="lists-heading"] .list-card'
    assert [len(cards(client, url, songs, page=n)) for n in (1, 2)] == [24, 6]
    assert [len(cards(client, url, albums, albums=n)) for n in (1, 2, 3)] == [12, 12, 6]
    assert [len(cards(client, url, lists, lists=n)) for n in (1, 2, 3)] == [12, 12, 6]
    for query in [{"page": 3}, {"albums": 4}, {"lists": 4}, {"lists": "x"}]:
        assert client.get(url, query).status_code == 404, query


def test_section_page_links_keep_the_reader_at_their_section(client):
    artist = make_artist()
    for _ in range(13):
        make_list(entries=[make_song(artists=[artist])])
    page = parse(client.get(artist.get_absolute_url()))
    links = page.select('nav[aria-label="Pages of lists"] a[rel="next"]')
    assert [link["href"] for link in links] == ["?lists=2#lists-heading"]


def test_album_and_drama_pages_page_their_songs(client):
    album, drama = make_album(), make_drama()
    for number in range(55):
        make_song(album=album, drama=drama, ost_part=number % 9 + 1)
    assert [len(cards(client, album.get_absolute_url(), ".song-card", page=n)) for n in (1, 3)] == [24, 7]
    assert [len(cards(client, drama.get_absolute_url(), ".track-list li", page=n)) for n in (1, 2)] == [50, 5]
    assert client.get(album.get_absolute_url(), {"page": 4}).status_code == 404
    assert client.get(drama.get_absolute_url(), {"page": 3}).status_code == 404


def test_theme_page_pages_its_songs_and_lists(client):
    theme = make_theme()
    for _ in range(50):
        make_song(themes=[theme])
    for _ in range(13):
        make_list(themes=[theme])
    url = theme.get_absolute_url()
    songs = 'section[aria-labelledby="songs-heading"] .song-card'
    lists = 'section[aria-labelledby="lists-heading"] .list-card'
    assert [len(cards(client, url, songs, page=n)) for n in (1, 2)] == [48, 2]
    assert [len(cards(client, url, lists, lists=n)) for n in (1, 2)] == [12, 1]
    assert client.get(url, {"page": 3}).status_code == 404
    assert client.get(url, {"lists": 3}).status_code == 404


def test_song_page_pages_the_lists_it_appears_in(client):
    song = make_song()
    for _ in range(11):
        make_list(entries=[song])
    url = song.get_absolute_url()
    entries = 'section[aria-labelledby="lists-heading"] .appearances > li'
    assert [len(cards(client, url, entries, lists=n)) for n in (1, 2)] == [10, 1]
    assert client.get(url, {"lists": 3}).status_code == 404


def test_ranked_rows_come_first_then_the_rest_in_its_own_order_on_every_page():
    songs = [make_song(title=f"Song {number}") for number in range(10)]
    ranked = [songs[n].pk for n in (9, 2, 5, 0, 7, 4)]
    everything = Song.objects.order_by("title", "pk")
    rest = everything.exclude(pk__in=ranked)
    paginator = RankedFirstPaginator(everything, 4, ranked, rest)
    pages = [[song.pk for song in paginator.page(number)] for number in paginator.page_range]
    assert paginator.count == 10 and paginator.num_pages == 3
    assert pages == [ranked[:4], ranked[4:] + [songs[1].pk, songs[3].pk], [songs[6].pk, songs[8].pk]]

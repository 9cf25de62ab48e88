"""A group's page gathers its members' songs, and its stored song count includes them."""

import pytest
from django.core.cache import cache

from songs.counters import recount_songs
from songs.models import Artist, Membership, SongCredit
from tests.factories import make_artist, make_song
from tests.helpers import count_queries, parse, text_of

pytestmark = pytest.mark.django_db


def stored_count(artist):
    return Artist.objects.get(pk=artist.pk).song_count


@pytest.fixture
def bts():
    group = make_artist(name="BTS", kind=Artist.Kind.GROUP)
    jin, v = make_artist(name="Jin"), make_artist(name="V")
    Membership.objects.create(group=group, member=jin)
    Membership.objects.create(group=group, member=v)
    return group, jin, v


def song_cards(page):
    return {text_of(card.select_one(".card__title a")): card for card in page.select(".song-card")}


def test_group_page_shows_members_songs_marked_with_who_sings(client, bts):
    group, jin, v = bts
    make_song(title="Spring Day", artists=[group])
    make_song(title="Abyss", artists=[jin])
    make_song(title="Winter Bear", artists=[v])
    make_song(title="Duet", artists=[jin, v])
    make_song(title="Unrelated", artists=[make_artist()])
    cards = song_cards(parse(client.get(group.get_absolute_url())))
    assert set(cards) == {"Spring Day", "Abyss", "Winter Bear", "Duet"}
    assert cards["Spring Day"].select_one(".card__sung-by") is None
    assert text_of(cards["Abyss"].select_one(".card__sung-by")) == "sung by Jin"
    assert text_of(cards["Duet"].select_one(".card__sung-by")) == "sung by Jin & V"


def test_a_song_by_the_group_and_a_member_is_shown_once_as_the_groups(client, bts):
    group, jin, _ = bts
    make_song(title="Together", artists=[group], featuring=[jin])
    cards = parse(client.get(group.get_absolute_url())).select(".song-card")
    assert len(cards) == 1
    assert cards[0].select_one(".card__sung-by") is None


def test_group_song_count_includes_members_songs_once(bts):
    group, jin, v = bts
    make_song(artists=[group])
    make_song(artists=[jin])
    make_song(artists=[jin, v])
    make_song(artists=[group, v])
    assert stored_count(group) == 4
    assert stored_count(jin) == 2


def test_group_count_follows_credits_edited_one_by_one(bts):
    group, jin, _ = bts
    song = make_song(artists=[make_artist()])
    credit = SongCredit.objects.create(song=song, artist=jin, position=2)
    assert stored_count(group) == 1
    credit.delete()
    assert stored_count(group) == 0


def test_group_count_follows_memberships(bts):
    group, jin, _ = bts
    newcomer = make_artist(name="Newcomer")
    make_song(artists=[newcomer])
    make_song(artists=[jin])
    membership = Membership.objects.create(group=group, member=newcomer)
    assert stored_count(group) == 2
    membership.delete()
    assert stored_count(group) == 1
    group.members.add(newcomer)
    assert stored_count(group) == 2
    newcomer.groups.remove(group)
    assert stored_count(group) == 1
    jin.groups.clear()
    assert stored_count(group) == 0


def test_recounting_every_artist_gives_the_same_counts(bts):
    group, jin, v = bts
    make_song(artists=[jin])
    make_song(artists=[group, v])
    before = dict(Artist.objects.values_list("pk", "song_count"))
    Artist.objects.update(song_count=0)
    recount_songs()
    assert dict(Artist.objects.values_list("pk", "song_count")) == before


def test_artist_card_and_page_show_the_count_with_members_songs(client, bts):
    group, jin, _ = bts
    make_song(artists=[jin])
    make_song(artists=[group])
    index = parse(client.get("/artists/"))
    card = next(card for card in index.select(".artist-card") if text_of(card.select_one("h3")) == "BTS")
    assert "2 songs" in text_of(card.select_one(".card__meta"))
    assert "2 songs" in text_of(parse(client.get(group.get_absolute_url())).select_one(".eyebrow"))


def test_group_page_queries_are_the_same_for_few_and_many_member_songs(client, bts):
    group, jin, v = bts
    for _ in range(3):
        make_song(artists=[jin])
    before = count_queries(client, group.get_absolute_url())
    for _ in range(40):
        make_song(artists=[v])
    for page in (group.get_absolute_url(), group.get_absolute_url() + "?page=2"):
        cache.clear()  # nothing kept from the page before
        assert count_queries(client, page) == before


def test_a_groups_songs_and_albums_are_read_once_until_the_catalog_changes(client, settings, bts):
    """Kept between renders: the second render (page cache off) reads no credits; a new
    member's song is on the page as soon as it is saved."""
    settings.PAGE_CACHE_ENABLED = False
    group, jin, _ = bts
    make_song(title="Spring Day", artists=[group])
    first = count_queries(client, group.get_absolute_url())
    assert count_queries(client, group.get_absolute_url()) == first - 3  # no credits, album links, list ids
    make_song(title="Abyss", artists=[jin])
    assert set(song_cards(parse(client.get(group.get_absolute_url())))) == {"Spring Day", "Abyss"}
    Membership.objects.filter(member=jin).delete()
    assert set(song_cards(parse(client.get(group.get_absolute_url())))) == {"Spring Day"}

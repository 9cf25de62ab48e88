import datetime

import pytest
from django.core.cache import cache
from django.test.utils import override_script_prefix
from django.urls import reverse

from songs.models import Album, Artist, Membership
from tests.factories import make_album, make_artist, make_drama, make_song, make_theme
from tests.helpers import count_queries, parse, text_of, texts

pytestmark = pytest.mark.django_db


# Song pages


def test_song_page_shows_titles_artists_album_release_and_length(client):
    heize, shin = make_artist(name="HEIZE", hangul_name="헤이즈"), make_artist(name="Shin Yong Jae")
    album = make_album(title="/// (You, Clouds, Rain)", artists=[heize])
    song = make_song(
        title="You, Clouds, Rain",
        hangul_title="비도 오고 그래서",
        artists=[heize, shin],
        album=album,
        length_seconds=205,
        released_on=datetime.date(2017, 6, 1),
        release_precision="month",
    )
    page = parse(client.get(song.get_absolute_url()))
    assert text_of(page.select_one("h1")) == "You, Clouds, Rain 비도 오고 그래서"
    assert page.select_one("h1 .hangul")["lang"] == "ko"
    byline = page.select_one(".byline")
    assert [a["href"] for a in byline.select("a")] == [heize.get_absolute_url(), shin.get_absolute_url()]
    facts = dict(zip(texts(page, ".facts dt"), texts(page, ".facts dd"), strict=True))
    assert facts == {"Album": album.title, "Released": "June 2017", "Length": "3:25"}
    assert page.select_one(f'.facts a[href="{album.get_absolute_url()}"]')


def test_song_page_marks_featured_artists(client):
    bts, aoki = make_artist(name="BTS"), make_artist(name="Steve Aoki")
    song = make_song(title="The Truth Untold", artists=[bts], featuring=[aoki])
    byline = parse(client.get(song.get_absolute_url())).select_one(".byline")
    assert text_of(byline) == "BTS feat. Steve Aoki"


def test_song_page_links_its_drama_and_ost_part(client):
    drama = make_drama(title="Hotel Del Luna", year=2019)
    song = make_song(title="Can You See My Heart", drama=drama, ost_part=5)
    page = parse(client.get(song.get_absolute_url()))
    facts = dict(zip(texts(page, ".facts dt"), texts(page, ".facts dd"), strict=True))
    assert facts["Soundtrack"] == "Hotel Del Luna, OST Part 5"
    assert page.select_one(f'.facts a[href="{drama.get_absolute_url()}"]')


def test_song_page_loads_no_player_until_the_reader_asks(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8", youtube_id="abcdefghijk")
    page = parse(client.get(song.get_absolute_url()))
    assert page.select("iframe") == []
    assert page.select_one('a[href="https://open.spotify.com/track/6td501MwDVFewdz6qNOtG8"]')
    play_link = page.select_one('a[data-player="spotify"]')
    assert play_link["href"] == "?player=spotify#listen"


def test_song_page_shows_the_player_the_reader_asked_for(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8")
    page = parse(client.get(song.get_absolute_url(), {"player": "spotify"}))
    frames = page.select("iframe")
    assert [frame["src"] for frame in frames] == [
        "https://open.spotify.com/embed/track/6td501MwDVFewdz6qNOtG8"
    ]


@pytest.mark.parametrize("player", ["youtube", "soundcloud", "", "<script>"])
def test_song_page_ignores_a_player_it_cannot_show(client, player):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8")
    response = client.get(song.get_absolute_url(), {"player": player})
    assert response.status_code == 200
    assert parse(response).select("iframe") == []


def listen_links(song, client):
    page = parse(client.get(song.get_absolute_url()))
    return {text_of(link): link["href"] for link in page.select("#listen .listen__links a")}


def test_song_without_listening_ids_links_a_spotify_and_a_youtube_search_for_artist_and_title(client):
    song = make_song(title="Love, Maybe", artists=[make_artist(name="MeloMance")])
    assert listen_links(song, client) == {
        "Search Spotify": "https://open.spotify.com/search/MeloMance%20Love%2C%20Maybe",
        "Search YouTube": "https://www.youtube.com/results?search_query=MeloMance+Love%2C+Maybe",
    }


def test_song_with_both_ids_links_the_track_and_the_video_and_offers_both_players(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8", youtube_id="abcdefghijk")
    assert listen_links(song, client) == {
        "Open in Spotify": "https://open.spotify.com/track/6td501MwDVFewdz6qNOtG8",
        "Play here with Spotify": "?player=spotify#listen",
        "Watch on YouTube": "https://www.youtube.com/watch?v=abcdefghijk",
        "Play the video here": "?player=youtube#listen",
    }


def test_song_with_a_spotify_id_only_also_links_a_youtube_search(client):
    song = make_song(
        title="Dear", artists=[make_artist(name="Jung Seung Hwan")], spotify_id="6td501MwDVFewdz6qNOtG8"
    )
    links = listen_links(song, client)
    assert links["Open in Spotify"] == "https://open.spotify.com/track/6td501MwDVFewdz6qNOtG8"
    assert links["Search YouTube"] == "https://www.youtube.com/results?search_query=Jung+Seung+Hwan+Dear"
    assert "Search Spotify" not in links


def test_song_page_lists_its_themes(client):
    theme = make_theme(name="Rainy day")
    song = make_song(themes=[theme])
    page = parse(client.get(song.get_absolute_url()))
    assert [a["href"] for a in page.select(".tags a")] == [theme.get_absolute_url()]


def test_song_page_shows_more_songs_by_the_same_artists_but_not_itself(client):
    iu, other = make_artist(name="IU"), make_artist()
    song = make_song(title="Love poem", artists=[iu])
    sibling = make_song(title="Lullaby", artists=[iu])
    make_song(title="Unrelated", artists=[other])
    page = parse(client.get(song.get_absolute_url()))
    section = page.select_one('section[aria-labelledby="more-heading"]')
    assert texts(section, ".card__title a") == [sibling.title]


def test_unknown_song_is_a_404_in_the_site_layout(client):
    response = client.get("/songs/no-such-song/")
    assert response.status_code == 404
    page = parse(response)
    assert text_of(page.select_one("h1")) == "We couldn’t find that page"
    assert page.select_one("header.site-header nav")


def test_unknown_address_is_a_404_in_the_site_layout(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert parse(response).select_one("footer.site-footer")


# Artist pages


def test_artist_page_shows_names_aliases_kind_and_gender(client):
    artist = make_artist(name="Baek Ye-rin", hangul_name="백예린", gender=Artist.Gender.FEMALE)
    for alias in ["Yerin Baek", "Baek Yerin"]:
        artist.aliases.create(name=alias)
    page = parse(client.get(artist.get_absolute_url()))
    assert text_of(page.select_one("h1")) == "Baek Ye-rin 백예린"
    assert texts(page, ".alias") == ["Baek Yerin", "Yerin Baek"]
    assert text_of(page.select_one(".eyebrow")) == "Solo artist · Female · 0 songs"


def test_group_and_member_pages_link_each_other(client):
    bts = make_artist(name="BTS", kind=Artist.Kind.GROUP, gender=Artist.Gender.MALE)
    jin = make_artist(name="Jin", gender=Artist.Gender.MALE)
    Membership.objects.create(group=bts, member=jin)
    group_page = parse(client.get(bts.get_absolute_url()))
    member_page = parse(client.get(jin.get_absolute_url()))
    members = group_page.select_one('section[aria-labelledby="members-heading"]')
    groups = member_page.select_one('section[aria-labelledby="groups-heading"]')
    assert [a["href"] for a in members.select("a")] == [jin.get_absolute_url()]
    assert [a["href"] for a in groups.select("a")] == [bts.get_absolute_url()]


def test_artist_page_lists_songs_and_albums_including_features(client):
    aoki = make_artist(name="Steve Aoki")
    album = make_album(title="Love Yourself 轉 'Tear'")
    song = make_song(title="The Truth Untold", featuring=[aoki], album=album)
    page = parse(client.get(aoki.get_absolute_url()))
    assert texts(page, 'section[aria-labelledby="songs-heading"] .card__title a') == [song.title]
    assert texts(page, 'section[aria-labelledby="albums-heading"] .card__title a') == [album.title]


def test_artist_page_albums_are_its_own_newest_first_not_its_members(client):
    group, member = make_artist(name="EXO", kind=Artist.Kind.GROUP), make_artist(name="Chen")
    Membership.objects.create(group=group, member=member)
    older = make_album(title="XOXO", released_on=datetime.date(2013, 6, 3))
    newer = make_album(title="Exist", released_on=datetime.date(2023, 7, 10))
    credited_only = make_album(
        artists=[group], title="Don't Fight the Feeling", released_on=datetime.date(2021, 6, 7)
    )
    make_song(artists=[group], album=older)
    make_song(artists=[group], album=newer)
    make_song(artists=[group], album=newer, title="Let Me In")
    make_song(artists=[member], album=make_album(title="April, and a Flower"))
    page = parse(client.get(group.get_absolute_url()))
    titles = texts(page, 'section[aria-labelledby="albums-heading"] .card__title a')
    assert titles == [newer.title, credited_only.title, older.title]


def test_unknown_artist_is_a_404(client):
    assert client.get("/artists/nobody/").status_code == 404


# Album and drama pages


def test_album_page_lists_its_songs_and_artists(client):
    iu = make_artist(name="IU")
    album = make_album(title="Palette", artists=[iu], kind=Album.Kind.ALBUM)
    songs = [
        make_song(title=title, artists=[iu], album=album) for title in ["Through the Night", "Ending Scene"]
    ]
    page = parse(client.get(album.get_absolute_url()))
    assert text_of(page.select_one(".eyebrow")) == "Full album"
    assert texts(page, ".byline a") == ["IU"]
    assert sorted(texts(page, ".card__title a")) == sorted(song.title for song in songs)


def test_drama_page_lists_the_soundtrack_in_part_order(client):
    drama = make_drama(title="Hospital Playlist", year=2020, network="tvN")
    make_song(title="Aloha", drama=drama, ost_part=3)
    make_song(title="Lonely Night", drama=drama, ost_part=1)
    make_song(title="Unnumbered", drama=drama)
    make_song(title="Introduce me a good person", drama=drama, ost_part=2)
    page = parse(client.get(drama.get_absolute_url()))
    assert texts(page, ".track-list li > span:nth-of-type(2) > a") == [
        "Lonely Night",
        "Introduce me a good person",
        "Aloha",
        "Unnumbered",
    ]
    assert texts(page, ".track-list__part") == ["Part 1", "Part 2", "Part 3", "—"]


def test_drama_page_names_the_titles_it_is_also_known_by(client):
    goblin = make_drama(title="Guardian: The Lonely and Great God", also_known_as="Goblin, , Dokkaebi ")
    untitled = make_drama(title="Start-Up")
    assert text_of(parse(client.get(goblin.get_absolute_url())).select_one(".also-known-as")) == (
        "Also known as Goblin, Dokkaebi"
    )
    assert parse(client.get(untitled.get_absolute_url())).select_one(".also-known-as") is None


@pytest.mark.parametrize("url", ["/albums/none/", "/dramas/none/", "/themes/none/"])
def test_unknown_album_drama_or_theme_is_a_404(client, url):
    assert client.get(url).status_code == 404


# Indexes and their filters


def song_titles(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return sorted(texts(parse(response), ".song-card .card__title a"))


def test_song_index_filters_by_artist_gender_and_kind(client):
    male = make_artist(gender=Artist.Gender.MALE)
    group = make_artist(gender=Artist.Gender.FEMALE, kind=Artist.Kind.GROUP)
    make_song(title="His song", artists=[male])
    make_song(title="Their song", artists=[group])
    assert song_titles(client, "/songs/", {"gender": "male"}) == ["His song"]
    assert song_titles(client, "/songs/", {"kind": "group"}) == ["Their song"]


def test_song_index_filters_by_decade_and_soundtrack(client):
    drama = make_drama()
    make_song(title="Old", released_on=datetime.date(2009, 5, 1))
    make_song(title="New OST", released_on=datetime.date(2019, 5, 1), drama=drama)
    assert song_titles(client, "/songs/", {"decade": "2000"}) == ["Old"]
    assert song_titles(client, "/songs/", {"soundtrack": "yes"}) == ["New OST"]
    assert song_titles(client, "/songs/", {"soundtrack": "no"}) == ["Old"]


def test_song_index_filters_by_theme(client):
    theme = make_theme(name="Winter")
    make_song(title="Snow", themes=[theme])
    make_song(title="Summer")
    assert song_titles(client, "/songs/", {"theme": theme.slug}) == ["Snow"]


@pytest.mark.parametrize(
    "query",
    [{"gender": "robot"}, {"decade": "abc"}, {"decade": "1234"}, {"soundtrack": "maybe"}, {"kind": "<b>"}],
)
def test_unknown_filter_values_are_ignored(client, query):
    make_song(title="Only song")
    assert song_titles(client, "/songs/", query) == ["Only song"]


@pytest.mark.parametrize("url", ["/songs/", "/artists/", "/albums/", "/dramas/"])
@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1.5"])
def test_bad_page_numbers_are_a_404_never_an_error(client, url, page):
    make_song()
    assert client.get(url, {"page": page}).status_code == 404


def test_song_index_paginates_and_keeps_filters_in_page_links(client):
    artist = make_artist(gender=Artist.Gender.MALE)
    for number in range(30):
        make_song(title=f"Song {number:02}", artists=[artist])
    first_page = parse(client.get("/songs/", {"gender": "male"}))
    assert len(first_page.select(".song-card")) == 24
    assert first_page.select_one('a[rel="next"]')["href"] == "?gender=male&page=2"
    second_page = parse(client.get("/songs/", {"gender": "male", "page": 2}))
    assert len(second_page.select(".song-card")) == 6


def test_artist_index_filters_by_gender_and_kind(client):
    make_artist(name="Paul Kim", gender=Artist.Gender.MALE)
    make_artist(name="Red Velvet", gender=Artist.Gender.FEMALE, kind=Artist.Kind.GROUP)
    response = client.get("/artists/", {"gender": "female", "kind": "group"})
    assert texts(parse(response), ".artist-card .card__title a") == ["Red Velvet"]


def test_album_and_drama_indexes_filter_by_kind_and_decade(client):
    make_album(title="Palette", kind=Album.Kind.ALBUM, released_on=datetime.date(2017, 4, 21))
    make_album(title="Dear", kind=Album.Kind.SINGLE, released_on=datetime.date(2021, 1, 1))
    make_drama(title="Goblin", year=2016, kind="tv")
    make_drama(title="Firefighters", year=2024, kind="film")
    albums = parse(client.get("/albums/", {"decade": "2010"}))
    dramas = parse(client.get("/dramas/", {"kind": "film"}))
    assert texts(albums, ".album-card .card__title a") == ["Palette"]
    assert texts(dramas, ".card__title a") == ["Firefighters"]


def test_navigation_marks_the_current_section(client):
    page = parse(client.get("/artists/"))
    assert texts(page, '.site-nav a[aria-current="page"]') == ["Artists"]


def test_the_layouts_links_follow_the_script_prefix(client, settings):
    """The layout's fixed links are reversed once a process, yet each under its own prefix."""
    settings.PAGE_CACHE_ENABLED = False
    assert parse(client.get("/artists/")).select_one(".site-footer a")["href"] == "/lists/"
    with override_script_prefix("/ballads/"):
        page = parse(client.get("/artists/"))
    assert page.select_one(".site-footer a")["href"] == "/ballads/lists/"
    assert page.select_one(".site-search")["action"] == "/ballads/search/"
    assert texts(page, ".site-nav a") and all(
        link["href"].startswith("/ballads/") for link in page.select(".site-nav a")
    )


def test_pages_load_no_third_party_resources(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8")
    page = parse(client.get(song.get_absolute_url()))
    sources = [
        tag.get("src") or tag.get("href")
        for tag in page.select('script:not([type="application/ld+json"]), link[rel=stylesheet], img')
    ]
    assert sources and all(source.startswith("/") for source in sources)


# Query counts do not grow with what a page shows


def add_songs(count, **overrides):
    drama, album = make_drama(), make_album(artists=[make_artist()])
    theme = make_theme()
    for _ in range(count):
        make_song(
            artists=[make_artist(), make_artist()],
            featuring=[make_artist()],
            album=album,
            drama=drama,
            ost_part=1,
            themes=[theme],
            **overrides,
        )
    return drama, album, theme


def test_song_index_query_count_is_flat(client):
    add_songs(3)
    before = count_queries(client, "/songs/")
    add_songs(6)
    assert count_queries(client, "/songs/") == before


def test_song_page_query_count_is_flat(client):
    artist = make_artist()
    song = make_song(artists=[artist, make_artist()], themes=[make_theme()])
    add_songs(2)
    for _ in range(2):
        make_song(artists=[artist])
    before = count_queries(client, song.get_absolute_url())
    for _ in range(4):
        make_song(artists=[artist, make_artist()])
    song.themes.add(make_theme(), make_theme())
    assert count_queries(client, song.get_absolute_url()) == before


def test_artist_page_query_count_is_flat(client):
    artist = make_artist(kind=Artist.Kind.GROUP)

    def add_work(count):
        for _ in range(count):
            make_song(artists=[artist, make_artist()], album=make_album(artists=[artist, make_artist()]))
            Membership.objects.create(group=artist, member=make_artist())
            Membership.objects.create(group=make_artist(kind=Artist.Kind.GROUP), member=artist)
            artist.aliases.create(name=f"Alias {artist.aliases.count()}")

    add_work(2)
    before = count_queries(client, artist.get_absolute_url())
    add_work(5)
    assert count_queries(client, artist.get_absolute_url()) == before


def test_album_drama_and_index_pages_query_counts_are_flat(client):
    drama, album, theme = add_songs(2)
    urls = [
        album.get_absolute_url(),
        drama.get_absolute_url(),
        "/artists/",
        "/albums/",
        "/dramas/",
        theme.get_absolute_url(),
        "/themes/",
        "/",
    ]

    def counts_with_nothing_kept():
        counts = {}
        for url in urls:
            cache.clear()  # a value kept under scopes these edits leave alone would save a query
            counts[url] = count_queries(client, url)
        return counts

    before = counts_with_nothing_kept()
    for _ in range(5):
        make_song(artists=[make_artist()], album=album, drama=drama, ost_part=2, themes=[theme])
        make_album(artists=[make_artist(), make_artist()])
        make_drama()
    assert counts_with_nothing_kept() == before


def test_home_page_links_to_recent_songs_and_artists(client):
    artist = make_artist(name="IU")
    song = make_song(title="Love poem", artists=[artist])
    page = parse(client.get(reverse("articles:home")))
    assert page.select_one(f'a[href="{song.get_absolute_url()}"]')
    assert page.select_one(f'a[href="{artist.get_absolute_url()}"]')


def test_a_filtered_index_counts_once_until_the_catalog_changes(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    singer = make_artist(name="Solo", gender=Artist.Gender.FEMALE)
    make_song(title="First", artists=[singer])
    make_song(title="His", artists=[make_artist(name="He", gender=Artist.Gender.MALE)])
    url = "/songs/?gender=female"
    cold = count_queries(client, url)
    assert count_queries(client, url) == cold - 1  # the count is kept
    assert count_queries(client, "/songs/?gender=male") == cold  # another filter counts its own
    for number in range(30):
        make_song(title=f"Later {number}", artists=[singer])
    page = parse(client.get(url + "&page=2"))
    later = [f"Later {number}" for number in sorted(range(30), key=str)]
    assert [text_of(card) for card in page.select(".card__title a")] == later[23:]

"""What a shared link shows: Open Graph and Twitter tags, the share images, and schema.org data."""

import io

import pytest
from django.test import override_settings
from PIL import Image

from articles.models import ListArticle
from songs.models import Artist, Drama, Membership
from tests.factories import make_album, make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries, json_ld, parse

pytestmark = pytest.mark.django_db


def meta(page, name):
    tag = page.select_one(f'meta[property="{name}"], meta[name="{name}"]')
    return tag["content"] if tag else None


@pytest.fixture
def catalog():
    jin = make_artist(name="Jin", hangul_name="진")
    bts = make_artist(name="BTS", hangul_name="방탄소년단", kind=Artist.Kind.GROUP)
    Membership.objects.create(group=bts, member=jin)
    album = make_album(title="Happy", artists=[jin])
    abyss = make_song(title="Abyss", hangul_title="어비스", artists=[jin], album=album, length_seconds=245)
    drama = make_drama(title="Hotel Del Luna", hangul_title="호텔 델루나")
    ost = make_song(title="Can You See My Heart", drama=drama, ost_part=5)
    article = make_list(title="Tearjerkers", summary="Ballads that undo you.", entries=[abyss, ost])
    return {
        "jin": jin,
        "bts": bts,
        "album": album,
        "abyss": abyss,
        "drama": drama,
        "ost": ost,
        "list": article,
    }


def public_urls(catalog):
    theme = make_theme(name="Winter")
    return [
        "/",
        "/lists/",
        catalog["list"].get_absolute_url(),
        "/songs/",
        catalog["abyss"].get_absolute_url(),
        "/artists/",
        catalog["jin"].get_absolute_url(),
        "/albums/",
        catalog["album"].get_absolute_url(),
        "/dramas/",
        catalog["drama"].get_absolute_url(),
        "/themes/",
        theme.get_absolute_url(),
        "/discover/",
        "/search/?q=jin",
    ]


def test_list_page_has_open_graph_and_twitter_card_tags(client, catalog):
    article = catalog["list"]
    page = parse(client.get(article.get_absolute_url()))
    assert meta(page, "og:title") == "Tearjerkers"
    assert meta(page, "og:description") == "Ballads that undo you."
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:site_name") == "K-Ballads"
    assert meta(page, "og:url") == f"http://testserver{article.get_absolute_url()}"
    assert meta(page, "og:url") == page.select_one('link[rel="canonical"]')["href"]
    assert meta(page, "og:image") == f"http://testserver/share/lists/{article.slug}.png"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "twitter:card") == "summary_large_image"


def test_every_public_page_has_the_share_tags(client, catalog):
    for url in public_urls(catalog):
        page = parse(client.get(url))
        for name in ["og:title", "og:description", "og:url", "og:type", "og:image", "og:site_name"]:
            assert meta(page, name), f"{url} has no {name}"
        assert meta(page, "twitter:card") == "summary_large_image", url
        assert meta(page, "og:description") == meta(page, "description"), url
        assert "BreadcrumbList" in json_ld(page), url


def test_song_and_artist_pages_share_their_own_images_and_facts(client, catalog):
    song_page = parse(client.get(catalog["abyss"].get_absolute_url()))
    assert meta(song_page, "og:image") == f"http://testserver/share/songs/{catalog['abyss'].slug}.png"
    assert meta(song_page, "og:description") == "Abyss (어비스) by Jin, from Happy."
    artist_page = parse(client.get(catalog["bts"].get_absolute_url()))
    assert meta(artist_page, "og:image") == f"http://testserver/share/artists/{catalog['bts'].slug}.png"
    assert meta(artist_page, "og:description") == "BTS (방탄소년단): group of 1 (Jin) — 1 song on K-Ballads."
    home = parse(client.get("/"))
    assert meta(home, "og:image") == "http://testserver/share/k-ballads.png"


def test_description_is_plain_escaped_text_cut_at_a_word(client):
    summary = 'Songs for <b>rain</b> & "quiet" nights, ' + "slow and long " * 30
    article = make_list(summary=summary[:300])
    response = client.get(article.get_absolute_url())
    description = meta(parse(response), "og:description")
    assert description.startswith('Songs for <b>rain</b> & "quiet" nights, slow and long')
    assert len(description) <= 200 and description.endswith("…")
    kept = description[:-1]
    assert summary.startswith(kept) and summary[len(kept)] == " "
    assert b'content="Songs for &lt;b&gt;rain&lt;/b&gt; &amp; &quot;quiet&quot;' in response.content


def png_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize("kind", ["list", "abyss", "bts"])
def test_share_images_are_1200_by_630_pngs(client, catalog, kind):
    url = {
        "list": f"/share/lists/{catalog['list'].slug}.png",
        "abyss": f"/share/songs/{catalog['abyss'].slug}.png",
        "bts": f"/share/artists/{catalog['bts'].slug}.png",
    }[kind]
    image = png_of(client.get(url))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_share_image_answers_304_to_the_copy_a_reader_has(client, catalog):
    url = f"/share/songs/{catalog['abyss'].slug}.png"
    first = client.get(url)
    assert first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_share_image_is_cached_and_made_again_when_the_list_changes(client, catalog):
    article = catalog["list"]
    url = f"/share/lists/{article.slug}.png"
    with override_settings(PAGE_CACHE_ENABLED=True):
        first = client.get(url)
        assert "public" in first["Cache-Control"]
        assert client.get(url).content == first.content
        article.title = "Tearjerkers, revised"
        article.save()
        second = client.get(url)
    assert second.content != first.content and second["ETag"] != first["ETag"]


def test_drafts_and_unknown_slugs_have_no_share_image(client):
    draft = make_list(status=ListArticle.Status.DRAFT, published_at=None)
    assert client.get(f"/share/lists/{draft.slug}.png").status_code == 404
    assert client.get("/share/songs/no-such-song.png").status_code == 404
    assert client.get("/share/artists/no-such-artist.png").status_code == 404


def test_share_image_queries_do_not_depend_on_the_list(client, catalog):
    small = count_queries(client, f"/share/lists/{catalog['list'].slug}.png")
    big = make_list(entries=[make_song() for _ in range(12)])
    assert count_queries(client, f"/share/lists/{big.slug}.png") == small


# schema.org data


def test_list_page_is_a_music_playlist_with_its_tracks(client, catalog):
    article = catalog["list"]
    data = json_ld(parse(client.get(article.get_absolute_url())))
    playlist = data["MusicPlaylist"]
    assert playlist["name"] == "Tearjerkers" and playlist["numTracks"] == 2
    assert playlist["url"] == f"http://testserver{article.get_absolute_url()}"
    first, second = playlist["track"]
    assert (first["@type"], first["position"], first["name"]) == ("MusicRecording", 1, "Abyss")
    assert first["url"] == f"http://testserver{catalog['abyss'].get_absolute_url()}"
    assert first["byArtist"] == [{"@type": "Person", "name": "Jin"}]
    assert "inAlbum" not in first and "duration" not in first  # the song's own page gives them
    assert second["position"] == 2 and second["name"] == "Can You See My Heart"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [(1, "Home"), (2, "Lists"), (3, "Tearjerkers")]
    assert crumbs[2]["item"] == playlist["url"]


def test_song_page_is_a_music_recording(client, catalog):
    data = json_ld(parse(client.get(catalog["abyss"].get_absolute_url())))
    song = data["MusicRecording"]
    assert song["name"] == "Abyss" and song["alternateName"] == "어비스"
    assert song["duration"] == "PT4M5S"
    assert song["inAlbum"]["name"] == "Happy" and song["inAlbum"]["@type"] == "MusicAlbum"
    assert [artist["name"] for artist in song["byArtist"]] == ["Jin"]
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == ["Home", "Songs", "Abyss — Jin"]


def test_artist_pages_are_a_person_or_a_music_group_with_members(client, catalog):
    group = json_ld(parse(client.get(catalog["bts"].get_absolute_url())))["MusicGroup"]
    assert group["name"] == "BTS" and group["alternateName"] == "방탄소년단"
    assert [member["name"] for member in group["member"]] == ["Jin"]
    person = json_ld(parse(client.get(catalog["jin"].get_absolute_url())))["Person"]
    assert person["name"] == "Jin" and [g["name"] for g in person["memberOf"]] == ["BTS"]


def test_drama_pages_are_a_tv_series_or_a_movie(client, catalog):
    series = json_ld(parse(client.get(catalog["drama"].get_absolute_url())))["TVSeries"]
    assert series["name"] == "Hotel Del Luna" and series["alternateName"] == "호텔 델루나"
    film = make_drama(title="Little Forest", kind=Drama.Kind.FILM)
    assert json_ld(parse(client.get(film.get_absolute_url())))["Movie"]["name"] == "Little Forest"


def test_editors_text_cannot_break_out_of_the_json_ld(client):
    title = "</script><script>alert(1)</script> & <!-- more"
    article = make_list(title=title, summary="<b>bold</b>")
    response = client.get(article.get_absolute_url())
    page = parse(response)
    assert json_ld(page)["MusicPlaylist"]["name"] == title
    assert not page.select("script:not([src]):not([type='application/ld+json'])")
    ld_scripts = page.select('script[type="application/ld+json"]')
    assert all("<" not in script.string for script in ld_scripts)


def test_structured_data_adds_no_queries_per_entry(client, catalog):
    article = catalog["list"]
    two = count_queries(client, article.get_absolute_url())
    for position in range(3, 13):
        article.entries.create(song=make_song(album=make_album()), position=position)
    assert count_queries(client, article.get_absolute_url()) == two


def test_a_long_list_names_its_first_hundred_tracks_and_counts_them_all(client):
    article = make_list(entries=[make_song() for _ in range(103)])
    playlist = json_ld(parse(client.get(article.get_absolute_url())))["MusicPlaylist"]
    assert playlist["numTracks"] == 103
    assert [track["position"] for track in playlist["track"]] == list(range(1, 101))


def test_a_draft_preview_shares_the_sites_image_not_a_missing_one(editor_client):
    draft = make_list(status=ListArticle.Status.DRAFT, published_at=None)
    page = parse(editor_client.get(draft.get_absolute_url()))
    assert meta(page, "og:image") == "http://testserver/share/k-ballads.png"


def test_an_error_page_has_no_address_no_breadcrumbs_and_no_share_tags(client):
    # Error pages render without the request's host (a bad Host gets the 400 page), so they
    # carry nothing that names an address, and ask not to be indexed.
    page = parse(client.get("/lists/no-such-list/"))
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "BreadcrumbList" not in json_ld(page)
    assert page.select_one('link[rel="canonical"]') is None
    assert meta(page, "og:image") is None and meta(page, "og:url") is None

import datetime
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import ListEntry
from tests.factories import make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries, json_ld, parse, text_of, texts

pytestmark = pytest.mark.django_db


def make_songs(count):
    return [
        make_song(
            title=f"Ballad {number:03}", artists=[make_artist(), make_artist()], featuring=[make_artist()]
        )
        for number in range(1, count + 1)
    ]


def test_list_page_shows_intro_entries_and_commentary(client):
    drama = make_drama(title="Hotel Del Luna")
    song = make_song(
        title="Can You See My Heart", drama=drama, ost_part=5, spotify_id="6td501MwDVFewdz6qNOtG8"
    )
    article = make_list(title="K-drama love songs", intro="Songs that *carry* a story.", entries=[song])
    page = parse(client.get(article.get_absolute_url()))
    assert text_of(page.select_one("h1")) == "K-drama love songs"
    assert page.select_one(".intro em").text == "carry"
    entry = page.select_one(f"#{song.slug}")
    assert text_of(entry.select_one(".entry__title a")) == "Can You See My Heart"
    assert text_of(entry.select_one(".entry__number")) == "1"
    assert "Hotel Del Luna OST Part 5" in text_of(entry.select_one(".card__meta"))
    assert entry.select_one('a[href="https://open.spotify.com/track/6td501MwDVFewdz6qNOtG8"]')
    assert text_of(entry.select_one(".entry__commentary")) == "Why song 1 matters."
    assert entry.select_one(".entry__share a")["href"] == f"#{song.slug}"


def test_entry_anchor_is_its_song_and_the_old_position_anchor_lands_on_it_too(client):
    songs = make_songs(3)
    article = make_list(entries=songs)
    page = parse(client.get(article.get_absolute_url()))
    for position, song in enumerate(songs, start=1):
        entry = page.select_one(f"li.entry#{song.slug}")
        assert text_of(entry.select_one(".entry__number")) == str(position)
        assert entry.select_one(f"#entry-{position}").find_parent("li") is entry


def test_renumbered_entry_keeps_its_song_anchor(client):
    first, second = make_songs(2)
    article = make_list(entries=[first, second])
    ListEntry.objects.filter(song=first).update(position=5)
    page = parse(client.get(article.get_absolute_url()))
    assert text_of(page.select_one(f"#{first.slug} .entry__number")) == "5"
    assert page.select_one("#entry-5").find_parent("li")["id"] == first.slug


def test_a_song_slug_that_could_be_a_page_id_is_prefixed(client):
    clashing = make_song(title="Entry 2")
    main = make_song(title="Main")
    article = make_list(entries=[clashing, main])
    page = parse(client.get(article.get_absolute_url()))
    assert texts(page, "li.entry .entry__title a") == ["Entry 2", "Main"]
    assert [li["id"] for li in page.select("li.entry")] == ["song-entry-2", "song-main"]
    assert page.select_one("#entry-2").find_parent("li")["id"] == "song-main"
    assert len(page.select("#main")) == 1


def test_long_list_has_sections_of_ten_that_end_at_the_last_entry_and_a_jump_menu(client):
    article = make_list(title="Masters", entries=make_songs(25))
    page = parse(client.get(article.get_absolute_url()))
    assert texts(page, ".entry-section h2") == ["1–10", "11–20", "21–25"]
    assert texts(page, ".jump-menu a") == ["1–10", "11–20", "21–25"]
    assert [a["href"] for a in page.select(".jump-menu a")] == [
        "#entries-1-10",
        "#entries-11-20",
        "#entries-21-25",
    ]
    assert [len(section.select(".entry")) for section in page.select(".entry-section")] == [10, 10, 5]
    assert page.select_one("#entry-12").find_parent("li").select_one(".entry__number").text == "12"


def test_list_title_is_on_the_page_once(client):
    article = make_list(title="Masters of the slow song", entries=make_songs(16))
    page = parse(client.get(article.get_absolute_url()))
    headings = [text_of(h) for h in page.select("h1, h2, h3")]
    assert headings.count("Masters of the slow song") == 1
    assert texts(page, ".entry-section h2") == ["1–10", "11–16"]


def test_short_list_says_how_many_it_has_and_has_no_jump_menu(client):
    page = parse(client.get(make_list(entries=make_songs(8)).get_absolute_url()))
    assert texts(page, ".entry-section h2") == ["1–8"]
    assert page.select_one(".jump-menu") is None


def test_recent_entries_are_marked_new(client):
    old, recent = make_songs(2)
    article = make_list(entries=[old, recent])
    ListEntry.objects.filter(song=old).update(added_on=timezone.localdate() - datetime.timedelta(days=31))
    page = parse(client.get(article.get_absolute_url()))
    assert page.select_one(f"#{old.slug} .badge--new") is None
    assert text_of(page.select_one(f"#{recent.slug} .badge--new")) == "New"


def test_related_lists_show_near_the_top_and_more_at_the_end(client):
    theme = make_theme()
    article = make_list(themes=[theme])
    others = [
        make_list(themes=[theme], published_at=timezone.now() - datetime.timedelta(days=n))
        for n in range(2, 22)
    ]
    page = parse(client.get(article.get_absolute_url()))
    top = [a["href"] for a in page.select(".related-top a")]
    end = [a["href"] for a in page.select('section[aria-labelledby="further-heading"] .card__title a')]
    assert top == [other.get_absolute_url() for other in others[:12]]
    assert end == [other.get_absolute_url() for other in others[12:18]]


def test_list_without_related_lists_still_leads_to_other_lists(client):
    article, other = make_list(), make_list()
    page = parse(client.get(article.get_absolute_url()))
    assert page.select_one(".related-top") is None
    assert [a["href"] for a in page.select('section[aria-labelledby="further-heading"] .card__title a')] == [
        other.get_absolute_url()
    ]


def test_list_page_ends_with_its_themes(client):
    theme = make_theme(name="Tearjerkers")
    page = parse(client.get(make_list(themes=[theme]).get_absolute_url()))
    assert [a["href"] for a in page.select('section[aria-labelledby="themes-heading"] a')] == [
        theme.get_absolute_url()
    ]


def test_list_index_shows_cards_newest_first_and_filters_by_theme(client):
    theme = make_theme(name="Winter")
    older = make_list(
        title="Older", published_at=timezone.now() - datetime.timedelta(days=9), entries=make_songs(3)
    )
    newer = make_list(title="Newer", themes=[theme])
    page = parse(client.get("/lists/"))
    assert texts(page, ".list-card .card__title a") == ["Newer", "Older"]
    assert texts(page, ".list-card .card__meta")[1].startswith("3 songs")
    filtered = parse(client.get("/lists/", {"theme": theme.slug}))
    assert texts(filtered, ".list-card .card__title a") == [newer.title]
    unknown = parse(client.get("/lists/", {"theme": "no-such-theme"}))
    assert len(unknown.select(".list-card")) == 2
    assert older


@pytest.mark.parametrize("page_number", ["abc", "-1", "999"])
def test_list_index_bad_page_is_a_404(client, page_number):
    make_list()
    assert client.get("/lists/", {"page": page_number}).status_code == 404


def test_unknown_list_is_a_404(client):
    assert client.get("/lists/no-such-list/").status_code == 404


def test_song_page_shows_the_lists_it_appears_in_with_an_excerpt(client):
    song = make_song(title="Abyss")
    article = make_list(title="Tearjerkers", entries=[make_song(), song])
    page = parse(client.get(song.get_absolute_url()))
    section = page.select_one('section[aria-labelledby="lists-heading"]')
    assert section.select_one("a")["href"] == f"{article.get_absolute_url()}#{song.slug}"
    assert text_of(section.select_one("a")) == "#2 in Tearjerkers"
    assert text_of(section.select_one(".appearances__excerpt")) == "Why song 2 matters."


def test_artist_page_shows_lists_featuring_the_artist(client):
    jin = make_artist(name="Jin")
    article = make_list(title="Masters", entries=[make_song(artists=[jin])])
    page = parse(client.get(jin.get_absolute_url()))
    assert texts(page, 'section[aria-labelledby="lists-heading"] .card__title a') == [article.title]


def test_theme_page_shows_description_lists_and_songs(client):
    theme = make_theme(name="Rainy day", description="Songs for *grey* afternoons.")
    song = make_song(title="You, Clouds, Rain", themes=[theme])
    article = make_list(title="Rain", themes=[theme])
    page = parse(client.get(theme.get_absolute_url()))
    assert page.select_one(".prose em").text == "grey"
    assert texts(page, 'section[aria-labelledby="lists-heading"] .card__title a') == [article.title]
    assert texts(page, 'section[aria-labelledby="songs-heading"] .card__title a') == [song.title]


def test_home_shows_featured_and_newest_lists_themes_and_songs(client):
    theme = make_theme(name="Comfort")
    featured = make_list(title="Featured", featured=True)
    newest = make_list(title="Newest")
    song = make_song(title="Dear", themes=[theme])
    page = parse(client.get("/"))
    assert texts(page, 'section[aria-labelledby="featured-heading"] .card__title a') == [featured.title]
    assert texts(page, 'section[aria-labelledby="newest-heading"] .card__title a') == [newest.title]
    assert page.select_one(f'section[aria-labelledby="themes-heading"] a[href="{theme.get_absolute_url()}"]')
    assert page.select_one(f'section[aria-labelledby="recent-heading"] a[href="{song.get_absolute_url()}"]')


def test_rss_feed_lists_published_lists_with_summary_and_themes(client):
    theme = make_theme(name="Tearjerkers")
    article = make_list(title="Cry", summary="Ballads that undo you.", themes=[theme], byline="Mina")
    response = client.get("/feeds/lists/")
    assert response["Content-Type"].startswith("application/rss+xml")
    item = ElementTree.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == "Cry"
    assert item.findtext("description") == "Ballads that undo you."
    assert item.findtext("link").endswith(article.get_absolute_url())
    assert [category.text for category in item.findall("category")] == ["Tearjerkers"]


def test_atom_feed_lists_published_lists(client):
    article = make_list(title="Cry")
    response = client.get("/feeds/lists/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entry = ElementTree.fromstring(response.content).find("atom:entry", namespace)
    assert entry.findtext("atom:title", namespaces=namespace) == "Cry"
    assert entry.find("atom:link", namespace).get("href").endswith(article.get_absolute_url())


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


# Query counts stay flat from 10 to 100 entries


def grow_list(article, songs, theme):
    start = article.entries.count()
    for position, song in enumerate(songs, start=start + 1):
        ListEntry(article=article, song=song, position=position, commentary="Text.").save()
        song.themes.add(theme)


def test_list_page_queries_are_the_same_for_10_and_100_entries(client):
    theme = make_theme()
    article = make_list(themes=[theme])
    for _ in range(3):
        make_list(themes=[theme])
    grow_list(article, make_songs(10), theme)
    at_10 = count_queries(client, article.get_absolute_url())
    grow_list(article, make_songs(90), theme)
    for _ in range(15):
        make_list(themes=[theme, make_theme()])
    assert count_queries(client, article.get_absolute_url()) == at_10


def test_song_theme_and_home_pages_queries_are_flat(client):
    theme = make_theme()
    song = make_song(themes=[theme])
    # Every section of every page has something in it, so each runs its queries.
    articles = [make_list(entries=[song], themes=[theme], featured=featured) for featured in (True, False)]
    grow_list(articles[0], make_songs(10), theme)
    urls = [
        song.get_absolute_url(),
        theme.get_absolute_url(),
        "/",
        "/lists/",
        "/themes/",
        song.credits.get().artist.get_absolute_url(),
    ]
    at_10 = {url: count_queries(client, url) for url in urls}
    grow_list(articles[0], make_songs(90), theme)
    for _ in range(10):
        make_list(entries=[song], themes=[theme, make_theme()], featured=True)
    assert {url: count_queries(client, url) for url in urls} == at_10


def theme_card_counts(client, theme):
    page = parse(client.get("/themes/"))
    card = next(card for card in page.select(".card") if text_of(card.select_one("h3")) == theme.name)
    return text_of(card.select_one(".card__meta"))


def test_theme_index_counts_are_kept_until_songs_or_lists_change(client, settings, monkeypatch):
    """With the page cache off, the kept counts still follow every change, a scheduled list's
    publish time included."""
    settings.PAGE_CACHE_ENABLED = False
    theme = make_theme(name="Rain")
    song = make_song(themes=[theme])
    soon = timezone.now() + datetime.timedelta(minutes=10)
    make_list(entries=[song], themes=[theme], published_at=soon)
    assert theme_card_counts(client, theme) == "0 lists · 1 song"
    assert count_queries(client, "/themes/") == 1  # the themes; their counts are kept
    make_song(themes=[theme])
    assert theme_card_counts(client, theme) == "0 lists · 2 songs"
    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert theme_card_counts(client, theme) == "1 list · 2 songs"


def test_an_artists_kept_lists_follow_publishing_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    artist = make_artist(name="Lee Hi")
    song = make_song(artists=[artist])
    article = make_list(entries=[song], title="Late-night ballads")

    def list_titles():
        return texts(parse(client.get(artist.get_absolute_url())), ".list-card .card__title")

    assert list_titles() == ["Late-night ballads"]
    assert list_titles() == ["Late-night ballads"]
    article.status = "draft"
    article.save()
    assert list_titles() == []
    make_list(entries=[song], title="Rainy day ballads")
    assert list_titles() == ["Rainy day ballads"]


def test_a_lists_kept_body_follows_every_edit_with_the_page_cache_off(client, settings):
    """The entries, related lists and structured data are rendered once and kept; each kind of
    edit they show still reaches readers at once."""
    settings.PAGE_CACHE_ENABLED = False
    theme = make_theme(name="Night")
    song = make_song(title="Through the Night")
    article = make_list(entries=[song], themes=[theme], title="Late-night ballads")
    url = article.get_absolute_url()

    def page():
        return parse(client.get(url))

    assert texts(page(), ".entry__title a") == ["Through the Night"]
    assert count_queries(client, url) == 0  # the list and its body are both kept
    song.title = "Through the Night (Live)"
    song.save()
    assert texts(page(), ".entry__title a") == ["Through the Night (Live)"]
    entry = article.entries.get()
    entry.commentary = "Sung in one take."
    entry.save()
    assert texts(page(), ".entry__commentary") == ["Sung in one take."]
    make_list(entries=[make_song()], themes=[theme], title="Ballads for insomniacs")
    assert "Ballads for insomniacs" in texts(page(), ".related-top a")
    tracks = json_ld(page())["MusicPlaylist"]["track"]
    assert [track["name"] for track in tracks] == ["Through the Night (Live)"]


def test_entries_stop_being_new_at_midnight_in_a_kept_body(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    article = make_list(entries=[make_song()])
    assert texts(parse(client.get(article.get_absolute_url())), ".badge--new") == ["New"]
    next_month = timezone.now() + datetime.timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: next_month)
    assert texts(parse(client.get(article.get_absolute_url())), ".badge--new") == []


def test_a_preview_and_a_readers_page_never_share_a_kept_body(client, editor_client, settings):
    settings.PAGE_CACHE_ENABLED = False
    article = make_list(entries=[make_song()], status="draft", published_at=None)
    preview = parse(editor_client.get(article.get_absolute_url()))
    assert preview.select_one(".preview-banner") and preview.select_one(".take-away") is None
    article.status = "published"
    article.published_at = timezone.now() - datetime.timedelta(hours=1)
    article.save()
    client.logout()
    page = parse(client.get(article.get_absolute_url()))
    assert page.select_one(".take-away") and page.select_one(".preview-banner") is None
    article.status = "draft"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="editor"))
    preview = parse(client.get(article.get_absolute_url()))
    assert preview.select_one(".preview-banner") and preview.select_one(".take-away") is None


def test_a_scheduled_list_opens_at_its_time_with_the_page_cache_off(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    soon = timezone.now() + datetime.timedelta(minutes=10)
    article = make_list(entries=[make_song()], published_at=soon)
    assert client.get(article.get_absolute_url()).status_code == 404
    later = soon + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_list_index_pages_and_theme_filter_follow_publishing_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    winter, rain = make_theme(name="Winter"), make_theme(name="Rain")
    now = timezone.now()
    for number in range(13):
        make_list(
            title=f"List {number:02}", themes=[winter], published_at=now - datetime.timedelta(days=number)
        )

    def filter_names():
        return texts(parse(client.get("/lists/")), ".theme-filter li a")

    assert filter_names() == ["All themes", "Winter"]
    assert texts(parse(client.get("/lists/", {"page": 2})), ".list-card .card__title a") == ["List 12"]
    article = make_list(title="Rainy days", themes=[rain])
    assert filter_names() == ["All themes", "Rain", "Winter"]
    article.status = "draft"
    article.save()
    assert filter_names() == ["All themes", "Winter"]

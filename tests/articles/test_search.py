"""Search pages and the search table: kept in step, only what readers may see, hostile input, budgets."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import search_queries
from articles.models import ListArticle, ListEntry, SearchEntry, SearchTerm
from articles.search_index import batch, rebuild
from songs.models import Album, Artist, ArtistAlias, Membership, Song, SongCredit
from tests.factories import make_album, make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries, parse, text_of, texts

pytestmark = pytest.mark.django_db


def credit(song, *artists):
    """Credits saved one by one, as the admin's inline does (signals keep the index in step)."""
    for position, artist in enumerate(artists, start=1):
        SongCredit(song=song, artist=artist, position=position).save()
    return song


def suggested(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    return [(result["kind"], result["name"]) for result in response.json()["results"]]


def names(client, query):
    return [name for _, name in suggested(client, query)]


@pytest.fixture
def catalog():
    baek = make_artist(name="Yerin Baek", hangul_name="백예린")
    iu = make_artist(name="IU", hangul_name="아이유")
    ArtistAlias(artist=iu, name="Lee Ji-eun").save()
    drama = make_drama(title="Crash Landing on You", hangul_title="사랑의 불시착", year=2019)
    palette = make_album(title="Palette", artists=[iu], kind=Album.Kind.ALBUM)
    here = credit(
        make_song(title="Here I Am Again", hangul_title="다시 난, 여기", artists=[], drama=drama, ost_part=4),
        baek,
    )
    night = credit(make_song(title="Through the Night", hangul_title="밤편지", artists=[], album=palette), iu)
    return {"baek": baek, "iu": iu, "drama": drama, "palette": palette, "here": here, "night": night}


class TestKeptInStep:
    def test_records_saved_through_the_models_are_found_at_once(self, client, catalog):
        assert names(client, "baek yerin")[0] == "Yerin Baek"
        assert ("song", "Here I Am Again") in suggested(client, "baek yerin crash landing")[:3]
        assert ("album", "Palette") in suggested(client, "iu palette")[:3]

    def test_renaming_an_artist_renames_them_on_their_songs(self, client, catalog):
        catalog["baek"].name = "Baek Yerin Renamed"
        catalog["baek"].save()
        assert names(client, "renamed")[0] == "Baek Yerin Renamed"
        entry = SearchEntry.objects.get(kind="song", object_id=catalog["here"].pk)
        assert "Baek Yerin Renamed" in entry.detail

    def test_an_alias_added_later_finds_the_artist(self, client, catalog):
        assert "Yerin Baek" not in names(client, "Rinnie")
        ArtistAlias(artist=catalog["baek"], name="Rinnie").save()
        assert names(client, "Rinnie")[0] == "Yerin Baek"

    def test_a_deleted_song_leaves_the_index(self, client, catalog):
        catalog["night"].delete()
        assert "Through the Night" not in names(client, "through the night")
        assert not SearchEntry.objects.filter(kind="song", object_id=catalog["night"].pk).exists()

    def test_a_deleted_album_leaves_its_songs_findable_without_it(self, client, catalog):
        catalog["palette"].delete()
        assert "Palette" not in names(client, "palette")
        assert "Through the Night" in names(client, "through the night")
        entry = SearchEntry.objects.get(kind="song", object_id=catalog["night"].pk)
        assert "Palette" not in entry.detail

    def test_a_group_is_its_members_context(self, client, catalog):
        exo = make_artist(name="EXO", kind=Artist.Kind.GROUP)
        chen = make_artist(name="Chen", hangul_name="첸")
        Membership(group=exo, member=chen).save()
        assert suggested(client, "chen exo")[0] == ("artist", "Chen")
        exo.name = "EXO-K"
        exo.save()
        assert suggested(client, "chen exo-k")[0] == ("artist", "Chen")

    def test_a_song_credited_later_is_found_by_its_artist(self, client, catalog):
        song = make_song(title="Love poem", artists=[])
        assert ("song", "Love poem") not in suggested(client, "iu")
        credit(song, catalog["iu"])
        assert ("song", "Love poem") in suggested(client, "iu")
        assert SearchEntry.objects.get(kind="song", object_id=song.pk).detail.startswith("IU")

    def test_more_songs_make_an_artist_more_popular(self, catalog):
        before = SearchEntry.objects.get(kind="artist", object_id=catalog["iu"].pk).popularity
        credit(make_song(title="Blueming", artists=[]), catalog["iu"])
        assert SearchEntry.objects.get(kind="artist", object_id=catalog["iu"].pk).popularity == before + 1

    def test_a_theme_is_found_by_its_new_name(self, client):
        theme = make_theme(name="Rainy day")
        theme.name = "Rainy days"
        theme.save()
        assert suggested(client, "rainy days")[0] == ("theme", "Rainy days")

    def test_batch_applies_its_changes_once_at_the_end(self, client):
        with batch():
            artist = make_artist(name="Heize")
            assert not SearchEntry.objects.filter(kind="artist", object_id=artist.pk).exists()
        assert SearchEntry.objects.filter(kind="artist", object_id=artist.pk).exists()

    def test_rebuild_gives_the_same_index_as_the_signals(self, catalog):
        before = set(
            SearchTerm.objects.values_list("entry__kind", "entry__object_id", "key", "field", "whole")
        )
        rebuild()
        after = set(
            SearchTerm.objects.values_list("entry__kind", "entry__object_id", "key", "field", "whole")
        )
        assert after == before

    def test_the_rebuild_command_reports_what_it_indexed(self, catalog, capsys):
        SearchEntry.objects.all().delete()
        call_command("rebuild_search_index")
        output = capsys.readouterr().out
        assert "2 artists" in output and "2 songs" in output
        assert SearchEntry.objects.filter(kind="song").count() == 2

    def test_bulk_written_credits_are_indexed_after_a_rebuild(self, client):
        song = make_song(title="Sweet Night", artists=[make_artist(name="V")])  # credits in bulk, no signals
        rebuild()
        assert suggested(client, "v sweet night")[0] == ("song", "Sweet Night")
        assert song.pk == SearchEntry.objects.get(kind="song", name="Sweet Night").object_id

    def test_a_playlist_import_indexes_what_it_wrote(self, client):
        from articles.playlist_import import import_playlist
        from tests.playlists import link, playlist_text, track

        singer = link("Heize")
        text = playlist_text([track("Can You See My Heart", [singer], link("Hotel Del Luna OST Part.5"))])
        import_playlist(text)
        assert Song.objects.filter(title="Can You See My Heart").exists()
        assert suggested(client, "heize can you see")[0] == ("song", "Can You See My Heart")
        assert suggested(client, "heize")[0] == ("artist", "Heize")


class TestOnlyWhatReadersMaySee:
    @pytest.fixture
    def lists(self):
        song = make_song(title="Lonely night")
        published = make_list(title="Ballads for a rainy day", entries=[song])
        draft = make_list(title="Rainy secrets draft", status=ListArticle.Status.DRAFT, published_at=None)
        scheduled = make_list(title="Rainy scheduled list", published_at=timezone.now() + timedelta(hours=2))
        return {"published": published, "draft": draft, "scheduled": scheduled, "song": song}

    def test_drafts_and_scheduled_lists_are_never_suggested(self, client, lists):
        found = names(client, "rainy")
        assert "Ballads for a rainy day" in found
        assert "Rainy secrets draft" not in found
        assert "Rainy scheduled list" not in found

    def test_drafts_and_scheduled_lists_are_not_on_the_results_page(self, client, lists):
        body = client.get("/search/", {"q": "rainy"}).content.decode()
        assert "Rainy secrets draft" not in body and "Rainy scheduled list" not in body
        assert lists["scheduled"].get_absolute_url() not in body
        body = client.get("/search/", {"q": "rainy", "kind": "list"}).content.decode()
        assert "Rainy scheduled list" not in body

    def test_a_scheduled_list_appears_once_its_time_passes_with_no_save(self, client, lists):
        later = timezone.now() + timedelta(hours=3)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert "Rainy scheduled list" in names(client, "rainy scheduled")
            page = parse(client.get("/search/", {"q": "rainy scheduled"}))
            assert "Rainy scheduled list" in texts(page, ".search-result__name")

    def test_unpublishing_a_list_takes_it_out_at_once(self, client, lists):
        lists["published"].status = ListArticle.Status.DRAFT
        lists["published"].save()
        assert "Ballads for a rainy day" not in names(client, "rainy day")

    def test_publishing_a_draft_puts_it_in(self, client, lists):
        lists["draft"].status = ListArticle.Status.PUBLISHED
        lists["draft"].save()
        assert "Rainy secrets draft" in names(client, "rainy secrets")

    def test_a_list_hidden_behind_the_index_is_still_filtered_by_published(self, client, lists):
        """Even a stale index row cannot leak a list: results go through ListArticle.objects.published()."""
        ListArticle.objects.filter(pk=lists["published"].pk).update(status=ListArticle.Status.DRAFT)
        assert "Ballads for a rainy day" not in names(client, "rainy day")

    def test_a_draft_lists_songs_do_not_count_towards_popularity(self, lists):
        entry = SearchEntry.objects.get(kind="song", object_id=lists["song"].pk)
        assert entry.popularity == 1
        ListEntry(article=lists["draft"], song=lists["song"], position=1).save()
        assert SearchEntry.objects.get(kind="song", object_id=lists["song"].pk).popularity == 1


HOSTILE = [
    "",
    " ",
    "a" * 1000,
    "%",
    "_",
    "\\",
    "%_\\",
    "100%",
    "' OR 1=1 --",
    '"unbalanced',
    "'",
    "🎵🎵🎵",
    "\u202ebaek",
    "\u200f\u200e",
    "!!!???",
    "ㅋㅋㅋㅋ",
    "ㅏㅏ",
    "<script>alert(1)</script>",
    "SELECT * FROM articles_searchterm",
    "x" * 64 + " " + "y" * 64,
    " ".join(["love"] * 40),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, catalog, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert parse(response).select_one("h1")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_valid_suggestions(client, catalog, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"query", "results"}
    assert len(data["query"]) <= 200


@pytest.mark.parametrize("url", ["/search/", "/search/suggest/"])
@pytest.mark.parametrize("query", ["\x00", "baek\x00yerin"])
def test_a_nul_in_the_query_is_refused_as_everywhere_on_the_site(client, catalog, url, query):
    # kballads/query_guard.py: a value the database cannot store is a 400, site-wide.
    assert client.get(url, {"q": query}).status_code == 400


def test_a_like_wildcard_matches_nothing_by_itself(client, catalog):
    assert suggested(client, "%") == []
    assert suggested(client, "_") == []


def test_script_in_a_query_is_escaped_on_the_page(client, catalog):
    body = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in body


def test_bad_kind_and_page_are_ignored(client, catalog):
    assert client.get("/search/", {"q": "iu", "kind": "nope", "page": "abc"}).status_code == 200
    assert client.get("/search/", {"q": "iu", "kind": "song", "page": "999"}).status_code == 200
    assert client.get("/search/", {"q": "iu", "kind": "song", "page": "-1"}).status_code == 200


class TestSuggestions:
    def test_answer_json_best_first_with_what_a_reader_needs(self, client, catalog):
        data = client.get("/search/suggest/", {"q": "baek yerin"}).json()
        assert data["query"] == "baek yerin"
        first = data["results"][0]
        assert first["kind"] == "artist"
        assert first["name"] == "Yerin Baek"
        assert first["url"] == catalog["baek"].get_absolute_url()
        assert "detail" in first
        song = next(result for result in data["results"] if result["kind"] == "song")
        assert "Yerin Baek" in song["detail"] and "Crash Landing on You" in song["detail"]

    def test_at_most_ten(self, client):
        for number in range(15):
            make_artist(name=f"Kim Minji {number}")
        assert len(suggested(client, "kim minji")) == 10

    def test_are_cached_briefly_and_publicly(self, client, catalog):
        response = client.get("/search/suggest/", {"q": "iu"})
        assert response["Content-Type"] == "application/json"
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]

    def test_a_database_failure_gives_an_empty_answer_not_an_error(self, client, catalog):
        from django.db import DatabaseError

        with mock.patch("articles.search_views.search", side_effect=DatabaseError("down")):
            response = client.get("/search/suggest/", {"q": "iu"})
        assert response.status_code == 200
        assert response.json() == {"query": "iu", "results": []}
        assert "max-age=0" in response["Cache-Control"]


def test_a_drama_is_found_by_a_title_it_is_also_known_by(client):
    drama = make_drama(title="Guardian: The Lonely and Great God", also_known_as="Goblin, Dokkaebi")
    make_song(title="Beautiful", artists=[], drama=drama)
    assert suggested(client, "goblin")[:2] == [("drama", drama.title), ("song", "Beautiful")]
    assert names(client, "dokebi")[0] == drama.title


class TestResultsPage:
    def test_groups_results_by_kind_with_the_best_match_first(self, client, catalog):
        page = parse(client.get("/search/", {"q": "crash landing"}))
        assert texts(page, ".search-best .search-result__name a") == ["Crash Landing on You"]
        # The drama is the best match, shown once at the top; its song comes next.
        assert texts(page, ".search-group h2")[0] == "Songs"
        assert texts(page, ".search-group .search-result__name a").count("Crash Landing on You") == 0

    def test_each_result_shows_how_to_recognise_it(self, client, catalog):
        page = parse(client.get("/search/", {"q": "here i am again"}))
        best = page.select_one(".search-best .search-result")
        assert text_of(best.select_one(".search-result__kind")) == "Song"
        assert text_of(best.select_one(".hangul")) == "다시 난, 여기"
        assert "Crash Landing on You OST Part 4" in text_of(best.select_one(".search-result__detail"))
        assert best.select_one("a")["href"] == catalog["here"].get_absolute_url()

    def test_marks_the_words_that_matched(self, client, catalog):
        page = parse(client.get("/search/", {"q": "through night"}))
        assert texts(page, ".search-best mark") == ["Through", "Night"]

    def test_a_kind_page_paginates_that_kind(self, client):
        for number in range(25):
            make_song(title=f"Winter Letter {number}")
        page = parse(client.get("/search/", {"q": "winter letter", "kind": "song"}))
        assert len(page.select(".search-results > li")) == 20
        assert "Page 1 of 2" in text_of(page.select_one(".pagination"))
        second = parse(client.get("/search/", {"q": "winter letter", "kind": "song", "page": 2}))
        assert len(second.select(".search-results > li")) == 5

    def test_a_group_links_to_its_kind_page_when_there_is_more(self, client):
        for number in range(7):
            make_song(title=f"Spring Snow {number}")
        page = parse(client.get("/search/", {"q": "spring snow"}))
        more = page.select_one(".search-group__more a")
        assert more["href"] == "?q=spring%20snow&kind=song"

    def test_nothing_found_says_so_and_suggests_popular_lists(self, client, catalog):
        make_list(title="Ballads for a rainy day")
        page = parse(client.get("/search/", {"q": "zzqxv"}))
        assert text_of(page.select_one("#empty-heading")) == "Nothing found for “zzqxv”"
        assert texts(page, "#popular-heading") == ["Popular lists"]
        assert "Ballads for a rainy day" in texts(page, ".card__title a")

    def test_did_you_mean_offers_the_closest_spelling(self, client, catalog):
        page = parse(client.get("/search/", {"q": "thrxouygh"}))
        links = page.select(".search-empty p a")
        assert [text_of(link) for link in links][:1] == ["through"]
        assert links[0]["href"] == "?q=through"

    def test_an_empty_search_shows_the_form_and_popular_lists(self, client):
        make_list(title="Ballads for a rainy day")
        page = parse(client.get("/search/"))
        assert page.select_one("form.search-form input[name=q]")
        assert texts(page, "#popular-heading") == ["Popular lists"]

    def test_is_not_indexed_by_search_engines(self, client, catalog):
        page = parse(client.get("/search/", {"q": "iu"}))
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"


@pytest.mark.parametrize("url", ["/", "/songs/", "/artists/", "/lists/", "/themes/", "/search/?q=iu"])
def test_every_page_has_the_search_form_in_its_header(client, url):
    page = parse(client.get(url))
    form = page.select_one("header form[role=search]")
    assert form["action"] == "/search/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert field["type"] == "search"
    assert page.select_one(f"label[for={field['id']}]")
    assert page.select_one("script[src$='js/search.js'][defer]")


class TestQueryBudgets:
    def grow(self, count, start):
        artist = Artist.objects.get(name="Yerin Baek")
        for number in range(start, start + count):
            credit(make_song(title=f"Yerin Song {number}", artists=[]), artist)
            make_list(title=f"Yerin list {number}")
            make_album(title=f"Yerin album {number}", artists=[artist])

    @pytest.mark.parametrize(
        "url",
        [
            "/search/?q=yerin",
            "/search/?q=yerin+song",
            "/search/?q=yerin&kind=song",
            "/search/suggest/?q=yerin",
            "/search/suggest/?q=baek+yerin+crash+landing",
        ],
    )
    def test_queries_per_search_do_not_grow_with_the_hits(self, client, catalog, url):
        self.grow(3, 0)
        few = count_queries(client, url)
        self.grow(12, 3)
        assert count_queries(client, url) == few


def test_two_typos_in_a_long_word_are_found_only_with_trigrams(client):
    """PostgreSQL also tries trigram-similar spellings when nothing else matched; SQLite stops at one typo."""
    make_drama(title="Firefighters")
    assert names(client, "firefihgters") == ["Firefighters"]
    found = names(client, "fyrefighterz")
    assert ("Firefighters" in found) == (connection.vendor == "postgresql")


def test_a_theme_entry_counts_its_songs_and_published_lists_apart(client):
    rain = make_theme(name="Rainy day")
    songs = [make_song(themes=[rain]) for _ in range(3)]
    make_list(entries=songs[:1], themes=[rain])
    make_list(entries=songs[1:], themes=[rain])
    make_list(themes=[rain], status="draft", published_at=None)
    entry = SearchEntry.objects.get(kind="theme", object_id=rain.pk)
    assert entry.detail.endswith("3 songs · 2 lists")
    assert entry.popularity == 3 + 5 * 2


def test_the_theme_index_counts_songs_and_published_lists(client):
    rain = make_theme(name="Rainy day", slug="rainy-day")
    for _ in range(3):
        make_song(themes=[rain])
    make_list(themes=[rain])
    make_list(themes=[rain], status="draft", published_at=None)
    page = client.get("/themes/").content.decode()
    assert "1 list · 3 songs" in page


def test_a_song_of_an_artist_on_more_songs_than_are_read_as_carriers_is_found_with_its_artist(client):
    """Only the most popular carriers of an anchor are read (``CARRIERS``): a less popular
    song of a prolific artist is still found by artist and title together."""
    from articles.search_queries import CARRIERS

    artist = make_artist(name="Park Hyo-shin", hangul_name="박효신")
    songs = Song.objects.bulk_create(
        Song(title=f"Track {number}", slug=f"track-{number}", title_key=f"track {number}")
        for number in range(CARRIERS + 30)
    )
    songs.append(make_song(title="Snow Flower", artists=[]))
    SongCredit.objects.bulk_create(SongCredit(song=song, artist=artist, position=1) for song in songs)
    rebuild()
    assert suggested(client, "park hyo-shin snow flower")[0] == ("song", "Snow Flower")
    assert suggested(client, "snow flower park hyoshin")[0] == ("song", "Snow Flower")
    assert ("song", f"Track {CARRIERS + 20}") in suggested(client, f"park hyo-shin track {CARRIERS + 20}")[:3]


def test_like_patterns_of_key_prefixes_match_their_characters_literally():
    assert search_queries._like_escaped("=50%_off\\") == "=50\\%\\_off\\\\"

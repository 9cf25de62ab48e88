"""Readers take a published list away as Markdown, CSV, JSON or plain Spotify links."""

import csv
import io
import itertools
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.demo import load_demo_lists
from articles.models import ListArticle, ListEntry
from articles.playlist_import import import_playlist
from songs.demo import load_demo_catalog
from songs.models import Album, Artist, ArtistAlias, Drama, Membership, PossibleDuplicate, Song, SongCredit
from songs.playlist import parse_playlist
from tests.factories import make_album, make_artist, make_list, make_song
from tests.helpers import count_queries, parse, text_of

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)


def spotify_id():
    return f"{next(_ids):022d}"


def spotify_song(title, artists, album=None, **overrides):
    """A song as an import leaves it: Spotify ids everywhere, and what Spotify said kept beside."""
    values = {
        "spotify_id": spotify_id(),
        "imported_title": title,
        "imported_length_seconds": 215,
        "imported_album_spotify_id": album.spotify_id if album else "",
    }
    values.update(overrides)
    return make_song(title=title, artists=artists, album=album, **values)


def export_url(article, file_format):
    return f"/lists/{article.slug}.{file_format}"


def catalog_snapshot():
    """Every row an import could create or change, field by field."""
    models = [Song, Artist, ArtistAlias, Album, Drama, SongCredit, Membership, PossibleDuplicate, ListEntry]
    snapshot = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    snapshot["album artists"] = list(Album.artists.through.objects.order_by("pk").values())
    return snapshot


def report_changes(report):
    """(kind, created, updated) for every kind an import counts that it created or updated anything of."""
    return [(kind, created, updated) for kind, created, updated, _ in report.rows() if created or updated]


@pytest.fixture
def mixed_list():
    """A list of songs Spotify knows wholly, partly (an artist without an id) and not at all."""
    taeyeon = make_artist(name="TAEYEON", hangul_name="태연", spotify_id=spotify_id())
    heize = make_artist(name="HEIZE", spotify_id=spotify_id())
    local_singer = make_artist(name="Kim Local")
    album = make_album(artists=[taeyeon], title="Purpose - The 2nd Album", spotify_id=spotify_id())
    album.imported_title = album.title
    album.save()
    songs = [
        spotify_song("Four Seasons", [taeyeon], album, hangul_title="사계"),
        spotify_song("Can You See My Heart (OST)", [heize], featuring=[taeyeon]),
        spotify_song("Duet | Live", [heize, local_singer]),
        make_song(title="Unreleased demo", artists=[local_singer]),
    ]
    return make_list(title="Songs for [rain] #1", summary="Rain, mostly.", entries=songs)


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("md", "text/markdown; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("txt", "text/plain; charset=utf-8"),
    ],
)
def test_each_export_has_its_content_type_and_file_name(client, mixed_list, file_format, content_type):
    response = client.get(export_url(mixed_list, file_format))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="{mixed_list.slug}.{file_format}"' in response["Content-Disposition"]


@pytest.mark.parametrize("file_format", ["md", "csv", "json", "txt"])
@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": ListArticle.Status.DRAFT, "published_at": None},
        {"status": ListArticle.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_drafts_and_scheduled_lists_are_not_exported(editor_client, file_format, unpublished):
    article = make_list(entries=[make_song()], **unpublished)
    assert editor_client.get(export_url(article, file_format)).status_code == 404


def test_an_unknown_export_format_is_not_found(client, mixed_list):
    response = client.get(f"/lists/{mixed_list.slug}.xlsx")
    assert response.status_code == 404
    assert parse(response).select_one("main")


@pytest.mark.parametrize("file_format", ["md", "csv", "json", "txt"])
def test_export_queries_are_the_same_for_10_and_100_entries(client, file_format):
    article = make_list()
    artist = make_artist(spotify_id=spotify_id())

    def grow(count):
        start = article.entries.count()
        for position in range(start + 1, start + count + 1):
            song = spotify_song(f"Song {position}", [artist], make_album(spotify_id=spotify_id()))
            ListEntry(article=article, song=song, position=position).save()

    grow(10)
    at_10 = count_queries(client, export_url(article, file_format))
    grow(90)
    assert count_queries(client, export_url(article, file_format)) == at_10


def test_markdown_export_imports_back_with_nothing_created_or_changed(client, mixed_list):
    text = client.get(export_url(mixed_list, "md")).content.decode()
    before = catalog_snapshot()

    report = import_playlist(text)

    assert report_changes(report) == []
    assert catalog_snapshot() == before
    notes = [note.message for note in report.notes]
    assert any("Duet | Live" in note and "local file" in note for note in notes)
    assert any("Unreleased demo" in note and "local file" in note for note in notes)


def test_markdown_export_reads_as_the_list_in_the_archive_format(client, mixed_list):
    playlist = parse_playlist(client.get(export_url(mixed_list, "md")).content.decode())
    assert playlist.name == "Songs for [rain] #1"
    assert playlist.description == "Rain, mostly."
    assert [track.title for track in playlist.tracks] == ["Four Seasons", "Can You See My Heart (OST)"]
    assert [artist.name for artist in playlist.tracks[1].artists] == ["HEIZE", "TAEYEON"]
    assert playlist.tracks[0].album.name == "Purpose - The 2nd Album"


def test_markdown_export_writes_spotifys_title_where_an_editor_corrected_it(client):
    artist = make_artist(name="Paul Kim", spotify_id=spotify_id())
    song = spotify_song("Me After You", [artist])
    song.title = "Me after you"  # an editor's correction; Spotify's spelling stays beside it
    song.save()
    article = make_list(entries=[song])
    text = client.get(export_url(article, "md")).content.decode()
    assert "[Me After You](" in text
    before = catalog_snapshot()

    report = import_playlist(text)

    assert report_changes(report) == []
    assert catalog_snapshot() == before
    assert Song.objects.get(pk=song.pk).title == "Me after you"


def test_every_demo_list_imports_back_with_nothing_created(client):
    load_demo_catalog()
    load_demo_lists()
    articles = list(ListArticle.objects.published())
    assert articles
    before = {model: model.objects.count() for model in [Song, Artist, ArtistAlias, Album, Drama, SongCredit]}
    for article in articles:
        report = import_playlist(client.get(export_url(article, "md")).content.decode())
        assert report_changes(report) == [], article.slug
    assert {model: model.objects.count() for model in before} == before


def csv_rows(client, article):
    return list(csv.reader(io.StringIO(client.get(export_url(article, "csv")).content.decode())))


def test_csv_has_a_row_per_entry_in_list_order(client, mixed_list):
    header, *rows = csv_rows(client, mixed_list)
    assert header[:4] == ["No.", "Title", "Hangul title", "Artists"]
    assert [row[1] for row in rows] == [
        "Four Seasons",
        "Can You See My Heart (OST)",
        "Duet | Live",
        "Unreleased demo",
    ]
    assert rows[0][2] == "사계"
    assert rows[1][3] == "HEIZE feat. TAEYEON"
    assert rows[0][7].startswith("https://open.spotify.com/track/")
    assert rows[3][7] == ""
    assert rows[0][8] == f"http://testserver{mixed_list.entries.first().song.get_absolute_url()}"


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)"])
def test_csv_cells_that_could_run_as_formulas_start_with_an_apostrophe(client, dangerous):
    article = make_list(entries=[make_song(title=dangerous, artists=[make_artist(name=dangerous)])])
    _, row = csv_rows(client, article)
    assert row[1] == "'" + dangerous
    assert row[3] == "'" + dangerous


def test_json_export_holds_the_list_and_its_entries(client, mixed_list):
    data = json.loads(client.get(export_url(mixed_list, "json")).content)
    assert data["title"] == "Songs for [rain] #1"
    assert data["url"] == f"http://testserver{mixed_list.get_absolute_url()}"
    assert [entry["position"] for entry in data["entries"]] == [1, 2, 3, 4]
    first = data["entries"][0]
    assert first["hangul_title"] == "사계"
    assert first["artists"][0] == {
        "name": "TAEYEON",
        "hangul_name": "태연",
        "featured": False,
        "url": f"http://testserver{Artist.objects.get(name='TAEYEON').get_absolute_url()}",
        "spotify_url": Artist.objects.get(name="TAEYEON").spotify_url,
    }
    assert data["entries"][1]["artists"][1]["featured"] is True
    assert data["entries"][3]["spotify_url"] == ""


def test_plain_text_links_are_the_spotify_tracks_one_a_line(client, mixed_list):
    response = client.get(export_url(mixed_list, "txt"))
    songs = [entry.song for entry in mixed_list.entries.all()]
    expected = "".join(f"https://open.spotify.com/track/{song.spotify_id}\n" for song in songs[:3])
    assert response.content.decode() == expected


def test_list_page_links_every_export_and_names_the_songs_left_out_of_the_spotify_links(client, mixed_list):
    soup = parse(client.get(mixed_list.get_absolute_url()))
    box = soup.select_one("section.take-away")
    hrefs = {link["href"] for link in box.select("a")}
    assert {export_url(mixed_list, file_format) for file_format in ["md", "csv", "json", "txt"]} <= hrefs
    assert box.select_one("button[data-copy-from]").get_text() == "Copy Spotify links"
    links = box.select_one("textarea").get_text().split("\n")
    assert len(links) == 3
    assert all(link.startswith("https://open.spotify.com/track/") for link in links)
    assert "Unreleased demo" in text_of(box.select_one(".take-away__note"))

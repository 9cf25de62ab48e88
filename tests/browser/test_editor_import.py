"""An Editors member imports a playlist archive through the admin, in Chromium."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import ListArticle
from songs.models import Song
from tests.factories import make_theme
from tests.playlists import link, playlist_text, track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYLISTS = Path(__file__).resolve().parent.parent / "data" / "playlists"


def test_editor_uploads_sees_the_dry_run_and_imports(page, signed_in_editor, tmp_path):
    make_theme(name="Rainy day")
    heize = link("HEIZE")
    archive = tmp_path / "rainy.md"
    archive.write_text(
        playlist_text(
            [
                track("Can You See My Heart", [heize], link("Hotel Del Luna OST Part.5")),
                track("You, Clouds, Rain", [heize, link("Shin Yong Jae")], link("/// (You, Clouds, Rain)")),
            ],
            cumulative=True,
            name="Rainy Ballads",
        ),
        encoding="utf-8",
    )
    page.goto("/admin/articles/listarticle/")
    page.get_by_role("link", name="Import a playlist").click()
    page.get_by_label("Playlist file (.md)").set_input_files(str(archive))
    page.get_by_label("Start or update a draft list").fill("rainy-ballads")
    page.get_by_label("Tag the songs with a theme").fill("Rainy day")
    page.get_by_role("button", name="Check the files").click()

    dry_run_heading = page.get_by_role("heading", name=re.compile("What importing rainy.md would change"))
    expect(dry_run_heading).to_be_visible()
    songs_row = page.get_by_role("row", name=re.compile(r"^Songs \d"))
    expect(songs_row.get_by_role("cell")).to_have_text(["2", "0", "0"])
    tags_row = page.get_by_role("row", name=re.compile("^Songs tagged 'Rainy day'"))
    expect(tags_row.get_by_role("cell")).to_have_text(["2", "0", "0"])
    assert not Song.objects.exists()

    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported rainy.md.")
    titles = sorted(Song.objects.values_list("title", flat=True))
    assert titles == ["Can You See My Heart", "You, Clouds, Rain"]
    article = ListArticle.objects.get(slug="rainy-ballads")
    assert article.status == "draft"
    assert article.entries.count() == 2
    another = page.get_by_role("link", name="Import another file")
    expect(another).to_have_attribute("href", reverse("admin:articles_import_playlist"))
    page.get_by_role("link", name=re.compile("Open the draft list")).click()
    expect(page.get_by_role("heading", name="Change list")).to_be_visible()
    expect(page.get_by_label("Title:")).to_have_value("Rainy Ballads")

    page.goto(reverse("admin:articles_import_playlist"))
    broken = tmp_path / "broken.md"
    bad_length = archive.read_text(encoding="utf-8").replace("| 3:35 |", "| 3:95 |", 1)
    broken.write_text(bad_length, encoding="utf-8")
    page.get_by_label("Playlist file (.md)").set_input_files(str(broken))
    page.get_by_role("button", name="Check the files").click()
    expect(page.locator(".errorlist")).to_contain_text("broken.md: line 11:")
    expect(page.locator(".errorlist")).to_contain_text("Nothing was imported.")


def test_editor_imports_a_whole_history_of_old_and_new_files_at_once(page, signed_in_editor, tmp_path):
    page.goto(reverse("admin:articles_import_playlist"))
    files = [
        str(PLAYLISTS / name)
        for name in ["k-pop-ballad-hits.unescaped.cumulative.md", "winter-ballads.messy.pretty.md"]
    ]
    page.get_by_label("Playlist file (.md)").set_input_files(files)
    page.get_by_role("button", name="Check the files").click()

    expect(page.get_by_role("heading", name="What importing 2 files would change")).to_be_visible()
    old_file = page.get_by_role("row", name=re.compile("^k-pop-ballad-hits.unescaped.cumulative.md"))
    expect(old_file.get_by_role("cell")).to_have_text(["will be imported", "8", "0", "5"])
    notes = page.locator(".import-notes li")
    expect(notes).to_have_count(8)
    expect(notes.first).to_contain_text("k-pop-ballad-hits.unescaped.cumulative.md line 9: skipped track")

    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported 2 files.")
    assert Song.objects.count() == 15
    assert Song.objects.filter(title="광화문에서 (At Gwanghwamun)").exists()

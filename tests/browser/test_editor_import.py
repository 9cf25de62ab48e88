"""An Editors member imports a playlist archive through the admin, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import ListArticle
from songs.models import Song
from tests.playlists import link, playlist_text, track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_uploads_sees_the_dry_run_and_imports(page, signed_in_editor, tmp_path):
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
    page.get_by_role("button", name="Check the file").click()

    dry_run_heading = page.get_by_role("heading", name=re.compile("What importing rainy.md would change"))
    expect(dry_run_heading).to_be_visible()
    songs_row = page.get_by_role("row", name=re.compile("^Songs"))
    expect(songs_row.get_by_role("cell")).to_have_text(["2", "0", "0"])
    assert not Song.objects.exists()

    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported rainy.md.")
    titles = sorted(Song.objects.values_list("title", flat=True))
    assert titles == ["Can You See My Heart", "You, Clouds, Rain"]
    article = ListArticle.objects.get(slug="rainy-ballads")
    assert article.status == "draft"
    assert article.entries.count() == 2

    page.get_by_role("link", name="Import another file").click()
    broken = tmp_path / "broken.md"
    bad_length = archive.read_text(encoding="utf-8").replace("| 3:35 |", "| 3:95 |", 1)
    broken.write_text(bad_length, encoding="utf-8")
    page.get_by_label("Playlist file (.md)").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".errorlist")).to_contain_text("broken.md: line 11:")
    expect(page.locator(".errorlist")).to_contain_text("Nothing was imported.")

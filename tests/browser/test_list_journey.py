"""Readers move between lists, songs and themes by links alone; editors publish lists."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import ListArticle
from tests.factories import make_artist, make_drama, make_list, make_song, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lists():
    tears = make_theme(name="Tearjerkers")
    drama_theme = make_theme(name="K-drama love songs")
    jin, ben = make_artist(name="Jin"), make_artist(name="BEN")
    abyss = make_song(title="Abyss", artists=[jin], themes=[tears])
    lonely = make_song(title="Lonely night", artists=[ben], themes=[tears])
    another_day = make_song(
        title="Another Day",
        artists=[make_artist(name="Punch"), make_artist(name="Monday Kiz")],
        drama=make_drama(title="Hotel Del Luna"),
        themes=[drama_theme],
    )
    fillers = [make_song(title=f"Ballad {number}") for number in range(1, 12)]
    crying = make_list(
        title="Ballads that make you cry",
        entries=[lonely, *fillers, abyss],
        themes=[tears],
        featured=True,
    )
    masters = make_list(title="Male ballad masters", entries=[abyss], themes=[tears])
    drama_list = make_list(title="K-drama love songs", entries=[another_day], themes=[drama_theme, tears])
    return {"crying": crying, "masters": masters, "drama_list": drama_list, "abyss": abyss, "tears": tears}


def test_reader_walks_from_list_to_list_by_links_alone(page, lists):
    page.goto("/")
    page.locator('section[aria-labelledby="featured-heading"]').get_by_role(
        "link", name="Ballads that make you cry"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ballads that make you cry")
    expect(page.locator(".jump-menu a")).to_have_text(["1–10", "11–13"])

    page.locator(".jump-menu").get_by_role("link", name="11–13").click()
    entry = page.locator("#abyss")
    expect(entry).to_be_in_viewport()
    expect(entry.locator(".entry__number")).to_have_text("13")
    entry.get_by_role("link", name="Abyss").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Abyss")
    appearances = page.locator('section[aria-labelledby="lists-heading"]')
    expect(appearances).to_contain_text("#13 in Ballads that make you cry")
    appearances.get_by_role("link", name=re.compile("Male ballad masters")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Male ballad masters")
    page.locator('section[aria-labelledby="themes-heading"]').get_by_role("link", name="Tearjerkers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tearjerkers")
    page.locator('section[aria-labelledby="lists-heading"] .card__title').get_by_role(
        "link", name="K-drama love songs"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("K-drama love songs")
    expect(page.locator("#another-day")).to_contain_text("Another Day")
    expect(page.locator("#another-day")).to_contain_text("Punch & Monday Kiz")
    expect(page.locator(".related-top")).to_contain_text("Ballads that make you cry")


def test_shared_entry_link_opens_at_the_entry(page, lists):
    page.goto(lists["abyss"].list_entries.get(article=lists["crying"]).get_absolute_url())
    expect(page.locator("#abyss")).to_be_in_viewport()
    expect(page.locator("#abyss .entry__number")).to_have_text("13")


def test_old_position_link_still_lands_on_the_entry_without_javascript(browser, live_server, lists):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        java_script_enabled=False,
        reduced_motion="reduce",  # the page scrolls to anchors at once, not smoothly
    )
    page = context.new_page()
    url = lists["crying"].get_absolute_url()
    page.goto(f"{url}#ballad-4")
    expect(page.locator("#ballad-4 .entry__number")).to_have_text("5")
    by_song = page.evaluate("() => window.scrollY")
    page.goto("/")
    page.goto(f"{url}#entry-5")
    expect(page.locator("#ballad-4")).to_be_in_viewport()
    assert by_song > 0 and abs(page.evaluate("() => window.scrollY") - by_song) <= 2
    context.close()


def pick_autocomplete(page, select_name, search):
    """Choose ``search`` in the admin's select2 autocomplete for the select named ``select_name``."""
    page.locator(f'select[name="{select_name}"] + .select2').click()
    # The open dropdown's box: the theme picker has a search box of its own in the form.
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=search).first.click()


def test_editor_writes_previews_and_publishes_a_list(page, lists, signed_in_editor, live_server):
    page.goto("/admin/articles/listarticle/add/")
    page.get_by_label("Title:").fill("Songs for the first snow")
    page.get_by_label("Summary:").fill("Ballads for a cold, quiet evening.")
    page.get_by_label("Intro:").fill("When the first snow falls, *these* are the songs we reach for.")
    page.locator('input[name="entries-0-position"]').fill("1")
    pick_autocomplete(page, "entries-0-song", "Abyss")
    page.locator('textarea[name="entries-0-commentary"]').fill("Jin's voice over a slow piano.")
    # The list form has its Save buttons at the top and the bottom.
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = ListArticle.objects.get(title="Songs for the first snow")
    assert article.status == "draft"
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name=re.compile("Preview the draft")).click()
    preview = popup_info.value
    expect(preview.locator(".preview-banner")).to_contain_text("only editors can see this page")
    expect(preview.locator("#abyss")).to_contain_text("Jin's voice over a slow piano.")
    preview.close()

    reader = page.context.browser.new_page(base_url=live_server.url)
    assert reader.goto(article.get_absolute_url()).status == 404

    page.goto("/admin/articles/listarticle/")
    page.get_by_role("row", name=re.compile("Songs for the first snow")).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 list(s).")

    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Songs for the first snow")
    expect(reader.locator(".preview-banner")).to_have_count(0)
    reader.goto("/lists/")
    expect(reader.get_by_role("link", name="Songs for the first snow")).to_be_visible()
    assert "Songs for the first snow" in reader.request.get(f"{live_server.url}/feeds/lists/").text()
    assert article.get_absolute_url() in reader.request.get(f"{live_server.url}/sitemap-lists.xml").text()
    reader.close()

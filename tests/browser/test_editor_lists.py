"""An Editors member edits a list in the admin, in Chromium: themes, songs, order, Markdown, axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_album, make_artist, make_list, make_song, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Django's own admin templates, which we leave as Django ships them:
DJANGO_ADMIN_MARKUP = [
    # admin/edit_inline/tabular.html (the pinned related lists) heads the column of each row's
    # hidden id and "original" text with an empty <th>.
    ("empty-table-header", "#pins-group thead th.original"),
]


@pytest.fixture
def article():
    ben = make_artist(name="BEN")
    songs = [
        make_song(title="Lonely Night", artists=[ben], album=make_album(title="Lonely Night")),
        make_song(title="Dear", artists=[make_artist(name="Taeyeon")]),
        make_song(title="Breathe", artists=[make_artist(name="Lee Hi")]),
    ]
    make_song(title="Lonely night", artists=[make_artist(name="Busker Busker")])
    make_theme(name="Longing")
    return make_list(title="Night songs", entries=songs, status="draft", published_at=None)


def open_list(page, article, height=900):
    page.set_viewport_size({"width": 1280, "height": height})
    page.goto(reverse("admin:articles_listarticle_change", args=[article.pk]))


def save(page):
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def entry_titles(article):
    return list(article.entries.order_by("position").values_list("song__title", flat=True))


def test_editor_reorders_entries_by_dragging_and_by_buttons(page, signed_in_editor, article):
    open_list(page, article, height=2400)  # the dragged entry and where it goes, both in view
    page.locator("#entries-2 .entry-order__handle").drag_to(
        page.locator("#entries-0"), target_position={"x": 40, "y": 5}
    )
    expect(page.locator("#id_entries-2-position")).to_have_value("1")
    expect(page.locator("#id_entries-0-position")).to_have_value("2")
    expect(page.get_by_role("status")).to_contain_text("Moved to position 1")
    save(page)
    assert entry_titles(article) == ["Breathe", "Lonely Night", "Dear"]

    page.locator("#entries-2 .entry-order__up").click()  # Dear, now third, moves up
    expect(page.locator("#id_entries-2-position")).to_have_value("2")
    save(page)
    assert entry_titles(article) == ["Breathe", "Dear", "Lonely Night"]
    assert list(article.entries.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_editor_picks_an_existing_theme_and_a_song_told_apart_by_artist(page, signed_in_editor, article):
    open_list(page, article)
    themes = page.locator(".field-themes .select2-selection")
    themes.click()
    page.keyboard.type("long")
    page.locator(".select2-results__option", has_text="Longing").click()

    page.get_by_role("button", name=re.compile("Add another entry", re.IGNORECASE)).click()
    page.locator("#entries-3 .field-song .select2-selection").click()
    page.keyboard.type("lonely night")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(
        [re.compile("Lonely Night — BEN · Lonely Night"), re.compile("Lonely night — Busker Busker")],
        timeout=10_000,
    )
    options.filter(has_text="Busker Busker").click()
    save(page)
    assert list(article.themes.names()) == ["Longing"]
    assert entry_titles(article) == ["Lonely Night", "Dear", "Breathe", "Lonely night"]


def test_editor_types_markdown_and_sees_what_readers_will_see(page, signed_in_editor, article):
    open_list(page, article)
    commentary = page.locator("#id_entries-1-commentary")
    commentary.fill("")
    commentary.type("A **quiet** song, see [her page](https://example.com). <script>x()</script>")
    preview = page.locator("#id_entries-1-commentary-preview")
    expect(preview.locator("strong")).to_have_text("quiet")
    expect(preview.get_by_role("link", name="her page")).to_have_attribute("href", "https://example.com")
    expect(preview.locator("script")).to_have_count(0)
    expect(commentary).to_have_attribute("aria-describedby", re.compile("id_entries-1-commentary-preview"))


def test_axe_finds_no_violations_on_the_list_editor(page, signed_in_editor, article):
    open_list(page, article)
    page.locator("#id_intro").type("Some *night* songs.")
    expect(page.locator("#id_intro-preview em")).to_have_text("night")
    assert_no_axe_violations(page, allowed=DJANGO_ADMIN_MARKUP)

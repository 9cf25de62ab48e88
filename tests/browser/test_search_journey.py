"""Readers search from the header box: suggestions as they type, the keyboard, no JavaScript, axe."""

import re

import pytest
from playwright.sync_api import expect

from articles.search_index import rebuild
from songs.models import Artist
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_album, make_artist, make_drama, make_list, make_song

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    baek = make_artist(name="Baek Ye-rin", hangul_name="백예린", gender=Artist.Gender.FEMALE)
    baek.aliases.create(name="Yerin Baek")
    drama = make_drama(title="Crash Landing on You", hangul_title="사랑의 불시착", year=2019, network="tvN")
    make_song(
        title="Here I Am Again",
        hangul_title="다시 난, 여기",
        artists=[baek],
        drama=drama,
        ost_part=4,
        album=make_album(
            title="Crash Landing on You (Original Television Soundtrack), Pt. 4", artists=[baek]
        ),
    )
    make_artist(name="Baek Ji-young", hangul_name="백지영")
    make_list(title="Ballads for a rainy day", summary="Songs for grey afternoons.")
    rebuild()  # the factories write credits in bulk, past the signals
    return {"artist": baek, "drama": drama}


def suggestion_box(page):
    return page.locator("header").get_by_role("combobox")


def test_reader_picks_a_suggestion_with_the_keyboard(page, catalog):
    page.goto("/")
    box = suggestion_box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("baek yer", delay=40)

    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Baek Ye-rin")
    expect(page.get_by_role("status")).to_contain_text("suggestion")

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.first).to_have_attribute("aria-selected", "false")
    box.press("ArrowUp")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/artists/baek-ye-rin/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Baek Ye-rin")


def test_hangul_and_a_korean_keyboard_suggest_the_same_artist(page, catalog):
    page.goto("/songs/")
    box = suggestion_box(page)
    box.fill("백예린")
    expect(page.get_by_role("option").first).to_contain_text("Baek Ye-rin")
    box.fill("qordPfls")
    expect(page.get_by_role("option").first).to_contain_text("Baek Ye-rin")


def test_escape_closes_the_suggestions_and_enter_searches(page, catalog):
    page.goto("/")
    box = suggestion_box(page)
    box.fill("crash landing")
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=crash\+landing$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “crash landing”")


def test_clicking_a_suggestion_opens_it(page, catalog):
    page.goto("/")
    suggestion_box(page).fill("baek yerin crash")
    page.get_by_role("option", name=re.compile("Here I Am Again")).click()
    expect(page).to_have_url(re.compile(r"/songs/here-i-am-again/$"))


def test_the_search_form_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    box = page.locator("header").get_by_role("searchbox")
    expect(box).not_to_have_attribute("role", "combobox")
    box.fill("Yerin Baek")
    page.locator("header").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Yerin\+Baek$"))
    best = page.get_by_role("region", name="Best match")
    expect(best.get_by_role("link", name="Baek Ye-rin")).to_be_visible()
    best.get_by_role("link", name="Baek Ye-rin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Baek Ye-rin")
    context.close()


def test_axe_finds_no_violations_on_the_results_page(page, catalog):
    page.goto("/search/?q=crash+landing")
    expect(page.get_by_role("region", name="Best match")).to_be_visible()
    assert_no_axe_violations(page)


def test_axe_finds_no_violations_with_the_suggestions_open(page, catalog):
    page.goto("/")
    box = suggestion_box(page)
    box.fill("baek")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("ArrowDown")
    assert_no_axe_violations(page)


def test_axe_finds_no_violations_when_nothing_is_found(page, catalog):
    page.goto("/search/?q=zzqxv")
    expect(page.get_by_role("heading", level=2, name=re.compile("Nothing found"))).to_be_visible()
    assert_no_axe_violations(page)

import re

import pytest
from playwright.sync_api import expect

from articles.recommendations import refresh
from songs.models import Artist
from tests.factories import make_artist, make_list, make_song, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choice(page, label):
    """The checkbox or radio button of a Discover choice, found by its label."""
    return page.locator("label.facet", has_text=label).locator("input")


@pytest.fixture
def catalog():
    rain = make_theme(name="Rainy day", slug="rainy-day")
    night = make_theme(name="Late night", slug="late-night")
    heize = make_artist(name="Heize", gender=Artist.Gender.FEMALE)
    ben = make_artist(name="Ben", gender=Artist.Gender.FEMALE)
    paul = make_artist(name="Paul Kim", gender=Artist.Gender.MALE)
    rain_song = make_song(title="You, Clouds, Rain", artists=[heize], themes=[rain])
    make_song(title="Lonely night", artists=[ben], themes=[rain, night])
    make_song(title="Every day, Every Moment", artists=[paul], themes=[rain])
    make_song(title="Midnight Letter", artists=[paul], themes=[night])
    make_list([rain_song, make_song(title="Rain Again", artists=[ben])], title="Ballads for a rainy day")
    refresh()
    return {"rain_song": rain_song}


def test_reader_picks_a_mood_and_a_voice_and_follows_a_result(page, catalog):
    page.goto("/discover/")
    results = page.locator("#results")
    expect(results.locator(".song-card")).to_have_count(5)

    choice(page, "Rainy day").check()
    expect(page).to_have_url(re.compile(r"/discover/\?mood=rainy-day$"))
    expect(results.locator(".song-card")).to_have_count(3)
    expect(choice(page, "Rainy day")).to_be_focused()

    choice(page, "Sung by women").check()
    expect(page).to_have_url(re.compile(r"mood=rainy-day&voice=female$"))
    expect(results.locator(".song-card")).to_have_count(2)
    expect(results).to_contain_text("You, Clouds, Rain")
    expect(results).to_contain_text("Lonely night")
    expect(choice(page, "Sung by men")).to_be_disabled()

    results.get_by_role("link", name="You, Clouds, Rain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You, Clouds, Rain")
    similar = page.locator("#similar")
    expect(similar.locator(".similar__item").first).to_contain_text("Rain Again")
    expect(similar.locator(".similar__item").first).to_contain_text("also in Ballads for a rainy day")
    expect(page.get_by_role("navigation", name="Play next")).to_contain_text("Rain Again")


def test_discover_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/discover/")
    choice(page, "Late night").check()
    choice(page, "Sung by men").check()
    page.get_by_role("button", name="Show songs").click()
    expect(page).to_have_url(re.compile(r"mood=late-night&voice=male"))
    expect(page.locator("#results .song-card")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Midnight Letter")
    context.close()

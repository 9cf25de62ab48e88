"""Under the strict Content-Security-Policy, Chromium reports no violation on our pages or the admin's."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_artist, make_list, make_song, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYERS = ("https://open.spotify.com/**", "https://www.youtube-nocookie.com/**")


@pytest.fixture
def violations(page):
    """Every CSP violation Chromium reports on this tab: the console's and the DOM event's."""
    found = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and found.append(message.text)
    )
    page.expose_function("reportViolation", lambda text: found.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " event => window.reportViolation(event.violatedDirective + ' ' + event.blockedURI));"
    )
    return found


@pytest.fixture
def song():
    theme = make_theme(name="Rainy day")
    song = make_song(
        title="Through the Night",
        artists=[make_artist(name="IU")],
        themes=[theme],
        spotify_id="3P3UA61WRQqwCXaoFOTENd",
        youtube_id="BzYnNdJhZQw",
    )
    song.article = make_list(title="Late nights", entries=[song], themes=[theme], intro="Songs **late**.")
    return song


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_checks_see_a_violation_when_there_is_one(page, violations, song):
    visit(page, "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in text for text in violations)


def test_public_pages_and_both_players_run_without_violations(page, violations, song):
    for player in PLAYERS:
        page.route(player, lambda route: route.fulfill(body="player", status=200))
    for url in ("/", "/lists/late-nights/", "/discover/", "/search/?q=IU", "/songs/", "/no-such-page/"):
        visit(page, url)
    page.locator("#site-search-q").fill("thro")
    expect(page.get_by_role("option").first).to_be_visible()

    for name in ("Play here with Spotify", "Play the video here"):
        visit(page, song.get_absolute_url())
        page.get_by_role("link", name=name).click()
        expect(page.locator(".player iframe")).to_have_count(1)
    visit(page, song.get_absolute_url() + "?player=youtube")  # the same player without JavaScript
    expect(page.locator(".player iframe")).to_have_count(1)
    assert len(page.third_party_requests) == 3
    page.third_party_requests.clear()
    assert violations == []


def test_the_admin_runs_without_violations(page, violations, signed_in_editor, song):
    article = song.article
    for url in (
        "/admin/",
        "/admin/articles/listarticle/",
        f"/admin/articles/listarticle/{article.pk}/change/",
        "/admin/articles/listarticle/import-playlist/",
        "/admin/songs/song/add/",
        f"/admin/songs/song/{song.pk}/change/",
    ):
        visit(page, url)
        expect(page.locator("#content")).to_be_visible()
    # The song picker (Select2) and the calendar build their widgets in the page.
    visit(page, f"/admin/articles/listarticle/{article.pk}/change/")
    page.locator(".select2-selection").first.click()
    expect(page.locator(".select2-search__field")).to_be_visible()
    visit(page, "/admin/songs/song/add/")
    page.locator(".datetimeshortcuts a").last.click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    assert violations == []

"""A reader on a phone: copies a list's Spotify links, downloads it, listens, and can tap everything."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from articles.playlist_import import import_playlist
from songs.models import Album, Artist, Membership, Song, SongCredit
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_album, make_artist, make_list, make_song

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-readers")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
LONG_TITLE = "Everything I Wanted To Tell You On The Longest Winter Night Of My Life (Acoustic Version)"

# Every link, button and form control a reader taps, visible, smaller than 24×24 px.
SMALL_TARGETS = """() => [...document.querySelectorAll('a, button, summary, input, select, textarea')]
  .filter((element) => !element.closest('.prose') && element.getClientRects().length)
  .map((element) => [element.outerHTML.slice(0, 80), element.getBoundingClientRect()])
  .filter(([, box]) => box.width > 1 && (box.width < 24 || box.height < 24))
  .map(([html, box]) => `${html} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


def spotify_id(number):
    return f"{number:022d}"


@pytest.fixture
def catalog():
    bts = make_artist(name="BTS", hangul_name="방탄소년단", kind=Artist.Kind.GROUP, spotify_id=spotify_id(1))
    jin = make_artist(name="Jin", hangul_name="진", spotify_id=spotify_id(2))
    v = make_artist(name="V", hangul_name="뷔", spotify_id=spotify_id(3))
    Membership.objects.create(group=bts, member=jin)
    Membership.objects.create(group=bts, member=v)
    album = make_album(title="Love Yourself 轉 'Tear'", artists=[bts], spotify_id=spotify_id(4))
    songs = [
        make_song(title="The Truth Untold", artists=[bts], album=album, spotify_id=spotify_id(10)),
        make_song(title="Abyss", hangul_title="어비스", artists=[jin], spotify_id=spotify_id(11)),
        make_song(title="Winter Bear", artists=[v], spotify_id=spotify_id(12), youtube_id="abcdefghijk"),
        make_song(title=LONG_TITLE, artists=[v]),
    ]
    article = make_list(
        title="Ballads from BTS and its members",
        summary="The group's slow songs, and the ones its members sing alone.",
        byline="Mina",
        entries=songs,
    )
    return {"list": article, "group": bts, "songs": songs}


def test_reader_copies_the_spotify_links_of_a_list(page, live_server, catalog):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(catalog["list"].get_absolute_url())
    page.get_by_role("button", name="Copy Spotify links").click()
    expect(page.locator("[data-copy-status]")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = [song.spotify_url for song in catalog["songs"] if song.spotify_id]
    assert copied.split("\n") == expected
    note = page.locator(".take-away__note")
    expect(note).to_contain_text(LONG_TITLE)


def test_without_javascript_the_links_are_in_a_box_to_copy(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto(catalog["list"].get_absolute_url())
    expect(page.get_by_role("button", name="Copy Spotify links")).to_be_hidden()
    page.locator(".take-away__links summary").click()
    box = page.get_by_label("Spotify links of this list")
    expect(box).to_be_visible()
    assert box.input_value().split("\n")[0] == catalog["songs"][0].spotify_url
    context.close()


def test_downloaded_markdown_imports_back_with_nothing_new(page, catalog):
    page.goto(catalog["list"].get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown").click()
    assert download.value.suggested_filename == f"{catalog['list'].slug}.md"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    counts = [model.objects.count() for model in (Song, Artist, Album, SongCredit)]

    report = import_playlist(text)

    changed = [row for row in report.rows() if row[1] or row[2]]
    assert changed == []
    assert report.counts[("songs", "unchanged")] == 3
    assert [model.objects.count() for model in (Song, Artist, Album, SongCredit)] == counts


def test_play_here_opens_the_player_in_view_with_focus_on_it(page, catalog):
    page.route("https://open.spotify.com/**", lambda route: route.fulfill(body="player", status=200))
    page.set_viewport_size(PHONE)
    song = catalog["songs"][2]
    page.goto(song.get_absolute_url())
    page.get_by_role("link", name="Play here with Spotify").click()
    frame = page.locator(".player iframe")
    expect(frame).to_be_in_viewport()
    expect(frame).to_be_focused()
    assert page.third_party_requests == [f"https://open.spotify.com/embed/track/{song.spotify_id}"]
    page.third_party_requests.clear()


def reader_pages(catalog):
    return {
        "list": catalog["list"].get_absolute_url(),
        "song": catalog["songs"][1].get_absolute_url(),
        "long-song": catalog["songs"][3].get_absolute_url(),
        "group": catalog["group"].get_absolute_url(),
    }


def test_every_tap_target_is_at_least_24_px_and_nothing_overflows_on_a_phone(page, catalog):
    page.set_viewport_size(PHONE)
    checked = 0
    for name, url in reader_pages(catalog).items():
        page.goto(url)
        assert page.evaluate(SMALL_TARGETS) == [], name
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], name
        checked += 1
    assert checked == 4
    heading = page.goto(catalog["songs"][3].get_absolute_url()) and page.locator("h1")
    assert heading.evaluate("(h1) => h1.scrollWidth <= h1.clientWidth")


def test_list_song_and_group_pages_have_no_axe_violations(page, catalog):
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for url in reader_pages(catalog).values():
            page.goto(url)
            assert_no_axe_violations(page)


def test_screenshots_at_phone_and_desktop_sizes(page, catalog):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        for name, url in reader_pages(catalog).items():
            page.goto(url)
            path = SHOTS / f"{name}-{size_name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 0


def platform_fonts(page, selector):
    """The fonts Chromium drew an element's text with: [(family, glyphs, ours)]."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [(font["familyName"], font["glyphCount"], font["isCustomFont"]) for font in fonts]


KOREAN_SYSTEM_FONTS = (
    "Apple SD Gothic Neo",
    "Malgun Gothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Nanum Gothic",
)


def hangul_fonts_applied(page, text):
    """Wait until site.js has applied the hangul stylesheet and the slices for ``text`` are drawn."""
    page.wait_for_function("document.getElementById('hangul-fonts').media === 'all'")
    page.evaluate(
        """async (text) => {
          await document.fonts.load('16px "K-Ballads Hangul"', text);
          await document.fonts.ready;
          await new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)));
        }""",
        text,
    )


def test_the_hangul_fonts_wait_for_the_page_to_load(page, catalog):
    response = page.goto(catalog["group"].get_absolute_url())
    served = BeautifulSoup(response.text(), "html.parser")
    deferred = served.select_one("#hangul-fonts")
    assert deferred["media"] == "print"  # Not applied for the first paint…
    assert served.select_one("noscript link[rel=stylesheet]")["href"] == deferred["href"]
    expect(page.locator("#hangul-fonts")).to_have_attribute("media", "all")  # …but once loaded.


def test_hangul_is_drawn_with_a_korean_font_even_where_the_system_has_none(page, catalog):
    page.goto(catalog["group"].get_absolute_url())
    hangul_fonts_applied(page, "방탄소년단")
    heading_name = page.locator("h1 [lang=ko]")
    expect(heading_name).to_have_text("방탄소년단")
    drawn = platform_fonts(page, "h1 [lang=ko]")
    assert drawn and all(ours or family in KOREAN_SYSTEM_FONTS for family, _, ours in drawn), drawn
    assert sum(glyphs for _, glyphs, _ in drawn) == len("방탄소년단")


def test_a_rare_syllable_loads_the_extra_slice_and_a_common_one_does_not(page, catalog):
    page.goto(catalog["group"].get_absolute_url())
    hangul_fonts_applied(page, "방")
    loaded = page.evaluate(
        """async () => {
          const everyday = await document.fonts.load('16px "K-Ballads Hangul"', '방');
          const rare = await document.fonts.load('16px "K-Ballads Hangul Extra"', '똠');
          const none = await document.fonts.load('16px "K-Ballads Hangul Extra"', 'abc');
          return [everyday.map((face) => face.status), rare.map((face) => face.status), none.length];
        }"""
    )
    assert loaded == [["loaded"], ["loaded"], 0]

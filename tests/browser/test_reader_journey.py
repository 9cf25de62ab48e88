import pytest
from playwright.sync_api import expect

from songs.models import Artist, Membership
from tests.factories import make_album, make_artist, make_drama, make_song

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    baek = make_artist(name="Baek Ye-rin", hangul_name="백예린", gender=Artist.Gender.FEMALE)
    baek.aliases.create(name="Yerin Baek")
    drama = make_drama(title="Crash Landing on You", year=2019, network="tvN")
    song = make_song(
        title="Here I Am Again",
        artists=[baek],
        drama=drama,
        ost_part=4,
        length_seconds=234,
        spotify_id="5CDq3Ekm0E0c23S0mbEELV",
        album=make_album(title="Crash Landing on You (Original Television Soundtrack), Pt. 4"),
    )
    bts = make_artist(name="BTS", kind=Artist.Kind.GROUP, gender=Artist.Gender.MALE)
    v = make_artist(name="V", hangul_name="뷔", gender=Artist.Gender.MALE)
    Membership.objects.create(group=bts, member=v)
    make_song(title="Sweet Night", artists=[v])
    return {"song": song, "artist": baek, "drama": drama, "group": bts, "member": v}


def test_reader_goes_from_home_to_a_song_to_its_artist(page, catalog):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your next Korean ballad")

    page.get_by_role("link", name="Here I Am Again").first.click()
    expect(page).to_have_url(f"{page.url.split('/songs/')[0]}/songs/here-i-am-again/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Here I Am Again")
    expect(page.locator(".facts")).to_contain_text("Crash Landing on You, OST Part 4")
    expect(page.locator(".facts")).to_contain_text("3:54")

    page.locator(".byline").get_by_role("link", name="Baek Ye-rin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baek Ye-rin 백예린")
    expect(page.locator(".aliases")).to_contain_text("Yerin Baek")
    expect(page.get_by_role("link", name="Here I Am Again")).to_be_visible()


def test_reader_follows_a_group_to_its_member(page, catalog):
    page.goto("/artists/?kind=group")
    page.get_by_role("link", name="BTS").click()
    page.locator('section[aria-labelledby="members-heading"]').get_by_role("link", name="V").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("V 뷔")
    expect(page.locator('section[aria-labelledby="groups-heading"]')).to_contain_text("BTS")


def test_player_appears_only_after_the_reader_asks(page, catalog):
    page.route("https://open.spotify.com/**", lambda route: route.fulfill(body="player", status=200))
    page.goto(catalog["song"].get_absolute_url())
    expect(page.locator("iframe")).to_have_count(0)
    assert page.third_party_requests == []

    page.get_by_role("link", name="Play here with Spotify").click()
    player_url = "https://open.spotify.com/embed/track/5CDq3Ekm0E0c23S0mbEELV"
    expect(page.locator(".player iframe")).to_have_attribute("src", player_url)
    assert page.third_party_requests == [player_url]
    page.third_party_requests.clear()


def test_unknown_page_shows_the_site_layout(page, catalog):
    response = page.goto("/songs/not-a-song/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn’t find that page")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

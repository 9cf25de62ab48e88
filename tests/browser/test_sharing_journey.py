"""A reader shares a list: the preview's tags and picture; axe on the pages that carry them."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from songs.models import Artist, Membership
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_album, make_artist, make_list, make_song

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared():
    jin = make_artist(name="Jin", hangul_name="진")
    bts = make_artist(name="BTS", hangul_name="방탄소년단", kind=Artist.Kind.GROUP)
    Membership.objects.create(group=bts, member=jin)
    abyss = make_song(
        title="Abyss", hangul_title="어비스", artists=[jin], album=make_album(title="Happy", artists=[jin])
    )
    fillers = [make_song(title=f"Ballad {number}") for number in range(1, 12)]
    article = make_list(
        title="Ballads that make you cry", summary="Songs for a long night.", entries=[abyss, *fillers]
    )
    return {"list": article, "abyss": abyss, "bts": bts}


def meta_content(page, name):
    return page.locator(f'meta[property="{name}"], meta[name="{name}"]').get_attribute("content")


def test_a_shared_list_previews_with_its_title_summary_and_a_1200_by_630_picture(page, shared):
    page.goto(shared["list"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Ballads that make you cry")
    assert meta_content(page, "og:title") == "Ballads that make you cry"
    assert meta_content(page, "og:description") == "Songs for a long night."
    assert meta_content(page, "og:url") == page.url
    assert meta_content(page, "twitter:card") == "summary_large_image"

    image_url = meta_content(page, "og:image")
    response = page.request.get(image_url)
    assert response.ok and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.body()))
    assert image.format == "PNG" and image.size == (1200, 630)

    page.goto(image_url)
    size = page.evaluate("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1200, 630]


@pytest.mark.parametrize("which", ["list", "abyss", "bts"])
def test_axe_finds_no_violations_on_list_song_and_group_pages(page, shared, which):
    page.goto(shared[which].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


def test_axe_finds_no_violations_on_a_list_at_desktop_size(page, shared):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shared["list"].get_absolute_url() + "#entry-11")
    expect(page.locator("li.entry").nth(10)).to_be_in_viewport()
    assert_no_axe_violations(page)

"""The feeds carry editors' plain text as text and only the sanitized introduction as HTML."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_list, make_theme

pytestmark = pytest.mark.django_db

ATTACK = "<img src=x onerror=alert(1)>"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


@pytest.fixture
def hostile_list():
    return make_list(
        title=f"Tears {ATTACK}",
        summary=f"Rain & tears {ATTACK}",
        byline=f"Mina {ATTACK}",
        themes=[make_theme(name=f"Night {ATTACK}")],
        intro=f"Songs for **late** nights.\n\n{ATTACK}<script>alert(2)</script>",
    )


def rss_item(client):
    return ElementTree.fromstring(client.get("/feeds/lists/").content).find("channel/item")


def atom_entry(client):
    return ElementTree.fromstring(client.get("/feeds/lists/atom/").content).find("atom:entry", ATOM)


def shown_as_html(fragment):
    """What a feed reader that renders this HTML without sanitizing would build."""
    return BeautifulSoup(fragment, "html.parser")


def test_rss_summary_is_escaped_so_a_reader_shows_it_as_text(client, hostile_list):
    description = rss_item(client).findtext("description")
    assert description == "Rain &amp; tears &lt;img src=x onerror=alert(1)&gt;"
    rendered = shown_as_html(description)
    assert rendered.find("img") is None
    assert rendered.get_text() == f"Rain & tears {ATTACK}"


def test_rss_content_is_the_sanitized_introduction(client, hostile_list):
    content = shown_as_html(rss_item(client).findtext(CONTENT_ENCODED))
    assert content.find("strong").get_text() == "late"
    assert content.find("img") is None
    assert content.find("script") is None
    assert content.find(attrs={"onerror": True}) is None


def test_rss_title_byline_and_themes_are_plain_text(client, hostile_list):
    item = rss_item(client)
    assert item.findtext("title") == f"Tears {ATTACK}"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == f"Mina {ATTACK}"
    assert [category.text for category in item.findall("category")] == [f"Night {ATTACK}"]


def test_atom_marks_title_and_summary_as_text(client, hostile_list):
    entry = atom_entry(client)
    for name in ("title", "summary"):
        element = entry.find(f"atom:{name}", ATOM)
        assert element.get("type") == "text", name
    assert entry.findtext("atom:summary", namespaces=ATOM) == f"Rain & tears {ATTACK}"
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM) == f"Mina {ATTACK}"
    assert [category.get("term") for category in entry.findall("atom:category", ATOM)] == [f"Night {ATTACK}"]


def test_atom_content_is_the_sanitized_introduction_as_html(client, hostile_list):
    content = atom_entry(client).find("atom:content", ATOM)
    assert content.get("type") == "html"
    rendered = shown_as_html(content.text)
    assert rendered.find("strong").get_text() == "late"
    assert rendered.find("img") is None
    assert rendered.find("script") is None


def test_a_list_without_an_introduction_has_no_content_element(client):
    make_list(intro="")
    assert rss_item(client).find(CONTENT_ENCODED) is None
    assert atom_entry(client).find("atom:content", ATOM) is None

"""The editors' Markdown preview: staff only, CSRF-checked, and exactly what readers will see."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from kballads.admin import PREVIEW_MAX_CHARACTERS
from kballads.markup import render_markdown
from tests.factories import make_list, make_song
from tests.helpers import parse

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("admin:markdown_preview")
DANGEROUS = (
    '**Bold** and [a link](https://example.com) <script>alert(1)</script> <a href="javascript:x">no</a>'
)


def test_the_preview_is_the_sanitized_html_readers_get(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": DANGEROUS})
    assert response.status_code == 200
    html = response.json()["html"]
    assert html == render_markdown(DANGEROUS)
    fragment = parse_fragment(html)
    assert fragment.select_one("strong").text == "Bold"
    assert fragment.select_one("a[href='https://example.com']").text == "a link"
    assert fragment.select("script") == []
    assert not any(link.get("href", "").startswith("javascript") for link in fragment.select("a"))


def parse_fragment(html):
    return BeautifulSoup(html, "html.parser")


def test_empty_text_previews_as_nothing(editor_client):
    assert editor_client.post(PREVIEW_URL, {"text": "  "}).json() == {"html": ""}


def test_a_text_too_long_is_refused_with_a_reason(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": "a" * (PREVIEW_MAX_CHARACTERS + 1)})
    assert response.status_code == 400
    assert "longer than" in response.json()["error"]


def test_readers_and_staff_outside_the_admin_cannot_use_the_preview(client, django_user_model):
    response = client.post(PREVIEW_URL, {"text": "*hi*"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    reader = django_user_model.objects.create_user("reader", password="a-long-test-password")
    client.force_login(reader)
    assert client.post(PREVIEW_URL, {"text": "*hi*"}).status_code == 302


def test_the_preview_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PREVIEW_URL, {"text": "*hi*"}).status_code == 403
    page = client.get(reverse("admin:articles_listarticle_add"))
    token = parse(page).select_one("input[name=csrfmiddlewaretoken]")["value"]
    answer = client.post(PREVIEW_URL, {"text": "*hi*"}, headers={"X-CSRFToken": token})
    assert answer.json() == {"html": "<p><em>hi</em></p>"}


def test_the_preview_only_answers_posts(editor_client):
    assert editor_client.get(PREVIEW_URL, {"text": "*hi*"}).status_code == 405


def test_commentary_and_intro_fields_carry_the_help_and_the_preview_address(editor_client):
    article = make_list(entries=[make_song()])
    page = parse(editor_client.get(reverse("admin:articles_listarticle_change", args=[article.pk])))
    for name in ["intro", "entries-0-commentary"]:
        assert page.select_one(f"textarea[name='{name}']")["data-markdown-preview"] == PREVIEW_URL
    assert "http and https only" in page.select_one("#id_intro_helptext").text
    assert "http and https only" in page.select_one(".entry-tools").text
    scripts = [script["src"] for script in page.select("script[src]")]
    assert any(src.endswith("js/admin-markdown-preview.js") for src in scripts)
    assert any(src.endswith("js/admin-entry-order.js") for src in scripts)
    # A strict CSP (script-src 'self') runs no inline script and no on* attribute.
    assert page.select("script:not([src])") == []
    assert not any(name.startswith("on") for element in page.find_all(True) for name in element.attrs)

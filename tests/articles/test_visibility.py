"""Drafts and scheduled lists are invisible to readers on every surface."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import ListArticle
from tests.factories import make_artist, make_list, make_song, make_theme
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Secret unreleased list"


@pytest.fixture(params=["draft", "scheduled"])
def hidden(request):
    """A list readers must not see, sharing a song, an artist and a theme with a published one."""
    theme = make_theme(name="Tearjerkers")
    artist = make_artist(name="BEN")
    song = make_song(title="Lonely night", artists=[artist], themes=[theme])
    published = make_list(title="Visible list", entries=[song], themes=[theme])
    if request.param == "draft":
        overrides = {"status": ListArticle.Status.DRAFT, "published_at": None}
    else:
        overrides = {"published_at": timezone.now() + timedelta(days=3)}
    article = make_list(title=HIDDEN_TITLE, entries=[song], themes=[theme], featured=True, **overrides)
    published.pins.create(to_list=article, position=1)
    return {"article": article, "published": published, "song": song, "artist": artist, "theme": theme}


def test_hidden_list_page_is_a_404(client, hidden):
    assert client.get(hidden["article"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "surface",
    [
        "/",
        "/lists/",
        "/themes/",
        "song",
        "artist",
        "theme",
        "published",
        "/feeds/lists/",
        "/feeds/lists/atom/",
        "/sitemap-lists.xml",
    ],
)
def test_hidden_list_appears_on_no_public_surface(client, hidden, surface):
    url = hidden[surface].get_absolute_url() if surface in hidden else surface
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert HIDDEN_TITLE not in body
    assert hidden["article"].get_absolute_url() not in body


def test_published_list_shows_on_those_surfaces(client, hidden):
    published = hidden["published"]
    for url in [
        "/",
        "/lists/",
        hidden["song"].get_absolute_url(),
        hidden["artist"].get_absolute_url(),
        hidden["theme"].get_absolute_url(),
        "/feeds/lists/",
        "/sitemap-lists.xml",
    ]:
        assert published.get_absolute_url() in client.get(url).content.decode(), url


def test_theme_list_counts_only_published_lists(client, hidden):
    page = parse(client.get("/themes/"))
    assert texts(page, ".card__meta") == ["1 list · 1 song"]


def test_scheduled_list_appears_once_its_time_comes(client):
    article = make_list(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    ListArticle.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_published_queryset_holds_only_lists_whose_time_has_come():
    visible = make_list()
    make_list(status=ListArticle.Status.DRAFT, published_at=None)
    make_list(published_at=timezone.now() + timedelta(minutes=5))
    make_list(status=ListArticle.Status.DRAFT, published_at=timezone.now() - timedelta(days=5))
    assert list(ListArticle.objects.published()) == [visible]


def test_editor_previews_a_draft_clearly_marked_and_never_cached(editor_client):
    article = make_list(title="Work in progress", status=ListArticle.Status.DRAFT, published_at=None)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    assert "only editors can see this page" in texts(page, ".preview-banner")[0]
    assert "no-store" in response["Cache-Control"]
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"


def test_published_list_page_is_not_marked_as_preview(editor_client):
    response = editor_client.get(make_list().get_absolute_url())
    assert parse(response).select_one(".preview-banner") is None
    assert "no-store" not in response.get("Cache-Control", "")


def test_staff_without_permission_cannot_preview(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="x-long-password", is_staff=True)
    client.force_login(user)
    article = make_list(status=ListArticle.Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    user.user_permissions.add(Permission.objects.get(codename="view_listarticle"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(article.get_absolute_url()).status_code == 200

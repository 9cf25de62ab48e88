from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ListArticle, ListEntry
from songs.models import Theme
from tests.factories import make_album, make_artist, make_list, make_song, make_theme
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db


def list_form(songs=(), positions=None, existing=(), **fields):
    """POST data for the list admin form with entries for ``songs`` at ``positions``."""
    data = {
        "title": "Winter ballads",
        "slug": "",
        "summary": "Songs for the first snow.",
        "byline": "Mina",
        "intro": "Cold *outside*.",
        "themes": [],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "entries-TOTAL_FORMS": str(len(songs)),
        "entries-INITIAL_FORMS": str(len(existing)),
        "pins-TOTAL_FORMS": "0",
        "pins-INITIAL_FORMS": "0",
    }
    positions = positions or list(range(1, len(songs) + 1))
    for index, (song, position) in enumerate(zip(songs, positions, strict=True)):
        data[f"entries-{index}-song"] = song.pk
        data[f"entries-{index}-position"] = position
        data[f"entries-{index}-added_on"] = "2026-11-01"
        data[f"entries-{index}-commentary"] = f"Entry about {song.title}."
        if index < len(existing):
            data[f"entries-{index}-id"] = existing[index].pk
            data[f"entries-{index}-article"] = existing[index].article_id
    data.update(fields)
    return data


def test_editor_creates_a_draft_list_with_entries(editor_client):
    songs = [make_song(title="Winter Poem"), make_song(title="Christmas Tree")]
    winter = make_theme(name="Winter")
    response = editor_client.post(
        reverse("admin:articles_listarticle_add"), list_form(songs, themes=[winter.pk])
    )
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    article = ListArticle.objects.get(slug="winter-ballads")
    assert article.status == "draft"
    assert list(article.entries.values_list("song__title", "position")) == [
        ("Winter Poem", 1),
        ("Christmas Tree", 2),
    ]
    assert article.themes.get().name == "Winter"


def test_a_song_twice_in_a_list_gets_a_clear_message(editor_client):
    song = make_song(title="Dear")
    response = editor_client.post(reverse("admin:articles_listarticle_add"), list_form([song, song]))
    assert response.status_code == 200
    errors = texts(parse(response), ".errorlist li")
    assert (
        "“Dear” is in this list more than once (positions 1, 2). A song can appear only once per list."
        in errors
    )
    assert not ListArticle.objects.exists()


def test_two_entries_on_one_position_get_a_clear_message(editor_client):
    songs = [make_song(title="Rose"), make_song(title="Dream")]
    response = editor_client.post(
        reverse("admin:articles_listarticle_add"), list_form(songs, positions=[3, 3])
    )
    errors = texts(parse(response), ".errorlist li")
    assert "Several entries are numbered 3 (“Rose”, “Dream”). Give each entry its own position." in errors


def test_editor_swaps_two_entries(editor_client):
    first, second = make_song(title="First"), make_song(title="Second")
    article = make_list(entries=[first, second], title="Winter ballads")
    existing = list(article.entries.order_by("position"))
    data = list_form(
        [first, second],
        positions=[2, 1],
        existing=existing,
        status="published",
        published_at_0="2026-11-01",
        published_at_1="10:00:00",
    )
    data["slug"] = article.slug
    response = editor_client.post(reverse("admin:articles_listarticle_change", args=[article.pk]), data)
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    assert list(article.entries.order_by("position").values_list("song__title", flat=True)) == [
        "Second",
        "First",
    ]


def test_editor_deletes_an_entry_and_reuses_its_position(editor_client):
    first, second, third = make_song(title="A"), make_song(title="B"), make_song(title="C")
    article = make_list(entries=[first, second])
    existing = list(article.entries.order_by("position"))
    data = list_form([first, second, third], positions=[1, 2, 2], existing=existing)
    data.update({"slug": article.slug, "entries-1-DELETE": "on"})
    response = editor_client.post(reverse("admin:articles_listarticle_change", args=[article.pk]), data)
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    assert list(article.entries.order_by("position").values_list("song__title", flat=True)) == ["A", "C"]


def test_publish_and_unpublish_actions(editor_client):
    draft = make_list(status="draft", published_at=None)
    changelist = reverse("admin:articles_listarticle_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public
    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_renumber_action_closes_gaps(editor_client):
    article = make_list(entries=[make_song(), make_song()])
    article.entries.filter(position=2).update(position=9)
    editor_client.post(
        reverse("admin:articles_listarticle_changelist"),
        {"action": "renumber", "_selected_action": [article.pk]},
    )
    assert list(article.entries.values_list("position", flat=True)) == [1, 2]


def test_changelist_shows_status_entry_count_and_scheduled_lists(editor_client):
    make_list(title="Live", entries=[make_song(), make_song()])
    make_list(title="Later", published_at=timezone.now() + timedelta(days=2))
    page = parse(editor_client.get(reverse("admin:articles_listarticle_changelist")))
    rows = {
        row.select_one("th a").text: (
            row.select_one(".field-status_label").text,
            row.select_one(".field-entry_count").text,
        )
        for row in page.select("#result_list tbody tr")
    }
    assert rows == {"Live": ("Published", "2"), "Later": ("Scheduled", "0")}


def test_change_form_links_to_the_preview(editor_client):
    article = make_list(status="draft", published_at=None)
    page = parse(editor_client.get(reverse("admin:articles_listarticle_change", args=[article.pk])))
    link = page.select_one(".field-preview_link a")
    assert link["href"] == article.get_absolute_url()
    assert "Preview the draft" in link.text


def test_song_autocomplete_tells_songs_of_one_title_apart(editor_client):
    ben, busker = make_artist(name="BEN"), make_artist(name="Busker Busker")
    make_song(
        title="Lonely Night",
        artists=[ben],
        album=make_album(title="Lonely Night", released_on=date(2019, 3, 1)),
    )
    make_song(title="Lonely night", artists=[busker], released_on=date(2012, 5, 8))
    make_song(title="Here I Am Again")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "lonely night", "app_label": "articles", "model_name": "listentry", "field_name": "song"},
    )
    assert sorted(result["text"] for result in response.json()["results"]) == [
        "Lonely Night — BEN · Lonely Night (2019)",
        "Lonely night — Busker Busker (2012)",
    ]


def test_entry_song_pickers_show_the_label_without_a_query_per_entry(editor_client):
    article = make_list(entries=[make_song(title="Dear", artists=[make_artist(name="Taeyeon")])])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            page = parse(editor_client.get(reverse("admin:articles_listarticle_change", args=[article.pk])))
        return page, len(queries)

    count_queries()  # the first request also fills per-process caches (content types)
    page, few = count_queries()
    assert texts(page, "#entries-0 select[name='entries-0-song'] option[selected]") == ["Dear — Taeyeon"]
    for number in range(2, 12):
        ListEntry.objects.create(article=article, song=make_song(), position=number)
    page, many = count_queries()
    assert len(page.select("#entries-group .inline-related.has_original")) == 11
    assert many == few


@pytest.mark.parametrize("model", ["listarticle"])
def test_editor_can_open_the_list_admin(editor_client, model):
    make_list(entries=[make_song()])
    assert editor_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


def test_a_mistyped_theme_on_a_list_is_refused_and_no_theme_is_made(editor_client):
    make_theme(name="Longing")
    response = editor_client.post(
        reverse("admin:articles_listarticle_add"), list_form([make_song()], themes=["Longng"])
    )
    assert response.status_code == 200
    assert texts(parse(response), "#id_themes_error li") == [
        "There is no theme “Longng”. Did you mean “Longing”? Pick an existing theme, "
        "or add a new one under Themes first."
    ]
    assert list(Theme.objects.values_list("name", flat=True)) == ["Longing"]
    assert not ListArticle.objects.exists()

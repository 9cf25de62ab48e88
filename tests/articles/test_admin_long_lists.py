"""Long lists in the admin: a page of entries at a time, saves under the field limit, order kept."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles.entry_pages import ENTRIES_PER_PAGE, EntryPage, new_order
from articles.models import ListEntry
from songs.models import Song, SongCredit
from tests.factories import make_artist, make_list, make_song
from tests.helpers import parse, texts

LONG_LIST = 1_500


def test_a_moved_entry_lands_exactly_where_the_editor_numbered_it():
    assert new_order([1, 2, 3, 4, 5], placed=[(2, 9)]) == [1, 9, 2, 3, 4, 5]
    # Entry 5 sent to position 150 of a list whose other entries close up around it.
    others = [pk for pk in range(1, 201) if pk != 5]
    assert new_order(others, placed=[(150, 5)]).index(5) == 149


def test_a_reordered_page_and_new_entries_keep_every_position_once():
    order = new_order([4, 5, 6], placed=[(3, 2), (1, 3), (2, 1)], appended=[7])
    assert order == [3, 1, 2, 4, 5, 6, 7]
    assert new_order([1, 2], placed=[(99, 3)]) == [1, 2, 3]


@pytest.mark.parametrize(
    ("param", "number"), [(None, 1), ("", 1), ("x", 1), ("-3", 1), ("2", 2), ("15", 15), ("99", 15)]
)
def test_the_entries_page_parameter_never_fails(param, number):
    assert EntryPage.from_param(param, LONG_LIST, per_page=100).number == number


def test_page_ranges_end_at_the_last_entry():
    ranges = EntryPage.from_param("2", 250, per_page=100).ranges
    assert ranges == [(1, "1–100", False), (2, "101–200", True), (3, "201–250", False)]
    assert EntryPage.from_param("1", 100, per_page=100).ranges == []


def make_long_list(count):
    """A draft list of ``count`` entries, written in bulk (a few queries, not thousands)."""
    artist = make_artist(name="Long Singer")
    songs = Song.objects.bulk_create(
        Song(title=f"Track {number}", slug=f"track-{number}", title_key=f"track {number}")
        for number in range(1, count + 1)
    )
    SongCredit.objects.bulk_create(SongCredit(song=song, artist=artist, position=1) for song in songs)
    article = make_list(title="Everything", status="draft", published_at=None)
    ListEntry.objects.bulk_create(
        ListEntry(article=article, song=song, position=number, commentary=f"Note {number}.")
        for number, song in enumerate(songs, start=1)
    )
    return article


def form_data(form):
    """What a browser would send for ``form`` as it stands (no submit button pressed)."""
    data = []
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if field.name == "input" and kind in {"submit", "button", "file"}:
            continue
        if field.name == "input" and kind == "checkbox" and not field.has_attr("checked"):
            continue
        if field.name == "select":
            data += [(field["name"], option["value"]) for option in field.select("option[selected]")]
        elif field.name == "textarea":
            data.append((field["name"], field.text.removeprefix("\n")))
        else:
            data.append((field["name"], field.get("value", "")))
    return data


def as_post(data):
    post = {}
    for name, value in data:
        post.setdefault(name, []).append(value)
    return post


def entry_field(data, position, field):
    """The name of the field ``field`` of the entry shown at ``position``."""
    prefix = next(name for name, value in data if name.endswith("-position") and value == str(position))
    return prefix.removesuffix("position") + field


@pytest.mark.django_db
def test_a_1500_entry_list_is_edited_a_page_at_a_time_and_saved_in_order(editor_client):
    article = make_long_list(LONG_LIST)
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    page = parse(editor_client.get(url, {"entries": "2"}))
    shown = page.select("#entries-group .inline-related.has_original")
    assert len(shown) == ENTRIES_PER_PAGE
    first, last = ENTRIES_PER_PAGE + 1, 2 * ENTRIES_PER_PAGE
    assert texts(page, ".entry-pages [aria-current=page]") == [f"{first}–{last}"]
    assert len(page.select(".entry-pages button[name=_entries_page]")) == LONG_LIST // ENTRIES_PER_PAGE - 1

    data = form_data(page.select_one("#listarticle_form"))
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    post = as_post(data)
    post[entry_field(data, last, "position")] = ["1"]
    post[entry_field(data, first, "commentary")] = ["Rewritten on page two."]
    response = editor_client.post(f"{url}?entries=2", post)
    assert response.status_code == 302, texts(parse(response), ".errorlist li")

    positions = list(article.entries.order_by("position").values_list("position", "song__title"))
    assert [position for position, _ in positions] == list(range(1, LONG_LIST + 1))
    assert positions[:3] == [(1, f"Track {last}"), (2, "Track 1"), (3, "Track 2")]
    assert positions[last - 1] == (last, f"Track {last - 1}")
    assert positions[last:] == [(number, f"Track {number}") for number in range(last + 1, LONG_LIST + 1)]
    assert article.entries.get(song__title=f"Track {first}").commentary == "Rewritten on page two."


@pytest.mark.django_db
def test_save_and_show_another_page_keeps_the_changes(editor_client):
    article = make_long_list(2 * ENTRIES_PER_PAGE + 10)
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    page = parse(editor_client.get(url))
    data = form_data(page.select_one("#listarticle_form"))
    post = as_post(data)
    post[entry_field(data, 3, "commentary")] = ["Changed before turning the page."]
    post["_entries_page"] = ["3"]
    response = editor_client.post(url, post)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?entries=3"
    assert article.entries.get(position=3).commentary == "Changed before turning the page."
    shown = parse(editor_client.get(response["Location"]))
    last_page = f"{2 * ENTRIES_PER_PAGE + 1}–{2 * ENTRIES_PER_PAGE + 10}"
    assert texts(shown, ".entry-pages [aria-current=page]") == [last_page]


@pytest.mark.django_db
def test_a_song_already_on_another_page_is_refused_with_its_position(editor_client):
    article = make_long_list(ENTRIES_PER_PAGE + 70)
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    data = form_data(parse(editor_client.get(url)).select_one("#listarticle_form"))
    post = as_post(data)
    post[entry_field(data, 5, "song")] = [str(Song.objects.get(title=f"Track {ENTRIES_PER_PAGE + 60}").pk)]
    response = editor_client.post(url, post)
    assert response.status_code == 200
    taken = ENTRIES_PER_PAGE + 60
    assert (
        f"“Track {taken}” is already in this list, at position {taken}. A song can appear only once per list."
        in (texts(parse(response), ".errorlist li"))
    )


@pytest.mark.django_db
def test_a_new_entry_without_a_position_goes_at_the_end(editor_client):
    article = make_list(entries=[make_song(title="One"), make_song(title="Two")], status="draft")
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    data = form_data(parse(editor_client.get(url)).select_one("#listarticle_form"))
    post = as_post(data)
    added = make_song(title="Three")
    post.update(
        {"entries-2-song": [str(added.pk)], "entries-2-position": [""], "entries-2-added_on": ["2026-11-30"]}
    )
    response = editor_client.post(url, post)
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    assert list(article.entries.values_list("song__title", "position")) == [
        ("One", 1),
        ("Two", 2),
        ("Three", 3),
    ]


@pytest.mark.django_db
def test_any_save_leaves_positions_unique_and_contiguous(editor_client):
    article = make_list(entries=[make_song(title="A"), make_song(title="B"), make_song(title="C")])
    for position, title in [(5, "B"), (9, "C")]:
        article.entries.filter(song__title=title).update(position=position)
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    data = form_data(parse(editor_client.get(url)).select_one("#listarticle_form"))
    response = editor_client.post(url, as_post(data))
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    assert list(article.entries.values_list("song__title", "position")) == [("A", 1), ("B", 2), ("C", 3)]


@pytest.mark.django_db
def test_a_position_below_one_is_a_form_error(editor_client):
    article = make_list(entries=[make_song(title="A"), make_song(title="B")])
    url = reverse("admin:articles_listarticle_change", args=[article.pk])
    data = form_data(parse(editor_client.get(url)).select_one("#listarticle_form"))
    post = as_post(data)
    post[entry_field(data, 2, "position")] = ["0"]
    response = editor_client.post(url, post)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in texts(parse(response), ".errorlist li")

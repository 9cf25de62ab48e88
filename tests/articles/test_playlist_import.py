"""The import_playlist command and the admin's import page."""

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import refresh
from articles.models import ListArticle
from articles.playlist_import import ImportRefused, import_playlist
from songs.models import Song, Theme
from songs.playlist import parse_playlist
from tests.factories import make_list, make_song, make_theme
from tests.helpers import parse, text_of, texts
from tests.playlists import link, playlist_text, summary_table, track

pytestmark = pytest.mark.django_db


@pytest.fixture
def playlist_file(tmp_path):
    def write(tracks, cumulative=False, name="playlist.md"):
        path = tmp_path / name
        path.write_text(playlist_text(tracks, cumulative=cumulative), encoding="utf-8")
        return str(path)

    return write


def two_tracks():
    iu = link("IU")
    return [track("Love poem", [iu], link("Love poem")), track("Lullaby", [iu], link("Love poem EP"))]


def run(*args):
    """Run the command: (stdout, stderr, the CommandError it ended with or None)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_playlist", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_command_imports_and_prints_a_summary(playlist_file):
    path = playlist_file(two_tracks())
    out, _, _ = run(path)
    assert f"{path}: imported 2 song(s): 2 new, 0 updated" in out
    assert "Imported 1 file(s), refused 0." in out
    table = summary_table(out)
    assert table["songs"] == (2, 0, 0)
    assert table["artists"] == (1, 0, 0)
    assert table["albums"] == (2, 0, 0)
    assert "possible duplicate artists: 0" in out
    assert Song.objects.count() == 2


def test_command_dry_run_writes_nothing(playlist_file):
    out, _, _ = run(playlist_file(two_tracks()), "--dry-run")
    assert "Dry run, nothing written: 1 file(s) would be imported, 0 refused." in out
    assert summary_table(out)["songs"] == (2, 0, 0)
    assert not Song.objects.exists()


def test_command_refuses_a_malformed_file_and_keeps_the_good_ones(playlist_file, tmp_path):
    good = playlist_file(two_tracks(), name="good.md")
    bad = tmp_path / "bad.md"
    bad.write_text(
        playlist_text(two_tracks()).replace(
            "https://open.spotify.com/album/", "https://example.com/album/", 1
        )
    )
    _, err, error = run(good, str(bad))
    assert "1 of 2 file(s) refused" in str(error)
    assert f"{bad}: refused, nothing written: line 11:" in err
    assert Song.objects.count() == 2  # from the good file, imported in its own transaction


def test_command_names_the_line_and_reason_of_a_bad_row(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(playlist_text(two_tracks()).replace("| 3:35 |", "| 3:3x |", 2))
    _, err, error = run(str(bad))
    assert error is not None
    assert "line 11:" in err and "m:ss" in err
    assert not Song.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00\x01 not text", "not UTF-8 text"), (None, "no such file")],
)
def test_command_refuses_unreadable_files(tmp_path, content, message):
    path = tmp_path / "file.md"
    if content is not None:
        path.write_bytes(content)
    _, err, error = run(str(path))
    assert error is not None
    assert message in err


def test_list_option_starts_a_draft_list_in_playlist_order(playlist_file):
    run(playlist_file(two_tracks()), "--list", "iu-ballads")
    article = ListArticle.objects.get(slug="iu-ballads")
    assert article.status == ListArticle.Status.DRAFT
    assert article.title == "Test Ballads"
    today = timezone.localdate()
    assert article.summary == (
        f"Imported from the Spotify playlist “Test Ballads” on {today.day} {today:%B %Y}: 2 tracks."
    )
    assert list(article.entries.values_list("song__title", "position")) == [("Love poem", 1), ("Lullaby", 2)]


def test_cumulative_dates_are_kept_on_list_entries(playlist_file):
    iu = link("IU")
    tracks = [
        track("A song", [iu], link("A"), added=date(2021, 3, 1)),
        track("B song", [iu], link("B"), added=date(2022, 5, 2), removed=date(2023, 1, 9)),
    ]
    run(playlist_file(tracks, cumulative=True), "--list", "history")
    entries = ListArticle.objects.get(slug="history").entries.order_by("position")
    assert [(entry.added_on, entry.removed_on) for entry in entries] == [
        (date(2021, 3, 1), None),
        (date(2022, 5, 2), date(2023, 1, 9)),
    ]


def test_reimport_into_a_list_changes_nothing_and_a_new_snapshot_reorders(playlist_file):
    tracks = two_tracks()
    path = playlist_file(tracks)
    run(path, "--list", "iu")
    out, _, _ = run(path, "--list", "iu")
    assert summary_table(out)["list entries"] == (0, 0, 2)
    newer = playlist_file(
        [
            tracks[1],
            track("Ending Scene", [link("IU", tracks[0].artists[0].spotify_id)], link("Palette")),
            tracks[0],
        ],
        name="newer.md",
    )
    out, _, _ = run(newer, "--list", "iu")
    assert summary_table(out)["list entries"] == (1, 2, 0)
    titles = (
        ListArticle.objects.get(slug="iu").entries.order_by("position").values_list("song__title", flat=True)
    )
    assert list(titles) == ["Lullaby", "Ending Scene", "Love poem"]


def test_an_import_never_touches_a_published_list(playlist_file):
    make_list(slug="live-list", title="Live")
    with pytest.raises(ImportRefused):
        import_playlist(playlist_text(two_tracks()), list_slug="live-list")
    assert not Song.objects.exists()


@pytest.mark.parametrize(
    ("option", "value"), [("--list", "Not A Slug"), ("--list", "a" * 81), ("--theme", "t" * 101)]
)
def test_list_and_theme_options_are_checked_before_anything_is_read(playlist_file, option, value):
    _, _, error = run(playlist_file(two_tracks()), option, value)
    assert "takes a" in str(error)
    assert not Song.objects.exists()


def test_a_draft_started_from_several_files_counts_every_track_and_never_copies_the_description(
    playlist_file,
):
    iu = link("IU")
    first = playlist_file(two_tracks(), name="first.md")
    second = playlist_file([track("Through the Night", [iu], link("Palette"))], name="second.md")
    run(first, second, "--list", "iu-all")
    article = ListArticle.objects.get(slug="iu-all")
    assert article.summary.endswith(": 3 tracks.")
    description = parse_playlist(Path(first).read_text(encoding="utf-8")).description
    assert description == "Songs for tests."
    assert description not in article.summary
    assert description not in article.intro


def test_an_imported_entry_is_new_only_once_an_editor_writes_about_it(playlist_file):
    run(playlist_file(two_tracks()), "--list", "iu-new")
    article = ListArticle.objects.get(slug="iu-new")
    first, second = article.entries.order_by("position")
    assert not first.is_new and not second.is_new
    first.commentary = "Her quietest song, and the one to start with."
    first.save()
    assert first.is_new
    old = make_list(entries=[make_song()])
    old.entries.update(added_on=timezone.localdate() - timedelta(days=60))
    assert not old.entries.get().is_new


def test_a_list_address_too_long_for_the_catalog_is_a_form_error(editor_client):
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload(), "list_slug": "a" * 81})
    assert "Ensure this value has at most 80 characters" in " ".join(texts(parse(response), ".errorlist li"))
    assert not Song.objects.exists()


# The admin page


def upload(name="playlist.md", content=None):
    content = playlist_text(two_tracks()).encode() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/markdown")


IMPORT_URL = "admin:articles_import_playlist"


def test_editor_sees_the_dry_run_then_applies_it(editor_client):
    make_theme(name="Comfort")
    response = editor_client.post(
        reverse(IMPORT_URL), {"file": upload(), "list_slug": "iu-draft", "theme": "Comfort"}
    )
    page = parse(response)
    rows = {text_of(row.th): texts(row, "td") for row in page.select(".import-summary tbody tr")}
    assert rows["Songs"] == ["2", "0", "0"]
    assert rows["List entries"] == ["2", "0", "0"]
    assert not Song.objects.exists()
    token = page.select_one('input[name="token"]')["value"]
    response = editor_client.post(
        reverse(IMPORT_URL), {"token": token, "list_slug": "iu-draft", "theme": "Comfort"}
    )
    assert response.status_code == 200
    assert Song.objects.count() == 2
    draft = ListArticle.objects.get(slug="iu-draft")
    assert draft.status == "draft"
    link_to_draft = parse(response).find("a", string=lambda text: text and "Open the draft list" in text)
    assert link_to_draft["href"] == reverse("admin:articles_listarticle_change", args=[draft.pk])
    again = editor_client.post(
        reverse(IMPORT_URL), {"token": token, "list_slug": "", "theme": ""}, follow=True
    )
    assert "expired or was already imported" in " ".join(texts(parse(again), ".messagelist li"))


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload(content=b"\xff\xfe\x00bad"), "not UTF-8 text"),
        (upload(name="playlist.pdf"), "a name ending in .md"),
        (upload(content=b"### no table here\n"), "line 1:"),
    ],
)
def test_bad_uploads_get_a_clear_message(editor_client, file, message):
    response = editor_client.post(reverse(IMPORT_URL), {"file": file})
    assert message in " ".join(texts(parse(response), ".errorlist li"))
    assert not Song.objects.exists()


def test_a_too_large_upload_is_refused(editor_client, settings):
    settings.PLAYLIST_UPLOAD_MAX_BYTES = 100
    response = editor_client.post(reverse(IMPORT_URL), {"file": upload()})
    assert "the limit is" in " ".join(texts(parse(response), ".errorlist li"))


def test_a_forged_token_is_refused(editor_client):
    response = editor_client.post(reverse(IMPORT_URL), {"token": "../../etc/passwd"}, follow=True)
    assert "expired" in " ".join(texts(parse(response), ".messagelist li"))


def test_staff_without_catalog_permissions_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x-long-password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_song"))
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.post(reverse(IMPORT_URL), {"file": upload()}).status_code == 403
    assert not Song.objects.exists()


def test_readers_are_sent_to_log_in(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_index_links_editors_to_the_import_page(editor_client):
    page = parse(editor_client.get(reverse("admin:index")))
    assert page.select_one("#editor-tools a")["href"] == reverse(IMPORT_URL)


def test_the_confirmation_step_only_carries_what_the_dry_run_showed(editor_client):
    make_theme(name="Comfort")
    response = editor_client.post(
        reverse(IMPORT_URL), {"file": upload(), "list_slug": "iu-draft", "theme": "Comfort"}
    )
    form = parse(response).select_one('input[name="token"]').find_parent("form")
    assert {field["name"]: field["type"] for field in form.select("input[name]")} == {
        "csrfmiddlewaretoken": "hidden",
        "token": "hidden",
        "list_slug": "hidden",
        "theme": "hidden",
    }
    assert "draft list “iu-draft”" in text_of(form)


def test_several_files_are_checked_together_and_only_the_readable_ones_imported(editor_client):
    iu = link("IU")
    first = playlist_text([track("Love poem", [iu], link("Love poem"))]).encode()
    second = playlist_text([track("Lullaby", [iu], link("Love poem EP"))]).encode()
    broken = playlist_text([track("Rose", [link("D.O.")], link("Empathy"))]).replace("| 3:35 |", "| 3:95 |")
    files = [upload("a.md", first), upload("b.md", second), upload("broken.md", broken.encode())]
    page = parse(editor_client.post(reverse(IMPORT_URL), {"file": files}))
    assert text_of(page.select_one("#content h2")) == "What importing 2 files would change"
    totals = {text_of(row.th): texts(row, "td") for row in page.select(".import-summary tbody tr")}
    assert totals["Songs"] == ["2", "0", "0"]
    assert totals["Artists"] == ["1", "0", "1"]
    by_file = {text_of(row.th): texts(row, "td") for row in page.select(".import-files tbody tr")}
    assert by_file["a.md"] == ["will be imported", "1", "0", "0"]
    assert by_file["broken.md"][0].startswith("refused: line 11: length '3:95'")
    assert texts(page, ".import-refused li")[0].startswith("broken.md: line 11:")
    assert not Song.objects.exists()

    token = page.select_one('input[name="token"]')["value"]
    response = editor_client.post(reverse(IMPORT_URL), {"token": token, "list_slug": "", "theme": ""})
    applied = parse(response)
    assert "Imported 2 files." in texts(applied, ".messagelist li")
    assert sorted(Song.objects.values_list("title", flat=True)) == ["Love poem", "Lullaby"]


def test_a_refused_single_file_is_an_error_on_the_form(editor_client):
    broken = playlist_text(two_tracks()).replace("| 3:35 |", "| 3:95 |", 1).encode()
    page = parse(editor_client.post(reverse(IMPORT_URL), {"file": [upload("one.md", broken)]}))
    assert texts(page, ".errorlist li")[0].startswith("one.md: line 11:")
    assert texts(page, ".errorlist li")[0].endswith("Nothing was imported.")
    assert page.select_one('input[name="token"]') is None


def test_a_bad_upload_among_several_names_itself(editor_client):
    files = [upload("good.md"), upload("cover.jpg"), upload("latin1.md", "Caf\xe9".encode("latin-1"))]
    errors = texts(parse(editor_client.post(reverse(IMPORT_URL), {"file": files})), ".errorlist li")
    assert any(error.startswith("cover.jpg: ") and "ending in .md" in error for error in errors)
    assert any(error.startswith("latin1.md: ") and "not UTF-8" in error for error in errors)
    assert not Song.objects.exists()


def test_uploading_nothing_asks_for_a_file(editor_client):
    errors = texts(parse(editor_client.post(reverse(IMPORT_URL), {"list_slug": ""})), ".errorlist li")
    assert errors == ["This field is required."]


def test_dry_run_page_lists_notes_and_the_editors_kept_corrections(editor_client):
    singer = link("Paul Kim")
    song_track = track("Me After You", [singer], link("Me After You"))
    import_playlist(playlist_text([song_track]))
    Song.objects.update(title="Me After You (Acoustic)")
    renamed = track("Me After You (Remastered)", [singer], song_track.album, track_id=song_track.spotify_id)
    local_file = "| 2 | Voice memo | Me | Demos | 1:00 |"
    text = playlist_text([renamed]).replace("1 song - ", "2 songs - ") + local_file + "\n"
    page = parse(editor_client.post(reverse(IMPORT_URL), {"file": [upload("paul.md", text.encode())]}))
    kept = "kept the editor's title 'Me After You (Acoustic)' (Spotify now says 'Me After You (Remastered)')"
    assert texts(page, ".import-notes li") == [
        f"line 11: {kept}",
        "line 12: skipped 'Voice memo': a local file, not on Spotify",
    ]


def test_imported_songs_are_recommended_after_each_other_once_the_run_commits(
    django_capture_on_commit_callbacks,
):
    singer = link("Kim Test-singer")
    text = playlist_text(
        [track("Rain letter", [singer], link("First album")), track("Snow letter", [singer], link("Second"))]
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_playlist(text)
    assert callbacks.count(refresh.flush) == 1
    rain = Song.objects.get(title="Rain letter")
    assert [link.similar.title for link in rain.similar_links.all()] == ["Snow letter"]


def test_a_reimport_that_changes_nothing_asks_for_no_refresh(django_capture_on_commit_callbacks):
    text = playlist_text([track("Rain letter", [link("Kim Test-singer")], link("First album"))])
    import_playlist(text)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_playlist(text)
    assert refresh.flush not in callbacks


def test_a_mistyped_theme_on_the_import_page_is_refused_before_anything_is_read(editor_client):
    make_theme(name="Rainy day")
    response = editor_client.post(
        reverse(IMPORT_URL), {"file": upload(), "list_slug": "", "theme": "Rainy dya"}
    )
    assert texts(parse(response), ".errorlist li") == [
        "There is no theme “Rainy dya”. Did you mean “Rainy day”? Pick an existing theme, "
        "or add a new one under Themes first."
    ]
    assert list(Theme.objects.values_list("name", flat=True)) == ["Rainy day"]
    assert not Song.objects.exists()

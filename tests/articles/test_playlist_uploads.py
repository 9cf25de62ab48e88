"""Uploads waiting for confirmation in the admin's import flow are deleted once imported or expired."""

import os
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.playlist_uploads import UPLOAD_LIFETIME
from songs.models import Song
from tests.helpers import parse, texts
from tests.playlists import link, playlist_text, track

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:articles_import_playlist"
A_DAY_AND_AN_HOUR_AGO = time.time() - UPLOAD_LIFETIME.total_seconds() - 3600


@pytest.fixture
def uploads(settings, tmp_path):
    settings.PLAYLIST_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def playlist(title="Love poem"):
    text = playlist_text([track(title, [link("IU")], link(title))])
    return SimpleUploadedFile(f"{title}.md", text.encode(), content_type="text/markdown")


def preview(client, *files):
    """Upload ``files`` for a dry run; the confirmation token."""
    response = client.post(reverse(IMPORT_URL), {"file": list(files), "list_slug": "", "theme": ""})
    token = parse(response).select_one('input[name="token"]')
    assert token is not None, "the dry run offers no confirmation"
    return token["value"]


def confirm(client, token):
    return client.post(reverse(IMPORT_URL), {"token": token, "list_slug": "", "theme": ""})


def saved(uploads):
    return sorted(path.name for path in uploads.glob("*"))


def age(path, seconds_since_epoch=A_DAY_AND_AN_HOUR_AGO):
    os.utime(path, (seconds_since_epoch, seconds_since_epoch))


def test_a_preview_keeps_the_files_until_the_confirmation_deletes_them(editor_client, uploads):
    token = preview(editor_client, playlist("Love poem"), playlist("Lullaby"))
    assert saved(uploads) == [f"{token}-0.md", f"{token}-1.md"]

    assert confirm(editor_client, token).status_code == 200

    assert Song.objects.count() == 2
    assert saved(uploads) == []


def test_an_upload_never_confirmed_is_deleted_by_a_later_upload_after_a_day(editor_client, uploads):
    forgotten = preview(editor_client, playlist("Love poem"))
    recent = preview(editor_client, playlist("Lullaby"))
    age(uploads / f"{forgotten}-0.md")

    latest = preview(editor_client, playlist("Palette"))

    assert saved(uploads) == sorted([f"{recent}-0.md", f"{latest}-0.md"])


def test_confirming_an_expired_upload_asks_for_it_again(editor_client, uploads):
    token = preview(editor_client, playlist())
    age(uploads / f"{token}-0.md")
    preview(editor_client, playlist("Lullaby"))

    response = editor_client.post(
        reverse(IMPORT_URL), {"token": token, "list_slug": "", "theme": ""}, follow=True
    )

    assert response.status_code == 200
    assert not Song.objects.filter(title="Love poem").exists()
    assert any("upload it again" in message for message in texts(parse(response), ".messagelist li"))


def test_the_cleanup_command_deletes_only_uploads_older_than_a_day(editor_client, uploads):
    old, fresh = preview(editor_client, playlist("Love poem")), preview(editor_client, playlist("Lullaby"))
    age(uploads / f"{old}-0.md")
    out = StringIO()

    call_command("clean_playlist_uploads", stdout=out)

    assert saved(uploads) == [f"{fresh}-0.md"]
    assert "Deleted 1 upload file(s)" in out.getvalue()

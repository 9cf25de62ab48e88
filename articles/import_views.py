"""The admin's "Import playlist" page: upload, see what would change, then apply."""

import re
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from songs.playlist import PlaylistFormatError

from .playlist_import import ImportRefused, import_playlist

REQUIRED_PERMISSIONS = [
    "songs.add_song",
    "songs.change_song",
    "songs.add_artist",
    "songs.change_artist",
    "songs.add_album",
    "songs.change_album",
    "songs.add_drama",
]
LIST_PERMISSIONS = ["articles.add_listarticle", "articles.change_listarticle", "articles.add_listentry"]
SESSION_KEY = "playlist_uploads"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def upload_dir():
    directory = Path(settings.PLAYLIST_UPLOAD_DIR or Path(tempfile.gettempdir()) / "kballads-imports")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class ImportOptionsForm(forms.Form):
    list_slug = forms.SlugField(
        label="Start or update a draft list",
        required=False,
        help_text="A list address such as “winter-ballads-2026”. Leave empty to import songs only.",
    )
    theme = forms.CharField(
        label="Tag the songs with a theme",
        required=False,
        max_length=100,
        help_text="For example “Rainy day”.",
    )


class UploadForm(ImportOptionsForm):
    file = forms.FileField(label="Playlist file (.md)")

    field_order = ["file", "list_slug", "theme"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".md"):
            raise forms.ValidationError("Upload the playlist's markdown file (a name ending in .md).")
        limit = settings.PLAYLIST_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.0f} MB. "
                "Split the playlist or import it with `manage.py import_playlist`."
            )
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                f"The file is not UTF-8 text (byte {error.start} cannot be read). Upload the .md file as "
                "the archive publishes it."
            ) from None


class ApplyForm(ImportOptionsForm):
    """Carries what the editor checked in the dry run; nothing can be changed at this step."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not TOKEN.fullmatch(token):
            raise forms.ValidationError("This upload has expired; upload the file again.")
        return token


def import_playlist_view(request, admin_site):
    """Step 1 (GET), upload and dry run (POST with a file), apply (POST with a token)."""
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {**admin_site.each_context(request), "title": "Import a Spotify playlist"}
    if request.method == "POST" and "token" in request.POST:
        return apply_upload(request, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return preview_upload(request, form, context)
    return TemplateResponse(request, "admin/articles/import_playlist.html", {**context, "form": form})


def preview_upload(request, form, context):
    options = {"list_slug": form.cleaned_data["list_slug"], "theme": form.cleaned_data["theme"]}
    if options["list_slug"] and not request.user.has_perms(LIST_PERMISSIONS):
        form.add_error("list_slug", "You don't have permission to write lists.")
        return TemplateResponse(request, "admin/articles/import_playlist.html", {**context, "form": form})
    text = form.cleaned_data["file"]
    try:
        report = import_playlist(text, dry_run=True, **options)
    except (PlaylistFormatError, ImportRefused) as error:
        form.add_error("file", f"{form.files['file'].name}: {error}. Nothing was imported.")
        return TemplateResponse(request, "admin/articles/import_playlist.html", {**context, "form": form})
    token = secrets.token_urlsafe(24)
    (upload_dir() / f"{token}.md").write_text(text, encoding="utf-8")
    request.session.setdefault(SESSION_KEY, {})[token] = form.files["file"].name
    request.session.modified = True
    apply_form = ApplyForm(initial={"token": token, **options})
    return TemplateResponse(
        request,
        "admin/articles/import_playlist.html",
        {
            **context,
            "report": report,
            "apply_form": apply_form,
            "file_name": form.files["file"].name,
            **options,
        },
    )


def apply_upload(request, context):
    form = ApplyForm(request.POST)
    uploads = request.session.get(SESSION_KEY, {})
    if not form.is_valid() or form.cleaned_data["token"] not in uploads:
        messages.error(request, "This upload has expired or was already imported; upload the file again.")
        return redirect("admin:articles_import_playlist")
    token = form.cleaned_data["token"]
    path = upload_dir() / f"{token}.md"
    options = {"list_slug": form.cleaned_data["list_slug"], "theme": form.cleaned_data["theme"]}
    if options["list_slug"] and not request.user.has_perms(LIST_PERMISSIONS):
        raise PermissionDenied
    file_name = uploads.pop(token)
    request.session.modified = True
    try:
        report = import_playlist(path.read_text(encoding="utf-8"), **options)
    except (PlaylistFormatError, ImportRefused, FileNotFoundError) as error:
        messages.error(request, f"Nothing was imported from {file_name}: {error}")
        return redirect("admin:articles_import_playlist")
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, f"Imported {file_name}.")
    return TemplateResponse(
        request,
        "admin/articles/import_playlist.html",
        {**context, "report": report, "applied": True, "file_name": file_name, **options},
    )

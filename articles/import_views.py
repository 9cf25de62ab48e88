"""The admin's "Import playlist" page: upload one file or several, see what would change, then apply."""

import re
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from songs.models import Theme
from songs.pickers import existing_theme

from .models import ListArticle
from .playlist_import import ImportRefused, import_files
from .playlist_uploads import delete_expired_uploads, delete_upload, save_upload, upload_paths

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
TEMPLATE = "admin/articles/import_playlist.html"


class ImportOptionsForm(forms.Form):
    list_slug = forms.SlugField(
        label="Start or update a draft list",
        required=False,
        max_length=ListArticle._meta.get_field("slug").max_length,
        help_text="A list address such as “winter-ballads-2026”. Leave empty to import songs only.",
    )
    theme = forms.CharField(
        label="Tag the songs with a theme",
        required=False,
        max_length=Theme._meta.get_field("name").max_length,
        help_text="An existing theme, for example “Rainy day”. A new theme is added under Themes first.",
    )

    def clean_theme(self):
        name = self.cleaned_data["theme"].strip()
        return existing_theme(name).name if name else ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files under one name; ``clean`` gives the list (at least one when required)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            return [super().clean(None, initial)] if self.required else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class UploadForm(ImportOptionsForm):
    file = MultipleFileField(
        label="Playlist file (.md)",
        help_text=(
            "Choose one file or several at once, up to 100 (each is imported in its own transaction). "
            "For a whole archive folder, use `manage.py import_playlist FOLDER`."
        ),
    )

    field_order = ["file", "list_slug", "theme"]

    def clean_file(self):
        """``[(name, text)]`` for the uploads, each checked for its name, size and encoding."""
        files, problems = [], []
        for upload in self.cleaned_data["file"]:
            try:
                files.append((upload.name, read_upload(upload)))
            except forms.ValidationError as error:
                problems.extend(f"{upload.name}: {message}" for message in error.messages)
        if problems:
            raise forms.ValidationError(problems)
        return files


def read_upload(upload):
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
    """Step 1 (GET), upload and dry run (POST with files), apply (POST with a token)."""
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {**admin_site.each_context(request), "title": "Import a Spotify playlist"}
    if request.method == "POST" and "token" in request.POST:
        return apply_upload(request, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return preview_upload(request, form, context)
    return TemplateResponse(request, TEMPLATE, {**context, "form": form})


def preview_upload(request, form, context):
    options = {"list_slug": form.cleaned_data["list_slug"], "theme": form.cleaned_data["theme"]}
    if options["list_slug"] and not request.user.has_perms(LIST_PERMISSIONS):
        form.add_error("list_slug", "You don't have permission to write lists.")
        return TemplateResponse(request, TEMPLATE, {**context, "form": form})
    files = form.cleaned_data["file"]
    summary = import_files(as_sources(files), dry_run=True, **options)
    if not summary.imported:
        for outcome in summary.refused:
            form.add_error("file", f"{outcome.name}: {outcome.refusal}. Nothing was imported.")
        return TemplateResponse(request, TEMPLATE, {**context, "form": form})
    token = secrets.token_urlsafe(24)
    readable = [
        (name, text) for (name, text), outcome in zip(files, summary.outcomes, strict=True) if outcome.report
    ]
    names = [name for name, _ in readable]
    delete_expired_uploads()
    save_upload(token, [text for _, text in readable])
    request.session.setdefault(SESSION_KEY, {})[token] = names
    request.session.modified = True
    apply_form = ApplyForm(initial={"token": token, **options})
    return TemplateResponse(
        request,
        TEMPLATE,
        {**context, "summary": summary, "apply_form": apply_form, "files_label": label(names), **options},
    )


def apply_upload(request, context):
    form = ApplyForm(request.POST)
    uploads = request.session.get(SESSION_KEY, {})
    if not form.is_valid() or form.cleaned_data["token"] not in uploads:
        messages.error(request, "This upload has expired or was already imported; upload the file again.")
        return redirect("admin:articles_import_playlist")
    token = form.cleaned_data["token"]
    options = {"list_slug": form.cleaned_data["list_slug"], "theme": form.cleaned_data["theme"]}
    if options["list_slug"] and not request.user.has_perms(LIST_PERMISSIONS):
        raise PermissionDenied
    names = uploads.pop(token)
    request.session.modified = True
    paths = upload_paths(token, len(names))
    try:
        summary = import_files(
            [(name, saved_text(path)) for name, path in zip(names, paths, strict=True)], **options
        )
    finally:
        delete_upload(token, len(names))
    for outcome in summary.refused:
        messages.error(request, f"Nothing was imported from {outcome.name}: {outcome.refusal}")
    if summary.imported:
        messages.success(request, f"Imported {label([outcome.name for outcome in summary.imported])}.")
    draft = ListArticle.objects.filter(slug=options["list_slug"]).first() if options["list_slug"] else None
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **context,
            "summary": summary,
            "applied": True,
            "files_label": label(names),
            "draft": draft,
            **options,
        },
    )


def as_sources(files):
    return [(name, lambda text=text: text) for name, text in files]


def saved_text(path):
    def read():
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ImportRefused("the uploaded file is gone; upload it again") from None

    return read


def label(names):
    """ "rainy.md", or "3 files" for several."""
    return names[0] if len(names) == 1 else f"{len(names)} files"

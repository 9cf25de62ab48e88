"""The editors' admin site: Django's, with autocomplete results labelled by each model's admin."""

from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .markup import MARKDOWN_HELP, render_markdown

# Longer than any commentary an editor writes; a bigger body is refused, not rendered.
PREVIEW_MAX_CHARACTERS = 50_000


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Results carry ``autocomplete_label(obj)`` when the model's admin defines it, else ``str(obj)``."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class EditorsAdminSite(admin.AdminSite):
    site_header = "K-Ballads editors"
    site_title = "K-Ballads admin"
    index_title = "Catalog and lists"

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        preview = path("markdown-preview/", self.admin_view(markdown_preview), name="markdown_preview")
        return [preview, *super().get_urls()]


@require_POST
def markdown_preview(request):
    """``{"html": …}``: the Markdown in ``text`` as readers will see it, through the same sanitizer."""
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX_CHARACTERS:
        return JsonResponse(
            {"error": f"The text is longer than {PREVIEW_MAX_CHARACTERS} characters."}, status=400
        )
    return JsonResponse({"html": render_markdown(text)})


class MarkdownHelpMixin:
    """For model admins and inlines: ``markdown_fields`` get the Markdown help and a live preview
    (static/js/admin-markdown-preview.js asks ``markdown_preview`` as the editor types)."""

    markdown_fields = []
    markdown_help = MARKDOWN_HELP

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.markdown_fields:
            field.help_text = f"{db_field.help_text} {self.markdown_help}".strip()
            field.widget.attrs["data-markdown-preview"] = reverse(f"{self.admin_site.name}:markdown_preview")
        return field

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/admin-markdown-preview.js"], css={"all": ["css/admin-editors.css"]}
        )


class EditorsAdminConfig(AdminConfig):
    default_site = "kballads.admin.EditorsAdminSite"

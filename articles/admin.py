"""The editors' admin for themed lists."""

from collections import defaultdict

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from songs.admin import image_preview

from .import_views import import_playlist_view
from .models import RENUMBER_OFFSET, ListArticle, ListEntry, PinnedRelatedList


class EntryFormSet(BaseInlineFormSet):
    """Checks the whole list at once, with messages that name the songs and positions."""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        positions, songs = defaultdict(list), defaultdict(list)
        for form in kept:
            if form.cleaned_data.get("position") and form.cleaned_data.get("song"):
                positions[form.cleaned_data["position"]].append(form.cleaned_data["song"])
                songs[form.cleaned_data["song"]].append(form.cleaned_data["position"])
        errors = [
            ValidationError(
                f"“{song}” is in this list more than once (positions {', '.join(map(str, sorted(at)))}). "
                "A song can appear only once per list."
            )
            for song, at in songs.items()
            if len(at) > 1
        ]
        errors += [
            ValidationError(
                f"Several entries are numbered {position} ({', '.join(f'“{song}”' for song in at)}). "
                "Give each entry its own position."
            )
            for position, at in sorted(positions.items())
            if len(at) > 1
        ]
        if errors:
            raise ValidationError(errors)

    def validate_unique(self):
        """Replaced by ``clean``: the generic duplicate message does not say which entry."""


class EntryInline(admin.StackedInline):
    model = ListEntry
    formset = EntryFormSet
    extra = 1
    autocomplete_fields = ["song"]
    fields = [("position", "song", "added_on"), "commentary"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("song")


class PinnedRelatedInline(admin.TabularInline):
    model = PinnedRelatedList
    fk_name = "from_list"
    extra = 0
    autocomplete_fields = ["to_list"]
    fields = ["position", "to_list"]
    verbose_name_plural = "pinned related lists (shown first, in this order)"


@admin.register(ListArticle)
class ListArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status_label", "published_at", "entry_count", "featured", "updated_at"]
    list_filter = ["status", "featured", "themes"]
    search_fields = ["title", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["cover_preview", "preview_link"]
    date_hierarchy = "published_at"
    inlines = [EntryInline, PinnedRelatedInline]
    actions = ["publish", "unpublish", "renumber"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "byline", "intro", "themes"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured", "preview_link"]}),
        ("Cover", {"fields": ["cover", "cover_preview"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_playlist_view(request, self.admin_site))
        return [path("import-playlist/", view, name="articles_import_playlist"), *super().get_urls()]

    @admin.display(description="entries", ordering="entry_count")
    def entry_count(self, article):
        return article.entry_count

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.status == ListArticle.Status.PUBLISHED and not article.is_public:
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="cover preview")
    def cover_preview(self, article):
        return image_preview(article.cover_card, article.title)

    @admin.display(description="on the site")
    def preview_link(self, article):
        if not article.pk:
            return "Save the list to preview it."
        label = "View on the site" if article.is_public else "Preview the draft (only editors can see it)"
        return format_html('<a href="{}" target="_blank">{}</a>', article.get_absolute_url(), label)

    def save_formset(self, request, form, formset, change):
        if formset.model is ListEntry:
            self.save_entries(formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_entries(self, formset):
        """Save entries so that swapped or shifted positions never collide midway."""
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
        moved = [form.instance.pk for form in formset.initial_forms if "position" in form.changed_data]
        ListEntry.objects.filter(pk__in=moved).update(position=F("position") + RENUMBER_OFFSET)
        for entry in formset.save(commit=False):
            entry.save()
        formset.save_m2m()

    @admin.action(description="Publish the selected lists", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=ListArticle.Status.PUBLISHED):
            article.status = ListArticle.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save()
            count += 1
        self.message_user(request, f"Published {count} list(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected lists (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=ListArticle.Status.PUBLISHED):
            article.status = ListArticle.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"Unpublished {count} list(s).", messages.SUCCESS)

    @admin.action(description="Renumber entries 1, 2, 3… (close gaps)", permissions=["change"])
    def renumber(self, request, queryset):
        for article in queryset:
            article.renumber_entries()
        self.message_user(request, f"Renumbered the entries of {queryset.count()} list(s).", messages.SUCCESS)

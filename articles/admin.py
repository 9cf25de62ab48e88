"""The editors' admin for themed lists."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from kballads.admin import MarkdownHelpMixin
from kballads.markup import MARKDOWN_HELP
from songs.admin import image_preview
from songs.models import credits_with_artists
from songs.pickers import ThemesPickerMixin, song_label, song_picker_field

from .entry_pages import PAGE_PARAM, EntryPage, new_order
from .import_views import import_playlist_view
from .models import RENUMBER_OFFSET, ListArticle, ListEntry, PinnedRelatedList

# Where entries an editor numbered wait while the rest of the list is numbered around them.
PARKED_POSITION = 2 * RENUMBER_OFFSET


class EntryFormSet(BaseInlineFormSet):
    """One page of a list's entries (``page``), checked against the whole list with messages that
    name the songs and positions."""

    markdown_help = MARKDOWN_HELP

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page or EntryPage(1, 0)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        picker = form.fields["song"].widget
        getattr(picker, "widget", picker).labels = self.song_labels
        return form

    @cached_property
    def song_labels(self):
        return {str(entry.song_id): song_label(entry.song) for entry in self.get_queryset()}

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        positions, songs = defaultdict(list), defaultdict(list)
        for form in kept:
            if form.cleaned_data.get("song"):
                songs[form.cleaned_data["song"]].append(form.cleaned_data.get("position"))
                if form.cleaned_data.get("position"):
                    positions[form.cleaned_data["position"]].append(form.cleaned_data["song"])
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
                f"“{song}” is already in this list, at position {position}. "
                "A song can appear only once per list."
            )
            for song, position in self.songs_on_other_pages(songs)
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

    def songs_on_other_pages(self, songs):
        """``(song, position)`` for the songs of this page that entries off this page already have."""
        if not self.instance.pk:
            return []
        on_this_page = [form.instance.pk for form in self.initial_forms]
        elsewhere = self.instance.entries.exclude(pk__in=on_this_page).filter(song__in=list(songs))
        by_id = {song.pk: song for song in songs}
        return [(by_id[song_id], position) for song_id, position in elsewhere.values_list("song", "position")]

    def validate_unique(self):
        """Replaced by ``clean``: the generic duplicate message does not say which entry."""

    def save_in_list_order(self):
        """Save this page, then number the whole list 1, 2, 3… with every entry an editor numbered
        at that position (a new entry left without one goes at the end)."""
        for deleted in self.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
        kept_in_place = {
            form.instance.pk for form in self.initial_forms if "position" not in form.changed_data
        }
        placed, appended = [], []
        for entry in self.save(commit=False):
            if entry.pk in kept_in_place:
                entry.save()
                continue
            wanted, entry.position = entry.position, PARKED_POSITION + len(placed) + len(appended)
            entry.save()
            if wanted is None:
                appended.append(entry.pk)
            else:
                placed.append((wanted, entry.pk))
        self.save_m2m()
        moved = {entry_id for _, entry_id in placed} | set(appended)
        current = self.instance.entries.order_by("position", "pk").values_list("pk", flat=True)
        self.instance.save_entry_order(new_order([pk for pk in current if pk not in moved], placed, appended))


class EntryInline(MarkdownHelpMixin, admin.StackedInline):
    model = ListEntry
    formset = EntryFormSet
    extra = 1
    fields = [("position", "song", "added_on"), "commentary"]
    ordering = ["position"]
    template = "admin/articles/listarticle/entries_inline.html"
    markdown_fields = ["commentary"]
    # Said once above the entries (entries_inline.html), not under each of them.
    markdown_help = "The Markdown allowed is listed above the entries."

    class Media:
        js = ["js/admin-entry-order.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("song__album")
            .prefetch_related(credits_with_artists("song__credits"))
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "song":
            return song_picker_field(db_field, self.admin_site)
        if db_field.name == "position":
            # Empty for a new entry puts it at the end of the list.
            return forms.IntegerField(min_value=1, required=False, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PinnedRelatedInline(admin.TabularInline):
    model = PinnedRelatedList
    fk_name = "from_list"
    extra = 0
    autocomplete_fields = ["to_list"]
    fields = ["position", "to_list"]
    verbose_name_plural = "pinned related lists (shown first, in this order)"


@admin.register(ListArticle)
class ListArticleAdmin(ThemesPickerMixin, MarkdownHelpMixin, admin.ModelAdmin):
    list_display = ["title", "status_label", "published_at", "entry_count", "featured", "updated_at"]
    list_filter = ["status", "featured", "themes"]
    search_fields = ["title", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["cover_preview", "preview_link"]
    date_hierarchy = "published_at"
    inlines = [EntryInline, PinnedRelatedInline]
    # The Save buttons come first, so Enter in a field saves rather than opening another page of entries.
    save_on_top = True
    actions = ["publish", "unpublish", "renumber"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "byline", "intro", "themes"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured", "preview_link"]}),
        ("Cover", {"fields": ["cover", "cover_preview"], "classes": ["collapse"]}),
    ]
    markdown_fields = ["intro"]

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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "published_at":
            # The date and time boxes share one label, which names neither of them.
            date_box, time_box = field.widget.widgets
            date_box.attrs["aria-label"], time_box.attrs["aria-label"] = "Publish date", "Publish time"
        return field

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The entries inline holds one page of the list (``?entries=N``), never the whole list."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, EntryInline):
            entries = obj.entries.order_by("position", "pk") if obj and obj.pk else ListEntry.objects.none()
            page = EntryPage.from_param(request.GET.get(PAGE_PARAM), entries.count())
            ids = list(entries.values_list("pk", flat=True)[page.offset : page.offset + page.per_page])
            kwargs.update(queryset=kwargs["queryset"].filter(pk__in=ids), page=page)
        return kwargs

    def response_change(self, request, obj):
        """ "Save and show entries 101–200" saves, then opens that page of the list."""
        page = request.POST.get("_entries_page", "")
        if page.isdigit() and not request.POST.keys() & {"_addanother", "_saveasnew"}:
            self.message_user(request, f"Saved “{obj}”.", messages.SUCCESS)
            url = reverse("admin:articles_listarticle_change", args=[obj.pk])
            return HttpResponseRedirect(f"{url}?{PAGE_PARAM}={page}")
        return super().response_change(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is ListEntry:
            formset.save_in_list_order()
        else:
            super().save_formset(request, form, formset, change)

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

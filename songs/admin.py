"""The editors' catalog admin."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from kballads.admin import MarkdownHelpMixin

from .merge import merge_artists
from .models import Album, Artist, ArtistAlias, Drama, Membership, PossibleDuplicate, Song, SongCredit, Theme
from .pickers import ThemesPickerMixin, song_label

IMPORTED_DESCRIPTION = (
    "What Spotify said when a playlist was last imported. Imports keep the fields above in step with "
    "Spotify only while they still say this; a value you change is yours, and imports leave it alone."
)


def image_preview(image, alt):
    if not image:
        return "No image yet."
    return format_html('<img src="{}" alt="{}" width="160" style="height:auto">', image.url, alt)


class ArtistAliasInline(admin.TabularInline):
    model = ArtistAlias
    extra = 1
    fields = ["name", "spotify_id"]


class MemberInline(admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 1
    autocomplete_fields = ["member"]
    verbose_name = "member"
    verbose_name_plural = "members (for groups, duos, bands and units)"


class GroupInline(admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["group"]
    verbose_name = "group"
    verbose_name_plural = "member of these groups and units"


@admin.register(Artist)
class ArtistAdmin(MarkdownHelpMixin, admin.ModelAdmin):
    markdown_fields = ["bio"]
    list_display = ["name", "hangul_name", "kind", "gender", "song_count", "has_spotify_id", "has_photo"]
    list_filter = ["kind", "gender"]
    search_fields = ["name", "hangul_name", "aliases__name", "name_key", "spotify_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    inlines = [ArtistAliasInline, MemberInline, GroupInline]
    actions = ["merge_selected"]
    fieldsets = [
        (None, {"fields": ["name", "hangul_name", "slug", "kind", "gender"]}),
        ("About", {"fields": ["bio", "photo", "photo_preview"]}),
        ("Links", {"fields": ["spotify_id"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("name")

    @admin.display(description="songs", ordering="song_count")
    def song_count(self, artist):
        return artist.song_count

    @admin.display(description="Spotify", boolean=True)
    def has_spotify_id(self, artist):
        return bool(artist.spotify_id)

    @admin.display(description="photo", boolean=True)
    def has_photo(self, artist):
        return bool(artist.photo)

    @admin.display(description="preview")
    def photo_preview(self, artist):
        return image_preview(artist.photo_card, artist.name)

    @admin.action(description="Merge the two selected artists…", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        if len(ids) != 2:
            self.message_user(request, "Select exactly two artists to merge.", messages.WARNING)
            return None
        return redirect(f"{reverse('admin:songs_artist_merge')}?ids={ids[0]},{ids[1]}")

    def get_urls(self):
        merge = path("merge/", self.admin_site.admin_view(self.merge_view), name="songs_artist_merge")
        return [merge, *super().get_urls()]

    def merge_view(self, request):
        """Confirm which of two artists survives, then merge the other into it."""
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        try:
            ids = [int(value) for value in request.GET.get("ids", "").split(",")]
        except ValueError:
            ids = []
        artists = list(Artist.objects.filter(pk__in=ids).order_by("pk"))
        if len(set(ids)) != 2 or len(artists) != 2:
            self.message_user(request, "Choose two existing artists to merge.", messages.WARNING)
            return redirect("admin:songs_artist_changelist")
        if request.method == "POST":
            survivor_id = request.POST.get("survivor")
            survivor = next((artist for artist in artists if str(artist.pk) == survivor_id), None)
            if survivor is not None:
                other = next(artist for artist in artists if artist.pk != survivor.pk)
                other_name = other.name
                merge_artists(survivor, other)
                self.message_user(request, f"Merged “{other_name}” into “{survivor.name}”.", messages.SUCCESS)
                return redirect("admin:songs_artist_change", survivor.pk)
            self.message_user(request, "Choose the artist to keep.", messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two artists",
            "artists": artists,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/songs/artist/merge.html", context)


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "artist_names", "released_on", "song_count", "has_cover"]
    list_filter = ["kind", "release_precision"]
    search_fields = ["title", "hangul_title", "artists__name", "spotify_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["artists"]
    readonly_fields = ["cover_preview", "imported_title"]
    date_hierarchy = "released_on"
    fieldsets = [
        (None, {"fields": ["title", "hangul_title", "slug", "kind", "artists"]}),
        ("Release", {"fields": ["released_on", "release_precision"]}),
        ("Cover", {"fields": ["cover", "cover_preview"]}),
        ("Links", {"fields": ["spotify_id"]}),
        (
            "Last playlist import",
            {"classes": ["collapse"], "description": IMPORTED_DESCRIPTION, "fields": ["imported_title"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(song_count=Count("songs", distinct=True))
            .prefetch_related("artists")
            .order_by("title")
        )

    @admin.display(description="artists")
    def artist_names(self, album):
        return ", ".join(artist.name for artist in album.artists.all())

    @admin.display(description="songs", ordering="song_count")
    def song_count(self, album):
        return album.song_count

    @admin.display(description="cover", boolean=True)
    def has_cover(self, album):
        return bool(album.cover)

    @admin.display(description="preview")
    def cover_preview(self, album):
        return image_preview(album.cover_card, album.title)


@admin.register(Drama)
class DramaAdmin(MarkdownHelpMixin, admin.ModelAdmin):
    markdown_fields = ["description"]
    list_display = ["title", "hangul_title", "kind", "year", "network", "song_count"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "hangul_title", "also_known_as", "network"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(song_count=Count("songs")).order_by("title")

    @admin.display(description="songs", ordering="song_count")
    def song_count(self, drama):
        return drama.song_count


class SongCreditInline(admin.TabularInline):
    model = SongCredit
    extra = 1
    autocomplete_fields = ["artist"]
    fields = ["position", "artist", "role"]


@admin.register(Song)
class SongAdmin(ThemesPickerMixin, MarkdownHelpMixin, admin.ModelAdmin):
    markdown_fields = ["description"]
    list_display = ["title", "credit_names", "album", "drama", "ost_part", "released_on", "has_spotify_id"]
    list_filter = ["drama", "album__kind", "themes", "release_precision"]
    search_fields = ["title", "hangul_title", "credits__artist__name", "album__title", "spotify_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["album", "drama"]
    inlines = [SongCreditInline]
    date_hierarchy = "released_on"
    fieldsets = [
        (None, {"fields": ["title", "hangul_title", "slug", "album", "length_seconds"]}),
        ("Release", {"fields": ["released_on", "release_precision"]}),
        ("Soundtrack", {"fields": ["drama", "ost_part"]}),
        ("About", {"fields": ["description", "themes"]}),
        ("Listen", {"fields": ["spotify_id", "youtube_id"]}),
        (
            "Last playlist import",
            {
                "classes": ["collapse"],
                "description": IMPORTED_DESCRIPTION,
                "fields": ["imported_title", "imported_length_seconds", "imported_album_spotify_id"],
            },
        ),
    ]
    readonly_fields = ["imported_title", "imported_length_seconds", "imported_album_spotify_id"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_credits()

    def autocomplete_label(self, song):
        """What the song pickers show: the title with its artists, album and year."""
        return song_label(song)

    @admin.display(description="artists")
    def credit_names(self, song):
        return format_html_join(", ", "{}", ((credit.artist.name,) for credit in song.credits.all()))

    @admin.display(description="Spotify", boolean=True)
    def has_spotify_id(self, song):
        return bool(song.spotify_id)


@admin.register(Theme)
class ThemeAdmin(MarkdownHelpMixin, admin.ModelAdmin):
    markdown_fields = ["description"]
    list_display = ["name", "kind", "song_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("name")


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    """Pairs of artists the playlist import could not tell apart, for an editor to settle."""

    list_display = ["artist", "other", "reason", "dismissed", "created_at", "merge_link"]
    list_filter = ["dismissed"]
    search_fields = ["artist__name", "other__name"]
    list_select_related = ["artist", "other"]
    actions = ["dismiss"]
    fields = ["artist", "other", "reason", "dismissed"]
    readonly_fields = ["artist", "other", "reason"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="merge")
    def merge_link(self, pair):
        url = f"{reverse('admin:songs_artist_merge')}?ids={pair.artist_id},{pair.other_id}"
        return format_html('<a href="{}">Merge…</a>', url)

    @admin.action(description="Dismiss: these are different artists", permissions=["change"])
    def dismiss(self, request, queryset):
        count = queryset.update(dismissed=True)
        self.message_user(request, f"Dismissed {count} pair(s).", messages.SUCCESS)

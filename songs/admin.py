"""The editors' catalog admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from .models import Album, Artist, ArtistAlias, Drama, Membership, Song, SongCredit, Theme


def image_preview(image, alt):
    if not image:
        return "No image yet."
    return format_html('<img src="{}" alt="{}" width="160" style="height:auto">', image.url, alt)


class ArtistAliasInline(admin.TabularInline):
    model = ArtistAlias
    extra = 1
    fields = ["name"]


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
class ArtistAdmin(admin.ModelAdmin):
    list_display = ["name", "hangul_name", "kind", "gender", "song_count", "has_spotify_id", "has_photo"]
    list_filter = ["kind", "gender"]
    search_fields = ["name", "hangul_name", "aliases__name", "name_key", "spotify_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    inlines = [ArtistAliasInline, MemberInline, GroupInline]
    fieldsets = [
        (None, {"fields": ["name", "hangul_name", "slug", "kind", "gender"]}),
        ("About", {"fields": ["bio", "photo", "photo_preview"]}),
        ("Links", {"fields": ["spotify_id"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(song_count=Count("credits", distinct=True))
            .order_by("name")
        )

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


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "artist_names", "released_on", "song_count", "has_cover"]
    list_filter = ["kind", "release_precision"]
    search_fields = ["title", "hangul_title", "artists__name", "spotify_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["artists"]
    readonly_fields = ["cover_preview"]
    date_hierarchy = "released_on"
    fieldsets = [
        (None, {"fields": ["title", "hangul_title", "slug", "kind", "artists"]}),
        ("Release", {"fields": ["released_on", "release_precision"]}),
        ("Cover", {"fields": ["cover", "cover_preview"]}),
        ("Links", {"fields": ["spotify_id"]}),
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
class DramaAdmin(admin.ModelAdmin):
    list_display = ["title", "hangul_title", "kind", "year", "network", "song_count"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "hangul_title", "network"]
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
class SongAdmin(admin.ModelAdmin):
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
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("album", "drama").prefetch_related("credits__artist")
        )

    @admin.display(description="artists")
    def credit_names(self, song):
        return format_html_join(", ", "{}", ((credit.artist.name,) for credit in song.credits.all()))

    @admin.display(description="Spotify", boolean=True)
    def has_spotify_id(self, song):
        return bool(song.spotify_id)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "song_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "description"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(song_count=Count("tagged_songs", distinct=True))
            .order_by("name")
        )

    @admin.display(description="songs", ordering="song_count")
    def song_count(self, theme):
        return theme.song_count

"""Public catalog pages: songs, artists, albums and dramas, each an index and a detail page."""

from dataclasses import dataclass

from django.db.models import Count, F
from django.views.generic import DetailView, ListView

from kballads import page_cache
from kballads.cached_pages import CATALOG

from .filters import AlbumFilterForm, ArtistFilterForm, DramaFilterForm, SongFilterForm
from .models import Album, Artist, Drama, Song, SongCredit
from .pagination import CatalogPaginator, page_of

MORE_BY_ARTISTS_LIMIT = 6
NEWEST_FIRST = (F("released_on").desc(nulls_last=True), "title", "pk")
SONGS_PER_PAGE = 24
ALBUMS_PER_PAGE = 12
SOUNDTRACK_PER_PAGE = 50


class FilteredListView(ListView):
    """An index page narrowed by a filter form read from the query string."""

    filter_form_class = None
    paginate_by = 24
    paginator_class = CatalogPaginator

    def get_queryset(self):
        self.filter_form = self.filter_form_class(self.request.GET)
        return self.filter_form.apply(super().get_queryset())

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count=self.kept_count(queryset), **kwargs)

    def kept_count(self, queryset):
        """How many rows the filters select, kept until the catalog changes: a filter over
        a quarter of 100,000 songs took 75 ms to count, on each of its pages."""
        name = f"index-count:{self.request.resolver_match.view_name}:{self.filter_form.query_string()}"
        return page_cache.kept(name, CATALOG, queryset.count)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, filter_query=self.filter_form.query_string(), **kwargs
        )


class SongListView(FilteredListView):
    filter_form_class = SongFilterForm
    queryset = Song.objects.with_credits().order_by("title", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(theme=self.filter_form.selected_theme(), **kwargs)


class ArtistListView(FilteredListView):
    filter_form_class = ArtistFilterForm
    queryset = Artist.objects.order_by("sort_key", "pk")


class AlbumListView(FilteredListView):
    filter_form_class = AlbumFilterForm
    queryset = Album.objects.prefetch_related("artists").order_by("title", "pk")


class DramaListView(FilteredListView):
    filter_form_class = DramaFilterForm
    queryset = Drama.objects.order_by("title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dramas = context["drama_list"]
        # Counted for this page's dramas only: a count for every drama on each request does not scale.
        counts = dict(
            Song.objects.filter(drama__in=dramas)
            .values("drama")
            .annotate(n=Count("pk"))
            .values_list("drama", "n")
        )
        for drama in dramas:
            drama.song_count = counts.get(drama.pk, 0)
        return context


class SongDetailView(DetailView):
    queryset = Song.objects.with_credits().prefetch_related("themes")

    # Players load third-party code, so one appears only after the reader asks for it.
    PLAYERS = {"spotify", "youtube"}

    def get_context_data(self, **kwargs):
        song = self.object
        artist_ids = [credit.artist_id for credit in song.credits.all()]
        more_by_artists = (
            Song.objects.with_credits()
            .filter(credits__artist__in=artist_ids)
            .exclude(pk=song.pk)
            .distinct()
            .order_by(*NEWEST_FIRST)[:MORE_BY_ARTISTS_LIMIT]
        )
        return super().get_context_data(
            player=self.requested_player(), more_by_artists=more_by_artists, **kwargs
        )

    def requested_player(self):
        player = self.request.GET.get("player")
        available = {"spotify": self.object.spotify_id, "youtube": self.object.youtube_id}
        return player if player in self.PLAYERS and available[player] else None


@dataclass
class ArtistSongs:
    """What an artist's page lists, read from the credits in one query."""

    ids: list  # newest first, members' songs included
    sung_by: dict  # {song id: names of the members who sing it} for songs the artist is not on
    album_ids: set  # the albums of the songs the artist itself is credited on


@dataclass
class ArtistCatalog:
    """An artist's songs and its albums' ids, newest first, in the order its page shows them."""

    songs: ArtistSongs
    album_ids: list


def artist_catalog(artist):
    """The artist's ``ArtistCatalog``, kept until the catalog changes.

    For an artist on thousands of songs, reading and ordering its credits and albums is
    most of its page's time (about 100 ms at 100,000 songs), on every page of its songs."""

    def read():
        found = songs_with_members(artist, artist.members.all())
        credited_albums = Album.artists.through.objects.filter(artist=artist).values_list(
            "album_id", flat=True
        )
        return ArtistCatalog(found, albums_newest_first(found.album_ids | set(credited_albums)))

    return page_cache.kept(f"artist-catalog:{artist.pk}", CATALOG, read)


def songs_with_members(artist, members):
    """The artist's ``ArtistSongs``: a group's page gathers its members' songs too.

    Read from the credits: asked for one page with a limit, the database sorted the
    whole catalog to find thousands of songs.
    """
    newest_first = (F("song__released_on").desc(nulls_last=True), "song__title", "song_id")
    names = {member.pk: member.name for member in members}
    # In credit order within a song: "sung by Jin & V" as the song credits them.
    credits = SongCredit.objects.filter(artist__in=[artist.pk, *names]).order_by(*newest_first, "position")
    song_ids, singers, album_ids = [], {}, set()
    for song_id, artist_id, album_id in credits.values_list("song_id", "artist_id", "song__album_id"):
        if song_id not in singers:
            song_ids.append(song_id)
            singers[song_id] = []
        singers[song_id].append(artist_id)
        if artist_id == artist.pk and album_id:
            album_ids.add(album_id)
    sung_by = {
        song_id: [names[artist_id] for artist_id in artist_ids]
        for song_id, artist_ids in singers.items()
        if artist.pk not in artist_ids
    }
    return ArtistSongs(song_ids, sung_by, album_ids)


def albums_newest_first(album_ids):
    """The ids of ``album_ids``, newest album first.

    Given as ids: a filter by "albums of the artist's songs or credited to the artist"
    made the database join every album to both, three times a page."""
    albums = Album.objects.filter(pk__in=album_ids).order_by(*NEWEST_FIRST)
    return list(albums.values_list("pk", flat=True)) if album_ids else []


class ArtistDetailView(DetailView):
    queryset = Artist.objects.prefetch_related("aliases", "groups", "members")

    def get_context_data(self, **kwargs):
        catalog = artist_catalog(self.object)
        found = catalog.songs
        songs = page_of(self.request, Song.objects.with_credits(), SONGS_PER_PAGE, ordered_ids=found.ids)
        for song in songs:
            song.sung_by = found.sung_by.get(song.pk, [])
        albums = Album.objects.prefetch_related("artists")
        return super().get_context_data(
            songs=songs,
            albums=page_of(
                self.request, albums, ALBUMS_PER_PAGE, param="albums", ordered_ids=catalog.album_ids
            ),
            **kwargs,
        )


class AlbumDetailView(DetailView):
    queryset = Album.objects.prefetch_related("artists")

    def get_context_data(self, **kwargs):
        songs = Song.objects.with_credits().filter(album=self.object).order_by("title", "pk")
        return super().get_context_data(songs=page_of(self.request, songs, SONGS_PER_PAGE), **kwargs)


class DramaDetailView(DetailView):
    queryset = Drama.objects.all()

    def get_context_data(self, **kwargs):
        songs = (
            Song.objects.with_credits()
            .filter(drama=self.object)
            .order_by(F("ost_part").asc(nulls_last=True), "title", "pk")
        )
        return super().get_context_data(songs=page_of(self.request, songs, SOUNDTRACK_PER_PAGE), **kwargs)

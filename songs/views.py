"""Public catalog pages: songs, artists, albums and dramas, each an index and a detail page."""

from django.db.models import Count, F, Q
from django.views.generic import DetailView, ListView

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


def songs_with_members(artist, members):
    """``(song ids newest first, {song id: members who sing it})`` for the artist's page.

    A group's page gathers its members' songs too; those the group itself is not
    credited on are marked with who sings them. Read from the credits: asked for one
    page with a limit, the database sorted the whole catalog to find thousands of songs.
    """
    newest_first = (F("song__released_on").desc(nulls_last=True), "song__title", "song_id")
    names = {member.pk: member.name for member in members}
    credits = SongCredit.objects.filter(artist__in=[artist.pk, *names]).order_by(*newest_first)
    song_ids, singers = [], {}
    for song_id, artist_id in credits.values_list("song_id", "artist_id"):
        if song_id not in singers:
            song_ids.append(song_id)
            singers[song_id] = []
        singers[song_id].append(artist_id)
    sung_by = {
        song_id: [names[artist_id] for artist_id in artist_ids]
        for song_id, artist_ids in singers.items()
        if artist.pk not in artist_ids
    }
    return song_ids, sung_by


class ArtistDetailView(DetailView):
    queryset = Artist.objects.prefetch_related("aliases", "groups", "members")

    def get_context_data(self, **kwargs):
        artist = self.object
        song_ids, sung_by = songs_with_members(artist, artist.members.all())
        songs = page_of(self.request, Song.objects.with_credits(), SONGS_PER_PAGE, ordered_ids=song_ids)
        for song in songs:
            song.sung_by = sung_by.get(song.pk, [])
        credited = artist.credits.values("song_id")
        album_ids = Q(pk__in=Song.objects.filter(pk__in=credited).values("album")) | Q(
            pk__in=Album.artists.through.objects.filter(artist=artist).values("album")
        )
        albums = Album.objects.filter(album_ids).prefetch_related("artists").order_by(*NEWEST_FIRST)
        return super().get_context_data(
            songs=songs,
            albums=page_of(self.request, albums, ALBUMS_PER_PAGE, param="albums"),
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

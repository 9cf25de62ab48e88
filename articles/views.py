"""Editorial pages: the home page and the themes that cross-link songs and lists."""

from django.db.models import Count
from django.views.generic import DetailView, ListView, TemplateView

from songs.models import Artist, Drama, Song, Theme

HOME_SONG_COUNT = 8
HOME_ARTIST_COUNT = 12
HOME_DRAMA_COUNT = 6
THEME_SONG_COUNT = 48


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recent_songs=Song.objects.with_credits().order_by("-created_at", "-pk")[:HOME_SONG_COUNT],
            artists=Artist.objects.annotate(song_count=Count("credits"))
            .filter(song_count__gt=0)
            .order_by("-song_count", "name")[:HOME_ARTIST_COUNT],
            dramas=Drama.objects.annotate(song_count=Count("songs"))
            .filter(song_count__gt=0)
            .order_by("-year", "title")[:HOME_DRAMA_COUNT],
            themes=Theme.objects.annotate(song_count=Count("tagged_songs")).order_by("name"),
            **kwargs,
        )


class ThemeListView(ListView):
    queryset = Theme.objects.annotate(song_count=Count("tagged_songs")).order_by("kind", "name")
    template_name = "articles/theme_list.html"


class ThemeDetailView(DetailView):
    queryset = Theme.objects.all()
    template_name = "articles/theme_detail.html"

    def get_context_data(self, **kwargs):
        songs = Song.objects.with_credits().filter(themes=self.object).order_by("title")
        return super().get_context_data(songs=songs[:THEME_SONG_COUNT], song_total=songs.count(), **kwargs)

from django.urls import path

from . import share_views, views

app_name = "songs"

urlpatterns = [
    path("songs/", views.SongListView.as_view(), name="song_list"),
    path("songs/<slug:slug>/", views.SongDetailView.as_view(), name="song_detail"),
    path("artists/", views.ArtistListView.as_view(), name="artist_list"),
    path("artists/<slug:slug>/", views.ArtistDetailView.as_view(), name="artist_detail"),
    path("albums/", views.AlbumListView.as_view(), name="album_list"),
    path("albums/<slug:slug>/", views.AlbumDetailView.as_view(), name="album_detail"),
    path("dramas/", views.DramaListView.as_view(), name="drama_list"),
    path("dramas/<slug:slug>/", views.DramaDetailView.as_view(), name="drama_detail"),
    path("share/songs/<slug:slug>.png", share_views.song_image, name="song_share_image"),
    path("share/artists/<slug:slug>.png", share_views.artist_image, name="artist_share_image"),
]

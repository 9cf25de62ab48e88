"""Share images of songs and artists (kballads/share_images.py draws them)."""

from django.shortcuts import get_object_or_404

from kballads.share_images import ShareCard, image_response

from .models import Artist, Song


def artist_names(song):
    return ", ".join(credit.artist.name for credit in song.credits.all())


def song_card(song):
    source = f"from the {song.drama.title} soundtrack" if song.drama_id else ""
    if not source and song.album_id:
        source = f"from {song.album.title}"
    return ShareCard(
        kicker="Drama soundtrack" if song.drama_id else "Song",
        title=song.title,
        hangul=song.hangul_title if song.hangul_title not in song.title else "",
        byline=" · ".join(part for part in [artist_names(song), source] if part),
    )


def artist_card(artist):
    songs = f"{artist.song_count} song{'' if artist.song_count == 1 else 's'} on K-Ballads"
    return ShareCard(
        kicker=artist.get_kind_display(), title=artist.name, hangul=artist.hangul_name, byline=songs
    )


def song_image(request, slug):
    return image_response(request, song_card(get_object_or_404(Song.objects.with_credits(), slug=slug)))


def artist_image(request, slug):
    return image_response(request, artist_card(get_object_or_404(Artist, slug=slug)))

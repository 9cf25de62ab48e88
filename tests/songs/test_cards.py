"""Cards and entries show the parts of a song that are known, with separators only between them."""

import pytest

from tests.factories import make_album, make_artist, make_list, make_song
from tests.helpers import parse, text_of

pytestmark = pytest.mark.django_db


def card_meta(client, song):
    page = parse(client.get(song.credits.first().artist.get_absolute_url()))
    return page.select_one(".song-card .card__meta")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"length_seconds": 215}, "3:35"),
        ({"length_seconds": None}, ""),
        ({"released_on": "2020-05-01", "length_seconds": None}, "2020"),
        ({"album": "Album", "length_seconds": 215}, "Album · 3:35"),
        ({"album": "Album", "released_on": "2020-05-01", "length_seconds": 215}, "Album · 2020 · 3:35"),
    ],
)
def test_song_card_separates_only_the_parts_it_has(client, values, expected):
    if "album" in values:
        values["album"] = make_album(title=values["album"])
    song = make_song(**values)
    assert text_of(card_meta(client, song)) == expected


def test_list_entry_without_album_does_not_start_with_a_separator(client):
    song = make_song(spotify_id="6td501MwDVFewdz6qNOtG8", length_seconds=200)
    article = make_list(entries=[song])
    meta = parse(client.get(article.get_absolute_url())).select_one(".entry .card__meta")
    assert text_of(meta) == "3:20 · Listen on Spotify"


def test_hangul_in_titles_names_and_albums_is_marked_korean(client):
    singer = make_artist(name="김광석")
    album = make_album(title="The 1st Mini Album '광화문에서'")
    song = make_song(title="광화문에서 (At Gwanghwamun)", artists=[singer], album=album)
    article = make_list(entries=[song])
    for url in [song.get_absolute_url(), article.get_absolute_url(), singer.get_absolute_url()]:
        page = parse(client.get(url))
        korean = [text_of(span) for span in page.select('main [lang="ko"]')]
        assert "광화문에서" in korean, url
        assert "김광석" in korean, url

"""Playlist import into the catalog: no duplicates, batch lookups, nothing half-written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.playlist_import import import_playlist
from songs.models import Album, Artist, Drama, PossibleDuplicate, Song, Theme
from songs.names import title_key
from songs.playlist import PlaylistFormatError
from tests.factories import make_artist, make_drama, make_song
from tests.playlists import link, playlist_text, track

pytestmark = pytest.mark.django_db


def counts(report, kind):
    return tuple(report.counts[(kind, outcome)] for outcome in ["created", "updated", "unchanged"])


def test_a_playlist_creates_songs_artists_albums_and_credits():
    heize, shin = link("HEIZE"), link("Shin Yong Jae")
    album = link("/// (You, Clouds, Rain)")
    text = playlist_text([track("You, Clouds, Rain", [heize, shin], album, length=205)])
    report = import_playlist(text)
    song = Song.objects.with_credits().get()
    assert (song.title, song.length_seconds, song.album.title) == ("You, Clouds, Rain", 205, album.name)
    assert [credit.artist.spotify_id for credit in song.credits.all()] == [heize.spotify_id, shin.spotify_id]
    assert list(song.album.artists.values_list("name", flat=True)) == ["HEIZE", "Shin Yong Jae"]
    assert song.album.kind == Album.Kind.SINGLE
    assert counts(report, "songs") == (1, 0, 0)
    assert counts(report, "artists") == (2, 0, 0)


def test_importing_the_same_file_twice_changes_nothing():
    artist = link("IU")
    text = playlist_text(
        [track("Love poem", [artist], link("Love poem")), track("Lullaby", [artist], link("Love poem EP"))]
    )
    import_playlist(text)
    before = [list(model.objects.order_by("pk").values()) for model in (Song, Artist, Album, Drama)]
    report = import_playlist(text)
    assert [list(model.objects.order_by("pk").values()) for model in (Song, Artist, Album, Drama)] == before
    assert counts(report, "songs") == (0, 0, 2)
    assert counts(report, "artists") == (0, 0, 1)
    assert counts(report, "albums") == (0, 0, 2)


def test_a_newer_snapshot_adds_new_tracks_and_updates_changed_ones():
    artist, album = link("Paul Kim"), link("Hangover")
    first = track("Hangover", [artist], album, length=224)
    import_playlist(playlist_text([first]))
    renamed = track("Hangover (Remastered)", [artist], album, length=230, track_id=first.spotify_id)
    report = import_playlist(playlist_text([renamed, track("Me After You", [artist], link("Me After You"))]))
    assert sorted(Song.objects.values_list("title", "length_seconds")) == [
        ("Hangover (Remastered)", 230),
        ("Me After You", 215),
    ]
    assert counts(report, "songs") == (1, 1, 0)


def test_a_track_removed_from_the_playlist_stays_in_the_catalog():
    artist = link("BEN")
    kept, dropped = (
        track("Lonely night", [artist], link("A")),
        track("Because I am a woman", [artist], link("B")),
    )
    import_playlist(playlist_text([kept, dropped]))
    import_playlist(playlist_text([kept]))
    assert Song.objects.count() == 2


def test_known_artist_spelled_differently_is_matched_by_alias_and_gets_the_spotify_id():
    baek = make_artist(name="Baek Ye-rin", spotify_id="")
    baek.aliases.create(name="백예린")
    spotify_artist = link("Yerin Baek")
    report = import_playlist(playlist_text([track("Here I Am Again", [spotify_artist], link("CLOY Pt. 4"))]))
    baek.refresh_from_db()
    assert Artist.objects.count() == 1
    assert baek.spotify_id == spotify_artist.spotify_id
    assert Song.objects.get().credits.get().artist == baek
    assert counts(report, "artists") == (0, 1, 0)


def test_known_artist_is_matched_through_an_alias_name_key():
    artist = make_artist(name="Kim Jaejoong")
    artist.aliases.create(name="Hero Jaejoong")
    import_playlist(playlist_text([track("I Can't Forget", [link("HERO JAE JOONG")], link("Dream High"))]))
    assert Artist.objects.get() == artist


def test_a_spotify_spelling_of_a_known_artist_becomes_an_alias():
    spotify = link("Jung Seung Hwan")
    import_playlist(playlist_text([track("Dear", [spotify], link("Dear"))]))
    artist = Artist.objects.get()
    Artist.objects.filter(pk=artist.pk).update(name="Jung Seung-hwan")
    report = import_playlist(
        playlist_text([track("Dear", [link("JSH", spotify.spotify_id)], link("Dear 2"))])
    )
    assert list(artist.aliases.values_list("name", flat=True)) == ["JSH"]
    assert counts(report, "artists") == (0, 1, 0)


def test_two_spotify_ids_with_one_name_key_become_two_artists_and_a_possible_duplicate():
    make_artist(name="Kim Na Young", spotify_id="T" + "9" * 21)
    report = import_playlist(
        playlist_text([track("The day I loved you", [link("KIM NA YOUNG")], link("Album"))])
    )
    assert Artist.objects.filter(name_key="kimnayoung").count() == 2
    pair = PossibleDuplicate.objects.get()
    assert {pair.artist.name, pair.other.name} == {"Kim Na Young", "KIM NA YOUNG"}
    assert report.possible_duplicates == [
        ("KIM NA YOUNG", "Kim Na Young", "same name, different Spotify ids")
    ]


def test_two_new_artists_sharing_a_name_in_one_file_are_reported():
    one, other = link("Sandeul"), link("SANDEUL")
    import_playlist(playlist_text([track("A", [one], link("A")), track("B", [other], link("B"))]))
    assert Artist.objects.count() == 2
    assert PossibleDuplicate.objects.count() == 1


def test_a_known_song_without_spotify_id_is_matched_by_title_and_artist():
    punch = make_artist(name="Punch")
    song = make_song(title="Another Day", artists=[punch, make_artist(name="Monday Kiz")], spotify_id="")
    spotify_track = track(
        "Another Day", [link("Punch"), link("Monday Kiz")], link("Hotel Del Luna OST Part.1")
    )
    import_playlist(playlist_text([spotify_track]))
    song.refresh_from_db()
    assert Song.objects.count() == 1
    assert song.spotify_id == spotify_track.spotify_id


def test_same_title_by_another_artist_is_a_different_song():
    make_song(title="My Love", artists=[make_artist(name="Lee Seung Chul")], spotify_id="")
    import_playlist(playlist_text([track("My Love", [link("BAEKHYUN")], link("Dr. Romantic 2 OST Part.1"))]))
    assert Song.objects.filter(title="My Love").count() == 2


def test_soundtrack_albums_link_songs_to_their_drama_and_part():
    existing = make_drama(title="Moon Lovers: Scarlet Heart Ryeo", year=2016)
    text = playlist_text(
        [
            track(
                "MY LOVE",
                [link("LeeHi")],
                link("Moonlovers: Scarlet Heart Ryeo (Original Television Soundtrack), Pt 10"),
            ),
            track("Can You See My Heart", [link("HEIZE")], link("Hotel Del Luna OST Part.5")),
            track("Palette", [link("IU")], link("Palette")),
        ]
    )
    report = import_playlist(text)
    songs = {song.title: song for song in Song.objects.select_related("drama", "album")}
    assert (songs["MY LOVE"].drama, songs["MY LOVE"].ost_part) == (existing, 10)
    assert (songs["Can You See My Heart"].drama.title, songs["Can You See My Heart"].ost_part) == (
        "Hotel Del Luna",
        5,
    )
    assert songs["Palette"].drama is None
    assert songs["MY LOVE"].album.kind == Album.Kind.SOUNDTRACK
    assert counts(report, "dramas") == (1, 0, 1)


def test_an_editors_soundtrack_link_is_not_replaced():
    drama = make_drama(title="Guardian: The Lonely and Great God")
    song = make_song(title="Stay With Me", drama=drama, ost_part=1, spotify_id="T" + "7" * 21)
    import_playlist(
        playlist_text(
            [track("Stay With Me", [link("CHANYEOL")], link("Goblin OST Part.1"), track_id=song.spotify_id)]
        )
    )
    song.refresh_from_db()
    assert song.drama == drama


def test_a_featured_role_set_by_an_editor_survives_reimport():
    bts, aoki = link("BTS"), link("Steve Aoki")
    text = playlist_text([track("The Truth Untold", [bts, aoki], link("Love Yourself 轉 'Tear'"))])
    import_playlist(text)
    song = Song.objects.get()
    song.credits.filter(artist__name="Steve Aoki").update(role="featuring")
    import_playlist(text)
    assert list(song.credits.values_list("artist__name", "role")) == [
        ("BTS", "main"),
        ("Steve Aoki", "featuring"),
    ]


def test_theme_option_tags_every_imported_song():
    text = playlist_text([track("A", [link("X")], link("A")), track("B", [link("Y")], link("B"))])
    import_playlist(text, theme="Rainy day")
    import_playlist(text, theme="rainy day")
    theme = Theme.objects.get()
    assert theme.name == "Rainy day"
    assert theme.tagged_songs.count() == 2
    assert theme.song_count == 2  # counted, though the tags were written in bulk


def test_dry_run_reports_but_writes_nothing():
    report = import_playlist(
        playlist_text([track("Dear", [link("Jung Seung Hwan")], link("Dear"))]), dry_run=True
    )
    assert counts(report, "songs") == (1, 0, 0)
    assert not Song.objects.exists()
    assert not Artist.objects.exists()


def test_a_malformed_file_is_refused_with_its_line_and_nothing_is_written():
    text = playlist_text(
        [track("Dear", [link("Jung Seung Hwan")], link("Dear")), track("Rose", [link("D.O.")], link("Rose"))]
    )
    broken = text.replace("| 3:35 |", "| 3:75 |", 2)
    with pytest.raises(PlaylistFormatError) as error:
        import_playlist(broken)
    assert error.value.line == 11
    assert "seconds must be below 60" in error.value.reason
    assert not Song.objects.exists() and not Artist.objects.exists()


def test_import_queries_do_not_grow_with_the_number_of_rows():
    for number in range(0, 60, 5):
        make_artist(name=f"Shared {number}", spotify_id=f"S{number:021d}")

    def queries_for(rows):
        # Every fifth singer shares a name with a known artist: possible duplicates in both runs.
        artists = [link(f"Shared {n}" if n % 5 == 0 else f"Singer {rows}-{n}") for n in range(rows)]
        tracks = [track(f"Song {rows}-{n}", [artists[n]], link(f"Album {rows}-{n}")) for n in range(rows)]
        text = playlist_text(tracks, cumulative=True)
        with CaptureQueriesContext(connection) as first:
            import_playlist(text, list_slug=f"list-{rows}")
        with CaptureQueriesContext(connection) as again:
            import_playlist(text, list_slug=f"list-{rows}")
        return len(first), len(again)

    # 35 rows still fit one SQLite insert of songs (999 parameters); more rows add insert batches.
    assert queries_for(10) == queries_for(35)


def catalog_as_editors_see_it():
    """Every record's fields, without the import's own bookkeeping."""
    hidden = {"imported_title", "imported_length_seconds", "imported_album_spotify_id"}
    return [
        [
            {key: value for key, value in row.items() if key not in hidden}
            for row in model.objects.order_by("pk").values()
        ]
        for model in (Song, Artist, Album, Drama)
    ]


def test_the_seed_playlist_imports_to_exactly_the_demo_catalog(settings):
    from songs.demo import load_demo_catalog

    load_demo_catalog()
    before = catalog_as_editors_see_it()
    seed = (settings.BASE_DIR / "tests/data/playlists/k-pop-ballad-hits.pretty.md").read_text(
        encoding="utf-8"
    )
    report = import_playlist(seed)
    assert catalog_as_editors_see_it() == before
    # What Spotify said is now remembered, to recognise later corrections by editors.
    assert not Song.objects.filter(spotify_id__gt="", imported_title="").exists()
    assert counts(report, "songs") == (0, 0, 50)
    assert counts(report, "artists") == (0, 0, 45)
    assert report.possible_duplicates == []


def test_the_seed_playlist_into_an_empty_catalog_gives_the_demo_facts(settings):
    import json

    seed = (settings.BASE_DIR / "tests/data/playlists/k-pop-ballad-hits.pretty.md").read_text(
        encoding="utf-8"
    )
    import_playlist(seed)
    demo = json.loads((settings.BASE_DIR / "fixtures/demo_catalog.json").read_text(encoding="utf-8"))
    albums = {album["slug"]: album for album in demo["albums"]}
    artists = {artist["slug"]: artist for artist in demo["artists"]}
    dramas = {drama["slug"]: drama for drama in demo["dramas"]}
    imported = {song.spotify_id: song for song in Song.objects.with_credits()}
    demo_tracks = [song for song in demo["songs"] if song.get("spotify_id")]
    assert len(demo_tracks) == len(imported) == 50
    for expected in demo_tracks:
        song = imported[expected["spotify_id"]]
        minutes, seconds = expected["length"].split(":")
        assert song.title == expected["title"]
        assert song.length_seconds == int(minutes) * 60 + int(seconds)
        assert song.album.spotify_id == albums[expected["album"]]["spotify_id"]
        assert [credit.artist.spotify_id for credit in song.credits.all()] == [
            artists[credit["artist"]]["spotify_id"] for credit in expected["credits"]
        ]
        if expected.get("drama"):
            assert song.drama.title_key == title_key(dramas[expected["drama"]]["title"]), song.title
            assert song.ost_part == expected["ost_part"]
        else:
            assert song.drama is None, song.title

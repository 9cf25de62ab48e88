"""The demo catalog (fixtures/demo_catalog.json) holds the facts of the seed documents.

The playlist facts are checked against the archived playlist itself (a copy of the seed
snapshot in tests/data/playlists/), parsed here with a small regex so that the test does
not depend on the code it could be checking.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from songs.demo import load_demo_catalog
from songs.models import Album, Artist, ArtistAlias, Drama, Membership, Song, SongCredit, Theme
from tests.helpers import loaded_for_module

pytestmark = pytest.mark.django_db

PLAYLIST_FILE = Path(settings.BASE_DIR) / "tests" / "data" / "playlists" / "k-pop-ballad-hits.pretty.md"

_ROW = re.compile(r"^\| (?P<number>\d+) \| (?P<cells>.*) \|$")
_CELL_SEPARATOR = re.compile(r"(?<!\\) \| ")
_LINK = re.compile(
    r"\[(?P<text>(?:\\.|[^\\\]])*)\]\(https://open\.spotify\.com/(?P<kind>\w+)/(?P<id>\w{22})\)"
)
_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Track:
    number: int
    title: str
    spotify_id: str
    artists: tuple  # ((name, spotify_id), ...)
    album_title: str
    album_spotify_id: str
    length: str

    @property
    def length_seconds(self):
        minutes, seconds = self.length.split(":")
        return int(minutes) * 60 + int(seconds)


def _links(cell, kind):
    links = [(_ESCAPE.sub(r"\1", m["text"]), m["id"]) for m in _LINK.finditer(cell)]
    assert links and all(m["kind"] == kind for m in _LINK.finditer(cell)), cell
    return links


def read_playlist():
    tracks = []
    for line in PLAYLIST_FILE.read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line)
        if not row:
            continue
        title, artists, album, length = _CELL_SEPARATOR.split(row["cells"])
        ((title_text, track_id),) = _links(title, "track")
        ((album_text, album_id),) = _links(album, "album")
        tracks.append(
            Track(
                number=int(row["number"]),
                title=title_text,
                spotify_id=track_id,
                artists=tuple(_links(artists, "artist")),
                album_title=album_text,
                album_spotify_id=album_id,
                length=length,
            )
        )
    return tracks


PLAYLIST = read_playlist()


@pytest.fixture(scope="module")
def loaded_catalog(django_db_setup, django_db_blocker):
    """Loads the catalog once for this module, in a transaction rolled back after its last test.

    Each test still runs in its own savepoint inside that transaction, so nothing one test
    writes is seen by the next one, and nothing is left behind for other modules.
    """
    with loaded_for_module(django_db_blocker, load_demo_catalog) as counts:
        yield counts


@pytest.fixture
def catalog(loaded_catalog, db):
    """What the first ``load_demo_catalog()`` created, with the catalog in the database."""
    return loaded_catalog


def song_by(title, artist_name):
    """The one song with this title credited to the artist with this name."""
    return Song.objects.get(title=title, credits__artist__name=artist_name)


def artist_known_as(spelling):
    """The one artist whose name or one of whose aliases is this spelling."""
    by_name = set(Artist.objects.filter(name=spelling))
    by_alias = {alias.artist for alias in ArtistAlias.objects.filter(name=spelling)}
    found = by_name | by_alias
    assert len(found) == 1, f"{spelling!r} names {sorted(map(str, found))}"
    return found.pop()


def credits_of(song):
    return [(credit.artist.name, credit.role) for credit in song.credits.order_by("position")]


# --------------------------------------------------------------------------- the playlist


def test_the_playlist_copy_lists_fifty_numbered_tracks():
    assert [track.number for track in PLAYLIST] == list(range(1, 51))


def test_all_fifty_playlist_tracks_are_songs_with_exact_title_length_and_spotify_id(catalog):
    problems = []
    for track in PLAYLIST:
        song = Song.objects.filter(spotify_id=track.spotify_id).first()
        if song is None:
            problems.append(f"#{track.number} {track.title!r}: no song with Spotify id {track.spotify_id}")
            continue
        if (song.title, song.length_seconds) != (track.title, track.length_seconds):
            problems.append(
                f"#{track.number}: {(song.title, song.length_seconds)} != {(track.title, track.length)}"
            )
        if song.length_label != track.length:
            problems.append(f"#{track.number}: length label {song.length_label} != {track.length}")
    assert problems == []


def test_playlist_titles_are_unescaped_and_keep_their_symbols(catalog):
    assert Song.objects.filter(title="Slightly Tipsy (She is My Type♡ X SANDEUL)").count() == 1
    assert Song.objects.filter(title="광화문에서 (At Gwanghwamun)").count() == 1
    assert Song.objects.filter(title="My Love (Duet Ver.)").count() == 1
    assert Song.objects.filter(title="Forever (약속)").count() == 1
    assert not Song.objects.filter(title__contains="\\").exists()
    assert not Album.objects.filter(title__contains="\\").exists()
    assert Album.objects.filter(title="Like Water - The 1st Mini Album").count() == 1


# The one playlist track whose official credit marks an artist as featured.
FEATURED = {("The Truth Untold", "Steve Aoki")}


def role_on(title, artist_name):
    return SongCredit.Role.FEATURING if (title, artist_name) in FEATURED else SongCredit.Role.MAIN


def test_playlist_tracks_credit_their_spotify_artists_in_order(catalog):
    problems = []
    for track in PLAYLIST:
        song = Song.objects.get(spotify_id=track.spotify_id)
        credits = list(song.credits.order_by("position").select_related("artist"))
        found = [(credit.artist.spotify_id, credit.role) for credit in credits]
        expected = [(spotify_id, role_on(track.title, name)) for name, spotify_id in track.artists]
        if found != expected:
            problems.append(f"#{track.number} {track.title!r}: {found} != {expected}")
    assert problems == []


def test_each_spotify_artist_is_one_record_known_by_its_spotify_name(catalog):
    spotify_names = {spotify_id: name for track in PLAYLIST for name, spotify_id in track.artists}
    assert len(spotify_names) == Artist.objects.exclude(spotify_id="").count()
    for spotify_id, spotify_name in spotify_names.items():
        artist = Artist.objects.get(spotify_id=spotify_id)
        aliases = set(artist.aliases.values_list("name", flat=True))
        assert spotify_name == artist.name or spotify_name in aliases, (spotify_name, artist.name, aliases)


@pytest.mark.parametrize(
    ("spotify_name", "song_count"),
    [("IU", 6), ("HEIZE", 3), ("Paul Kim", 3), ("BAEKHYUN", 2), ("TAEYEON", 2)],
)
def test_artists_on_several_tracks_are_one_record(catalog, spotify_name, song_count):
    artist = artist_known_as(spotify_name)
    on_playlist = Song.objects.filter(credits__artist=artist, spotify_id__gt="")
    assert on_playlist.count() == song_count


def test_playlist_tracks_are_on_their_albums_with_album_spotify_ids_and_exact_titles(catalog):
    problems = []
    for track in PLAYLIST:
        album = Song.objects.get(spotify_id=track.spotify_id).album
        if album is None or (album.title, album.spotify_id) != (track.album_title, track.album_spotify_id):
            problems.append(f"#{track.number}: {album and (album.title, album.spotify_id)}")
    assert problems == []
    assert Album.objects.exclude(spotify_id="").count() == len({t.album_spotify_id for t in PLAYLIST})


def test_love_poem_is_two_albums_with_the_same_title_and_both_spotify_ids(catalog):
    albums = Album.objects.filter(title="Love poem")
    assert {album.spotify_id for album in albums} == {"5JadtZ710Yj8RSLNbSvDqo", "2xEH7SRzJq7LgA0fCtTlxH"}
    assert len({album.slug for album in albums}) == 2
    assert song_by("Love poem", "IU").album.spotify_id == "5JadtZ710Yj8RSLNbSvDqo"
    assert song_by("Lullaby", "IU").album.spotify_id == "2xEH7SRzJq7LgA0fCtTlxH"
    assert all(album.release_label == "November 2019" for album in albums)


def test_albums_credit_their_artists(catalog):
    assert [a.name for a in Album.objects.get(spotify_id="5V8n6fqyAPxvFTibPhQVcp").artists.all()] == ["IU"]
    dream = Album.objects.get(spotify_id="7ciJtZ2tYXhKsndQ7bf7Vw")
    assert {a.spotify_id for a in dream.artists.all()} == {"4U80LJd8sG6U9YTFP5izka", "4ufh0WuMZh6y4Dmdnklvdl"}
    assert not Album.objects.filter(artists__isnull=True).exists()


@pytest.mark.parametrize(
    ("track_number", "drama_title", "ost_part"),
    [
        (11, "Hospital Playlist Season 2", 8),
        (12, "Should We Kiss First?", 3),
        (14, "Hospital Playlist", 3),
        (15, "Hotel Del Luna", 5),
        (17, "Dr. Romantic 2", 1),
        (19, "Hospital Playlist", 2),
        (23, "Hi Bye Mama", 5),
        (24, "Find Me in Your Memory", 1),
        (26, "Hospital Playlist", 1),
        (27, "Find Me in Your Memory", 4),
        (29, "Itaewon Class", 12),
        (30, "Oh My Baby", 5),
        (34, "Crash Landing on You", 4),
        (38, "The King: Eternal Monarch", 1),
        (44, "Moon Lovers: Scarlet Heart Ryeo", 10),
        (47, "Hospital Playlist", 8),
        (49, "Crash Landing on You", 11),
    ],
)
def test_soundtrack_tracks_link_to_their_drama_and_ost_part(catalog, track_number, drama_title, ost_part):
    track = PLAYLIST[track_number - 1]
    song = Song.objects.select_related("drama", "album").get(spotify_id=track.spotify_id)
    assert (song.drama.title, song.ost_part) == (drama_title, ost_part)
    assert song.album.kind == Album.Kind.SOUNDTRACK
    assert "k-drama-love-songs" in song.themes.slugs()


def test_only_soundtrack_albums_are_of_kind_soundtrack(catalog):
    songs = list(Song.objects.exclude(spotify_id="").select_related("album"))
    assert len(songs) >= 50
    for song in songs:
        assert (song.album.kind == Album.Kind.SOUNDTRACK) == (song.drama_id is not None), song.title


def test_webtoon_tie_in_singles_are_not_drama_soundtracks(catalog):
    for title in [
        "Back In Time (The Moon during the Day X K.will)",
        "Slightly Tipsy (She is My Type♡ X SANDEUL)",
    ]:
        song = Song.objects.get(title=title)
        assert song.drama is None and song.ost_part is None
        assert song.album.kind != Album.Kind.SOUNDTRACK


# --------------------------------------------------------------------------- the articles


@pytest.mark.parametrize(
    ("title", "artist", "release_label"),
    [
        ("I will come to you", "Jin", "November 2024"),
        ("I Can't Forget", "Kim Jaejoong", "January 2025"),
        ('HERO (From the Film "Firefighters")', "Park Hyo-shin", "December 2024"),
        ("About all love", "Lee Minhyuk", "2023"),
        ("Abyss", "Jin", "4 December 2020"),
        ("Eyes like Snow", "DALsooobin", "1 January 2021"),
        ("Lonely night", "Ben", "December 2020"),
        ("I'm here for you", "X1", "2019"),
        ("Make me cry", "Cha Ga-eul", "2021"),
    ],
)
def test_article_songs_have_the_release_dates_the_articles_give(catalog, title, artist, release_label):
    assert song_by(title, artist).release_label == release_label


def test_destiny_is_on_bloom_iz_from_2020_with_its_hangul_title(catalog):
    destiny = song_by("DESTINY", "IZ*ONE")
    assert destiny.hangul_title == "우연이 아니야"
    assert destiny.album.title == "BLOOM*IZ"
    assert destiny.album.released_on.year == 2020
    assert destiny.released_on.year == 2020


def test_i_will_come_to_you_is_on_jins_first_solo_album_happy(catalog):
    album = song_by("I will come to you", "Jin").album
    assert album.title == "Happy"
    assert album.release_label == "November 2024"
    assert [artist.name for artist in album.artists.all()] == ["Jin"]


def test_butterfly_is_on_the_most_beautiful_moment_in_life_pt_2(catalog):
    album = song_by("Butterfly", "BTS").album
    assert album.title == "The Most Beautiful Moment in Life, Pt. 2"
    assert [artist.name for artist in album.artists.all()] == ["BTS"]


def test_i_cant_forget_is_from_the_musical_dream_high(catalog):
    drama = song_by("I Can't Forget", "Kim Jaejoong").drama
    assert (drama.title, drama.kind) == ("Dream High", Drama.Kind.MUSICAL)


def test_hero_is_the_theme_of_the_film_firefighters(catalog):
    drama = song_by('HERO (From the Film "Firefighters")', "Park Hyo-shin").drama
    assert (drama.title, drama.kind, drama.year) == ("Firefighters", Drama.Kind.FILM, 2024)


def test_hangul_titles_from_the_articles_are_kept(catalog):
    assert song_by("Eyes like Snow", "DALsooobin").hangul_title == "눈 닮은 눈"
    assert song_by("Make me cry", "Jang Sae-byeok").hangul_title == "나를 울려"


@pytest.mark.parametrize(
    ("title", "drama_title", "singers"),
    [
        ("Another Day", "Hotel Del Luna", ["Punch", "Monday Kiz"]),
        ("Stay With Me", "Guardian: The Lonely and Great God", ["Chanyeol", "Punch"]),
        ("Every Time", "Descendants of the Sun", ["Chen", "Punch"]),
        ("Say Yes", "Moon Lovers: Scarlet Heart Ryeo", ["Loco", "Punch"]),
        ("Christmas Tree", "Our Beloved Summer", ["V"]),
        ("Here I Am Again", "Crash Landing on You", ["Yerin Baek"]),
        ("With You", "Our Blues", ["Jimin", "Ha Sung-woon"]),
        ("Ambiguous", "Fight for My Way", ["Seo Eun-kwang", "Lim Hyun-sik", "Yook Sung-jae"]),
        ("For You", "Moon Lovers: Scarlet Heart Ryeo", ["Chen", "Baekhyun", "Xiumin"]),
        ("It's Definitely You", "Hwarang: The Poet Warrior Youth", ["V", "Jin"]),
    ],
)
def test_drama_love_songs_belong_to_their_dramas_and_credit_every_singer_in_order(
    catalog, title, drama_title, singers
):
    song = Song.objects.get(title=title, drama__isnull=False)
    assert song.drama.title == drama_title
    assert credits_of(song) == [(name, SongCredit.Role.MAIN) for name in singers]
    assert "k-drama-love-songs" in song.themes.slugs()


@pytest.mark.parametrize(
    ("title", "singers"),
    [
        ("Make me cry", ["Cha Ga-eul", "Jang Sae-byeok"]),
        ("Winter Ahead", ["V", "Park Hyo-shin"]),
        ("You, Clouds, Rain", ["Heize", "Shin Yong-jae"]),
        ("Dream", ["Suzy", "Baekhyun"]),
    ],
)
def test_duets_credit_both_singers_as_main_and_are_tagged_duets(catalog, title, singers):
    song = Song.objects.get(title=title)
    assert credits_of(song) == [(name, SongCredit.Role.MAIN) for name in singers]
    assert "duets" in song.themes.slugs()


def test_here_i_am_again_is_one_song_on_crash_landing_on_you_part_4_by_baek_ye_rin(catalog):
    songs = Song.objects.filter(title="Here I Am Again")
    assert songs.count() == 1
    song = songs.get()
    assert song.spotify_id == "5CDq3Ekm0E0c23S0mbEELV"
    assert (song.drama.title, song.ost_part) == ("Crash Landing on You", 4)
    assert song.soundtrack_label == "Crash Landing on You OST Part 4"
    assert [credit.artist for credit in song.credits.all()] == [artist_known_as("Baek Ye-rin")]
    assert artist_known_as("Baek Ye-rin") == artist_known_as("Yerin Baek") == artist_known_as("백예린")


def test_moon_lovers_is_one_drama_for_the_playlist_and_the_article(catalog):
    drama = Drama.objects.get(title="Moon Lovers: Scarlet Heart Ryeo")
    assert set(drama.songs.values_list("title", flat=True)) == {"MY LOVE", "Say Yes", "For You"}
    assert not Drama.objects.filter(title__icontains="Moonlovers").exists()


def test_hospital_playlist_seasons_are_two_dramas(catalog):
    season_2 = Drama.objects.get(title="Hospital Playlist Season 2")
    assert list(season_2.songs.values_list("title", flat=True)) == ["Is It Still Beautiful"]
    assert Drama.objects.get(title="Hospital Playlist").songs.count() == 4


def test_dramas_named_without_songs_still_have_records(catalog):
    assert Drama.objects.get(title="Start-Up").kind == Drama.Kind.TV


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Monday Kiz", Artist.Kind.DUO),
        ("Lee Jin-sung", Artist.Kind.SOLO),
        ("Dal Shabet", Artist.Kind.GROUP),
        ("Sakura Miyawaki", Artist.Kind.SOLO),
        ("Hitomi Honda", Artist.Kind.SOLO),
        ("SHINee", Artist.Kind.GROUP),
        ("J.Y. Park", Artist.Kind.SOLO),
        ("Steve Aoki", Artist.Kind.SOLO),
        ("LUCY", Artist.Kind.BAND),
        ("X1", Artist.Kind.GROUP),
        ("EXO-CBX", Artist.Kind.UNIT),
    ],
)
def test_artists_named_in_passing_have_records_of_the_right_kind(catalog, name, kind):
    assert Artist.objects.get(name=name).kind == kind


@pytest.mark.parametrize(
    ("group", "members"),
    [
        ("BTS", {"Jin", "V", "Jimin"}),
        ("EXO", {"Chen", "Baekhyun", "Xiumin", "Chanyeol", "D.O."}),
        ("EXO-CBX", {"Chen", "Baekhyun", "Xiumin"}),
        ("BTOB", {"Lee Minhyuk", "Yook Sung-jae", "Seo Eun-kwang", "Lim Hyun-sik"}),
        ("Red Velvet", {"Wendy", "Joy"}),
        ("IZ*ONE", {"Kang Hye-won", "Sakura Miyawaki", "Hitomi Honda"}),
        ("Monday Kiz", {"Lee Jin-sung"}),
        ("Dal Shabet", {"DALsooobin"}),
    ],
)
def test_groups_list_their_members(catalog, group, members):
    assert set(Artist.objects.get(name=group).members.values_list("name", flat=True)) >= members


def test_playlist_artists_are_the_same_records_as_the_group_members(catalog):
    assert artist_known_as("KangHyeWon") in Artist.objects.get(name="IZ*ONE").members.all()
    assert artist_known_as("BAEKHYUN") in Artist.objects.get(name="EXO-CBX").members.all()
    assert artist_known_as("WENDY").groups.get().name == "Red Velvet"
    assert artist_known_as("DALsooobin") == artist_known_as("Dal Subin") == artist_known_as("Subin")


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("Baek Ye-rin", "Yerin Baek"),
        ("Baek Yerin", "Yerin Baek"),
        ("Jang Se-byeok", "Jang Sae-byeok"),
        ("KIM JAE JOONG", "Kim Jaejoong"),
        ("Kim Jae-joong", "Kim Jaejoong"),
        ("Jaejoong", "Kim Jaejoong"),
        ("Park Hyo Shin", "Park Hyo-shin"),
        ("JIN", "Jin"),
        ("Kim Seok-jin", "Jin"),
        ("Kim Tae-hyung", "V"),
        ("Lee MinHyuk", "Lee Minhyuk"),
        ("HutaZ", "Lee Minhyuk"),
        ("Bangtan Sonyeondan", "BTS"),
        ("Dal Subin", "DALsooobin"),
        ("KIMSEJEONG", "Kim Se-jeong"),
        ("KangHyeWon", "Kang Hye-won"),
    ],
)
def test_readers_spellings_are_aliases_of_one_artist(catalog, spelling, name):
    assert artist_known_as(spelling).name == name


def test_korean_artists_have_their_hangul_names(catalog):
    expected = {"IU": "아이유", "Yerin Baek": "백예린", "Park Hyo-shin": "박효신", "BTS": "방탄소년단"}
    assert {name: Artist.objects.get(name=name).hangul_name for name in expected} == expected


# Demo songs without a hangul title, and why. Every other song must carry its official hangul
# title; a title we could not confirm is left empty rather than guessed.
OFFICIAL_TITLE_IN_ENGLISH = {
    "abyss", "and-we-go", "another-day", "beautiful", "butterfly", "christmas-tree", "daydreamer", "dream",
    "eternal-sunshine", "every-time", "give-you-my-heart", "hero", "i-just-want-to-stay-with-you",
    "lonely-night-kwon-jin-ah", "love-poem", "my-love-baekhyun", "my-love-duet-ver", "my-love-lee-hi", "play",
    "radio", "rose", "say-yes", "stay-with-me", "sweet-night", "when-this-rain-stops", "winter-ahead",
    "winter-poem", "with-you", "youre-free",
}  # fmt: skip
HANGUL_TITLE_NOT_CONFIRMED = {
    "about-all-love", "ambiguous", "hangover", "i-still-love-you-a-lot", "in-the-night", "walk-with-me",
}  # fmt: skip
# Artists without a hangul name: not Korean, or a Latin-letter stage name with no confirmed hangul form.
NO_HANGUL_NAME = {"ashley-alisha", "dept", "seo-actor", "steve-aoki"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_songs_carry_their_hangul_title_unless_a_reason_is_documented(catalog):
    without = set(Song.objects.filter(hangul_title="").values_list("slug", flat=True))
    assert without == OFFICIAL_TITLE_IN_ENGLISH | HANGUL_TITLE_NOT_CONFIRMED
    assert not OFFICIAL_TITLE_IN_ENGLISH & HANGUL_TITLE_NOT_CONFIRMED
    titles = list(Song.objects.exclude(hangul_title="").values_list("hangul_title", flat=True))
    assert len(titles) == Song.objects.count() - len(without) > 0
    assert [title for title in titles if not HANGUL.search(title)] == []


@pytest.mark.parametrize(
    ("title", "artist", "hangul_title"),
    [
        ("Lonely night", "Ben", "혼술하고 싶은 밤"),
        ("With My Tears", "Whee In", "내 눈물 모아"),
        ("Slightly Tipsy (She is My Type♡ X SANDEUL)", "Sandeul", "취기를 빌려"),
        ("The day I loved you", "Kim Na-young", "사랑했던 날"),
        ("Through the Night", "IU", "밤편지"),
        ("Dear", "Jung Seung-hwan", "별"),
        ("I will come to you", "Jin", "그리움에"),
        ("Because I am a woman", "Ben", "여자이니까"),
        ("I'm here for you", "X1", "괜찮아요"),
        ("I Can't Forget", "Kim Jaejoong", "못 잊은 거죠"),
        ("Here We Are", "Jooyoung", "나의 오늘이 너의 오늘을 만나"),
        ("Two People", "Suran", "두 사람"),
        ("Back In Time (The Moon during the Day X K.will)", "K.will", "시간을 거슬러"),
    ],
)
def test_songs_known_by_a_korean_title_have_it(catalog, title, artist, hangul_title):
    assert song_by(title, artist).hangul_title == hangul_title


def test_artists_carry_their_hangul_name_unless_a_reason_is_documented(catalog):
    without = set(Artist.objects.filter(hangul_name="").values_list("slug", flat=True))
    assert without == NO_HANGUL_NAME
    names = list(Artist.objects.exclude(hangul_name="").values_list("hangul_name", flat=True))
    assert names and [name for name in names if not HANGUL.search(name)] == []


def test_article_only_records_have_no_invented_ids(catalog):
    assert not Song.objects.exclude(youtube_id="").exists()
    for title in ["Abyss", "Another Day", "Winter Ahead", "DESTINY"]:
        assert Song.objects.get(title=title).spotify_id == ""
    playlist_track_ids = {track.spotify_id for track in PLAYLIST}
    assert set(Song.objects.exclude(spotify_id="").values_list("spotify_id", flat=True)) == playlist_track_ids
    assert Artist.objects.get(name="Jin").spotify_id == ""


def test_every_spotify_id_is_22_base62_characters_and_no_youtube_id_is_guessed(catalog):
    ids = [
        (model.__name__, spotify_id)
        for model in [Song, Artist, Album]
        for spotify_id in model.objects.exclude(spotify_id="").values_list("spotify_id", flat=True)
    ]
    assert len([1 for model, _ in ids if model == "Song"]) == len(PLAYLIST)
    assert [
        (model, spotify_id) for model, spotify_id in ids if not re.fullmatch(r"[0-9A-Za-z]{22}", spotify_id)
    ] == []
    assert not Song.objects.exclude(youtube_id="").exists()


# --------------------------------------------------------------------------- themes


def test_there_are_a_dozen_or_so_described_themes(catalog):
    themes = Theme.objects.all()
    assert 10 <= themes.count() <= 14
    assert all(theme.description and theme.kind in Theme.Kind.values for theme in themes)


def test_every_song_has_one_to_four_themes(catalog):
    counts = {song.title: song.themes.count() for song in Song.objects.all()}
    assert {title: count for title, count in counts.items() if not 1 <= count <= 4} == {}


def test_solo_singers_songs_are_tagged_with_their_vocalist_theme(catalog):
    assert "female-vocalists" in song_by("Through the Night", "IU").themes.slugs()
    assert "male-vocalists" in song_by("Sweet Night", "V").themes.slugs()
    for song in Song.objects.prefetch_related("credits__artist"):
        singers = [credit.artist for credit in song.credits.all()]
        if len(singers) == 1 and singers[0].kind == Artist.Kind.SOLO and singers[0].gender:
            assert f"{singers[0].gender}-vocalists" in song.themes.slugs(), song.title


# --------------------------------------------------------------------------- loading


def test_loading_twice_changes_nothing(catalog):
    models = [Theme, Artist, ArtistAlias, Membership, Drama, Album, Song, SongCredit]
    before = {model.__name__: model.objects.count() for model in models}
    assert catalog  # the first load created everything
    assert load_demo_catalog() == Counter()
    assert {model.__name__: model.objects.count() for model in models} == before


def test_every_record_has_a_non_empty_unique_slug(catalog):
    for model in [Song, Artist, Album, Drama, Theme]:
        slugs = list(model.objects.values_list("slug", flat=True))
        assert slugs, model.__name__
        assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs), model.__name__
        assert len(slugs) == len(set(slugs)), model.__name__


def test_record_counts_match_the_catalog(catalog):
    assert Song.objects.count() == catalog["songs created"]
    assert Artist.objects.count() == catalog["artists created"]
    assert Album.objects.count() == catalog["albums created"]
    assert Drama.objects.count() == catalog["dramas created"]

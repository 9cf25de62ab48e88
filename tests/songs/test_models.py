import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from songs.models import Album, Artist, ArtistAlias, DatePrecision, Membership, Song, SongCredit
from tests.factories import make_album, make_artist, make_drama, make_song, make_theme

pytestmark = pytest.mark.django_db


def assert_refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slug_is_made_from_the_name():
    assert make_artist(name="Park Hyo-shin").slug == "park-hyo-shin"


def test_hangul_only_title_gets_a_romanized_slug_and_a_working_url(client):
    song = make_song(title="광화문에서")
    assert song.slug == "gwanghwamuneseo"
    assert client.get(song.get_absolute_url()).status_code == 200


def test_titles_with_no_letters_still_get_a_slug():
    song = make_song(title="♡")
    assert song.slug == "song"


def test_same_titles_get_unique_slugs():
    first, second, third = (make_song(title="My Love") for _ in range(3))
    assert [first.slug, second.slug, third.slug] == ["my-love", "my-love-2", "my-love-3"]


def test_an_editor_chosen_slug_is_kept():
    assert make_song(title="Dear", slug="dear-jung-seung-hwan").slug == "dear-jung-seung-hwan"


def test_database_refuses_an_empty_slug():
    artist = make_artist()
    assert_refused_by_database(lambda: Artist.objects.filter(pk=artist.pk).update(slug=""))


def test_database_refuses_a_duplicate_slug():
    make_artist(name="IU")
    assert_refused_by_database(lambda: Artist.objects.bulk_create([Artist(name="IU", slug="iu")]))


def test_spotify_ids_are_unique_when_set():
    make_song(spotify_id="5xUDsNJKebll4g40mGcnPl")
    assert_refused_by_database(lambda: make_song(spotify_id="5xUDsNJKebll4g40mGcnPl"))


def test_many_records_may_leave_the_spotify_id_empty():
    make_artist(spotify_id="")
    make_artist(spotify_id="")
    make_album(spotify_id="")
    make_album(spotify_id="")
    assert Artist.objects.filter(spotify_id="").count() == 2


def test_an_artist_is_credited_once_per_song():
    artist = make_artist()
    song = make_song(artists=[artist])
    assert_refused_by_database(lambda: SongCredit.objects.create(song=song, artist=artist, position=2))


def test_a_membership_is_recorded_once_per_pair():
    group, member = make_artist(kind=Artist.Kind.GROUP), make_artist()
    Membership.objects.create(group=group, member=member)
    assert_refused_by_database(lambda: Membership.objects.create(group=group, member=member))


def test_an_artist_is_not_a_member_of_itself():
    group = make_artist(kind=Artist.Kind.GROUP)
    assert_refused_by_database(lambda: Membership.objects.create(group=group, member=group))


def test_one_person_can_be_in_a_group_and_its_unit():
    exo = make_artist(name="EXO", kind=Artist.Kind.GROUP)
    cbx = make_artist(name="EXO-CBX", kind=Artist.Kind.UNIT)
    chen = make_artist(name="Chen")
    Membership.objects.create(group=exo, member=chen)
    Membership.objects.create(group=cbx, member=chen)
    assert set(chen.groups.all()) == {exo, cbx}
    assert list(exo.members.all()) == [chen]


def test_ost_part_needs_a_drama():
    assert_refused_by_database(lambda: make_song(ost_part=3))
    assert make_song(drama=make_drama(), ost_part=3).ost_part == 3


def test_length_must_be_positive():
    assert_refused_by_database(lambda: make_song(length_seconds=0))


def test_name_keys_are_stored_for_artists_aliases_and_titles():
    artist = make_artist(name="Yerin Baek")
    alias = ArtistAlias(artist=artist, name="Baek Ye-rin")
    alias.save()
    song = make_song(title="Here I Am Again")
    assert artist.name_key == alias.name_key == "baekyerin"
    assert song.title_key == "hereiamagain"
    assert Artist.objects.filter(aliases__name_key="baekyerin").get() == artist


def test_alias_is_unique_per_artist():
    artist = make_artist()
    ArtistAlias(artist=artist, name="Other").save()
    assert_refused_by_database(lambda: ArtistAlias(artist=artist, name="Other").save())


@pytest.mark.parametrize(
    ("precision", "label"),
    [
        (DatePrecision.DAY, "4 December 2020"),
        (DatePrecision.MONTH, "December 2020"),
        (DatePrecision.YEAR, "2020"),
    ],
)
def test_release_label_shows_the_date_as_precisely_as_it_is_known(precision, label):
    song = make_song(released_on=datetime.date(2020, 12, 4), release_precision=precision)
    assert song.release_label == label


def test_length_label_reads_like_a_track_length():
    assert make_song(length_seconds=282).length_label == "4:42"
    assert make_song(length_seconds=3725).length_label == "1:02:05"


def test_credits_are_split_into_main_and_featured_artists():
    bts, aoki = make_artist(name="BTS"), make_artist(name="Steve Aoki")
    song = Song.objects.with_credits().get(pk=make_song(artists=[bts], featuring=[aoki]).pk)
    assert [credit.artist for credit in song.main_credits] == [bts]
    assert [credit.artist for credit in song.featured_credits] == [aoki]


def test_soundtrack_label_names_the_drama_and_part():
    song = make_song(drama=make_drama(title="Hotel Del Luna"), ost_part=5)
    assert song.soundtrack_label == "Hotel Del Luna OST Part 5"


def test_descriptions_are_rendered_and_sanitized_on_save():
    song = make_song(description="A *quiet* song <script>alert(1)</script>")
    assert song.description_html == "<p>A <em>quiet</em> song </p>"


def test_themes_tag_songs_through_the_typed_model():
    theme = make_theme(name="Rainy day")
    song = make_song(themes=[theme])
    assert list(song.themes.all()) == [theme]
    assert theme.slug == "rainy-day"
    assert list(theme.tagged_songs.values_list("content_object", flat=True)) == [song.pk]


def png_upload(width=1200, height=900, name="cover.png"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), "#7a2e4f").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_uploaded_cover_gets_resized_renditions():
    album = make_album()
    album.cover = png_upload()
    album.save()
    album.refresh_from_db()
    with Image.open(album.cover_card.path) as card, Image.open(album.cover_page.path) as page:
        assert (card.format, card.width, card.height) == ("WEBP", 320, 240)
        assert page.width == 800


def test_a_small_cover_is_not_enlarged():
    album = make_album()
    album.cover = png_upload(width=200, height=200)
    album.save()
    album.refresh_from_db()
    with Image.open(album.cover_page.path) as page:
        assert page.width == 200


def test_a_file_that_is_not_an_image_is_refused():
    album = Album(title="Broken", cover=SimpleUploadedFile("cover.png", b"not an image"))
    with pytest.raises(ValidationError) as error:
        album.full_clean()
    assert "cover" in error.value.message_dict


def test_an_image_in_an_unaccepted_format_is_refused():
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    album = Album(title="Animated", cover=SimpleUploadedFile("cover.gif", buffer.getvalue()))
    with pytest.raises(ValidationError) as error:
        album.full_clean()
    assert "JPEG, PNG or WebP" in str(error.value)


def test_a_too_large_upload_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    album = Album(title="Huge", cover=png_upload())
    with pytest.raises(ValidationError) as error:
        album.full_clean()
    assert "larger than" in str(error.value)

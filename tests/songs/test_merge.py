import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from songs.merge import merge_artists
from songs.models import Artist, Membership, PossibleDuplicate, SongCredit
from tests.factories import make_album, make_artist, make_song
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    survivor = make_artist(name="Kim Na Young", hangul_name="", spotify_id="A" * 22)
    other = make_artist(name="KIM NA YOUNG", hangul_name="김나영", spotify_id="B" * 22)
    PossibleDuplicate.record([(survivor, other, "same name")])
    return survivor, other


def test_merge_moves_credits_albums_and_aliases(pair):
    survivor, other = pair
    song = make_song(title="The day I loved you", artists=[other])
    album = make_album(artists=[other])
    other.aliases.create(name="Na Young Kim")
    merge_artists(survivor, other)
    assert not Artist.objects.filter(pk=other.pk).exists()
    assert [credit.artist for credit in song.credits.all()] == [survivor]
    assert list(album.artists.all()) == [survivor]
    assert sorted(survivor.aliases.values_list("name", flat=True)) == ["KIM NA YOUNG", "Na Young Kim"]


def test_merge_keeps_the_other_spotify_id_on_an_alias(pair):
    survivor, other = pair
    merge_artists(survivor, other)
    survivor.refresh_from_db()
    assert survivor.spotify_id == "A" * 22
    assert survivor.aliases.get(name="KIM NA YOUNG").spotify_id == "B" * 22


def test_merge_gives_the_survivor_the_other_spotify_id_when_it_has_none():
    survivor = make_artist(name="Baek Ye-rin", spotify_id="")
    other = make_artist(name="Yerin Baek", spotify_id="C" * 22)
    merge_artists(survivor, other)
    survivor.refresh_from_db()
    assert survivor.spotify_id == "C" * 22


def test_merge_fills_empty_profile_fields_only(pair):
    survivor, other = pair
    merge_artists(survivor, other)
    survivor.refresh_from_db()
    assert survivor.hangul_name == "김나영"
    assert survivor.gender == "female"


def test_a_song_credited_to_both_keeps_one_credit(pair):
    survivor, other = pair
    song = make_song(artists=[survivor, other])
    merge_artists(survivor, other)
    assert list(SongCredit.objects.filter(song=song).values_list("artist", flat=True)) == [survivor.pk]


def test_memberships_move_without_duplicates_or_self_membership():
    group = make_artist(name="EXO-CBX", kind="unit")
    duplicate_group = make_artist(name="CBX", kind="unit")
    chen, baekhyun = make_artist(name="Chen"), make_artist(name="Baekhyun")
    Membership.objects.create(group=group, member=chen)
    Membership.objects.create(group=duplicate_group, member=chen)
    Membership.objects.create(group=duplicate_group, member=baekhyun)
    merge_artists(group, duplicate_group)
    assert sorted(group.members.values_list("name", flat=True)) == ["Baekhyun", "Chen"]


def test_merge_clears_the_possible_duplicate(pair):
    merge_artists(*pair)
    assert not PossibleDuplicate.objects.exists()


def test_an_artist_cannot_be_merged_into_itself(pair):
    with pytest.raises(ValueError):
        merge_artists(pair[0], pair[0])


def test_editor_merges_two_artists_in_the_admin(editor_client, pair):
    survivor, other = pair
    url = f"{reverse('admin:songs_artist_merge')}?ids={survivor.pk},{other.pk}"
    page = parse(editor_client.get(url))
    assert texts(page, "tbody label") == ["Kim Na Young", "KIM NA YOUNG"]
    response = editor_client.post(url, {"survivor": other.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:songs_artist_change", args=[other.pk])
    assert list(Artist.objects.values_list("name", flat=True)) == ["KIM NA YOUNG"]


def test_merge_action_needs_exactly_two_artists(editor_client, pair):
    make_artist(name="Third")
    response = editor_client.post(
        reverse("admin:songs_artist_changelist"),
        {"action": "merge_selected", "_selected_action": list(Artist.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert "Select exactly two artists to merge." in texts(parse(response), ".messagelist li")
    assert Artist.objects.count() == 3


@pytest.mark.parametrize("ids", ["", "abc", "1", "1,1", "999998,999999"])
def test_merge_page_with_bad_ids_goes_back_to_the_list(editor_client, ids):
    response = editor_client.get(f"{reverse('admin:songs_artist_merge')}?ids={ids}")
    assert response.status_code == 302


def test_editor_dismisses_a_possible_duplicate(editor_client, pair):
    duplicate = PossibleDuplicate.objects.get()
    page = parse(editor_client.get(reverse("admin:songs_possibleduplicate_changelist")))
    assert page.select_one(".field-merge_link a")["href"].endswith(f"?ids={pair[0].pk},{pair[1].pk}")
    editor_client.post(
        reverse("admin:songs_possibleduplicate_changelist"),
        {"action": "dismiss", "_selected_action": [duplicate.pk]},
    )
    duplicate.refresh_from_db()
    assert duplicate.dismissed


def test_staff_without_delete_permission_cannot_merge(client, django_user_model, pair):
    user = django_user_model.objects.create_user("viewer", password="x-long-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_artist", "change_artist"]))
    client.force_login(user)
    response = client.get(f"{reverse('admin:songs_artist_merge')}?ids={pair[0].pk},{pair[1].pk}")
    assert response.status_code == 403

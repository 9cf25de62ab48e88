import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from songs.editors import EDITORS_GROUP
from songs.models import Artist, Song, Theme
from tests.factories import make_album, make_artist, make_drama, make_song, make_theme
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db

CATALOG_MODELS = ["artist", "album", "drama", "song", "theme"]


def test_editors_group_holds_only_catalog_permissions():
    group = Group.objects.get(name=EDITORS_GROUP)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels <= {"songs", "articles"}
    assert group.permissions.filter(codename="change_song").exists()
    assert not group.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", CATALOG_MODELS)
def test_editor_can_open_every_catalog_changelist_and_add_form(editor_client, model):
    make_song(album=make_album(), drama=make_drama(), themes=[make_theme()])
    assert editor_client.get(reverse(f"admin:songs_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:songs_{model}_add")).status_code == 200


@pytest.mark.parametrize("url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_editor_cannot_manage_users_or_groups(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_staff_without_the_editors_group_cannot_edit_the_catalog(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x-long-password", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:songs_song_changelist")).status_code == 403


def test_readers_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:songs_song_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def song_form(**fields):
    return {
        "title": "You, Clouds, Rain",
        "release_precision": "day",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        **fields,
    }


def test_editor_adds_a_song_with_credits_inline(editor_client):
    heize, shin = make_artist(name="HEIZE"), make_artist(name="Shin Yong Jae")
    drama = make_drama(title="Hotel Del Luna")
    rainy = make_theme(name="Rainy day")
    make_theme(name="Longing")
    response = editor_client.post(
        reverse("admin:songs_song_add"),
        {
            "title": "You, Clouds, Rain",
            "hangul_title": "비도 오고 그래서",
            "slug": "",
            "length_seconds": "205",
            "release_precision": "day",
            "drama": drama.pk,
            "ost_part": "2",
            # The picker sends ids; a name that is exactly an existing theme's is taken too.
            "themes": [rainy.pk, "longing"],
            "credits-TOTAL_FORMS": "2",
            "credits-INITIAL_FORMS": "0",
            "credits-0-position": "1",
            "credits-0-artist": heize.pk,
            "credits-0-role": "main",
            "credits-1-position": "2",
            "credits-1-artist": shin.pk,
            "credits-1-role": "featuring",
        },
    )
    assert response.status_code == 302, parse(response).select(".errorlist")
    song = Song.objects.with_credits().get(title="You, Clouds, Rain")
    assert song.slug == "you-clouds-rain"
    assert [(credit.artist, credit.role) for credit in song.credits.all()] == [
        (heize, "main"),
        (shin, "featuring"),
    ]
    assert sorted(song.themes.names()) == ["Longing", "Rainy day"]


def test_a_mistyped_theme_is_refused_with_the_closest_theme_and_nothing_is_created(editor_client):
    make_theme(name="Longing")
    make_theme(name="Rainy day")
    response = editor_client.post(reverse("admin:songs_song_add"), song_form(themes=["Longng"]))
    assert response.status_code == 200
    assert texts(parse(response), "#id_themes_error li") == [
        "There is no theme “Longng”. Did you mean “Longing”? Pick an existing theme, "
        "or add a new one under Themes first."
    ]
    assert sorted(Theme.objects.values_list("name", flat=True)) == ["Longing", "Rainy day"]
    assert not Song.objects.exists()


def test_the_song_form_picks_themes_with_the_admin_autocomplete(editor_client):
    rainy, longing = make_theme(name="Rainy day"), make_theme(name="Longing")
    make_theme(name="Winter")
    song = make_song(themes=[rainy, longing])
    page = parse(editor_client.get(reverse("admin:songs_song_change", args=[song.pk])))
    picker = page.select_one("select#id_themes")
    assert "admin-autocomplete" in picker["class"]
    assert picker.has_attr("multiple")
    assert sorted(texts(picker, "option[selected]")) == ["Longing", "Rainy day"]
    assert page.select_one(".field-themes .help a")["href"] == reverse("admin:songs_theme_add")
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "rain", "app_label": "songs", "model_name": "song", "field_name": "themes"},
    )
    assert [result["text"] for result in found.json()["results"]] == ["Rainy day"]


def test_an_editor_changes_a_songs_themes_by_id(editor_client):
    rainy, winter = make_theme(name="Rainy day"), make_theme(name="Winter")
    song = make_song(title="First Snow", themes=[rainy])
    response = editor_client.post(
        reverse("admin:songs_song_change", args=[song.pk]),
        song_form(title="First Snow", slug=song.slug, themes=[winter.pk]),
    )
    assert response.status_code == 302, texts(parse(response), ".errorlist li")
    assert list(song.themes.names()) == ["Winter"]


def test_the_same_artist_twice_on_a_song_is_a_form_error_not_a_crash(editor_client):
    heize = make_artist(name="HEIZE")
    response = editor_client.post(
        reverse("admin:songs_song_add"),
        {
            "title": "Twice",
            "release_precision": "day",
            "credits-TOTAL_FORMS": "2",
            "credits-INITIAL_FORMS": "0",
            "credits-0-position": "1",
            "credits-0-artist": heize.pk,
            "credits-0-role": "main",
            "credits-1-position": "2",
            "credits-1-artist": heize.pk,
            "credits-1-role": "main",
        },
    )
    assert response.status_code == 200
    assert any("duplicate" in error.lower() for error in texts(parse(response), ".errorlist li"))
    assert not Song.objects.filter(title="Twice").exists()


def test_editor_adds_an_artist_with_aliases_and_members(editor_client):
    member = make_artist(name="Jin")
    response = editor_client.post(
        reverse("admin:songs_artist_add"),
        {
            "name": "BTS",
            "hangul_name": "방탄소년단",
            "slug": "bts",
            "kind": "group",
            "gender": "male",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Bangtan Sonyeondan",
            "member_links-TOTAL_FORMS": "1",
            "member_links-INITIAL_FORMS": "0",
            "member_links-0-member": member.pk,
            "group_links-TOTAL_FORMS": "0",
            "group_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, parse(response).select(".errorlist")
    bts = Artist.objects.get(slug="bts")
    assert list(bts.aliases.values_list("name", flat=True)) == ["Bangtan Sonyeondan"]
    assert list(bts.members.all()) == [member]


def test_artist_autocomplete_finds_artists_by_alias(editor_client):
    artist = make_artist(name="Baek Ye-rin")
    artist.aliases.create(name="Yerin Baek")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Yerin", "app_label": "songs", "model_name": "songcredit", "field_name": "artist"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Baek Ye-rin"]


def test_changelist_search_finds_songs_by_artist_name(editor_client):
    make_song(title="Dear", artists=[make_artist(name="Jung Seung Hwan")])
    make_song(title="Other")
    response = editor_client.get(reverse("admin:songs_song_changelist"), {"q": "Seung Hwan"})
    assert texts(parse(response), "#result_list th.field-title a") == ["Dear"]


def test_editors_group_permissions_are_not_those_of_a_superuser():
    group = Group.objects.get(name=EDITORS_GROUP)
    assert group.permissions.count() < Permission.objects.count()


@pytest.mark.parametrize(
    ("model", "field"), [("song", "description"), ("artist", "bio"), ("theme", "description")]
)
def test_catalog_markdown_fields_offer_the_help_and_the_preview(editor_client, model, field):
    page = parse(editor_client.get(reverse(f"admin:songs_{model}_add")))
    assert page.select_one(f"textarea[name={field}]")["data-markdown-preview"] == reverse(
        "admin:markdown_preview"
    )
    assert "http and https only" in page.select_one(f"#id_{field}_helptext").text

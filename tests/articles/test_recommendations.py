"""Similar songs on song pages: stored, refreshed when lists and songs change, and every reason true."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import ListArticle, ListEntry, PendingListRefresh, SimilarSong
from articles.recommendations import refresh
from songs.models import Artist, Membership, Song, TaggedSong
from tests.factories import make_artist, make_drama, make_list, make_song, make_theme
from tests.helpers import count_queries, parse, text_of

pytestmark = pytest.mark.django_db

VOICE_WORDS = {
    "female solo voice": ("female", "solo"),
    "male solo voice": ("male", "solo"),
    "female group": ("female", "group"),
    "male group": ("male", "group"),
    "mixed group": ("mixed", "group"),
    "duet of women": ("female", "duet"),
    "duet of men": ("male", "duet"),
    "duet of men and women": ("mixed", "duet"),
}


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what would run at commit (the refresh) as each block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_plain_song(**overrides):
    """A song by an artist of unknown gender: no voice to share, so only the evidence a test adds counts."""
    return make_song(artists=overrides.pop("artists", None) or [make_artist(gender="")], **overrides)


def similar_section(client, song):
    return parse(client.get(song.get_absolute_url())).select_one("#similar")


def recommended_titles(client, song):
    section = similar_section(client, song)
    return [text_of(link) for link in section.select(".similar__item .card__title a")]


def recommendations_on_page(client, song):
    """[(recommended Song, [reason elements])] as the song page shows them."""
    section = similar_section(client, song)
    items = []
    for item in section.select(".similar__item"):
        slug = item.select_one(".card__title a")["href"].strip("/").split("/")[-1]
        items.append((Song.objects.get(slug=slug), item.select(".similar__reason")))
    return items


# Checking a reason against the data


def public_lists_with(*songs):
    lists = ListArticle.objects.published()
    for song in songs:
        lists = lists.filter(entries__song=song)
    return lists


def main_artists(song):
    return [credit.artist for credit in song.credits.filter(role="main").select_related("artist")]


def voice(song):
    artists = main_artists(song)
    genders = {artist.gender for artist in artists}
    gender = "" if "" in genders else genders.pop() if len(genders) == 1 else "mixed"
    if len(artists) > 1:
        return (gender, "duet")
    return (gender, "group" if artists[0].kind in {"group", "band", "unit", "duo"} else "solo")


def in_decade(song, decade):
    return song.released_on is not None and decade <= song.released_on.year < decade + 10


def assert_true_reason(song, other, reason):
    """Fail unless the reason element says something the data shows about ``song`` and ``other``."""
    words, names = text_of(reason), [text_of(em) for em in reason.select("em")]
    credited = {credit.artist.name for credit in song.credits.select_related("artist")}
    other_credited = {credit.artist.name for credit in other.credits.select_related("artist")}
    if match := re.fullmatch(r"in (\d+) lists with this song, including (.+)", words):
        shared = public_lists_with(song, other)
        assert shared.count() == int(match[1]) and shared.filter(title=names[0]).exists(), words
    elif match := re.fullmatch(r"also in (.+)", words):
        assert list(public_lists_with(song, other).values_list("title", flat=True)) == names, words
    elif match := re.fullmatch(r"(.+) sings? on both", words):
        for name in re.split(r", | and ", match[1]):
            assert name in credited and name in other_credited, words
    elif match := re.fullmatch(r"by (.+), who sings with (.+) in (.+)", words):
        group = Artist.objects.get(name=match[3])
        assert {match[1], match[2]} <= set(group.members.values_list("name", flat=True)), words
        assert match[1] in other_credited and match[2] in credited, words
    elif match := re.fullmatch(r"by (.+), (.+)’s group", words):
        assert Membership.objects.filter(group__name=match[1], member__name=match[2]).exists(), words
        assert match[1] in other_credited and match[2] in credited, words
    elif match := re.fullmatch(r"by (.+) of (.+)", words):
        assert Membership.objects.filter(group__name=match[2], member__name=match[1]).exists(), words
        assert match[1] in other_credited and match[2] in credited, words
    elif match := re.fullmatch(r"from the same (drama|film|series|musical), (.+)", words):
        assert song.drama_id and song.drama_id == other.drama_id and song.drama.title == names[0], words
    elif words.startswith("also tagged "):
        for name in names:
            assert song.themes.filter(name=name).exists() and other.themes.filter(name=name).exists(), words
    elif match := re.fullmatch(r"also a (.+?)(?: from the (\d{4})s)?", words):
        assert voice(song) == voice(other) == VOICE_WORDS[match[1]], words
        if match[2]:
            assert in_decade(song, int(match[2])) and in_decade(other, int(match[2])), words
    elif match := re.fullmatch(r"also from the (\d{4})s", words):
        assert in_decade(song, int(match[1])) and in_decade(other, int(match[1])), words
    else:
        pytest.fail(f"A reason no check knows: {words!r}")


def assert_page_tells_the_truth(client, song):
    shown = recommendations_on_page(client, song)
    for other, reasons in shown:
        assert other != song
        assert reasons, f"{other} is recommended after {song} without a reason"
        for reason in reasons:
            assert_true_reason(song, other, reason)
    return shown


# Publishing, unpublishing, drafts, schedules


def test_publishing_a_list_recommends_its_songs_at_once(client, commits):
    first, second = make_plain_song(title="Into the Rain"), make_plain_song(title="After the Rain")
    with commits():
        article = make_list([first, second], status=ListArticle.Status.DRAFT, published_at=None)
    assert recommended_titles(client, first) == []
    with commits():
        article.status = ListArticle.Status.PUBLISHED
        article.save()
    assert recommended_titles(client, first) == ["After the Rain"]
    (pair,) = assert_page_tells_the_truth(client, first)
    assert text_of(pair[1][0]) == f"also in {article.title}"


def test_unpublishing_a_list_removes_its_influence(client, commits):
    first, second = make_plain_song(), make_plain_song()
    with commits():
        article = make_list([first, second])
    assert recommended_titles(client, first) == [second.title]
    with commits():
        article.status = ListArticle.Status.DRAFT
        article.save()
    assert recommended_titles(client, first) == []
    assert not SimilarSong.objects.filter(song__in=[first, second]).exists()


def test_a_draft_list_never_counts(client, commits):
    first, second = make_plain_song(), make_plain_song()
    with commits():
        article = make_list([first, second], status=ListArticle.Status.DRAFT, published_at=None)
        ListEntry.objects.create(article=article, song=make_plain_song(), position=3)
    refresh()
    assert recommended_titles(client, first) == []


def test_deleting_a_public_list_removes_its_influence(client, commits):
    first, second = make_plain_song(), make_plain_song()
    with commits():
        article = make_list([first, second])
    with commits():
        article.delete()
    assert recommended_titles(client, first) == []


def test_removing_an_entry_from_a_public_list_refreshes_both_sides(client, commits):
    first, second, third = make_plain_song(), make_plain_song(), make_plain_song()
    with commits():
        article = make_list([first, second, third])
    assert set(recommended_titles(client, first)) == {second.title, third.title}
    with commits():
        article.entries.get(song=third).delete()
    assert recommended_titles(client, first) == [second.title]
    assert recommended_titles(client, third) == []


def test_a_scheduled_list_counts_once_its_time_has_come(client, commits):
    first, second = make_plain_song(), make_plain_song()
    publish_at = timezone.now() + timedelta(hours=2)
    with commits():
        make_list([first, second], published_at=publish_at)
    assert PendingListRefresh.objects.filter(due_at=publish_at).exists()
    assert recommended_titles(client, first) == []
    later = publish_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert recommended_titles(client, first) == [second.title]
    assert not PendingListRefresh.objects.exists()


def test_the_due_command_refreshes_scheduled_lists(commits):
    first, second = make_plain_song(), make_plain_song()
    publish_at = timezone.now() + timedelta(days=1)
    with commits():
        make_list([first, second], published_at=publish_at)
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(seconds=1)):
        call_command("rebuild_recommendations", "--due", stdout=(output := _Output()))
    assert "1 scheduled list" in output.text
    assert SimilarSong.objects.filter(song=first, similar=second).exists()


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text, *args, **kwargs):
        self.text += text

    def flush(self):
        pass


# Catalog changes


def test_a_new_shared_theme_makes_a_recommendation_with_that_reason(client, commits):
    rain = make_theme(name="Rainy day")
    first, second = make_plain_song(), make_plain_song()
    with commits():
        first.themes.add(rain)
        second.themes.add(rain)
    (pair,) = assert_page_tells_the_truth(client, first)
    assert text_of(pair[1][0]) == "also tagged Rainy day"


def test_removing_a_theme_refreshes_the_songs_that_recommended_it(client, commits):
    rain = make_theme(name="Rainy day")
    first, second = make_plain_song(themes=[rain]), make_plain_song(themes=[rain])
    refresh()
    assert recommended_titles(client, second) == [first.title]
    with commits():
        first.themes.remove(rain)
    assert recommended_titles(client, second) == []


def test_a_changed_gender_changes_the_voice_reason(client, commits):
    singer, other = make_artist(gender="female"), make_artist(gender="female")
    first, second = make_plain_song(artists=[singer]), make_plain_song(artists=[other])
    refresh()
    assert recommended_titles(client, first) == [second.title]
    with commits():
        other.gender = Artist.Gender.MALE
        other.save()
    assert recommended_titles(client, first) == []


def test_a_new_membership_links_a_members_song_to_the_groups(client, commits):
    group, member = make_artist(name="EXO", kind="group", gender=""), make_artist(name="Chen", gender="")
    group_song, solo_song = make_plain_song(artists=[group]), make_plain_song(artists=[member])
    refresh()
    assert recommended_titles(client, group_song) == []
    with commits():
        Membership.objects.create(group=group, member=member)
    (pair,) = assert_page_tells_the_truth(client, group_song)
    assert pair[0] == solo_song
    assert text_of(pair[1][0]) == "by Chen of EXO"


def test_the_same_drama_is_a_reason(client):
    drama = make_drama(title="Hotel Del Luna")
    first = make_plain_song(drama=drama, artists=[make_artist(gender="")])
    make_plain_song(drama=drama, artists=[make_artist(gender="")])
    refresh()
    (pair,) = assert_page_tells_the_truth(client, first)
    assert text_of(pair[1][0]) == "from the same drama, Hotel Del Luna"


def test_a_renamed_list_reads_right_without_a_refresh(client):
    first, second = make_plain_song(), make_plain_song()
    article = make_list([first, second], title="Old name")
    refresh()
    ListArticle.objects.filter(pk=article.pk).update(title="New name")
    (pair,) = recommendations_on_page(client, first)
    assert text_of(pair[1][0]) == "also in New name"


def test_a_link_whose_list_went_private_behind_the_signals_back_is_not_shown(client):
    first, second = make_plain_song(), make_plain_song()
    article = make_list([first, second])
    refresh()
    ListArticle.objects.filter(pk=article.pk).update(status=ListArticle.Status.DRAFT)  # No signal.
    assert recommended_titles(client, first) == []


# The section on the song page


def test_a_song_with_no_evidence_shows_the_honest_empty_state(client):
    song = make_plain_song(artists=[make_artist(gender="")])
    make_plain_song(artists=[make_artist(gender="")])
    refresh()
    section = similar_section(client, song)
    assert section.select(".similar__item") == []
    assert "Nothing to recommend" in text_of(section.select_one(".similar__empty"))
    assert parse(client.get(song.get_absolute_url())).select_one(".play-next") is None


def test_play_next_links_the_top_recommendation_with_its_listen_link(client):
    first = make_plain_song()
    second = make_plain_song(title="Next One", spotify_id="6td501MwDVFewdz6qNOtG8")
    make_list([first, second])
    refresh()
    page = parse(client.get(first.get_absolute_url()))
    play_next = page.select_one("nav.play-next")
    assert play_next.select_one("a[rel=next]")["href"] == second.get_absolute_url()
    assert "Next One" in text_of(play_next)
    assert play_next.select_one(".play-next__listen")["href"] == second.spotify_url


def test_the_song_page_links_into_discover_with_a_preset(client):
    rain = make_theme(name="Rainy day", slug="rainy-day")
    women = [make_artist(gender="female") for _ in range(2)]
    first = make_plain_song(artists=[women[0]], themes=[rain])
    make_plain_song(artists=[women[1]], themes=[rain])
    link = similar_section(client, first).select_one(".similar__discover a")
    assert link["href"] == "/discover/?mood=rainy-day&voice=female"
    assert text_of(link) == "More Rainy day ballads sung by women →"


def test_the_song_page_query_count_does_not_grow_with_lists_themes_or_candidates(client):
    song = make_plain_song()

    def add_evidence(count):
        themes = [make_theme() for _ in range(count)]
        song.themes.add(*themes)
        for _ in range(count):
            others = [make_plain_song(themes=themes) for _ in range(3)]
            make_list([song, *others], themes=themes[:1])
        refresh()

    add_evidence(2)
    fewer = count_queries(client, song.get_absolute_url())
    add_evidence(6)
    assert SimilarSong.objects.filter(song=song).count() == 8
    assert count_queries(client, song.get_absolute_url()) == fewer


def test_the_rebuild_command_reports_what_it_did(commits):
    first, second = make_plain_song(), make_plain_song()
    make_list([first, second])
    output = _Output()
    call_command("rebuild_recommendations", stdout=output)
    assert re.search(r"2 songs scored: 2 with recommendations \(2 links", output.text)
    assert SimilarSong.objects.count() == 2


def test_a_dry_run_writes_nothing():
    make_list([make_plain_song(), make_plain_song()])
    output = _Output()
    call_command("rebuild_recommendations", "--dry-run", stdout=output)
    assert "Dry run" in output.text
    assert not SimilarSong.objects.exists()


def list_counts(*songs):
    return [Song.objects.get(pk=song.pk).list_count for song in songs]


def test_each_songs_published_list_count_follows_publishing_unpublishing_and_deleting(commits):
    first, second, third = make_plain_song(), make_plain_song(), make_plain_song()
    with commits():
        article = make_list([first, second])
        make_list([first])
        make_list([first, third], status=ListArticle.Status.DRAFT, published_at=None)
    assert list_counts(first, second, third) == [2, 1, 0]
    with commits():
        article.status = ListArticle.Status.DRAFT
        article.save()
    assert list_counts(first, second, third) == [1, 0, 0]
    with commits():
        article.status = ListArticle.Status.PUBLISHED
        article.save()
        article.entries.get(song=second).delete()
    assert list_counts(first, second, third) == [2, 0, 0]
    with commits():
        article.delete()
    assert list_counts(first, second, third) == [1, 0, 0]


def test_a_scheduled_list_is_counted_once_its_time_has_come(commits):
    song = make_plain_song()
    publish_at = timezone.now() + timedelta(hours=1)
    with commits():
        make_list([song], published_at=publish_at)
    assert list_counts(song) == [0]
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(seconds=1)):
        call_command("rebuild_recommendations", "--due", stdout=_Output())
    assert list_counts(song) == [1]


def test_a_full_rebuild_recounts_every_song(commits):
    song = make_plain_song()
    with commits():
        make_list([song])
    Song.objects.update(list_count=7)
    refresh()
    assert list_counts(song) == [1]


def theme_list_counts(song):
    return dict(TaggedSong.objects.filter(content_object=song).values_list("tag__slug", "list_count"))


def test_each_song_theme_counts_the_published_lists_with_that_theme_holding_the_song(commits):
    rain, night = make_theme(slug="rain"), make_theme(slug="night")
    song = make_plain_song(themes=[rain, night])
    with commits():
        article = make_list([song], themes=[rain])
        make_list([song], themes=[rain, night])
        make_list([song], themes=[night], status=ListArticle.Status.DRAFT, published_at=None)
    assert theme_list_counts(song) == {"rain": 2, "night": 1}
    with commits():
        article.themes.add(night)
    assert theme_list_counts(song) == {"rain": 2, "night": 2}
    with commits():
        article.themes.remove(rain)
    assert theme_list_counts(song) == {"rain": 1, "night": 2}
    with commits():
        article.status = ListArticle.Status.DRAFT
        article.save()
    assert theme_list_counts(song) == {"rain": 1, "night": 1}
    later = make_plain_song()
    with commits():
        make_list([later], themes=[night])
    assert theme_list_counts(later) == {}
    with commits():
        later.themes.add(night)  # A theme given to a song already listed with it counts its lists.
    assert theme_list_counts(later) == {"night": 1}


def test_a_full_rebuild_recounts_every_song_theme(commits):
    rain = make_theme(slug="rain")
    song = make_plain_song(themes=[rain])
    with commits():
        make_list([song], themes=[rain])
    TaggedSong.objects.update(list_count=5)
    refresh()
    assert theme_list_counts(song) == {"rain": 1}

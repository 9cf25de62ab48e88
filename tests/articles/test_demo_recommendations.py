"""Recommendations on the demo data: every listed song gets at least three, each reason true."""

import itertools

import pytest

from articles.demo import load_demo_lists
from articles.models import ListArticle, ListEntry
from articles.recommendations import refresh
from articles.similar import version_key
from songs.demo import load_demo_catalog
from songs.models import Song
from tests.articles.test_recommendations import assert_page_tells_the_truth
from tests.helpers import loaded_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    def load():
        load_demo_catalog()
        load_demo_lists()
        return refresh()

    with loaded_for_module(django_db_blocker, load) as report:
        yield report


def main_artist_ids(song):
    return song.credits.filter(role="main").values_list("artist_id", flat=True)


def listed_songs():
    entries = ListEntry.objects.filter(article__in=ListArticle.objects.published())
    return Song.objects.filter(pk__in=entries.values("song_id")).order_by("title")


def test_every_demo_song_gets_scored(demo):
    assert demo.songs == Song.objects.count()


def test_every_song_in_a_published_demo_list_has_three_true_recommendations(client):
    songs = list(listed_songs())
    assert len(songs) > 50
    for song in songs:
        shown = assert_page_tells_the_truth(client, song)
        assert len(shown) >= 3, f"{song} has only {len(shown)} recommendations"


def test_no_demo_page_shows_two_versions_of_one_recording_or_one_artist_only(client):
    songs = listed_songs()
    assert len(songs) > 50
    for song in songs:
        shown = [other for other, _ in assert_page_tells_the_truth(client, song)]
        for one, other in itertools.combinations([song, *shown], 2):
            shared_artist = set(main_artist_ids(one)) & set(main_artist_ids(other))
            assert not (version_key(one.title) == version_key(other.title) and shared_artist), (one, other)
        artists = {credit.artist_id for other in shown for credit in other.credits.filter(role="main")}
        assert len(artists) > 1, f"{song}: every recommendation is by one artist"


def test_the_draft_demo_list_never_shows_in_reasons(client):
    draft = ListArticle.objects.get(status=ListArticle.Status.DRAFT)
    entries = list(draft.entries.select_related("song"))
    assert entries
    for entry in entries:
        page = client.get(entry.song.get_absolute_url())
        assert draft.title not in page.content.decode()

"""The synthetic catalog the benchmarks build: the shape they rely on, and nothing left behind."""

from collections import Counter

import pytest
from django.db.models import Count

from articles.models import ListArticle, ListEntry
from articles.synthetic_catalog import CatalogSize, build_synthetic_catalog, synthetic_catalog
from songs.models import Artist, ArtistAlias, Membership, Song, SongCredit, TaggedSong, Theme
from songs.names import name_key

SMALL = CatalogSize(
    songs=400,
    artists=80,
    albums=40,
    lists=60,
    entries_per_list=5,
    dramas=12,
    themes=8,
    prolific_artist_songs=(120, 60),
    long_lists=(30,),
)

pytestmark = pytest.mark.django_db


def test_it_builds_the_size_asked_for():
    catalog = build_synthetic_catalog(SMALL)
    assert Song.objects.count() == 400
    assert Artist.objects.count() == 80
    assert ListArticle.objects.count() == 60
    assert Theme.objects.count() == 8
    assert ListEntry.objects.filter(article_id=catalog.longest_list_id).count() == 30
    assert ListEntry.objects.count() == 30 + 59 * 5
    assert catalog.counts["songs"] == 400


def test_prolific_artists_and_the_commonest_theme_have_many_songs():
    catalog = build_synthetic_catalog(SMALL)
    counts = [
        SongCredit.objects.filter(artist_id=artist_id).count() for artist_id in catalog.prolific_artist_ids
    ]
    assert counts[0] >= 120 and counts[1] >= 60
    commonest = TaggedSong.objects.filter(tag_id=catalog.commonest_theme_id).count()
    others = (
        TaggedSong.objects.exclude(tag_id=catalog.commonest_theme_id).values("tag").annotate(n=Count("pk"))
    )
    assert commonest > max(row["n"] for row in others)


def test_names_look_korean_with_matching_aliases_and_groups_with_members():
    build_synthetic_catalog(SMALL)
    soloist = Artist.objects.filter(kind=Artist.Kind.SOLO).exclude(hangul_name="").first()
    assert soloist.hangul_name[0] in "김이박최정강조윤장임한신백송권황"
    assert {alias.name_key for alias in soloist.aliases.all()} == {name_key(soloist.name)}
    assert ArtistAlias.objects.exists()
    assert Membership.objects.filter(group__kind=Artist.Kind.GROUP).exists()
    assert len(set(Artist.objects.values_list("name", flat=True))) == 80


def test_some_lists_are_drafts_or_scheduled():
    catalog = build_synthetic_catalog(SMALL)
    published = set(ListArticle.objects.published().values_list("pk", flat=True))
    assert catalog.draft_list_ids and catalog.scheduled_list_ids
    assert published.isdisjoint(catalog.draft_list_ids + catalog.scheduled_list_ids)
    assert len(published) == 60 - len(catalog.draft_list_ids) - len(catalog.scheduled_list_ids)


def test_the_same_seed_builds_the_same_catalog():
    with synthetic_catalog(SMALL, seed=7) as first:
        titles = list(Song.objects.order_by("pk").values_list("title", flat=True))
    with synthetic_catalog(SMALL, seed=7) as second:
        pass
    with synthetic_catalog(SMALL, seed=8) as other:
        pass
    assert first.song_titles == second.song_titles == titles
    assert other.song_titles != titles


def test_it_reuses_themes_that_exist_and_leaves_nothing_behind():
    Theme.objects.create(name="Heartbreak", slug="heartbreak")
    steps = []
    with synthetic_catalog(SMALL, progress=steps.append) as catalog:
        assert Theme.objects.filter(name="Heartbreak").count() == 1
        assert catalog.theme_names[0] == "Heartbreak"
    assert "songs" in steps
    assert not Song.objects.exists()
    assert list(Theme.objects.values_list("slug", flat=True)) == ["heartbreak"]


def test_songs_carry_their_stored_voices_and_list_counts_as_the_pages_read_them():
    build_synthetic_catalog(SMALL)
    public = ListEntry.objects.filter(article__in=ListArticle.objects.published())
    counted = dict(public.values("song").annotate(n=Count("article", distinct=True)).values_list("song", "n"))
    assert counted and dict(Song.objects.filter(list_count__gt=0).values_list("pk", "list_count")) == counted
    song_themes = set(TaggedSong.objects.values_list("content_object", "tag"))
    listed = public.values_list("song", "article__themes")
    with_theme = Counter(pair for pair in listed if pair in song_themes)
    themed = TaggedSong.objects.filter(list_count__gt=0).values_list("content_object", "tag", "list_count")
    assert with_theme and {(song, theme): count for song, theme, count in themed} == with_theme
    assert Song.objects.filter(sung_by_women=True).exists() and Song.objects.filter(sung_by_men=True).exists()
    assert not Song.objects.filter(main_artist_count=0).exists()

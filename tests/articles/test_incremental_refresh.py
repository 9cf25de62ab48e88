"""An incremental refresh scores songs exactly as a full rebuild does, from far less data."""

import pytest

from articles.recommendations import load_catalog, load_catalog_around
from articles.similar import SimilarityIndex
from articles.synthetic_catalog import CatalogSize, build_synthetic_catalog

pytestmark = pytest.mark.django_db

SMALL = CatalogSize(
    songs=2000,
    artists=400,
    albums=200,
    lists=100,
    dramas=20,
    prolific_artist_songs=(80, 40),
    long_lists=(60,),
)


def test_scoring_a_few_songs_around_them_matches_the_full_catalog():
    build_synthetic_catalog(SMALL, seed=7)
    full = SimilarityIndex(load_catalog())
    sample = sorted(full.songs)[::50]
    around = load_catalog_around(sample)
    assert len(around.songs) < len(full.songs)
    partial = SimilarityIndex(around)
    for song_id in sample:
        assert partial.recommend(song_id) == full.recommend(song_id), song_id

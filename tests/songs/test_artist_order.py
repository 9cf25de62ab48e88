"""The artists index sorts as readers do: case and accents ignored, Latin before hangul."""

import pytest

from songs.models import Artist
from songs.names import sort_key
from tests.factories import make_artist
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db


def test_sort_key_ignores_case_accents_spacing_and_punctuation():
    assert sort_key("aespa") < sort_key("X1")
    assert sort_key("Éric Nam") == sort_key("eric nam")
    assert sort_key("(G)I-DLE") == sort_key("GIDLE")
    assert sort_key("2AM") < sort_key("aespa")


def test_sort_key_puts_hangul_after_latin_in_dictionary_order():
    keys = [sort_key(name) for name in ["Zico", "가호", "나얼", "다비치"]]
    assert keys == sorted(keys)
    assert sort_key("Zico") < sort_key("가호") < sort_key("ジェジュン")


def test_sort_key_of_a_name_without_letters_is_not_empty():
    assert sort_key("///")


def test_artist_index_lists_artists_in_readers_order(client):
    for name in ["X1", "aespa", "Ailee", "김광석", "BTS", "Éric Nam", "10cm", "아이유"]:
        make_artist(name=name)
    page = parse(client.get("/artists/"))
    names = [name.split(" ")[0] for name in texts(page, ".artist-card h3 a")]
    assert names == ["10cm", "aespa", "Ailee", "BTS", "Éric", "X1", "김광석", "아이유"]


def test_sort_key_is_stored_and_indexed():
    artist = make_artist(name="Ailee")
    assert Artist.objects.get(pk=artist.pk).sort_key == sort_key("Ailee")
    index_fields = [index.fields for index in Artist._meta.indexes]
    assert ["sort_key", "id"] in index_fields

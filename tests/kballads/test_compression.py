"""HTML compressed with Brotli or gzip, as the browser accepts, and never Brotli beside a secret."""

import gzip

import brotli
import pytest

from kballads.compression import (
    ONE_OFF_BROTLI_QUALITY,
    STORED_BROTLI_QUALITY,
    accepted_encodings,
    preferred_encoding,
)
from tests.factories import make_list, make_song

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5, gzip;q=1", "br"),
        ("identity", ""),
        ("", ""),
        ("gzip;q=0, br;q=0", ""),
        ("*", "br"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_preferred_encoding(header, coding):
    assert preferred_encoding(header) == coding


def test_without_brotli_only_gzip_is_offered():
    assert preferred_encoding("br, gzip", allow_brotli=False) == "gzip"
    assert preferred_encoding("br", allow_brotli=False) == ""
    assert accepted_encodings("GZip;q=0.1, BR") == {"gzip", "br"}


@pytest.mark.parametrize("cached", [False, True])
def test_pages_are_sent_with_brotli_when_the_browser_accepts_it(client, settings, cached):
    settings.PAGE_CACHE_ENABLED = cached
    url = make_list(entries=[make_song()]).get_absolute_url()
    plain = client.get(url, headers={"accept-encoding": "identity"})
    for _ in range(2):
        response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        assert response["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response["Vary"]
        assert brotli.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 2


@pytest.mark.parametrize(
    ("cached", "quality"), [(True, STORED_BROTLI_QUALITY), (False, ONE_OFF_BROTLI_QUALITY)]
)
def test_a_page_the_cache_stores_is_compressed_harder_than_a_one_off(client, settings, cached, quality):
    settings.PAGE_CACHE_ENABLED = cached
    url = make_list(entries=[make_song() for _ in range(5)]).get_absolute_url()
    plain = client.get(url, headers={"accept-encoding": "identity"}).content
    qualities_differ = brotli.compress(plain, quality=STORED_BROTLI_QUALITY) != brotli.compress(
        plain, quality=ONE_OFF_BROTLI_QUALITY
    )
    assert qualities_differ
    response = client.get(url, headers={"accept-encoding": "br"})
    assert response.content == brotli.compress(plain, quality=quality)


def test_pages_are_gzipped_for_browsers_without_brotli(client):
    url = make_song().get_absolute_url()
    plain = client.get(url)
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content
    assert "Content-Encoding" not in plain


def test_a_page_with_a_csrf_token_is_never_sent_with_brotli(client):
    response = client.get("/admin/login/", headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"

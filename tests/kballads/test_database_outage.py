"""While the database is out of reach readers get a 503 they can wait out, not a 500."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connections
from django.test import Client

from kballads.errors import RETRY_AFTER_SECONDS
from tests.factories import make_list, make_song
from tests.helpers import parse, text_of

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error="OperationalError"):
    """Every new cursor fails with the driver's own error, as while PostgreSQL restarts."""
    database = connections["default"]

    def fail(*args, **kwargs):
        raise getattr(database.Database, error)("server closed the connection unexpectedly")

    with mock.patch.object(type(database), "create_cursor", fail):
        yield


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert text_of(parse(response).select_one("h1")) == "We’ll be back in a moment"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("error", ["OperationalError", "InterfaceError"])
def test_a_reader_gets_the_503_page_while_the_database_is_down(reader, error):
    song = make_song()
    with database_down(error):
        assert_outage_page(reader.get(song.get_absolute_url()))


def test_a_signed_in_editor_gets_it_too(reader, editor):
    # The session and the user are read from the database by middleware, before any view.
    reader.force_login(editor)
    with database_down():
        assert_outage_page(reader.get("/admin/"))


def test_a_page_in_the_cache_is_still_served(reader):
    make_list()
    reader.get("/lists/")
    with database_down():
        assert reader.get("/lists/").status_code == 200


def test_the_site_answers_again_once_the_database_is_back(reader):
    song = make_song()
    with database_down():
        reader.get(song.get_absolute_url())
    assert reader.get(song.get_absolute_url()).status_code == 200


def test_other_failures_still_get_the_500_page(reader):
    song = make_song()
    with mock.patch("songs.views.SongDetailView.get_context_data", side_effect=RuntimeError("bug")):
        response = reader.get(song.get_absolute_url())
    assert response.status_code == 500
    assert text_of(parse(response).select_one("h1")) == "Something went wrong on our side"


def test_the_outage_page_queries_nothing(django_assert_num_queries):
    from kballads.errors import database_unavailable

    with django_assert_num_queries(0):
        assert database_unavailable().status_code == 503

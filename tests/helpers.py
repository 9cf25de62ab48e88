"""Helpers for reading pages and counting queries in tests."""

import datetime
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from unittest import mock

from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kballads import page_cache
from kballads.cached_pages import LISTS
from kballads.worker_memory import memory


def parse(response):
    """The response's HTML as a BeautifulSoup tree, for asserting on elements."""
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    """An element's visible text with white space folded ("" for None)."""
    return " ".join(element.get_text().split()) if element else ""


def texts(soup, selector):
    return [text_of(element) for element in soup.select(selector)]


def json_ld(page):
    """Every JSON-LD object on the page, by its @type."""
    found = {}
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        found[data["@type"]] = data
    return found


def count_queries(client, url):
    """How many database queries one GET of ``url`` runs (it must answer 200), page cache off.

    Not counted: reading the publish schedule, which a cache does once, not once a page. The
    worker's memory of versions is dropped first, so that the schedule is read into the cache
    now, even when that memory would have gone stale in the middle of the request."""
    memory.forget_all()
    page_cache.scope_version(LISTS)
    with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


@contextmanager
def loaded_for_module(django_db_blocker, load):
    """Run ``load()`` once, in a transaction rolled back when the block ends; yields its result.

    For module-scoped fixtures over data that is slow to load: each test still runs in its
    own savepoint inside that transaction, so nothing one test writes is seen by the next,
    and nothing is left behind for other modules.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            result = load()
        yield result
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


PRODUCTION_SECRETS = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "kballads.example"}
PRINT_SETTINGS = (
    "import json, sys, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}))"
)


def settings_under(settings_module, names, **env):
    """The values of ``names`` as a fresh process with these settings and this environment sees them."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **env}
    shown = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS, *names],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


@contextmanager
def fixed_clock(day):
    """``timezone.now()``, and so ``timezone.localdate()``, stopped at noon of ``day`` in the
    site's time zone: for tests whose answers depend on today's date."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_default_timezone())
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment

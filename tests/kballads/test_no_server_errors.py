"""Every URL pattern, public and admin, answers hostile requests without a 5xx.

The patterns come from the project's resolver, so a new page is covered the day it is
added. Each is requested, by a reader and by a signed-in superuser, with its path
parameters filled with demo records and with odd values (NUL, malformed UTF-8,
huge and negative numbers, overlong text), and with hostile query strings on every
parameter the site or the admin reads (NUL, malformed and overlong UTF-8, arrays,
repeated names, huge, negative and fractional numbers, ``page=0``, ``page=1e9``).
"""

import logging
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from articles.demo import load_demo_lists
from articles.models import ListArticle
from kballads.query_guard import MAX_VALUE_LENGTH
from songs.demo import load_demo_catalog
from songs.models import Album, Artist, Drama, Song, Theme
from tests.helpers import loaded_for_module

ODD_PATH_VALUES = [
    "0",
    "-1",
    "9" * 25,
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%C0%AE%C0%AE",
    "%FF",
    "x" * 300,
    "..%2F..%2Fsettings.py",
    "%E2%80%AE",
]
ODD_PATH_SUFFIXES = ["%00", "%FF/", "..%2F", "x" * 300 + "/"]
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%C0%80",
    "%FF%FE",
    "a" * (MAX_VALUE_LENGTH + 1),
    "a" * MAX_VALUE_LENGTH,
    "9" * 30,
    "99999999999",
    "-99999999999",
    "-1",
    "0",
    "1e9",
    "1.5",
    "NaN",
    "",
    "%27%22%3E%3Cscript%3E",
    "%E2%80%AE",
]
# The values that get past the query guard, tried on each parameter of a listing alone as well.
NUMBERS = ["0", "-1", "1e9", "99999999999", "9" * 30]
PUBLIC_PARAMETERS = (
    "page lists albums q kind theme mood voice era ost sort player decade gender soundtrack year".split()
)
ADMIN_PARAMETERS = "p o q e all _popup _to_field _changelist_filters".split()
DETAIL_MODELS = {
    "songs:song_detail": Song,
    "songs:artist_detail": Artist,
    "songs:album_detail": Album,
    "songs:drama_detail": Drama,
    "articles:theme_detail": Theme,
    "articles:list_detail": ListArticle,
    "articles:list_export": ListArticle,
    "articles:list_share_image": ListArticle,
    "songs:song_share_image": Song,
    "songs:artist_share_image": Artist,
}


@dataclass
class Route:
    """One URL pattern: its full regex and the view name it answers to ("" for unnamed ones)."""

    regex: str
    view_name: str

    @property
    def is_admin(self):
        return self.regex.startswith("admin/")

    @property
    def is_listing(self):
        """A page that filters and pages through records: a public index or an admin changelist."""
        if self.is_admin:
            return self.view_name.endswith("_changelist")
        return not group_spans(self.regex)


def every_route(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from every_route(pattern, regex, inner)
        else:
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else ""
            yield Route(regex, name)


def group_spans(regex):
    """(name, start, end) of each named group, nested parentheses and all."""
    spans = []
    for match in re.finditer(r"\(\?P<(\w+)>", regex):
        depth, position = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[position], 0)
            position += 1 if regex[position] != "\\" else 2
        spans.append((match.group(1), match.start(), position))
    return spans


def build_path(regex, values):
    """The path the regex matches with each named group replaced by its value."""
    pieces, last = [], 0
    for name, start, end in group_spans(regex):
        pieces += [unescape(regex[last:start]), values[name]]
        last = end
    pieces.append(unescape(regex[last:]))
    return "/" + "".join(pieces)


def unescape(fragment):
    fragment = re.sub(r"(\\Z|\$)$", "", fragment)
    return re.sub(r"\\(.)", r"\1", fragment)


def admin_model(regex):
    match = re.match(r"admin/(\w+)/(\w+)/", regex)
    if not match:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def first_pk(model):
    record = model._default_manager.order_by("pk").first()
    return str(record.pk) if record else "1"


def real_values(route):
    """Path parameters that name demo records, so each view does its real work."""
    values = {}
    for name, _, _ in group_spans(route.regex):
        if name == "slug":
            values[name] = DETAIL_MODELS[route.view_name]._default_manager.order_by("pk").first().slug
        elif name in ("object_id", "id"):
            values[name] = first_pk(admin_model(route.regex) or Song)
        elif name == "content_type_id":
            values[name] = str(ContentType.objects.get_for_model(Song).pk)
        elif name in ("app_label", "section"):  # the songs app, the songs sitemap
            values[name] = "songs"
        elif name == "file_format":  # a list's export
            values[name] = "md"
        else:  # media paths, the admin's catch-all
            values[name] = "nothing-here/"
    return values


def parameter_names(route):
    """The query parameters this page may read: the public ones, or its admin changelist's."""
    if not route.is_admin:
        return PUBLIC_PARAMETERS
    model = admin_model(route.regex)
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return ADMIN_PARAMETERS
    names = list(ADMIN_PARAMETERS)
    for field in model_admin.list_filter:
        if isinstance(field, str):
            names += [field, f"{field}__exact", f"{field}__id__exact", f"{field}__isnull"]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


def hostile_queries(route):
    names = parameter_names(route)
    for value in HOSTILE_VALUES:
        yield "&".join(f"{name}={value}" for name in names)
    yield "&".join(f"{name}[]=1&{name}[]=2" for name in names)
    yield "&".join(f"{name}=1&{name}=2" for name in names)
    yield "&".join(f"{name}[0]=%00&{name}[x][y]=1" for name in names)
    if route.is_listing:
        for name in names:
            for number in NUMBERS:
                yield f"{name}={number}"


def requests_for(route):
    """Every (path, query) this route is tried with."""
    values = real_values(route)
    real_path = build_path(route.regex, values)
    for query in hostile_queries(route):
        yield real_path, query
    for name in values:
        for odd in ODD_PATH_VALUES:
            yield build_path(route.regex, {**values, name: odd}), "page=1"
    if not route.regex.endswith(".*$"):
        for suffix in ODD_PATH_SUFFIXES:
            yield real_path + suffix, ""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    def load():
        load_demo_catalog()
        load_demo_lists()

    with loaded_for_module(django_db_blocker, load):
        yield


@pytest.fixture
def quiet_logs(caplog):
    """Thousands of refused requests would log a warning each; only errors matter here."""
    for logger in ("django.request", "django.security"):
        caplog.set_level(logging.ERROR, logger=logger)


def server_errors(client, routes):
    """Request every route as ``client``; the (status, path, query) of each 5xx, and the count."""
    errors, count = [], 0
    for route in routes:
        for path, query in requests_for(route):
            response = client.get(f"{path}?{query}" if query else path)
            count += 1
            if response.status_code >= 500:
                errors.append((response.status_code, path[:120], query[:200]))
    return errors, count


def routes(admin_side):
    return [route for route in every_route() if route.is_admin == admin_side]


def test_real_values_reach_the_view_they_are_for(demo, db):
    checked = 0
    for route in every_route():
        if route.view_name:
            match = resolve(build_path(route.regex, real_values(route)))
            assert match.view_name == route.view_name, route.regex
            checked += 1
    assert checked > 80


@pytest.mark.parametrize("admin_side", [False, True], ids=["public", "admin"])
@pytest.mark.parametrize("as_superuser", [False, True], ids=["reader", "superuser"])
def test_no_url_answers_a_hostile_request_with_a_server_error(demo, db, quiet_logs, admin_side, as_superuser):
    client = Client(raise_request_exception=False)
    if as_superuser:
        client.force_login(get_user_model().objects.create_superuser("fuzz", password="not-used-here"))
    tried = routes(admin_side)
    assert len(tried) > (80 if admin_side else 15)
    errors, count = server_errors(client, tried)
    assert count > 20 * len(tried)
    assert errors == []

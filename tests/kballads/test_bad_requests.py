"""Requests that make no sense get the 400 page in the site's layout, never a 500."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.views import defaults

from kballads.query_guard import MAX_VALUE_LENGTH, query_problem
from tests.factories import make_list, make_theme
from tests.helpers import parse, text_of

pytestmark = pytest.mark.django_db

PRODUCTION_HOSTS = ["kballads.example"]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def assert_bad_request_page(response):
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page.select_one("h1")) == "That request didn’t make sense to us"
    assert page.select_one("header.site-header nav")


@override_settings(ALLOWED_HOSTS=PRODUCTION_HOSTS)
@pytest.mark.parametrize("host", ["attacker.example", "", "kballads.example.attacker.example", "bad host"])
def test_a_host_not_allowed_gets_the_400_page(anonymous, host):
    response = anonymous.get("/", headers={"host": host})
    assert_bad_request_page(response)
    assert "Content-Security-Policy" in response


@override_settings(ALLOWED_HOSTS=PRODUCTION_HOSTS)
def test_the_allowed_host_still_gets_its_page(anonymous):
    assert anonymous.get("/", headers={"host": "kballads.example"}).status_code == 200


@override_settings(ALLOWED_HOSTS=PRODUCTION_HOSTS)
def test_a_bad_host_on_a_cached_page_is_a_400_too(anonymous):
    make_list()
    anonymous.get("/lists/", headers={"host": "kballads.example"})
    assert_bad_request_page(anonymous.get("/lists/", headers={"host": "attacker.example"}))


@pytest.mark.parametrize(
    "query",
    [
        "theme=%00",
        "theme=rain%00y",
        "%00=1",
        "q=%ff%fe",  # not UTF-8
        "q=%c0%80",  # an overlong encoding of NUL
        "q=%ed%a0%80",  # an encoded lone surrogate
        "q=" + "a" * (MAX_VALUE_LENGTH + 1),
    ],
)
def test_an_unstorable_query_parameter_is_a_400(anonymous, query):
    make_theme(name="Rainy day")
    assert_bad_request_page(anonymous.get(f"/lists/?{query}"))


def test_the_rule_holds_for_the_admin_too(admin_client):
    admin_client.raise_request_exception = False
    assert_bad_request_page(admin_client.get("/admin/articles/listarticle/?status=%00"))


def test_too_many_parameters_is_a_400(anonymous, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    assert_bad_request_page(anonymous.get("/songs/?" + "&".join(f"a{n}=1" for n in range(11))))


@pytest.mark.parametrize(
    "query",
    ["", "q=%EB%B0%B1%EC%98%88%EB%A6%B0", "q=a+b", "a[]=1&a[]=2", "q=" + "a" * MAX_VALUE_LENGTH, "q=%0A"],
)
def test_ordinary_queries_pass(query):
    assert query_problem(query) == ""


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/listarticle/?published_at__year=99999999999",
        "/admin/songs/song/?released_on__year=99999999999",
        "/admin/songs/song/?released_on__year=2020&released_on__month=99999999999",
        "/admin/songs/song/1/change/?_to_field=",
        "/admin/auth/group/1/delete/?_to_field=nothing",
    ],
)
def test_what_the_admin_cannot_answer_is_a_400(admin_client, url):
    admin_client.raise_request_exception = False
    assert admin_client.get(url).status_code == 400


@override_settings(ALLOWED_HOSTS=PRODUCTION_HOSTS)
@pytest.mark.parametrize(
    "handler, status",
    [
        (defaults.bad_request, 400),
        (defaults.permission_denied, 403),
        (defaults.page_not_found, 404),
        (defaults.server_error, 500),
    ],
)
def test_error_pages_render_without_a_query_or_the_host(django_assert_num_queries, handler, status):
    request = RequestFactory().get("/somewhere/", headers={"host": "attacker.example"})
    with django_assert_num_queries(0):
        response = handler(request) if status == 500 else handler(request, Exception("test"))
    assert response.status_code == status
    assert parse(response).select_one("h1")


@pytest.mark.parametrize(
    "url", ["/songs/" + "x" * 300 + "/", "/artists/" + "x" * 300 + "/", "/media/" + "x" * 300]
)
def test_an_address_longer_than_any_record_or_file_name_is_not_found(anonymous, url):
    assert anonymous.get(url).status_code == 404

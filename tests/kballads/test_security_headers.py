"""Every answer carries the security headers: fresh and cached pages, the admin, errors."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import make_list
from tests.helpers import PRODUCTION_SECRETS, settings_under

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "frame-src https://open.spotify.com https://www.youtube-nocookie.com; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


HSTS_SETTINGS = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]
CSP_SETTINGS = ["CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"]


def production(names, **env):
    return settings_under("kballads.settings.production", names, **PRODUCTION_SECRETS, **env)


def sorted_directives(policy):
    return sorted(part.strip() for part in policy.split(";"))


def assert_security_headers(response):
    for name, value in HEADERS.items():
        assert response[name] == value, name
    # django-csp orders directives as it likes; compare them as a set.
    assert sorted_directives(response["Content-Security-Policy"]) == sorted_directives(EXPECTED_POLICY)
    permissions = dict(part.split("=", 1) for part in response["Permissions-Policy"].split(", "))
    assert permissions["camera"] == "()"
    assert permissions["geolocation"] == "()"
    assert permissions["encrypted-media"] == '("https://open.spotify.com" "https://www.youtube-nocookie.com")'
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.fixture
def production_security():
    """HTTPS requests under production's HSTS settings (the test settings serve plain HTTP)."""
    with override_settings(**production(HSTS_SETTINGS)):
        yield Client(raise_request_exception=False)


def assert_hsts(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_a_public_page_carries_every_security_header(production_security):
    make_list()
    response = production_security.get("/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_hsts(response)


def test_a_page_served_from_the_cache_carries_them_too(production_security):
    make_list()
    production_security.get("/lists/", secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = production_security.get("/lists/", secure=True)
    assert response.status_code == 200
    assert len(queries) == 0, "the second request should be a cache hit"
    assert_security_headers(response)
    assert_hsts(response)


def test_the_admin_carries_them(production_security, admin_user):
    production_security.force_login(admin_user)
    response = production_security.get("/admin/articles/listarticle/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_hsts(response)


def test_a_not_found_page_carries_them(production_security):
    response = production_security.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)
    assert_hsts(response)


def test_report_only_mode_sends_the_policy_as_a_report():
    policies = production(CSP_SETTINGS, DJANGO_CSP_REPORT_ONLY="1", DJANGO_CSP_REPORT_URI="/csp-reports/")
    assert policies["CONTENT_SECURITY_POLICY"] is None
    with override_settings(**policies):
        response = Client().get("/")
    assert "Content-Security-Policy" not in response
    report = sorted_directives(response["Content-Security-Policy-Report-Only"])
    assert report == sorted_directives(EXPECTED_POLICY + "; report-uri /csp-reports/")


def test_production_enforces_the_policy_unless_report_only_is_asked_for():
    policies = production(CSP_SETTINGS, DJANGO_CSP_REPORT_ONLY="")
    assert policies["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None
    assert policies["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["object-src"] == ["'none'"]

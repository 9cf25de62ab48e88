"""Our CSP middleware: the settings' policy built once, django-csp's own path for anything else."""

from unittest import mock

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from kballads import content_security_policy
from kballads.content_security_policy import CSPMiddleware, settings_policy_headers

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https://img.example"]}}


def respond(middleware_class, response=None, use_nonce=False):
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda request: response or HttpResponse("page"))
    middleware.process_request(request)
    if use_nonce:
        str(request.csp_nonce)
    return request, middleware.process_response(request, response or HttpResponse("page"))


@override_settings(CONTENT_SECURITY_POLICY=POLICY)
def test_the_header_is_django_csps_own():
    _, ours = respond(CSPMiddleware)
    _, theirs = respond(DjangoCSPMiddleware)
    directives = sorted(ours[HEADER].split("; "))
    assert (
        directives
        == sorted(theirs[HEADER].split("; "))
        == ["default-src 'self'", "img-src 'self' https://img.example"]
    )


@override_settings(CONTENT_SECURITY_POLICY=POLICY)
def test_the_policy_is_built_once_for_many_responses():
    settings_policy_headers.cache_clear()
    with mock.patch.object(
        content_security_policy, "build_policy", wraps=content_security_policy.build_policy
    ) as built:
        for _ in range(5):
            respond(CSPMiddleware)
    assert built.call_count == 2  # the policy and the (empty) report-only policy, once each


def test_changed_settings_change_the_header():
    with override_settings(CONTENT_SECURITY_POLICY=POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY=None):
        _, enforced = respond(CSPMiddleware)
    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=POLICY):
        _, reported = respond(CSPMiddleware)
    assert HEADER in enforced and HEADER_REPORT_ONLY not in enforced
    assert HEADER not in reported and reported[HEADER_REPORT_ONLY] == enforced[HEADER]


@override_settings(CONTENT_SECURITY_POLICY=POLICY)
def test_a_views_own_policy_and_exemption_are_still_honoured():
    updated = HttpResponse("page")
    updated._csp_update = {"img-src": ["https://other.example"]}
    _, response = respond(CSPMiddleware, updated)
    assert "https://other.example" in response[HEADER]
    exempt = HttpResponse("page")
    exempt._csp_exempt = True
    _, response = respond(CSPMiddleware, exempt)
    assert HEADER not in response


@override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": ["'self'", NONCE]}})
def test_a_nonce_a_template_asked_for_reaches_the_header():
    request, response = respond(CSPMiddleware, use_nonce=True)
    assert f"'nonce-{request._csp_nonce}'" in response[HEADER]


@override_settings(CONTENT_SECURITY_POLICY=POLICY)
def test_a_header_a_view_set_itself_is_kept():
    own = HttpResponse("page", headers={HEADER: "default-src 'none'"})
    _, response = respond(CSPMiddleware, own)
    assert response[HEADER] == "default-src 'none'"


@override_settings(CONTENT_SECURITY_POLICY={**POLICY, "EXCLUDE_URL_PREFIXES": ["/"]})
def test_excluded_prefixes_go_through_django_csp():
    assert settings_policy_headers() is None
    _, response = respond(CSPMiddleware)
    assert HEADER not in response

"""django-csp's middleware with the policy built once instead of on every response.

django-csp rebuilds the header from the settings for each response, because a view may
change the policy (its decorators) or a template may ask for a nonce. No view or template
of ours does either, and rebuilding took about a third of a cached page's time. When a
response carries none of those, its headers are the settings' policy, built once and
built again when a test changes the settings; otherwise django-csp does what it always does.
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view's csp decorators leave on its response.
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
POLICY_SETTINGS = {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"}


@functools.cache
def settings_policy_headers():
    """(header, policy) for the settings' policies, or None when they exclude URL prefixes."""
    headers = []
    for header, name, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        if (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES"):
            return None
        policy = build_policy(report_only=report_only)
        if policy:
            headers.append((header, policy))
    return tuple(headers)


@receiver(setting_changed)
def forget_policy_headers(setting, **kwargs):
    if setting in POLICY_SETTINGS:
        settings_policy_headers.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        headers = settings_policy_headers()
        if (
            headers is None
            or settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, attribute) for attribute in PER_RESPONSE_POLICY)
        ):
            return super().process_response(request, response)
        for header, policy in headers:
            if header not in response:
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

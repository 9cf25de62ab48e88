"""The reader's address, for sign-in throttling, behind as many proxies as the operator says.

Without proxies it is the connection's address. With ``PROXY_COUNT`` proxies in front,
each appending the address it was reached from to X-Forwarded-For, the client is the
address that many places from the right: the ones further left are whatever the client
sent, and trusting them would let anyone pick the address that gets locked out.
"""

from django.conf import settings


def client_address(request):
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if settings.PROXY_COUNT and len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")

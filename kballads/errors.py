"""The 500 handler, which answers a database outage with a 503 that readers can wait out.

Django calls ``handler500`` for an exception raised anywhere, in a view or in a
middleware (sessions and sign-ins read the database before any view runs), so this
is the one place that sees every failure to reach the database. The 503 page renders
without the request: no context processor, no session, no query.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# Long enough for PostgreSQL to restart, short enough that a reader's retry finds it back.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return defaults.server_error(request)


def database_unavailable():
    return HttpResponse(
        render_to_string("503.html"),
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )

"""The site's addresses: the catalog, the editorial pages and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("songs.urls")),
    path("", include("articles.urls")),
]


def serve_media(request, path):
    """Uploaded media in local use, from MEDIA_ROOT as it is now (the test run sets its own).

    A name the file system refuses (too long) is not found."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404("No such file") from error


if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media)]

# A database outage is a 503 readers can wait out (kballads/errors.py); other failures the 500 page.
handler500 = "kballads.errors.server_error"

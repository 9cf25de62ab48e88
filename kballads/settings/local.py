"""Settings for running the site on a developer's machine.

Works with no environment variables: SQLite beside the code, a secret key kept in
a git-ignored file, and static and media files served by the development server.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env_list


def _local_secret_key():
    key_file = BASE_DIR / ".local-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

SERVE_MEDIA = True

# Serve files straight from static/ so that no collectstatic step is needed locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

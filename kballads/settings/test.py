"""Settings for the test suite: production-like pages, fast hashing, a database of the run's own."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 - used only by the test runner
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Placeholders: tests/conftest.py points both at folders in the run's own temporary folder
# (pytest's tmp_path_factory) for the whole run, and removes them at the end.
MEDIA_ROOT = BASE_DIR / "no-media-outside-the-test-run"  # noqa: F405
PLAYLIST_UPLOAD_DIR = str(MEDIA_ROOT / "playlist-uploads")
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# With REDIS_URL set the suite runs against Redis, under a key prefix of its own so that
# clearing the cache between tests (tests/conftest.py) touches only this run's keys.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"kballads-test-{os.getpid()}"  # noqa: F405

# Two runs at once (two checkouts, or CI and a developer) each get a PostgreSQL test
# database of their own; pytest-django creates it and drops it at the end of the run
# (and adds _gw0, _gw1… for pytest-xdist's workers).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405

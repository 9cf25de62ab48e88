"""Settings for the test suite: production-like pages, fast hashing, throwaway media."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 - used only by the test runner
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kballads-test-media-"))
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# With REDIS_URL set the suite runs against Redis, under a key prefix of its own so that
# clearing the cache between tests (tests/conftest.py) touches only this run's keys.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"kballads-test-{os.getpid()}"  # noqa: F405

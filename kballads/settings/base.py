"""Settings shared by every environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

INSTALLED_APPS = [
    # Django's admin with autocomplete labels of our own (kballads/admin.py).
    "kballads.admin.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Trigram lookups for search on PostgreSQL (articles.search_index); inert on SQLite.
    "django.contrib.postgres",
    "taggit",
    "csp",
    "axes",
    "songs",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so that cached pages get these headers as fresh ones do.
    "kballads.content_security_policy.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Query strings the database cannot store are a 400 before any view or cache sees them.
    "kballads.query_guard.QueryGuardMiddleware",
    # Readers' pages from the cache, before sessions and auth are touched (kballads/page_cache.py).
    "kballads.page_cache.PageCacheMiddleware",
    "kballads.compression.CompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kballads.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "kballads.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        # A persistent connection broken by a database restart is replaced, not reused.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite lets one writer in at a time; the others wait this many seconds for the lock.
    # The default 5 s is too short when an import and the recommendation refresh that follows
    # a commit meet on a busy machine ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers for a page's queries: they take longer to start than most of these
    # queries run, and on a server busy with other requests they wait for a core. With one of
    # two cores busy, Discover's counts took 89 ms with them and 65 ms without.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c max_parallel_workers_per_gather=0"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache: Redis when REDIS_URL is set (production), this process's memory otherwise.
# Short socket timeouts: a Redis that hangs must make pages uncached, not slow.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "kballads"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kballads"}}

# Whole pages for anonymous readers (kballads/page_cache.py; the pages are listed in
# kballads/cached_pages.py). Browsers and CDNs may reuse a page for PAGE_MAX_AGE seconds and
# serve it stale while they fetch a fresh one for PAGE_STALE_WHILE_REVALIDATE more.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = 60 * 60
PAGE_CACHE_RELEASE = os.environ.get("KBALLADS_RELEASE", "")
PAGE_CACHE_SCHEDULE = "articles.cache_invalidation.upcoming_publish_times"
# Each worker keeps its recent pages (within this many bytes) and trusts the versions it
# read for this long, so most hits need no round trip to Redis (kballads/worker_memory.py).
PAGE_CACHE_WORKER_BYTES = 64 * 1024 * 1024
PAGE_CACHE_VERSION_SECONDS = 1.0
PAGE_MAX_AGE = 60
PAGE_STALE_WHILE_REVALIDATE = 300

# Uploaded images: what editors may upload and the renditions pages use.
IMAGE_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
# 4096 × 4096: more than any cover or photo needs, and small enough that re-encoding the
# original and making its renditions takes well under 2 s (songs/images.py).
IMAGE_UPLOAD_MAX_PIXELS = 4096 * 4096

# Playlist archives uploaded in the admin: the largest accepted, and where an
# upload waits between its dry run and the editor's confirmation.
PLAYLIST_UPLOAD_MAX_BYTES = 10 * 1000 * 1000
PLAYLIST_UPLOAD_DIR = os.environ.get("DJANGO_PLAYLIST_UPLOAD_DIR") or None

TAGGIT_CASE_INSENSITIVE = True

# Pages whose only job is to serve uploaded media in local use; production
# serves MEDIA_ROOT from the web server or object storage.
SERVE_MEDIA = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# The players a reader asks for with "Play here" (templates/songs/song_detail.html,
# static/js/site.js) are the only framed or third-party content.
PLAYER_ORIGINS = ["https://open.spotify.com", "https://www.youtube-nocookie.com"]
YOUTUBE_PLAYER_ORIGIN = "https://www.youtube-nocookie.com"

# Content-Security-Policy (django-csp): our own files only, no inline script or style.
# DJANGO_CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only instead, to try
# a change on a live site; DJANGO_CSP_REPORT_URI names where browsers report violations.
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "frame-src": PLAYER_ORIGINS,
    "object-src": [NONE],
    "frame-ancestors": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
if os.environ.get("DJANGO_CSP_REPORT_URI"):
    CSP_DIRECTIVES["report-uri"] = os.environ["DJANGO_CSP_REPORT_URI"]
if env_bool("DJANGO_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

# Permissions-Policy (django-permissions-policy): nothing for the site but copying a link,
# and for the players what their frames ask for.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        "accelerometer ambient-light-sensor autoplay browsing-topics camera display-capture "
        "geolocation gyroscope hid magnetometer microphone midi payment publickey-credentials-get "
        "screen-wake-lock serial usb xr-spatial-tracking".split(),
        [],
    ),
    "clipboard-write": ["self", *PLAYER_ORIGINS],
    "encrypted-media": PLAYER_ORIGINS,
    "picture-in-picture": [YOUTUBE_PLAYER_ORIGIN],
    "fullscreen": ["self", YOUTUBE_PLAYER_ORIGIN],
}

# Sign-in throttling (django-axes): five failed sign-ins lock the account, from anywhere,
# and the address, for any account, for fifteen minutes. An administrator unlocks with
# `manage.py axes_reset` or by deleting the attempts under Axes in the admin (README).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_CLIENT_IP_CALLABLE = "kballads.client_address.client_address"
# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For (see README).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

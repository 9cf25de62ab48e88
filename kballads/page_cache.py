"""Whole public pages, cached for readers who are not signed in.

A page is cached when its URL name is in ``kballads.cached_pages.CACHED_PAGES``,
which also says what the page shows: data *scopes* ("catalog", "lists") and,
for some detail pages, a *tag* of its own ("song:<slug>"). Every scope and tag
has a version in the cache. A change deletes the versions it affects (one
module decides which: ``articles/cache_invalidation.py``), and a stored page is
served only while every version it was rendered with is still current. The
"lists" scope also moves on when a scheduled list's publish time passes, and
every page turns over at local midnight (entries stop being new, the year in
the filters changes).

A hit costs at most one cache round trip (the page and its versions are read
together), and none when this worker served the page within the last second
(kballads/worker_memory.py).
Requests with a session cookie (editors), requests other than GET and HEAD, and
responses other than a 200 without cookies are never served from or stored in
the cache. A cache that cannot be reached makes pages uncached, never errors.
"""

import functools
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from datetime import time as day_time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

from .compression import carries_secret, compress_for_storage, preferred_encoding
from .worker_memory import memory

try:
    from redis.exceptions import RedisError
except ImportError:  # the local-memory cache needs no Redis client
    RedisError = OSError

logger = logging.getLogger(__name__)

SCHEDULE_KEY = "pagecache:schedule"
# After a cache error, pages go uncached for this long before the cache is tried again.
OUTAGE_PAUSE_SECONDS = 5
CACHE_ERRORS = (RedisError, OSError)
SOURCE_FOLDERS = ("kballads", "songs", "articles", "templates", "static")


@dataclass(frozen=True)
class Depends:
    """What a cached page shows: data scopes, and the URL's slug as a tag of its own."""

    scopes: tuple = ()
    tag: str = ""

    def version_keys(self, url_kwargs):
        keys = [scope_key(scope) for scope in self.scopes if scope != "schedule"]
        if self.tag:
            keys.append(tag_key(f"{self.tag}:{url_kwargs['slug']}"))
        return keys

    @property
    def follows_schedule(self):
        return bool({"lists", "schedule"} & set(self.scopes))


def depends(*scopes, tag=""):
    """``depends("catalog", "lists")``; ``tag="song"`` adds the tag "song:<the URL's slug>"."""
    return Depends(tuple(scopes), tag)


def scope_key(scope):
    return f"pagecache:scope:{scope}"


# Real slugs are at most 80 characters; an address or a query string may carry any length,
# and cache keys over 250 characters are refused by some backends.
LONGEST_NAME = 120


def bounded(name):
    """``name``, or its digest when it is too long to go into a cache key."""
    if len(name) > LONGEST_NAME:
        return hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return name


def tag_key(tag):
    return f"pagecache:tag:{bounded(tag)}"


# Invalidation: what articles/cache_invalidation.py calls.


def invalidate(scopes=(), tags=()):
    """Make every page that shows these scopes or tags stale (their versions start again)."""
    keys = [scope_key(scope) for scope in scopes] + [tag_key(tag) for tag in tags]
    if keys:
        memory.forget_versions(keys)
        guarded(cache.delete_many, keys)


def reschedule(upcoming):
    """Store the publish times (timestamps) still to come, keeping the last one that has passed."""
    memory.forget_versions([SCHEDULE_KEY])
    now = timezone.now().timestamp()
    current = guarded(cache.get, SCHEDULE_KEY)
    # A schedule the cache lost starts from now, so that its version never goes back.
    passed = now if current is None else schedule_version(current, now)
    guarded(cache.set, SCHEDULE_KEY, new_schedule(passed, upcoming), None)


def new_schedule(passed, upcoming):
    """A schedule whose version never goes back: the last time passed, then those to come."""
    return ([passed] if passed else []) + sorted(upcoming)


def schedule_version(schedule, now):
    """The latest publish time that has passed (0 before any): a scheduled list is public from it."""
    return max((moment for moment in schedule if moment <= now), default=0)


def scope_version(*scopes):
    """The current version of data scopes, to key data derived from them (None if the cache is down)."""
    depends = Depends(scopes)
    page = CacheablePage("", depends, depends.version_keys({}))
    now = timezone.now().timestamp()
    known = memory.fresh_versions(page.all_version_keys, settings.PAGE_CACHE_VERSION_SECONDS)
    if known is None:
        found = guarded(cache.get_many, page.all_version_keys)
        if found is None:
            return None
        known = start_missing_versions(page, found, now)
        memory.remember_versions(known)
    return "-".join(str(value) for value in current_versions(page, known, now).values)


def kept(name, scope, compute):
    """``compute()``, kept in the cache until ``scope`` (a scope or a tuple of them) or the code
    changes, and at most until local midnight (the scopes' versions carry the day).

    For a costly part of a page that only changes with its scopes (a catalog-wide
    count, a ranking), so that a page stored again after an edit elsewhere need not
    redo it. Computed every time while the cache is down.
    """
    version = scope_version(*((scope,) if isinstance(scope, str) else scope))
    if version is None:
        return compute()
    key = f"kept:{release()}:{bounded(name)}:{version}"
    value = guarded(cache.get, key)
    if value is None:
        value = compute()
        guarded(cache.set, key, value, settings.PAGE_CACHE_SECONDS)
    return value


# Reading and storing pages.

_outage_until = 0.0


def guarded(operation, *args):
    """Run a cache operation; on a cache error log it, pause the cache and return None."""
    global _outage_until
    if time.monotonic() < _outage_until:
        return None
    try:
        return operation(*args)
    except CACHE_ERRORS as error:
        _outage_until = time.monotonic() + OUTAGE_PAUSE_SECONDS
        logger.warning("Page cache unavailable, serving pages uncached: %s", error)
        return None


@functools.cache
def release():
    """A digest of the code and templates, so a deploy never serves pages of the last one."""
    if settings.PAGE_CACHE_RELEASE:
        return settings.PAGE_CACHE_RELEASE
    digest = hashlib.md5(usedforsecurity=False)
    for folder in SOURCE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".txt", ".json"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def page_key(request, coding):
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"pagecache:page:{release()}:{coding}:{hashlib.md5(address.encode()).hexdigest()}"


@functools.lru_cache(maxsize=4)
def midnight(day):
    return timezone.make_aware(datetime.combine(day, day_time.min)).timestamp()


@dataclass
class Versions:
    """The versions a page is rendered with, and the newest change among them."""

    values: tuple
    changed_at: float


def start_missing_versions(page, found, now):
    """Versions the cache lacks (new, or evicted) start afresh here; they are saved for everyone."""
    started = {}
    for key in page.version_keys:
        if found.get(key) is None:
            started[key] = {"token": uuid.uuid4().hex, "at": now}
    if page.depends.follows_schedule and found.get(SCHEDULE_KEY) is None:
        started[SCHEDULE_KEY] = new_schedule(now, import_string(settings.PAGE_CACHE_SCHEDULE)())
    if started:
        guarded(cache.set_many, started, None)
    return {**found, **started}


def current_versions(page, known, now):
    """The versions the page is rendered with, from the ``known`` versions and the clock."""
    today = timezone.localdate()
    values, changed_at = [], midnight(today)
    for key in page.version_keys:
        values.append(known[key]["token"])
        changed_at = max(changed_at, known[key]["at"])
    if page.depends.follows_schedule:
        passed = schedule_version(known[SCHEDULE_KEY], now)
        values.append(passed)
        changed_at = max(changed_at, passed)
    return Versions((*values, today.isoformat()), changed_at)


@dataclass
class CacheablePage:
    key: str
    depends: Depends
    version_keys: list

    @property
    def all_version_keys(self):
        return [*self.version_keys, SCHEDULE_KEY] if self.depends.follows_schedule else self.version_keys


class PageCacheMiddleware:
    """Serves and stores readers' pages; marks pages for editors private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        depends = cached_page_depends(request)
        if depends is None:
            return self.get_response(request)
        if not is_reader(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        page = cacheable(request, *depends)
        if page is None:
            response = self.get_response(request)
            if is_storable(request, response):
                mark_public(response)
            return response
        now = timezone.now().timestamp()
        known = memory.fresh_versions(page.all_version_keys, settings.PAGE_CACHE_VERSION_SECONDS)
        stored = memory.page(page.key) if known is not None else None
        if known is None or stored is None:
            found = guarded(cache.get_many, [page.key, *page.all_version_keys])
            if found is None:
                return self.get_response(request)
            stored = found.pop(page.key, None)
            known = start_missing_versions(page, found, now)
            memory.remember_versions(known)
        versions = current_versions(page, known, now)
        if stored and stored["versions"] == versions.values:
            memory.remember_page(page.key, stored, settings.PAGE_CACHE_WORKER_BYTES)
            return from_stored(request, stored)
        compress_for_storage(request)
        response = self.get_response(request)
        if is_storable(request, response):
            mark_public(response, versions.changed_at)
            stored = {
                "versions": versions.values,
                "headers": dict(response.items()),
                "content": response.content,
            }
            guarded(cache.set, page.key, stored, settings.PAGE_CACHE_SECONDS)
            memory.remember_page(page.key, stored, settings.PAGE_CACHE_WORKER_BYTES)
        return response


def cached_page_depends(request):
    """(Depends, URL keywords) when the requested page is one of the cached pages, else None."""
    return cached_page_of(request.path_info, get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=4096)
def cached_page_of(path, urlconf):
    """Resolving a path is a cache hit's largest cost; recent paths are remembered."""
    from .cached_pages import CACHED_PAGES

    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    depends = CACHED_PAGES.get(match.view_name)
    return None if depends is None else (depends, match.kwargs)


def is_reader(request):
    """A reader who is not signed in (editors have a session) reading, not posting."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cacheable(request, depends, url_kwargs):
    """The cache entry for a reader's request, or None when the page cache cannot serve it."""
    if not settings.PAGE_CACHE_ENABLED:
        return None
    try:
        key = page_key(request, preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    except DisallowedHost:
        return None
    return CacheablePage(key, depends, depends.version_keys(url_kwargs))


def is_storable(request, response):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not carries_secret(request, response)
        and not {"private", "no-store", "no-cache"} & cache_control
    )


def mark_public(response, changed_at=None):
    """Let browsers and CDNs reuse the page briefly; date it by the newest change it shows."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )
    if changed_at:
        response["Last-Modified"] = http_date(changed_at)


def from_stored(request, stored):
    """The stored page, or a 304 when the reader's copy is still this one."""
    response = HttpResponse(stored["content"], headers=stored["headers"])
    last_modified = parse_http_date_safe(response["Last-Modified"])
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )

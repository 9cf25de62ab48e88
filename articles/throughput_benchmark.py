"""Throughput of a list page under gunicorn, beside the same bytes served as a static file.

Issue 9's goals are ratios measured in one run, so that the machine's speed cancels out:
the page cached and uncached against a static copy of its own bytes served by the same
gunicorn and WhiteNoise, a load test of the cached page (64 connections, 2 s timeout),
and optionally other servers' pages (a Wagtail demo) measured the same way.

Everything runs on a scratch site that other processes can see: a SQLite file in a
temporary folder (or a PostgreSQL database it creates and drops), migrated and filled
with the demo data or a committed synthetic catalog, static files collected into the
same folder, and page-cache keys under a prefix of the run's own. An ``ExitStack``
removes each of them at the end, on an error or Ctrl-C too.

Fair comparison. Every request, static or not and to peers too, is anonymous (wrk sends
no cookies) and asks ``Accept-Encoding: gzip, br`` like a browser. A cached page is Brotli
at ``kballads.compression.STORED_BROTLI_QUALITY``, and the copy is rendered with the page
cache on to get those very bytes; WhiteNoise answers with a ``.br`` file beside the static
copy when there is one. (With the page cache off the site compresses at the faster
``ONE_OFF_BROTLI_QUALITY``, a few per cent more bytes.) So the static copy is the page
rendered by the site itself, once uncompressed and once as the site's own Brotli (and gzip)
response, and both servers send identical bytes over the wire; the run checks that before
measuring. Requests go to 127.0.0.1, which DJANGO_ALLOWED_HOSTS accepts, and the copy is
rendered for that same host and port, since pages carry absolute links.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import settings

HOST = "127.0.0.1"
WORKERS = 2
BROWSER_HEADERS = {"Accept-Encoding": "gzip, br"}
STATIC_COPY = "throughput/page.html"
WRK_MISSING = "wrk is not installed. Install it with `apt-get install wrk` (Debian and Ubuntu)."

# Issue 9's goals.
CACHED_SHARE = 0.9
UNCACHED_SHARE = 0.1
PEER_FACTOR = 3.0
LOAD_P99_MS = 250.0
LOAD_TIMEOUT = "2s"


class BenchmarkError(Exception):
    """A step failed in a way the person running the benchmark can act on."""


@dataclass(frozen=True)
class Options:
    scale: float | None = None
    seed: int = 2026
    database_url: str = ""
    cache: str = "redis://127.0.0.1:6379/11"
    path: str = ""
    connections: int = 8
    duration: int = 10
    threads: int = 2
    load_connections: int = 64
    load_duration: int = 60
    peers: tuple = ()


# wrk: the command and what it prints.


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    requests: int
    p50_ms: float | None = None
    p99_ms: float | None = None
    socket_errors: dict = field(default_factory=dict)
    bad_statuses: int = 0

    @property
    def timeouts(self):
        return self.socket_errors.get("timeout", 0)

    @property
    def errors(self):
        """Failed requests other than timeouts: connect, read and write errors, statuses >= 400."""
        return (
            sum(count for kind, count in self.socket_errors.items() if kind != "timeout") + self.bad_statuses
        )


TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
PERCENTILE = re.compile(r"^\s+(\d+(?:\.\d+)?)%\s+(\d+(?:\.\d+)?)(us|ms|s|m|h)\s*$", re.MULTILINE)
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+(\d+(?:\.\d+)?)", re.MULTILINE)
REQUEST_COUNT = re.compile(r"^\s+(\d+) requests in ", re.MULTILINE)
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
BAD_STATUSES = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def parse_wrk_output(text):
    """A ``WrkResult`` from what ``wrk --latency`` printed (percentiles are None without --latency)."""
    rate = REQUESTS_PER_SECOND.search(text)
    if not rate:
        raise BenchmarkError(f"wrk printed no Requests/sec line:\n{text.strip()}")
    percentiles = {
        float(share): float(value) * TO_MS[unit] for share, value, unit in PERCENTILE.findall(text)
    }
    count = REQUEST_COUNT.search(text)
    socket_errors = SOCKET_ERRORS.search(text)
    bad_statuses = BAD_STATUSES.search(text)
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        requests=int(count.group(1)) if count else 0,
        p50_ms=percentiles.get(50.0),
        p99_ms=percentiles.get(99.0),
        socket_errors=(
            dict(zip(("connect", "read", "write", "timeout"), map(int, socket_errors.groups()), strict=True))
            if socket_errors
            else {}
        ),
        bad_statuses=int(bad_statuses.group(1)) if bad_statuses else 0,
    )


def wrk_command(url, connections, duration, threads, timeout=None, headers=BROWSER_HEADERS):
    """The wrk command line; wrk needs at least one connection per thread."""
    command = ["wrk", "--latency", f"--threads={max(1, min(threads, connections))}"]
    command += [f"--connections={connections}", f"--duration={duration}s"]
    if timeout:
        command.append(f"--timeout={timeout}")
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return [*command, url]


def require_wrk():
    if not shutil.which("wrk"):
        raise BenchmarkError(WRK_MISSING)


def run_wrk(url, connections, duration, threads, timeout=None):
    command = wrk_command(url, connections, duration, threads, timeout)
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise BenchmarkError(f"wrk failed on {url}:\n{done.stderr or done.stdout}")
    return parse_wrk_output(done.stdout)


# The table and the goals.


@dataclass(frozen=True)
class Measurement:
    target: str
    url: str
    result: WrkResult


def format_ms(value):
    return "-" if value is None else f"{value:.1f}"


def format_table(measurements, baseline):
    """One row per target; the last column is its throughput over the baseline's."""
    header = (
        f"{'target':<22} {'requests/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'timeouts':>8} {'x static':>8}  url"
    )
    lines = [header, "-" * len(header)]
    for measured in measurements:
        result = measured.result
        lines.append(
            f"{measured.target:<22} {result.requests_per_second:>10.1f} {format_ms(result.p50_ms):>7} "
            f"{format_ms(result.p99_ms):>7} {result.errors:>6} {result.timeouts:>8} "
            f"{ratio(result, baseline):>8.2f}  {measured.url}"
        )
    return "\n".join(lines)


def ratio(result, baseline):
    if not baseline.requests_per_second:
        return 0.0
    return result.requests_per_second / baseline.requests_per_second


@dataclass(frozen=True)
class Goal:
    text: str
    met: bool
    measured: str


def share_goal(text, result, baseline, share):
    measured = ratio(result, baseline)
    return Goal(text, measured >= share, f"{measured:.0%} of the static copy")


def throughput_goals(static, cached, uncached, peers=()):
    """Issue 9's throughput goals. ``peers`` are (name, WrkResult) pairs, judged against the cached
    page (what readers get), with the uncached page's factor shown beside it."""
    goals = [
        share_goal(f"cached page >= {CACHED_SHARE:.0%} of static", cached, static, CACHED_SHARE),
        share_goal(f"uncached page >= {UNCACHED_SHARE:.0%} of static", uncached, static, UNCACHED_SHARE),
    ]
    for name, peer in peers:
        factor = ratio(cached, peer)
        measured = f"{factor:.1f}x (uncached {ratio(uncached, peer):.1f}x)"
        goals.append(Goal(f"cached page >= {PEER_FACTOR:g}x {name}", factor >= PEER_FACTOR, measured))
    return goals


def load_goal(result, connections, duration):
    met = result.errors == 0 and result.timeouts == 0 and (result.p99_ms or 0) <= LOAD_P99_MS
    return Goal(
        f"{connections} connections for {duration} s: 0 errors, 0 timeouts, p99 <= {LOAD_P99_MS:g} ms",
        met and result.p99_ms is not None,
        f"{result.errors} errors, {result.timeouts} timeouts, p99 {format_ms(result.p99_ms)} ms",
    )


def format_goals(goals):
    return "\n".join(f"[{'met' if goal.met else 'NOT met'}] {goal.text}: {goal.measured}" for goal in goals)


def format_load_average(load, cpus):
    one, five, fifteen = load
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {cpus} CPUs"


def load_average():
    return format_load_average(os.getloadavg(), os.cpu_count())


def parse_peer(text):
    """``NAME=URL`` -> (name, url), for --peer."""
    name, equals, url = text.partition("=")
    if not (equals and name.strip() and urlsplit(url).scheme in {"http", "https"}):
        raise ValueError(f"expected NAME=http://host:port/path, got {text!r}")
    return name.strip(), url


# Servers: a free port, gunicorn with production settings, waiting until it answers.


def free_port(host=HOST):
    """A port nobody listens on now (the OS picks it), for gunicorn to bind."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_ready(
    answers, running, deadline_seconds=60, pause=0.2, clock=time.monotonic, sleep=time.sleep
):
    """Call ``answers()`` until it is true; fail if ``running()`` turns false or time runs out."""
    deadline = clock() + deadline_seconds
    while not answers():
        if not running():
            raise BenchmarkError("The server stopped before it answered.")
        if clock() >= deadline:
            raise BenchmarkError(f"The server did not answer within {deadline_seconds} s.")
        sleep(pause)


def fetch(url, headers=BROWSER_HEADERS, timeout=5):
    """(status, headers, body) of a GET without cookies."""
    request = urllib.request.Request(url, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def answers(url):
    """Whether the server answers ``url`` with a 200; any other status is an error worth showing."""
    try:
        status, _, body = fetch(url, headers={"Accept-Encoding": "identity"}, timeout=2)
    except (urllib.error.URLError, OSError):
        return False
    if status != 200:
        raise BenchmarkError(f"{url} answered {status}:\n{body[:500].decode(errors='replace')}")
    return True


def server_environment(site, page_cache, cache=""):
    """The environment of the scratch site's processes: production settings, no caller's DJANGO_*."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "KBALLADS_")) and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "kballads.settings.production",
        "DJANGO_SECRET_KEY": site.secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": site.database_url,
        "DJANGO_STATIC_ROOT": str(site.static_root),
        "DJANGO_MEDIA_ROOT": str(site.folder / "media"),
        "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
    }
    if cache and cache != "locmem":
        environment["REDIS_URL"] = cache
        environment["DJANGO_CACHE_KEY_PREFIX"] = site.cache_prefix
    return environment


def gunicorn_command(port, workers=WORKERS):
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "kballads.wsgi:application",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind={HOST}:{port}",
        "--log-level=warning",
    ]


@contextmanager
def running_gunicorn(site, environment, ready_url):
    """gunicorn serving the scratch site until the block ends; its log goes to the scratch folder."""
    log_path = site.folder / "gunicorn.log"
    with open(log_path, "ab") as log:
        # A session of its own: Ctrl-C reaches this process, which stops gunicorn in order.
        server = subprocess.Popen(
            gunicorn_command(site.port),
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        try:
            wait_until_ready(lambda: answers(ready_url), lambda: server.poll() is None)
        except BenchmarkError as error:
            raise BenchmarkError(f"{error}\ngunicorn's log:\n{log_path.read_text()[-3000:]}") from error
        yield server
    finally:
        stop(server)


def stop(process, grace_seconds=15):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# The scratch site: database, cache keys, static files, the page and its static copy.


@dataclass
class ScratchSite:
    folder: Path
    port: int
    database_url: str
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    cache_prefix: str = field(default_factory=lambda: f"kb-throughput-{secrets.token_hex(4)}")
    path: str = ""

    @property
    def static_root(self):
        return self.folder / "static"

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    @property
    def static_copy_url(self):
        return self.url(f"/{settings.STATIC_URL.strip('/')}/{STATIC_COPY}")


def sqlite_url(folder):
    return f"sqlite:///{folder / 'db.sqlite3'}"


def maintenance_connection(database_url):
    """An autocommit connection to the server's ``postgres`` database, and the name asked for."""
    import psycopg2

    config = dj_database_url.parse(database_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise BenchmarkError(f"--database-url must be a PostgreSQL URL, not {database_url!r}.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    return connection, config["NAME"]


def create_database(database_url):
    from psycopg2 import sql

    connection, name = maintenance_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                raise BenchmarkError(
                    f"The database {name!r} already exists. The benchmark creates its own database and "
                    "drops it at the end: name one that does not exist."
                )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def drop_database(database_url):
    from psycopg2 import sql

    connection, name = maintenance_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        connection.close()


def check_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise BenchmarkError(f"Redis at {url} does not answer ({error}); pass --cache locmem.") from error


def forget_cache_keys(url, prefix):
    """Delete this run's page-cache keys (Django's Redis keys are ``<prefix>:<version>:<key>``)."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def run_manage(environment, *arguments):
    return run_python(environment, ["manage.py", *arguments], f"manage.py {' '.join(arguments)}")


PREPARE = (
    "import json, sys, django; django.setup(); "
    "from articles.throughput_benchmark import prepare_catalog; "
    "print(json.dumps(prepare_catalog(**json.loads(sys.argv[1]))))"
)


def prepare_in_scratch(environment, **arguments):
    """Run ``prepare_catalog`` in a process of the scratch site's own; returns what it returned."""
    output = run_python(environment, ["-c", PREPARE, json.dumps(arguments)], "Preparing the scratch catalog")
    return json.loads(output.strip().splitlines()[-1])


def run_python(environment, arguments, what):
    """The output of this Python with ``arguments`` in the scratch site's environment."""
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"{what} failed:\n{(done.stderr or done.stdout)[-3000:]}")
    return done.stdout


def prepare_catalog(host, static_root, scale=None, seed=2026, path=""):
    """In the scratch site's process: migrate, fill, write the page's static copy; returns its path."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    from .synthetic_catalog import build_synthetic_catalog, scaled_size

    call_command("migrate", interactive=False, verbosity=0)
    if scale:
        with transaction.atomic():
            build_synthetic_catalog(scaled_size(scale), seed=seed)
    else:
        call_command("load_demo", stdout=StringIO())
    path = path or longest_list_path()
    sizes = write_static_copy(host, path, Path(static_root) / STATIC_COPY)
    return {"path": path, **sizes}


def longest_list_path():
    from django.db.models import Count

    from .models import ListArticle

    longest = ListArticle.objects.published().annotate(n=Count("entries")).order_by("-n", "pk").first()
    if longest is None:
        raise BenchmarkError("The scratch catalog has no published list.")
    return longest.get_absolute_url()


def write_static_copy(host, path, target):
    """The page as the site renders it, plain and in the encodings it sends, as WhiteNoise files."""
    from django.test import Client

    client = Client(HTTP_HOST=host)
    target.parent.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for coding, suffix in (("identity", ""), ("br", ".br"), ("gzip", ".gz")):
        response = client.get(path, headers={"Accept-Encoding": coding})
        if response.status_code != 200:
            raise BenchmarkError(f"{path} answered {response.status_code} in the scratch site.")
        if coding == "identity" or response.get("Content-Encoding") == coding:
            Path(f"{target}{suffix}").write_bytes(response.content)
            sizes[coding] = len(response.content)
    return sizes


def check_same_bytes(page_url, copy_url):
    """Problems (empty if none): the static copy must be the bytes the server sends for the page."""
    problems = []
    for headers in ({"Accept-Encoding": "identity"}, BROWSER_HEADERS):
        _, page_headers, page = fetch(page_url, headers)
        _, copy_headers, copy = fetch(copy_url, headers)
        coding = page_headers.get("Content-Encoding", "identity")
        copy_coding = copy_headers.get("Content-Encoding", "identity")
        if page != copy or coding != copy_coding:
            problems.append(
                f"with Accept-Encoding {headers['Accept-Encoding']!r} the page is {len(page)} bytes "
                f"({coding}), its copy {len(copy)} bytes ({copy_coding})"
            )
    return problems


@contextmanager
def scratch_site(options, say):
    """A scratch site with collected static files and a catalog, removed when the block ends."""
    with ExitStack() as cleanup:
        folder = Path(tempfile.mkdtemp(prefix="kb-throughput-"))
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
        site = ScratchSite(folder, free_port(), options.database_url or sqlite_url(folder))
        if options.database_url:
            say(f"Creating the database {site.database_url}…")
            create_database(site.database_url)
            cleanup.callback(drop_database, site.database_url)
        if options.cache != "locmem":
            check_redis(options.cache)
            cleanup.callback(forget_cache_keys, options.cache, site.cache_prefix)
        environment = server_environment(site, page_cache=False)
        say("Collecting static files…")
        run_manage(environment, "collectstatic", "--noinput", "--verbosity=0")
        say("Building the catalog (synthetic)…" if options.scale else "Loading the demo data…")
        # The copy is rendered as the page cache stores the page: the bytes a cached page sends.
        prepared = prepare_in_scratch(
            server_environment(site, page_cache=True),
            host=f"{HOST}:{site.port}",
            static_root=str(site.static_root),
            scale=options.scale,
            seed=options.seed,
            path=options.path,
        )
        site.path = prepared["path"]
        say(
            f"Page {site.path}: {prepared.get('identity', 0):,} bytes, {prepared.get('br', 0):,} with Brotli."
        )
        yield site


# The run.


@dataclass
class Report:
    load_before: str
    load_after: str = ""
    measurements: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def measured(self, target):
        return next(m.result for m in self.measurements if m.target == target)


def warm_up(url, requests=4):
    for _ in range(requests):
        fetch(url)


def measure(report, options, target, url, say):
    say(f"Measuring {target} ({options.connections} connections, {options.duration} s)…")
    warm_up(url)
    result = run_wrk(url, options.connections, options.duration, options.threads)
    report.measurements.append(Measurement(target, url, result))
    return result


def measure_cached_server(report, site, options, say):
    environment = server_environment(site, page_cache=True, cache=options.cache)
    page_url = site.url(site.path)
    say(f"Starting gunicorn ({WORKERS} sync workers, page cache on) on port {site.port}…")
    with running_gunicorn(site, environment, page_url):
        report.warnings += check_same_bytes(page_url, site.static_copy_url)
        measure(report, options, "static copy", site.static_copy_url, say)
        measure(report, options, "page, cached", page_url, say)
        if options.load_duration:
            run_load_test(report, options, page_url, say)


def run_load_test(report, options, url, say):
    connections, duration = options.load_connections, options.load_duration
    say(f"Load test: {connections} connections for {duration} s, timeout {LOAD_TIMEOUT}…")
    result = run_wrk(url, connections, duration, options.threads, timeout=LOAD_TIMEOUT)
    report.measurements.append(Measurement(f"load, {connections} conn", url, result))
    report.goals.append(load_goal(result, connections, duration))


def measure_uncached_server(report, site, options, say):
    environment = server_environment(site, page_cache=False)
    page_url = site.url(site.path)
    say("Starting gunicorn with DJANGO_PAGE_CACHE=0…")
    with running_gunicorn(site, environment, page_url):
        measure(report, options, "page, uncached", page_url, say)


def run_benchmark(options, say):
    """Build the scratch site, measure it and the peers, and return the ``Report``; removes all it made."""
    require_wrk()
    report = Report(load_before=load_average())
    with scratch_site(options, say) as site:
        measure_cached_server(report, site, options, say)
        measure_uncached_server(report, site, options, say)
    for name, url in options.peers:
        measure(report, options, name, url, say)
    report.load_after = load_average()
    report.goals[:0] = throughput_goals(
        report.measured("static copy"),
        report.measured("page, cached"),
        report.measured("page, uncached"),
        [(name, report.measured(name)) for name, _ in options.peers],
    )
    return report


def format_report(report):
    return "\n".join(
        [
            format_table(report.measurements, report.measured("static copy")),
            "",
            format_goals(report.goals),
            *(f"Warning: the static copy differs: {warning}" for warning in report.warnings),
            "",
            f"Load average at the start: {report.load_before}",
            f"Load average at the end:   {report.load_after}",
        ]
    )

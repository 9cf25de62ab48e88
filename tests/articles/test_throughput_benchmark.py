"""The throughput benchmark's pure parts: reading wrk, the table and goals, servers' helpers.

Nothing here starts gunicorn or wrk; the wrk outputs are real ones, captured from wrk 4.1.0.
"""

import gzip
import socket
import subprocess
from contextlib import contextmanager, nullcontext
from pathlib import Path
from unittest import mock

import brotli
import pytest
from django.core.management import CommandError, call_command

from articles import throughput_benchmark as bench
from articles.models import ListArticle
from articles.synthetic_catalog import CatalogSize, scaled_size
from tests.factories import make_list, make_song

CLEAN_RUN = """\
Running 2s test @ http://127.0.0.1:18765/index.html
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.56ms    3.88ms  44.37ms   90.12%
    Req/Sec   468.02    140.40   840.00     65.00%
  Latency Distribution
     50%    5.55ms
     75%    7.59ms
     90%    9.91ms
     99%   21.98ms
  1867 requests in 2.01s, 346.42KB read
Requests/sec:    930.01
Transfer/sec:    172.56KB
"""

NOT_FOUND_RUN = """\
Running 2s test @ http://127.0.0.1:18765/missing
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.99ms    2.81ms  23.77ms   76.35%
    Req/Sec   497.02    191.62     0.86k    57.50%
  Latency Distribution
     50%    5.23ms
     75%    7.48ms
     90%    9.73ms
     99%   15.70ms
  1984 requests in 2.00s, 0.98MB read
  Non-2xx or 3xx responses: 1984
Requests/sec:    990.72
Transfer/sec:    503.10KB
"""

# A server that sleeps 1.5 s on some requests, drops some connections and answers 500 to others.
FAILING_RUN = """\
Running 4s test @ http://127.0.0.1:18767/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    37.74ms   28.61ms 211.92ms   76.27%
    Req/Sec    24.68     22.37    80.00     84.21%
  Latency Distribution
     50%   43.96ms
     75%   44.01ms
     90%   44.24ms
     99%  211.92ms
  77 requests in 4.01s, 8.76KB read
  Socket errors: connect 0, read 7, write 0, timeout 18
  Non-2xx or 3xx responses: 14
Requests/sec:     19.22
Transfer/sec:      2.19KB
"""


def result(rps, p99_ms=10.0, **overrides):
    return bench.WrkResult(
        requests_per_second=rps, requests=int(rps * 10), p50_ms=1.0, p99_ms=p99_ms, **overrides
    )


# Reading wrk


def test_a_clean_run_has_its_rate_percentiles_and_no_errors():
    parsed = bench.parse_wrk_output(CLEAN_RUN)
    assert parsed.requests_per_second == 930.01
    assert parsed.requests == 1867
    assert parsed.p50_ms == pytest.approx(5.55)
    assert parsed.p99_ms == pytest.approx(21.98)
    assert (parsed.errors, parsed.timeouts) == (0, 0)


def test_error_statuses_count_as_errors():
    parsed = bench.parse_wrk_output(NOT_FOUND_RUN)
    assert parsed.bad_statuses == 1984
    assert parsed.errors == 1984
    assert parsed.timeouts == 0


def test_socket_errors_count_as_errors_and_timeouts_apart():
    parsed = bench.parse_wrk_output(FAILING_RUN)
    assert parsed.socket_errors == {"connect": 0, "read": 7, "write": 0, "timeout": 18}
    assert parsed.errors == 7 + 14
    assert parsed.timeouts == 18
    assert parsed.p99_ms == pytest.approx(211.92)


def test_latencies_in_microseconds_and_seconds_become_milliseconds():
    text = CLEAN_RUN.replace("     50%    5.55ms", "     50%  635.00us").replace(
        "99%   21.98ms", "99%    1.20s"
    )
    parsed = bench.parse_wrk_output(text)
    assert parsed.p50_ms == pytest.approx(0.635)
    assert parsed.p99_ms == pytest.approx(1200.0)


def test_without_latency_distribution_the_percentiles_are_unknown():
    start, end = CLEAN_RUN.index("  Latency Distribution"), CLEAN_RUN.index("  1867 requests")
    parsed = bench.parse_wrk_output(CLEAN_RUN[:start] + CLEAN_RUN[end:])
    assert parsed.requests_per_second == 930.01
    assert parsed.p50_ms is None
    assert parsed.p99_ms is None


def test_output_without_a_rate_is_an_error():
    with pytest.raises(bench.BenchmarkError, match="Requests/sec"):
        bench.parse_wrk_output("unable to connect to 127.0.0.1:18766 Connection refused")


def test_wrk_command_sends_browser_encodings_and_keeps_a_connection_per_thread():
    command = bench.wrk_command("http://127.0.0.1:8000/", connections=1, duration=5, threads=4, timeout="2s")
    assert command[0] == "wrk"
    assert "--latency" in command
    assert "--threads=1" in command
    assert "--connections=1" in command
    assert "--duration=5s" in command
    assert "--timeout=2s" in command
    assert command[command.index("--header") + 1] == "Accept-Encoding: gzip, br"
    assert command[-1] == "http://127.0.0.1:8000/"


def test_missing_wrk_says_how_to_install_it():
    with (
        mock.patch("shutil.which", return_value=None),
        pytest.raises(CommandError, match="apt-get install wrk"),
    ):
        call_command("benchmark_throughput")


def test_a_peer_needs_a_name_and_an_http_url():
    assert bench.parse_peer("wagtail-post=http://127.0.0.1:8100/blog/a/") == (
        "wagtail-post",
        "http://127.0.0.1:8100/blog/a/",
    )
    for wrong in ("http://127.0.0.1:8100/", "=http://127.0.0.1/", "wagtail=ftp://host/"):
        with pytest.raises(ValueError):
            bench.parse_peer(wrong)
    with pytest.raises(CommandError, match="NAME=http"):
        call_command("benchmark_throughput", "--peer", "no-url")


# The table and the goals


def test_the_table_gives_each_target_its_ratio_to_the_static_copy():
    static, cached = result(2000.0), result(1500.0, p99_ms=12.34)
    table = bench.format_table(
        [
            bench.Measurement("static copy", "/static/x", static),
            bench.Measurement("page, cached", "/lists/a/", cached),
        ],
        baseline=static,
    )
    header, _, static_row, cached_row = table.splitlines()
    assert header.split()[:3] == ["target", "requests/s", "p50"]
    assert static_row.split()[-2:] == ["1.00", "/static/x"]
    assert cached_row.split()[2:] == ["1500.0", "1.0", "12.3", "0", "0", "0.75", "/lists/a/"]


def test_an_unknown_percentile_shows_as_a_dash():
    row = bench.format_table([bench.Measurement("peer", "/", result(10.0, p99_ms=None))], result(0.0))
    assert row.splitlines()[-1].split()[1:4] == ["10.0", "1.0", "-"]


def test_goals_are_met_at_the_shares_of_the_issue_and_not_below():
    static = result(1000.0)
    met = bench.throughput_goals(static, cached=result(900.0), uncached=result(100.0))
    assert [goal.met for goal in met] == [True, True]
    missed = bench.throughput_goals(static, cached=result(899.0), uncached=result(99.0))
    assert [goal.met for goal in missed] == [False, False]
    assert missed[0].measured == "90% of the static copy"


def test_the_cached_page_must_triple_each_peer():
    goals = bench.throughput_goals(
        result(1000.0),
        result(900.0),
        result(100.0),
        peers=[("wagtail-index", result(300.0)), ("wagtail-post", result(310.0))],
    )
    assert [(goal.text, goal.met, goal.measured) for goal in goals[2:]] == [
        ("cached page >= 3x wagtail-index", True, "3.0x (uncached 0.3x)"),
        ("cached page >= 3x wagtail-post", False, "2.9x (uncached 0.3x)"),
    ]


def test_the_load_goal_wants_no_errors_no_timeouts_and_a_short_p99():
    assert bench.load_goal(result(500.0, p99_ms=250.0), 64, 60).met
    assert not bench.load_goal(result(500.0, p99_ms=250.1), 64, 60).met
    assert not bench.load_goal(result(500.0, socket_errors={"timeout": 1}), 64, 60).met
    assert not bench.load_goal(result(500.0, bad_statuses=1), 64, 60).met
    assert not bench.load_goal(result(500.0, p99_ms=None), 64, 60).met


def test_goals_read_as_met_or_not_met():
    lines = bench.format_goals([bench.Goal("a", True, "1"), bench.Goal("b", False, "2")]).splitlines()
    assert lines == ["[met] a: 1", "[NOT met] b: 2"]


def test_the_report_ends_with_the_load_average_before_and_after():
    static = result(1000.0)
    report = bench.Report(
        load_before="0.10 0.20 0.30", load_after="0.40 0.50 0.60", warnings=["with 'br' it differs"]
    )
    report.measurements.append(bench.Measurement("static copy", "/s", static))
    report.goals.append(bench.Goal("goal", True, "ok"))
    lines = bench.format_report(report).splitlines()
    assert "[met] goal: ok" in lines
    assert "Warning: the static copy differs: with 'br' it differs" in lines
    assert lines[-2:] == [
        "Load average at the start: 0.10 0.20 0.30",
        "Load average at the end:   0.40 0.50 0.60",
    ]


def test_load_average_names_its_periods_and_the_cpus():
    assert bench.format_load_average((1.5, 0.25, 0.125), 2) == "1.50 0.25 0.12 (1, 5, 15 min) on 2 CPUs"


# Servers


def scratch(tmp_path=Path("/tmp/kb-throughput-test")):
    return bench.ScratchSite(tmp_path, 8123, "sqlite:////tmp/kb-throughput-test/db.sqlite3")


def test_servers_get_production_settings_and_none_of_the_callers_own(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@elsewhere/real")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere/0")
    site = scratch()
    environment = bench.server_environment(site, page_cache=True, cache="redis://127.0.0.1:6379/11")
    assert environment["DJANGO_SETTINGS_MODULE"] == "kballads.settings.production"
    assert "DJANGO_DEBUG" not in environment
    assert environment["DATABASE_URL"] == site.database_url
    assert environment["DJANGO_STATIC_ROOT"] == "/tmp/kb-throughput-test/static"
    assert environment["DJANGO_SECURE_SSL_REDIRECT"] == "0"
    assert "127.0.0.1" in environment["DJANGO_ALLOWED_HOSTS"].split(",")
    assert environment["DJANGO_PAGE_CACHE"] == "1"
    assert environment["REDIS_URL"] == "redis://127.0.0.1:6379/11"
    assert environment["DJANGO_CACHE_KEY_PREFIX"] == site.cache_prefix


def test_without_redis_servers_use_their_own_memory_and_can_turn_the_cache_off(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere/0")
    environment = bench.server_environment(scratch(), page_cache=False, cache="locmem")
    assert "REDIS_URL" not in environment
    assert environment["DJANGO_PAGE_CACHE"] == "0"


def test_each_run_has_its_own_secret_and_cache_prefix():
    first, second = scratch(), scratch()
    assert first.secret_key != second.secret_key
    assert first.cache_prefix != second.cache_prefix


def test_the_static_copy_is_served_under_static_url():
    assert scratch().static_copy_url == f"http://127.0.0.1:8123/static/{bench.STATIC_COPY}"
    assert bench.sqlite_url(Path("/tmp/x")) == "sqlite:////tmp/x/db.sqlite3"


def test_gunicorn_runs_two_sync_workers_on_the_port():
    command = bench.gunicorn_command(8123)
    assert command[1:4] == ["-m", "gunicorn", "kballads.wsgi:application"]
    assert {"--workers=2", "--worker-class=sync", "--bind=127.0.0.1:8123"} <= set(command)


def test_a_free_port_can_be_bound():
    port = bench.free_port()
    with socket.socket() as listener:
        listener.bind((bench.HOST, port))


def test_nothing_listening_does_not_answer():
    assert bench.answers(f"http://127.0.0.1:{bench.free_port()}/") is False


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_waiting_ends_when_the_server_answers():
    clock, replies = FakeClock(), iter([False, False, True])
    bench.wait_until_ready(lambda: next(replies), lambda: True, clock=clock, sleep=clock.sleep)
    assert clock.now == pytest.approx(0.4)


def test_waiting_fails_when_the_server_stops():
    clock = FakeClock()
    with pytest.raises(bench.BenchmarkError, match="stopped"):
        bench.wait_until_ready(lambda: False, lambda: False, clock=clock, sleep=clock.sleep)


def test_waiting_fails_after_the_deadline():
    clock = FakeClock()
    with pytest.raises(bench.BenchmarkError, match="within 5 s"):
        bench.wait_until_ready(
            lambda: False, lambda: True, deadline_seconds=5, clock=clock, sleep=clock.sleep
        )
    assert clock.now == pytest.approx(5.0)


def test_a_static_copy_with_other_bytes_is_reported():
    pages = {
        ("/page", "identity"): ({}, b"<html>"),
        ("/copy", "identity"): ({}, b"<html>"),
        ("/page", "gzip, br"): ({"Content-Encoding": "br"}, b"br-bytes"),
        ("/copy", "gzip, br"): ({"Content-Encoding": "gzip"}, b"gz-bytes!"),
    }

    def fake_fetch(url, headers):
        page_headers, body = pages[url, headers["Accept-Encoding"]]
        return 200, page_headers, body

    with mock.patch.object(bench, "fetch", fake_fetch):
        problems = bench.check_same_bytes("/page", "/copy")
    assert problems == ["with Accept-Encoding 'gzip, br' the page is 8 bytes (br), its copy 9 bytes (gzip)"]


def test_scaled_size_shrinks_the_catalog_and_keeps_one_of_each():
    assert scaled_size(1.0) == CatalogSize()
    tenth = scaled_size(0.1)
    assert (tenth.songs, tenth.lists, tenth.prolific_artist_songs) == (10_000, 500, (300, 200, 100))
    assert scaled_size(0.000001).artists == 1


def test_stopping_a_server_ends_its_whole_session():
    sleeper = subprocess.Popen(["sleep", "30"], start_new_session=True)
    bench.stop(sleeper, grace_seconds=5)
    assert sleeper.poll() is not None
    bench.stop(sleeper)  # a process that has ended already is left alone


def test_a_failing_wrk_is_an_error_and_a_finished_one_is_read():
    finished = subprocess.CompletedProcess([], 0, stdout=CLEAN_RUN, stderr="")
    with mock.patch("subprocess.run", return_value=finished) as run:
        assert bench.run_wrk("http://127.0.0.1:1/", 8, 5, 2).requests_per_second == 930.01
    assert run.call_args.args[0][-1] == "http://127.0.0.1:1/"
    failed = subprocess.CompletedProcess([], 1, stdout="", stderr="unable to connect")
    with (
        mock.patch("subprocess.run", return_value=failed),
        pytest.raises(bench.BenchmarkError, match="unable"),
    ):
        bench.run_wrk("http://127.0.0.1:1/", 8, 5, 2)


# The scratch site


@pytest.mark.django_db
def test_the_default_page_is_the_longest_published_list():
    songs = [make_song() for _ in range(3)]
    make_list(entries=songs[:1])
    longest = make_list(entries=songs)
    make_list(entries=songs + [make_song()], status=ListArticle.Status.DRAFT)
    assert bench.longest_list_path() == longest.get_absolute_url()


@pytest.mark.django_db
def test_without_a_published_list_there_is_no_page_to_measure():
    with pytest.raises(bench.BenchmarkError, match="no published list"):
        bench.longest_list_path()


@pytest.mark.django_db
def test_the_static_copy_is_the_page_plain_and_in_the_sites_own_brotli(tmp_path, client):
    article = make_list(entries=[make_song() for _ in range(3)])
    target = tmp_path / bench.STATIC_COPY
    sizes = bench.write_static_copy("localhost", article.get_absolute_url(), target)
    page = client.get(
        article.get_absolute_url(), headers={"Accept-Encoding": "identity"}, HTTP_HOST="localhost"
    )
    assert target.read_bytes() == page.content
    assert brotli.decompress(Path(f"{target}.br").read_bytes()) == page.content
    assert gzip.decompress(Path(f"{target}.gz").read_bytes()) == page.content
    assert sizes["identity"] == len(page.content) > sizes["br"]


@pytest.mark.django_db
def test_a_page_that_does_not_answer_200_has_no_static_copy(tmp_path):
    with pytest.raises(bench.BenchmarkError, match="answered 404"):
        bench.write_static_copy("localhost", "/lists/no-such-list/", tmp_path / bench.STATIC_COPY)


def test_everything_the_scratch_site_made_is_removed_when_a_step_fails():
    made = {}

    def failing_collectstatic(environment, *arguments):
        made["folder"] = Path(environment["DJANGO_STATIC_ROOT"]).parent
        assert made["folder"].is_dir()
        raise bench.BenchmarkError("collectstatic failed")

    options = bench.Options(database_url="postgres://postgres@127.0.0.1:5432/kb_throughput_test")
    with (
        mock.patch.object(bench, "create_database") as create,
        mock.patch.object(bench, "drop_database") as drop,
        mock.patch.object(bench, "check_redis"),
        mock.patch.object(bench, "forget_cache_keys") as forget,
        mock.patch.object(bench, "run_manage", failing_collectstatic),
        pytest.raises(bench.BenchmarkError, match="collectstatic failed"),
        bench.scratch_site(options, say=lambda step: None),
    ):
        pass  # pragma: no cover - the site is never ready
    create.assert_called_once_with(options.database_url)
    drop.assert_called_once_with(options.database_url)
    assert forget.call_args.args[0] == options.cache
    assert not made["folder"].exists()


def test_a_run_measures_each_target_and_judges_the_goals():
    site = scratch()
    site.path = "/lists/longest/"
    rates = {
        site.static_copy_url: 1000.0,
        site.url(site.path): 950.0,
        "http://peer/": 100.0,
    }
    servers = []

    def fake_wrk(url, connections, duration, threads, timeout=None):
        rate = rates[url] / 20 if servers[-1]["DJANGO_PAGE_CACHE"] == "0" and "lists" in url else rates[url]
        return result(rate, p99_ms=300.0 if timeout else 10.0)

    @contextmanager
    def fake_gunicorn(site, environment, ready_url):
        servers.append(environment)
        yield

    options = bench.Options(duration=1, load_duration=1, peers=(("peer", "http://peer/"),))
    with (
        mock.patch.object(bench, "require_wrk"),
        mock.patch.object(bench, "scratch_site", return_value=nullcontext(site)),
        mock.patch.object(bench, "running_gunicorn", fake_gunicorn),
        mock.patch.object(bench, "check_same_bytes", return_value=[]),
        mock.patch.object(bench, "warm_up"),
        mock.patch.object(bench, "run_wrk", fake_wrk),
    ):
        report = bench.run_benchmark(options, say=lambda step: None)
    assert [server["DJANGO_PAGE_CACHE"] for server in servers] == ["1", "0"]
    assert [m.target for m in report.measurements] == [
        "static copy",
        "page, cached",
        "load, 64 conn",
        "page, uncached",
        "peer",
    ]
    assert [goal.met for goal in report.goals] == [True, False, True, False]
    assert report.goals[3].text.startswith("64 connections")

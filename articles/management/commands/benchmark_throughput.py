"""Requests per second of the longest list page under gunicorn, beside a static copy of it (issue 9)."""

import argparse

from django.core.management.base import BaseCommand, CommandError

from articles.throughput_benchmark import BenchmarkError, Options, format_report, parse_peer, run_benchmark


def peer(text):
    try:
        return parse_peer(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


class Command(BaseCommand):
    help = (
        "Serve a scratch copy of the site with gunicorn (production settings, 2 sync workers) and "
        "measure with wrk the longest list page, cached and uncached, against the same bytes served "
        "as a static file by WhiteNoise; then a load test, and other servers given with --peer. "
        "Prints a table and issue 9's goals, and removes everything it made. Needs wrk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            help="Use the synthetic catalog at this fraction of its full size (e.g. 0.1).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the synthetic catalog.")
        parser.add_argument(
            "--database-url",
            default="",
            help="A PostgreSQL database to create and drop, e.g. "
            "postgres://postgres@127.0.0.1:5432/kb_throughput (default: SQLite in a temporary folder).",
        )
        parser.add_argument(
            "--cache",
            default="redis://127.0.0.1:6379/11",
            help="Redis URL of the page cache (keys under a prefix of the run's own), or 'locmem'.",
        )
        parser.add_argument(
            "--path", default="", help="The page to measure (default: the longest published list)."
        )
        parser.add_argument(
            "--connections", type=int, default=8, help="wrk connections for each measurement."
        )
        parser.add_argument("--duration", type=int, default=10, help="Seconds for each measurement.")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--load-connections", type=int, default=64, help="Connections of the load test.")
        parser.add_argument(
            "--load-duration",
            type=int,
            default=60,
            help="Seconds of the load test on the cached page (0 skips it).",
        )
        parser.add_argument(
            "--peer",
            dest="peers",
            type=peer,
            action="append",
            default=[],
            metavar="NAME=URL",
            help="Also measure this page of another server (repeatable), e.g. "
            "wagtail-post=http://127.0.0.1:8100/blog/post/.",
        )

    def handle(self, *args, **options):
        chosen = Options(
            scale=options["scale"],
            seed=options["seed"],
            database_url=options["database_url"],
            cache=options["cache"],
            path=options["path"],
            connections=options["connections"],
            duration=options["duration"],
            threads=options["threads"],
            load_connections=options["load_connections"],
            load_duration=options["load_duration"],
            peers=tuple(options["peers"]),
        )
        try:
            report = run_benchmark(chosen, self.show_step)
        except BenchmarkError as error:
            raise CommandError(f"{error}\nEverything the benchmark made is removed.") from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted. Everything the benchmark made is removed.") from None
        self.stdout.write("")
        self.stdout.write(format_report(report))
        self.stdout.write(
            self.style.SUCCESS("Done: the scratch site, its database and cache keys are removed.")
        )

    def show_step(self, step):
        self.stdout.write(f"  {step}")
        self.stdout.flush()

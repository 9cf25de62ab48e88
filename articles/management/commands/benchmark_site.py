"""Measure every kind of public page on a synthetic catalog of 100,000 songs, then roll it back."""

from django.core.management.base import BaseCommand

from articles.site_benchmark import (
    benchmark_client,
    forget_cached_pages,
    format_table,
    measure_page,
    page_urls,
    profile_cold_path,
)
from articles.synthetic_catalog import committed_synthetic_catalog, scaled_size, synthetic_catalog


class Command(BaseCommand):
    help = (
        "Build the synthetic catalog (100,000 songs, 20,000 artists, 10,000 albums, 5,000 lists by "
        "default) in the current database, print for every kind of public page its queries, median "
        "server time with the page cache off and on, and size; then roll everything back (or, with "
        "--committed, drop the scratch database it was built in)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full size (e.g. 0.1).")
        parser.add_argument("--runs", type=int, default=7, help="Requests timed for each median.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--profile", metavar="KIND", help="Also profile the cold path of this page kind (pyinstrument)."
        )
        parser.add_argument(
            "--committed",
            action="store_true",
            help="Build the catalog committed and vacuumed in a scratch database (dropped at the end) "
            "instead of a transaction rolled back: tables as production's are, which PostgreSQL reads "
            "faster (index-only scans).",
        )

    def handle(self, *args, scale, runs, seed, profile, committed, **options):
        size = scaled_size(scale)
        where = "in a scratch database" if committed else "in a transaction"
        self.stdout.write(
            f"Building {size.songs:,} songs, {size.artists:,} artists, {size.lists:,} lists {where}…"
        )
        catalog_for_benchmark = committed_synthetic_catalog if committed else synthetic_catalog
        with catalog_for_benchmark(size, seed=seed, progress=self.show_step) as catalog:
            self.stdout.write("")
            forget_cached_pages()
            client, urls = benchmark_client(), page_urls(catalog)
            timings = []
            for kind, url in urls:
                self.stdout.write(f"  measuring {kind}…")
                timings.append(measure_page(client, kind, url, runs))
            self.stdout.write(format_table(timings))
            if profile:
                self.stdout.write(profile_cold_path(client, dict(urls)[profile]))
            forget_cached_pages()
        done = "Dropped the scratch database" if committed else "Rolled back"
        self.stdout.write(self.style.SUCCESS(f"{done}: the database is as it was."))

    def show_step(self, step):
        self.stdout.write(f"  {step}…", ending=" ")
        self.stdout.flush()

"""Measure search on a synthetic catalog: rebuild time, then /search/ and /search/suggest/ timings."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from articles.search_benchmark import benchmark_queries, measure, quality_table, table
from articles.search_index import rebuild
from articles.synthetic_catalog import CatalogSize, synthetic_catalog


class Command(BaseCommand):
    help = (
        "Build a synthetic catalog (100,000 songs, 20,000 artists, 10,000 albums, 5,000 lists by default) "
        "inside a transaction, build the search table, time a few hundred realistic queries against "
        "/search/ and /search/suggest/, print p50/p95/p99 and query counts, then roll everything back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--songs", type=int, default=100_000)
        parser.add_argument("--artists", type=int, default=20_000)
        parser.add_argument("--albums", type=int, default=10_000)
        parser.add_argument("--lists", type=int, default=5_000)
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, songs, artists, albums, lists, queries, seed, **options):
        size = CatalogSize(songs=songs, artists=artists, albums=albums, lists=lists)
        self.stdout.write(f"Database: {connection.vendor}. Building the synthetic catalog…")
        started = time.perf_counter()
        with synthetic_catalog(size, seed=seed, progress=self.step) as catalog:
            self.stdout.write(f"Catalog built in {time.perf_counter() - started:.1f} s.")
            started = time.perf_counter()
            counts = rebuild(progress=self.rebuilt)
            seconds = time.perf_counter() - started
            entries = sum(entry_count for entry_count, _ in counts.values())
            keys = sum(key_count for _, key_count in counts.values())
            self.stdout.write(f"Search table rebuilt in {seconds:.1f} s: {entries:,} entries, {keys:,} keys.")
            asked = benchmark_queries(catalog, count=queries, seed=seed)
            results = [measure(asked, "/search/"), measure(asked, "/search/suggest/")]
            self.stdout.write(table(results))
            self.stdout.write(quality_table(results[1]))
        self.stdout.write(self.style.SUCCESS("Rolled back: the database is as it was."))

    def step(self, name):
        self.stdout.write(f"  {name}…")

    def rebuilt(self, kind, done, total):
        if done == total or done % 20_000 == 0:
            self.stdout.write(f"  indexed {done:,}/{total:,} {kind}s")

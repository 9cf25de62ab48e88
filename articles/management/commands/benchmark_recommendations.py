"""Measure recommendations on a synthetic catalog: full rebuild, incremental refreshes, page times."""

import os
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from articles import refresh as refresh_signals
from articles.models import ListArticle, ListEntry, SimilarSong
from articles.recommendations import refresh
from articles.site_benchmark import benchmark_client, measure_page
from articles.synthetic_catalog import CatalogSize, synthetic_catalog
from songs.models import Song, Theme


class Command(BaseCommand):
    help = (
        "Build a synthetic catalog (100,000 songs and 5,000 lists by default), rebuild every song's "
        "recommendations, publish and unpublish a list, time the song page and /discover/, print a table "
        "and roll everything back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--songs", type=int, default=100_000)
        parser.add_argument("--artists", type=int, default=20_000)
        parser.add_argument("--albums", type=int, default=10_000)
        parser.add_argument("--lists", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--repeat", type=int, default=5, help="Requests per page measured (median shown)."
        )

    def handle(self, *args, songs, artists, albums, lists, seed, repeat, **options):
        size = CatalogSize(songs=songs, artists=artists, albums=albums, lists=lists)
        rows = []
        started = time.perf_counter()
        with synthetic_catalog(size, seed=seed, progress=self.progress) as catalog:
            self.stdout.write(f"Catalog built in {time.perf_counter() - started:.1f} s; measuring…")
            self.analyze()
            cpu = time.process_time()
            report = refresh(
                progress=lambda done, total: self.stdout.write(f"  scored {done:,} of {total:,}…")
            )
            cpu = time.process_time() - cpu
            self.stdout.write(f"  full rebuild: {report.seconds:.1f} s")
            rows.append(
                (
                    "full rebuild",
                    report.seconds,
                    f"{report.links:,} links for {report.songs:,} songs; {cpu:.1f} s of this process's CPU",
                )
            )
            rows.append(("  loading the catalog", report.load_seconds, ""))
            rows.append(("  scoring", report.score_seconds, ""))
            rows.append(("  writing", report.write_seconds, ""))
            rows += self.measure_list_changes(catalog)
            rows += self.measure_pages(catalog, repeat)
        self.print_table(size, rows)
        self.stdout.write("Rolled back: the database is as it was.")

    def analyze(self):
        """Give PostgreSQL's planner statistics on the fresh rows, as autovacuum would on real data:
        without them it plans per-song subqueries as scans of tables it thinks are empty."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def progress(self, step):
        self.stdout.write(f"  building {step}…")

    def measure_list_changes(self, catalog):
        article = ListArticle.objects.get(pk=catalog.draft_list_ids[0])
        rows = []
        for label, status in [("publish one list", "published"), ("unpublish it", "draft")]:
            started, cpu = time.perf_counter(), time.process_time()
            article.status = status
            article.published_at = timezone.now() if status == "published" else None
            article.save()
            refresh_signals.flush()  # What the commit would run; the benchmark's transaction never commits.
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            notes = f"{article.entries.count()} songs refreshed; {cpu:.2f} s CPU"
            rows.append((f"incremental: {label}", seconds, notes))
            self.stdout.write(f"  incremental {label}: {seconds:.2f} s")
        return rows

    def measure_pages(self, catalog, repeat):
        client = benchmark_client()
        busiest = ListEntry.objects.values("song_id").annotate(lists=Count("pk")).order_by("-lists").first()
        song = Song.objects.get(pk=busiest["song_id"])
        quiet = Song.objects.exclude(list_entries__isnull=False).filter(similar_links__isnull=False).first()
        themes = list(Theme.objects.order_by("pk").values_list("slug", flat=True)[:2])
        discover = reverse("articles:discover")
        pages = [
            (f"song page (in {busiest['lists']} lists)", song.get_absolute_url()),
            ("song page (in no list)", quiet.get_absolute_url()),
            ("home page (Discover presets)", reverse("articles:home")),
            ("/discover/", discover),
            ("/discover/ mood + voice", f"{discover}?mood={themes[0]}&voice=female"),
            (
                "/discover/ all filters, most listed",
                f"{discover}?mood={themes[0]}&mood={themes[1]}&voice=male&era=2010s&ost=no&sort=listed",
            ),
            ("/discover/ page 5, newest", f"{discover}?sort=newest&page=5"),
        ]
        rows = []
        for label, url in pages:
            timing = measure_page(client, label, url, repeat)
            kept, cached = f"{timing.kept_ms:.1f}", f"{timing.cached_ms:.2f}"
            notes = f"{timing.queries} queries; kept counts {kept} ms, cached {cached} ms"
            rows.append((label, timing.cold_ms / 1000, notes))
            self.stdout.write(f"  {label}: {rows[-1][1]:.3f} s")
        return rows

    def print_table(self, size, rows):
        self.stdout.write("")
        self.stdout.write(
            f"Recommendations at {size.songs:,} songs, {size.artists:,} artists, {size.lists:,} lists "
            f"({connection.vendor}); {SimilarSong._meta.verbose_name} links rolled back after:"
        )
        self.stdout.write(
            "Seconds are wall-clock (for pages: the median, page cache off, nothing kept); CPU is "
            "this process's alone, which tells the cost apart from waiting on a busy machine "
            f"(load average {os.getloadavg()[0]:.1f})."
        )
        self.stdout.write(f"| {'what':<40} | {'seconds':>8} | notes")
        self.stdout.write(f"| {'-' * 40} | {'-' * 8} | -----")
        for label, seconds, notes in rows:
            self.stdout.write(f"| {label:<40} | {seconds:>8.3f} | {notes}")

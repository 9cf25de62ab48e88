"""Measure playlist import: a synthetic cumulative archive of N rows, imported twice."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.playlist_import import import_playlist
from songs.playlist import format_playlist
from songs.synthetic import synthetic_playlist


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Generate a synthetic cumulative playlist archive of N rows and report seconds and queries for "
        "its first import and its re-import (with a draft list). Everything is rolled back afterwards, "
        "unless --keep is given; --write FILE only writes the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("rows", type=int, nargs="?", default=1500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--write", metavar="FILE", help="Write the archive to FILE and stop.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the imported data instead of rolling back."
        )

    def handle(self, *args, rows, seed, write, keep, **options):
        text = format_playlist(synthetic_playlist(rows, seed))
        if write:
            Path(write).write_text(text, encoding="utf-8")
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {rows} rows to {write} ({len(text.encode()):,} bytes).")
            )
            return
        try:
            with transaction.atomic():
                for label in ["first import", "re-import"]:
                    self.measure(label, text)
                if not keep:
                    raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: the database is as it was.")

    def measure(self, label, text):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = import_playlist(text, list_slug="benchmark-import")
            seconds = time.perf_counter() - started
        songs = report.counts
        self.stdout.write(
            f"{label}: {seconds:.2f} s, {len(queries)} queries "
            f"(songs {songs[('songs', 'created')]} created / {songs[('songs', 'unchanged')]} unchanged, "
            f"{len(report.possible_duplicates)} possible duplicates)"
        )

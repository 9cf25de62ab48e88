"""Measure playlist import: a synthetic archive of many files, imported into the catalog twice."""

import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from articles.playlist_import import import_files
from articles.site_benchmark import QueryCounter
from songs.models import Song
from songs.synthetic import ArchiveSize, synthetic_archive


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Generate a synthetic playlist archive (by default 100,000 cumulative rows over 300 files, 60,000 "
        "distinct tracks, 30,000 artists, every third file in the older unescaped format), import the "
        "folder and import it again, and print seconds, rows per second, queries and memory. Everything "
        "is rolled back afterwards unless --keep is given; --write DIR only writes the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("rows", type=int, nargs="?", default=100_000)
        parser.add_argument("--files", type=int, default=300)
        parser.add_argument("--tracks", type=int, help="Distinct tracks (default: 60%% of the rows).")
        parser.add_argument("--artists", type=int, help="Distinct artists (default: half the tracks).")
        parser.add_argument(
            "--list", dest="list_slug", default="", metavar="SLUG", help="Also fill a draft list."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--write", metavar="DIR", help="Write the archive's files to DIR and stop.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the imported data instead of rolling back."
        )

    def handle(self, *args, rows, files, tracks, artists, list_slug, seed, write, keep, **options):
        size = archive_size(rows, files, tracks, artists)
        if write:
            self.write_archive(size, seed, Path(write))
            return
        with tempfile.TemporaryDirectory(prefix="kballads-benchmark-") as folder:
            paths = self.write_archive(size, seed, Path(folder))
            self.stdout.write(
                f"Database: {connection.vendor}; the catalog holds {Song.objects.count():,} songs before.\n"
            )
            self.stdout.write(
                "| run | seconds | rows/s | CPU s of this process | queries "
                "| songs created / updated / unchanged | notes | RSS MB after ¼, ½, ¾, all files |"
            )
            self.stdout.write("|---|---:|---:|---:|---:|---|---:|---|")
            try:
                with transaction.atomic():
                    for label in ["first import", "re-import"]:
                        self.measure(label, paths, size.rows, list_slug)
                    if not keep:
                        raise Rollback
            except Rollback:
                pass
        self.stdout.write(f"\nPeak memory (RSS) of the process: {peak_rss_mb():.0f} MB.")
        self.stdout.write(
            "Seconds are wall-clock time; the CPU column is this process's own time (on SQLite it includes "
            "the database, on PostgreSQL the server works in its own process). On a shared machine the "
            "difference is time spent waiting for a core."
        )
        self.stdout.write("Kept the imported data." if keep else "Rolled back: the database is as it was.")

    def write_archive(self, size, seed, folder):
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths, total_bytes = [], 0
        for name, text in synthetic_archive(size, seed):
            path = folder / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            total_bytes += path.stat().st_size
        unescaped = size.files // size.unescaped_every
        self.stdout.write(
            f"Synthetic archive in {folder}: {size.files:,} files ({unescaped:,} in the older unescaped "
            f"format), {size.rows:,} rows, {size.tracks:,} distinct tracks, {size.artists:,} artists, "
            f"{-(-size.tracks // 3):,} albums, {total_bytes / 1_000_000:.1f} MB; written in "
            f"{time.perf_counter() - started:.1f} s (peak RSS so far {peak_rss_mb():.0f} MB)."
        )
        return paths

    def measure(self, label, paths, rows, list_slug):
        counter = QueryCounter()
        checkpoints = {len(paths) * quarter // 4 for quarter in range(1, 5)}
        done, memory = [], []

        def on_file(outcome):
            if outcome.refusal:
                raise CommandError(f"{outcome.name} was refused: {outcome.refusal}")
            done.append(outcome.name)
            if len(done) in checkpoints:
                memory.append(current_rss_mb())

        sources = [(path.name, lambda path=path: path.read_text(encoding="utf-8")) for path in paths]
        with connection.execute_wrapper(counter):
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = import_files(sources, list_slug=list_slug, on_file=on_file, one_transaction=True)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        counts = summary.total.counts
        songs = " / ".join(
            f"{counts[('songs', outcome)]:,}" for outcome in ["created", "updated", "unchanged"]
        )
        cells = [
            label,
            f"{seconds:.1f}",
            f"{rows / seconds:,.0f}",
            f"{cpu_seconds:.1f}",
            f"{counter.count:,}",
        ]
        cells += [songs, str(len(summary.notes())), ", ".join(f"{mb:.0f}" for mb in memory)]
        self.stdout.write(f"| {' | '.join(cells)} |")


def archive_size(rows, files, tracks, artists):
    if rows < 1 or files < 1:
        raise CommandError("Give at least one row and one file.")
    tracks = tracks or (rows if files == 1 else max(rows * 3 // 5, 1))
    artists = artists or max(tracks // 2, 1)
    if not files <= tracks <= rows or tracks < rows / files or artists > tracks:
        raise CommandError(
            "Need files ≤ tracks ≤ rows, at least rows ÷ files distinct tracks (no file repeats a track), "
            "and no more artists than tracks."
        )
    return ArchiveSize(rows=rows, tracks=tracks, artists=artists, files=files)


def current_rss_mb():
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return pages * resource.getpagesize() / 1_000_000


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000

"""Rebuild the search table from the catalog and the published lists."""

import time

from django.core.management.base import BaseCommand

from articles.search_index import rebuild


class Command(BaseCommand):
    help = (
        "Rewrite the search table from scratch: every artist, song, album, drama, theme and published "
        "list. Saves keep it in step; run this after bulk writes that bypass them (loaddata, raw SQL)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = rebuild(progress=self.progress)
        for kind, (entries, keys) in counts.items():
            self.stdout.write(f"{entries} {kind}s, {keys} keys")
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt in {seconds:.1f} s."))

    def progress(self, kind, done, total):
        if self.stdout.isatty():
            self.stdout.write(f"\r  {kind}s: {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")

from django.core.management.base import BaseCommand

from articles.demo import load_demo_lists
from articles.recommendations import refresh
from articles.search_index import rebuild as rebuild_search_index
from songs.demo import load_demo_catalog


class Command(BaseCommand):
    help = "Load the demo catalog and lists from fixtures/. Safe to run again: a second run changes nothing."

    def handle(self, *args, **options):
        counts = load_demo_catalog() + load_demo_lists()
        if not counts:
            self.stdout.write(self.style.SUCCESS("Demo data is already loaded; nothing changed."))
            return
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        # The loaders write credits and memberships in bulk, without signals.
        rebuild_search_index()
        report = refresh()
        self.stdout.write(f"Recommendations rebuilt: {report.links} for {report.with_recommendations} songs.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

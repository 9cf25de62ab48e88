from django.core.management.base import BaseCommand

from articles.recommendations import refresh, refresh_due_lists


class Command(BaseCommand):
    help = (
        "Recompute every song's similar songs from the catalog and the published lists, and report what "
        "was written. --due refreshes only the songs of scheduled lists whose time has come (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--due", action="store_true", help="Only refresh scheduled lists that went public."
        )
        parser.add_argument("--dry-run", action="store_true", help="Score everything but write nothing.")

    def handle(self, *args, due, dry_run, **options):
        if due:
            count = refresh_due_lists()
            self.stdout.write(
                self.style.SUCCESS(f"Refreshed the songs of {count} scheduled list(s) now public.")
            )
            return
        report = refresh(dry_run=dry_run, progress=self.show_progress)
        self.stdout.write(
            f"{report.songs} songs scored: {report.with_recommendations} with recommendations "
            f"({report.links} links, {report.links / max(report.with_recommendations, 1):.1f} per song), "
            f"{report.without_recommendations} without any evidence."
        )
        self.stdout.write(
            f"Loading {report.load_seconds:.1f} s, scoring {report.score_seconds:.1f} s, "
            f"writing {report.write_seconds:.1f} s."
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Recommendations rebuilt in {report.seconds:.1f} s."))

    def show_progress(self, done, total):
        if self.stdout.isatty():
            self.stdout.write(f"  scored {done:,} of {total:,} songs…")

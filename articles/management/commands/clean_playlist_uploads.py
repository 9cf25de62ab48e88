from django.core.management.base import BaseCommand

from articles.playlist_uploads import UPLOAD_LIFETIME, delete_expired_uploads, upload_dir


class Command(BaseCommand):
    help = (
        "Delete playlist uploads that were previewed in the admin but never confirmed, once they are "
        "older than a day (for cron; the import page also does it on each upload)."
    )

    def handle(self, *args, **options):
        deleted = delete_expired_uploads()
        hours = UPLOAD_LIFETIME.total_seconds() / 3600
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {deleted} upload file(s) older than {hours:.0f} hours from {upload_dir()}."
            )
        )

"""Import Spotify playlists archived as markdown (spotify-playlist-archive's pretty or cumulative format)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from articles.playlist_import import ImportRefused, import_playlist
from songs.playlist import PlaylistFormatError


class Command(BaseCommand):
    help = (
        "Import playlist markdown files into the catalog without duplicates; each file is one "
        "transaction. Optionally start or update a draft list with the tracks in playlist order."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--list",
            dest="list_slug",
            default="",
            metavar="SLUG",
            help="Also create or update this draft list (never published by an import).",
        )
        parser.add_argument(
            "--theme", default="", metavar="NAME", help="Tag every imported song with this theme."
        )

    def handle(self, *args, files, dry_run, list_slug, theme, **options):
        if list_slug and slugify(list_slug) != list_slug:
            raise CommandError(
                f"--list takes a slug (lowercase letters, digits and hyphens), not {list_slug!r}."
            )
        refused = []
        for path in files:
            try:
                report = import_playlist(read_text(path), list_slug=list_slug, theme=theme, dry_run=dry_run)
            except (PlaylistFormatError, ImportRefused, CommandError) as error:
                self.stderr.write(self.style.ERROR(f"{path}: refused, nothing written: {error}"))
                refused.append(path)
                continue
            heading = f"{path}: dry run, nothing written" if dry_run else f"{path}: imported"
            self.stdout.write(self.style.SUCCESS(heading))
            for line in report.lines():
                self.stdout.write(f"  {line}")
        if refused:
            raise CommandError(f"{len(refused)} of {len(files)} file(s) refused: {', '.join(refused)}")


def read_text(path):
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CommandError("no such file") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"not UTF-8 text (byte {error.start} cannot be read)") from None
    except OSError as error:
        raise CommandError(error.strerror) from None

"""Import Spotify playlists archived as markdown (spotify-playlist-archive's pretty or cumulative format)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from articles.models import ListArticle
from articles.playlist_import import ImportRefused, import_files
from songs.models import Theme

SLUG_MAX_LENGTH = ListArticle._meta.get_field("slug").max_length
THEME_MAX_LENGTH = Theme._meta.get_field("name").max_length


class Command(BaseCommand):
    help = (
        "Import playlist markdown files, or every .md file under a folder, into the catalog without "
        "duplicates; each file is one transaction. Optionally start or update a draft list with the tracks "
        "in playlist order, and tag the songs with a theme."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report exactly what would change; write nothing."
        )
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

    def handle(self, *args, paths, dry_run, list_slug, theme, verbosity, **options):
        if list_slug and (slugify(list_slug) != list_slug or len(list_slug) > SLUG_MAX_LENGTH):
            raise CommandError(
                f"--list takes a slug of up to {SLUG_MAX_LENGTH} lowercase letters, digits and hyphens, "
                f"not {list_slug!r}."
            )
        if len(theme.strip()) > THEME_MAX_LENGTH:
            raise CommandError(f"--theme takes a name of up to {THEME_MAX_LENGTH} characters.")
        sources = playlist_sources(paths)
        self.verbosity, self.dry_run = verbosity, dry_run
        self.progress = ProgressBar(self.stderr, len(sources)) if self.stderr.isatty() else None
        summary = import_files(
            sources, list_slug=list_slug, theme=theme, dry_run=dry_run, on_file=self.report_file
        )
        if self.progress:
            self.progress.clear()
        self.write_summary(summary)
        if summary.refused:
            names = ", ".join(outcome.name for outcome in summary.refused)
            raise CommandError(f"{len(summary.refused)} of {len(summary.outcomes)} file(s) refused: {names}")

    def report_file(self, outcome):
        if self.progress:
            self.progress.clear()
        if outcome.refusal:
            self.stderr.write(
                self.style.ERROR(f"{outcome.name}: refused, nothing written: {outcome.refusal}")
            )
        elif self.verbosity >= 1:
            self.stdout.write(f"{outcome.name}: {describe_file(outcome, self.dry_run)}")
            if self.verbosity >= 2:
                for line in outcome.report.lines():
                    self.stdout.write(f"  {line}")
        if self.progress:
            self.progress.advance(outcome.name)

    def write_summary(self, summary):
        total = summary.total
        imported, refused = len(summary.imported), len(summary.refused)
        if self.dry_run:
            heading = f"Dry run, nothing written: {imported} file(s) would be imported, {refused} refused."
        else:
            heading = f"Imported {imported} file(s), refused {refused}."
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(heading) if not refused else self.style.WARNING(heading))
        self.stdout.write("")
        for line in table([("records", "created", "updated", "unchanged"), *total.rows()]):
            self.stdout.write(line)
        self.stdout.write(f"possible duplicate artists: {len(total.possible_duplicates)}")
        for first, second, reason in total.possible_duplicates:
            self.stdout.write(f"  - {first} / {second}: {reason}")
        if summary.refused:
            self.stdout.write("")
            self.stdout.write(f"Refused, nothing written from them ({refused}):")
            for outcome in summary.refused:
                self.stdout.write(f"  {outcome.name}: {outcome.refusal}")
        notes = summary.notes()
        if notes:
            self.stdout.write("")
            self.stdout.write(f"Notes ({len(notes)}):")
            for name, note in notes:
                self.stdout.write(f"  {name} {note}")


def describe_file(outcome, dry_run):
    created, updated, unchanged = outcome.songs()
    verb = "would import" if dry_run else "imported"
    notes = f", {len(outcome.report.notes)} note(s)" if outcome.report.notes else ""
    return f"{verb} {created + updated + unchanged} song(s): {created} new, {updated} updated{notes}"


def table(rows):
    """Rows of cells as aligned text lines: the first column left, the others right."""
    widths = [max(len(str(row[column])) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            str(cell).ljust(width) if column == 0 else str(cell).rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def playlist_sources(paths):
    """``(name, read_text)`` for every file named and every .md file under every folder named."""
    sources, seen = [], set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                found for found in path.rglob("*") if found.suffix.lower() == ".md" and found.is_file()
            )
            if not found:
                sources.append((given, refusal(f"no .md file in the folder {given}")))
            files = found
        elif path.exists():
            files = [path]
        else:
            sources.append((given, refusal("no such file or folder")))
            files = []
        for file in files:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                sources.append((str(file), lambda file=file: read_text(file)))
    return sources


def refusal(message):
    def refuse():
        raise ImportRefused(message)

    return refuse


def read_text(path):
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ImportRefused("no such file") from None
    except UnicodeDecodeError as error:
        raise ImportRefused(f"not UTF-8 text (byte {error.start} cannot be read)") from None
    except OSError as error:
        raise ImportRefused(error.strerror) from None


class ProgressBar:
    """One line on a terminal, redrawn as files finish: a bar, files done of all, the last file."""

    WIDTH = 28

    def __init__(self, stream, total):
        self.stream, self.total, self.done = stream, total, 0

    def advance(self, name):
        self.done += 1
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {name}"[:120], ending="")
        self.stream.flush()

    def clear(self):
        self.stream.write("\r\x1b[2K", ending="")
        self.stream.flush()

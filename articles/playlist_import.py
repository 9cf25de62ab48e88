"""Importing playlist archive files: the catalog, and optionally a draft list.

One file is one transaction: a file that cannot be read is refused before
anything is written. Several files (a folder, a multi-file upload) go through
one ``ImportRun``, which shares what it learns about the catalog between them.
Each file is still its own transaction; a dry run holds all of them in one
transaction rolled back at the end, so every file sees what the files before it
would have written and the dry run reports exactly what the real run will do,
draft list included.

Imports at the same time wait for each other: each file's transaction starts
by taking the import lock (an advisory lock on PostgreSQL; SQLite's write lock,
taken by a first write that changes nothing). A unique-constraint conflict with
any other writer makes the file start again, up to three times.
"""

import sys
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction

from songs.importer import CatalogImport, ImportReport, SlugRegistry
from songs.models import Song
from songs.playlist import PlaylistFormatError, parse_playlist

from . import cache_invalidation, refresh, search_index
from .import_lists import DraftList
from .models import ListArticle

# Any number, the same in every process: the key of PostgreSQL's advisory lock for imports.
IMPORT_LOCK_KEY = 4_210_2026
CONFLICT_ATTEMPTS = 3
# How long an import waits for SQLite's write lock, held by another import, before giving up.
LOCK_WAIT_SECONDS = 15 * 60
# The tables an import fills, whose planner statistics it refreshes as they grow (PostgreSQL).
IMPORTED_TABLES = [
    "songs_song",
    "songs_songcredit",
    "songs_artist",
    "songs_artistalias",
    "songs_album",
    "songs_album_artists",
    "songs_drama",
    "articles_listentry",
]


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


@dataclass
class FileOutcome:
    """One file of a run: its report when imported, or why it was refused."""

    name: str
    report: ImportReport | None = None
    refusal: str = ""

    def songs(self):
        """(created, updated, unchanged) songs of an imported file."""
        return tuple(
            self.report.counts[("songs", outcome)] for outcome in ["created", "updated", "unchanged"]
        )


@dataclass
class RunSummary:
    """Every file of a run, and their reports added up."""

    theme: str = ""
    outcomes: list = field(default_factory=list)
    total: ImportReport = None

    def __post_init__(self):
        self.total = ImportReport(theme=self.theme)

    def add(self, outcome):
        self.outcomes.append(outcome)
        if outcome.report:
            self.total.merge(outcome.report)

    @property
    def imported(self):
        return [outcome for outcome in self.outcomes if outcome.report]

    @property
    def refused(self):
        return [outcome for outcome in self.outcomes if not outcome.report]

    def notes(self):
        """(file name, note) for every note of every imported file, file by file, line by line."""
        return [(outcome.name, note) for outcome in self.imported for note in outcome.report.sorted_notes()]


def import_files(sources, list_slug="", theme="", dry_run=False, on_file=None, one_transaction=False):
    """Import ``(name, read_text)`` pairs one after another; returns a ``RunSummary``.

    ``read_text()`` is called only when its file's turn comes, so files are held
    in memory one at a time. A file that cannot be read or imported is refused on
    its own (``ImportRefused`` from ``read_text`` included); the others go on.
    ``on_file(outcome)`` is told of each file as soon as it is done. ``one_transaction``
    is for callers that hold a transaction around the run (see ``ImportRun``).
    """
    summary = RunSummary(theme=theme.strip())

    def record(outcome):
        summary.add(outcome)
        if on_file:
            on_file(outcome)

    options = {"list_slug": list_slug, "theme": theme, "dry_run": dry_run, "one_transaction": one_transaction}
    sources = iter(sources)
    try:
        with ImportRun(**options) as run:
            for name, read_text in sources:
                try:
                    record(FileOutcome(name, report=run.import_text(read_text())))
                except (PlaylistFormatError, ImportRefused) as error:
                    record(FileOutcome(name, refusal=str(error)))
    except ImportRefused as error:  # the run could not begin: another import holds the lock
        for name, _ in sources:
            record(FileOutcome(name, refusal=str(error)))
    return summary


def import_playlist(text, list_slug="", theme="", dry_run=False):
    """Import playlist markdown ``text``; returns an ``ImportReport``.

    Raises ``PlaylistFormatError`` (naming the line) for a file that cannot be
    read and ``ImportRefused`` when the target list is already published.
    """
    with ImportRun(list_slug=list_slug, theme=theme, dry_run=dry_run) as run:
        return run.import_text(text)


class ImportRun:
    """Files imported one after another with the same options: ``with ImportRun(...) as run:``.

    Normally each file is its own transaction. A dry run, or a run told
    ``one_transaction`` (inside a transaction its caller holds, as the benchmark
    does), puts every file in one transaction instead, without a savepoint a
    file: PostgreSQL slows down on every read once a transaction holds more than
    64 subtransactions that wrote. Files that cannot be read are refused before
    they write anything, so they need no savepoint; if the database refuses a
    write, the rest of the run is refused with it.
    """

    def __init__(self, list_slug="", theme="", dry_run=False, one_transaction=False):
        self.list_slug = list_slug
        self.theme = theme
        self.dry_run = dry_run
        self.one_transaction = one_transaction or dry_run
        self.slugs = SlugRegistry()
        self.draft_list = DraftList(list_slug) if list_slug else None
        self.stopped = ""
        self._outer = None
        self.statistics = PlannerStatistics()
        self.changed_song_ids = set()

    def __enter__(self):
        if self.dry_run:
            self._outer = transaction.atomic()
            self._outer.__enter__()
        try:
            if self.one_transaction:
                self.retry_while_locked(lambda: None)
        except BaseException:
            self.__exit__(*sys.exc_info())  # a failed __enter__ gets no __exit__ from the with statement
            raise
        return self

    def __exit__(self, *exc_info):
        if self._outer is not None:
            transaction.set_rollback(True)
            self._outer.__exit__(*exc_info)
        elif self.changed_song_ids:
            # Once for the whole run: recommending is the slow part of a large import.
            refresh.note(changed_songs=self.changed_song_ids)
        return False

    def import_text(self, text):
        """Import one file's text: its own transaction, or its part of the run's one transaction."""
        playlist = parse_playlist(text)
        if self.list_slug:
            check_list_can_be_updated(self.list_slug)
        if self.one_transaction:
            return self.import_in_the_run_transaction(playlist)
        conflicts = 0
        while True:
            try:
                report, list_order = self.retry_while_locked(lambda: self.import_playlist(playlist))
            except IntegrityError as error:
                conflicts += 1
                if conflicts == CONFLICT_ATTEMPTS:
                    raise ImportRefused(
                        f"Another change to the catalog kept conflicting with this import ({error}); "
                        "nothing was written. Import the file again."
                    ) from None
                self.slugs.reset()
            except DatabaseError as error:
                raise ImportRefused(
                    f"The database refused this file ({error}); nothing was written."
                ) from None
            else:
                self.settle(list_order, report)
                return report

    def import_in_the_run_transaction(self, playlist):
        if self.stopped:
            raise ImportRefused(self.stopped)
        try:
            with transaction.atomic(savepoint=False):
                report, list_order = self.import_playlist(playlist)
        except DatabaseError as error:
            self.stopped = (
                f"not read: an earlier file conflicted with another change to the catalog ({error})"
            )
            raise ImportRefused(
                f"This file conflicted with another change to the catalog ({error}); run it again."
            ) from None
        self.settle(list_order, report)
        return report

    def settle(self, list_order, report):
        """The file's writes are in: the draft list keeps its new order, statistics follow."""
        if self.draft_list:
            self.draft_list.settle(list_order)
        self.statistics.after(report)

    def retry_while_locked(self, work):
        """Run ``work`` in a transaction (a savepoint in a run's one transaction) that first takes the
        import lock, again and again while SQLite says another import holds it."""
        started = time.monotonic()
        while True:
            try:
                with transaction.atomic():
                    wait_for_other_imports()
                    return work()
            except OperationalError as error:
                if not is_lock_timeout(error):
                    raise
                if time.monotonic() - started > LOCK_WAIT_SECONDS:
                    raise ImportRefused(
                        f"Another import has kept the database busy for {LOCK_WAIT_SECONDS // 60} minutes; "
                        "nothing was written. Import the file again when it is done."
                    ) from None
                time.sleep(0.2)

    def import_playlist(self, playlist):
        """The catalog, then the draft list: ``(report, the list's run order after this file)``."""
        catalog = CatalogImport(playlist, self.theme, slugs=self.slugs)
        with search_index.batch():
            report = catalog.run()
            if not self.dry_run:
                self.announce_bulk_writes(catalog.songs, report)
        report.notes[:0] = playlist.notes
        if not self.draft_list:
            return report, []
        list_report, list_order = self.draft_list.sync(playlist, catalog.songs)
        report.merge(list_report)
        return report, list_order

    def announce_bulk_writes(self, songs, report):
        """Tell the page cache, search and recommendations what the import wrote: bulk writes send no
        signals."""
        song_ids = {song.pk for song in songs}
        cache_invalidation.catalog_changed()
        search_index.touch_songs(song_ids)
        if any(count for (_, outcome), count in report.counts.items() if outcome in ("created", "updated")):
            self.changed_song_ids |= song_ids


class PlannerStatistics:
    """Keeps PostgreSQL's planner statistics in step while an import fills the catalog.

    A long import can take tables from empty to tens of thousands of rows before
    autovacuum looks at them (never, inside one transaction). Without
    statistics the planner takes a lookup of a few hundred ids for the whole
    table and reads all of it, file after file; so each time the run has
    doubled what it created, it analyzes the tables it fills (a second or so).
    """

    FIRST = 1000

    def __init__(self):
        self.created = 0
        self.next_refresh = self.FIRST
        self.allowed = connection.vendor == "postgresql"

    def after(self, report):
        self.created += sum(count for (kind, outcome), count in report.counts.items() if outcome == "created")
        if self.allowed and self.created >= self.next_refresh:
            self.next_refresh = 2 * self.created
            self.refresh()

    def refresh(self):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(IMPORTED_TABLES)}")
        except DatabaseError:
            self.allowed = False  # not the tables' owner: autovacuum will do it


def wait_for_other_imports():
    """Inside a transaction, before anything else: wait until no other import is writing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write before any read takes the write lock now; a second import waits here
            # (and is retried) instead of failing when it first writes after reading.
            cursor.execute(f"UPDATE {Song._meta.db_table} SET id = id WHERE 0")


def is_lock_timeout(error):
    return connection.vendor == "sqlite" and "locked" in str(error)


def check_list_can_be_updated(slug):
    article = ListArticle.objects.filter(slug=slug).first()
    if article and article.status != ListArticle.Status.DRAFT:
        raise ImportRefused(
            f"The list “{article.title}” ({slug}) is published. Imports only create or update draft lists: "
            "unpublish it first or import into a new list."
        )

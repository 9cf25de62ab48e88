"""``manage.py benchmark_site`` measures every kind of public page, then leaves the database as it was."""

import io
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from songs.models import Song

pytestmark = pytest.mark.django_db


def test_the_site_benchmark_measures_every_kind_of_page_and_rolls_back():
    before = Song.objects.count()
    out = io.StringIO()
    call_command("benchmark_site", scale=0.002, runs=1, stdout=out)
    lines = out.getvalue().splitlines()
    header = next(number for number, line in enumerate(lines) if line.startswith("page "))
    rows = [line for line in lines[header + 2 :] if line.strip() and not line.startswith("Rolled back")]
    kinds = {line[:30].strip() for line in rows}
    assert {"home", "list (longest)", "artist (most songs)", "discover, commonest theme"} <= kinds
    assert len(rows) == 27
    for row in rows:
        queries, cold, kept, cached, size = row[30:].split()[:5]
        assert int(queries) > 0 and float(cold) > 0 and float(kept) > 0 and float(cached) > 0
        assert float(size) > 0
    assert "Rolled back" in out.getvalue()
    assert Song.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_the_committed_benchmark_builds_in_a_scratch_database_and_drops_it():
    before = Song.objects.count()
    folders_before = set(Path(tempfile.gettempdir()).glob("kb-benchmark-*"))
    out = io.StringIO()
    call_command("benchmark_site", scale=0.002, runs=1, committed=True, stdout=out)
    assert "discover, commonest theme" in out.getvalue()
    assert "Dropped the scratch database: the database is as it was." in out.getvalue()
    assert connection.settings_dict["NAME"] == settings.DATABASES["default"]["NAME"]
    assert Song.objects.count() == before
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%benchmark_scratch"])
            assert cursor.fetchall() == []
    else:
        assert set(Path(tempfile.gettempdir()).glob("kb-benchmark-*")) == folders_before

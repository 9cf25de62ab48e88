"""``manage.py benchmark_site`` measures every kind of public page, then leaves the database as it was."""

import io

import pytest
from django.core.management import call_command

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

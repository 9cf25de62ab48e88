"""Production settings: what the environment may and may not change."""

from tests.helpers import PRODUCTION_SECRETS, settings_under


def test_production_ignores_django_debug():
    shown = settings_under("kballads.settings.production", ["DEBUG"], DJANGO_DEBUG="1", **PRODUCTION_SECRETS)
    assert shown["DEBUG"] is False


def test_local_development_still_follows_django_debug():
    assert settings_under("kballads.settings.local", ["DEBUG"], DJANGO_DEBUG="1")["DEBUG"] is True


def connection_age(settings_module, **env):
    return settings_under(settings_module, ["DATABASES"], **env)["DATABASES"]["default"]["CONN_MAX_AGE"]


def test_production_keeps_database_connections_for_a_minute_unless_told_otherwise():
    assert connection_age("kballads.settings.production", **PRODUCTION_SECRETS) == 60
    assert connection_age("kballads.settings.production", DJANGO_CONN_MAX_AGE="0", **PRODUCTION_SECRETS) == 0
    assert connection_age("kballads.settings.local") == 0


def database_options(**env):
    return settings_under("kballads.settings.local", ["DATABASES"], **env)["DATABASES"]["default"]["OPTIONS"]


def test_postgresql_runs_each_query_without_parallel_workers():
    options = database_options(DATABASE_URL="postgres://kb@db.example/kballads")
    assert options["options"] == "-c max_parallel_workers_per_gather=0"
    assert "options" not in database_options(DATABASE_URL="sqlite:///kb.sqlite3")


def test_the_running_database_has_no_parallel_workers_when_it_is_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        assert connection.settings_dict["OPTIONS"].get("options") is None
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)

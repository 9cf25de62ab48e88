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

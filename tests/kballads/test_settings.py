"""Production settings: what the environment may and may not change."""

from tests.helpers import PRODUCTION_SECRETS, settings_under


def test_production_ignores_django_debug():
    shown = settings_under("kballads.settings.production", ["DEBUG"], DJANGO_DEBUG="1", **PRODUCTION_SECRETS)
    assert shown["DEBUG"] is False


def test_local_development_still_follows_django_debug():
    assert settings_under("kballads.settings.local", ["DEBUG"], DJANGO_DEBUG="1")["DEBUG"] is True

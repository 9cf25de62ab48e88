"""Fixtures shared by every test module, and the run's settings: Hypothesis profile, temporary folders."""

import os
import shutil

import hypothesis
import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from kballads.worker_memory import memory

# A loaded 2-core CI machine makes any example slow now and then: no deadline, and no
# health check that fails a run for slowness alone. Locally a generous deadline still
# catches a property that became really slow. HYPOTHESIS_PROFILE picks one.
hypothesis.settings.register_profile(
    "ci", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow], print_blob=True
)
hypothesis.settings.register_profile("dev", deadline=2000)
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(scope="session", autouse=True)
def run_folders(tmp_path_factory):
    """Uploaded media and waiting playlist uploads in this run's own temporary folder, removed at the end."""
    media, uploads = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("playlist-uploads")
    with override_settings(MEDIA_ROOT=media, PLAYLIST_UPLOAD_DIR=str(uploads)):
        yield
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(uploads, ignore_errors=True)


@pytest.fixture
def editor(django_user_model):
    """A staff account in the Editors group, not a superuser."""
    user = django_user_model.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: this run's keys only, never another's."""
    clear_this_runs_cache()
    yield
    clear_this_runs_cache()


def clear_this_runs_cache():
    memory.forget_all()
    # The backend itself: ``django.core.cache.cache`` is a proxy that is never a RedisCache,
    # and clearing a Redis cache would flush the whole database, other runs' keys too.
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        backend.clear()

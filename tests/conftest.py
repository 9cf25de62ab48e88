"""Fixtures shared by every test module."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from kballads.worker_memory import memory


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

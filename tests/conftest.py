"""Fixtures shared by every test module."""

import pytest
from django.contrib.auth.models import Group


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

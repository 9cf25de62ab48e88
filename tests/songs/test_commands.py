"""create_editor and the settings that guard production."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def create_editor(monkeypatch, answers, *args):
    replies = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))
    out, err = StringIO(), StringIO()
    call_command("create_editor", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_editor_asks_for_the_password_and_joins_the_editors_group(monkeypatch):
    out, _ = create_editor(
        monkeypatch, ["winter-snow-ballad", "winter-snow-ballad"], "mina", "--email", "m@x.org"
    )
    user = User.objects.get(username="mina")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.check_password("winter-snow-ballad")
    assert "Editor 'mina' created" in out


def test_create_editor_retries_mismatched_and_weak_passwords(monkeypatch):
    answers = [
        "one-password-here",
        "another-one-here",
        "123",
        "123",
        "good-long-passphrase",
        "good-long-passphrase",
    ]
    _, err = create_editor(monkeypatch, answers, "jun")
    assert "don't match" in err
    assert "too short" in err
    assert User.objects.get(username="jun").check_password("good-long-passphrase")


def test_create_editor_gives_up_after_three_tries_and_creates_nothing(monkeypatch):
    with pytest.raises(CommandError, match="not created"):
        create_editor(monkeypatch, ["a", "b"] * 3, "nobody")
    assert not User.objects.filter(username="nobody").exists()


def test_create_editor_refuses_an_existing_username(monkeypatch):
    User.objects.create_user("taken")
    with pytest.raises(CommandError, match="already an account"):
        create_editor(monkeypatch, [], "taken")


def run_production_check(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="kballads.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "DJANGO_SECRET_KEY"), ({"DJANGO_SECRET_KEY": "k" * 60}, "DJANGO_ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = run_production_check(**env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable." in result.stderr


def test_production_starts_with_its_secrets():
    result = run_production_check(DJANGO_SECRET_KEY="k" * 60, DJANGO_ALLOWED_HOSTS="kballads.example")
    assert result.returncode == 0, result.stderr

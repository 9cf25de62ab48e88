"""Sign-in throttling (django-axes): lockout by account and by address, logged, undone by an administrator."""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.helpers import parse, text_of

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(username, password, address="198.51.100.7"):
    """A fresh browser at ``address`` signing in to the admin; its response and whether it got in."""
    browser = Client(REMOTE_ADDR=address)
    response = browser.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return response, "_auth_user_id" in browser.session


def fail_times(count, username="editor", address="198.51.100.7"):
    for _ in range(count):
        response, signed_in = sign_in(username, "wrong-password", address)
        assert not signed_in
    return response


def assert_lockout_page(response):
    assert response.status_code == 429
    page = parse(response)
    assert text_of(page.select_one("h1")) == "Signing in is paused"
    assert "15 minutes" in text_of(page.select_one("main"))
    assert page.select_one("header.site-header nav")


def test_the_right_password_is_refused_after_too_many_wrong_ones(editor):
    assert_lockout_page(fail_times(LIMIT))
    response, signed_in = sign_in("editor", PASSWORD)
    assert not signed_in
    assert_lockout_page(response)


def test_fewer_failures_than_the_limit_still_let_the_editor_in(editor):
    fail_times(LIMIT - 1)
    response, signed_in = sign_in("editor", PASSWORD)
    assert signed_in
    assert response.status_code == 302


def test_the_account_is_locked_from_every_address(editor):
    fail_times(LIMIT, address="198.51.100.7")
    assert not sign_in("editor", PASSWORD, address="203.0.113.9")[1]


def test_the_address_is_locked_for_every_account(editor, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    for number in range(LIMIT):
        fail_times(1, username=f"guess{number}", address="198.51.100.7")
    assert not sign_in("other", PASSWORD, address="198.51.100.7")[1]
    assert sign_in("other", PASSWORD, address="203.0.113.9")[1]


def test_a_lockout_is_logged(editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_times(LIMIT)
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_axes_reset_unlocks_every_account(editor):
    fail_times(LIMIT)
    call_command("axes_reset", verbosity=0)
    assert sign_in("editor", PASSWORD)[1]


def test_axes_reset_username_unlocks_one_account(editor):
    fail_times(LIMIT, address="198.51.100.7")
    call_command("axes_reset_username", "editor", verbosity=0)
    # The address keeps its failures; from elsewhere the account is open again.
    assert sign_in("editor", PASSWORD, address="203.0.113.9")[1]


def test_an_administrator_unlocks_in_the_admin(editor, admin_client):
    fail_times(LIMIT)
    attempt = AccessAttempt.objects.get(username="editor")
    response = admin_client.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
    assert sign_in("editor", PASSWORD)[1]


def test_the_address_comes_from_the_proxy_chain_when_told_so(settings, editor):
    settings.PROXY_COUNT = 1
    for spoofed in range(LIMIT):
        browser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{spoofed}, 198.51.100.7")
        browser.post("/admin/login/", {"username": f"guess{spoofed}", "password": "wrong"})
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").count() == LIMIT


def test_without_a_forwarded_header_the_connection_address_counts(settings, editor):
    settings.PROXY_COUNT = 1
    fail_times(1, address="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"

"""A real Chromium, driven by Playwright, against the live test server.

The browser is Debian's /usr/bin/chromium (or $CHROMIUM_PATH); Playwright's own
browser download cannot work here. A missing browser fails the run: browser
tests are never skipped.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect, sync_playwright

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's synchronous API runs an event loop in the test thread; the tests
# still use the ORM synchronously there, which Django allows only with this set.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM_PATH.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM_PATH}: `make test` installs Debian's chromium package."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on a phone-sized screen, failing on any third-party request.

    A test that expects one (a player the reader asked for) checks and empties
    ``page.third_party_requests`` itself.
    """
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.third_party_requests = []
    context.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url) or page.third_party_requests.append(request.url)
        ),
    )
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert page.third_party_requests == [], (
        f"pages asked for third-party resources: {page.third_party_requests}"
    )


@pytest.fixture
def signed_in_editor(page, django_user_model):
    """An Editors member (not a superuser), signed in to the admin through its login form."""
    user = django_user_model.objects.create_user("mina", password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Lists", exact=True)).to_be_visible()
    return user

"""Headless Chromium (Debian's /usr/bin/chromium) against the seeded office server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from tests.office.seed import password
from tests.office.server import OfficeServer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}


@contextmanager
def signed_in(
    browser: Browser, server: OfficeServer, username: str, path: str = "/office/", **ctx: object
) -> Iterator[Page]:
    """A fresh browser context signed in as ``username`` on ``path``; page errors fail."""
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID", **ctx)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.url}{path}")
    page.fill("#login-username", username)
    page.fill("#login-password", password(username))
    page.click("#login-submit")
    expect(page.locator("#who")).to_be_visible()
    try:
        yield page
    finally:
        context.close()
    assert errors == [], errors


def api_in_page(page: Page, path: str) -> object:
    """A request from the page itself, with the token the page holds (sessionStorage)."""
    return page.evaluate(
        """async (path) => {
            const token = sessionStorage.getItem("halo-office-token");
            const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
            return res.json();
        }""",
        path,
    )

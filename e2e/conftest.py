"""Browser journeys in headless Chromium (Debian's package), driven by Playwright for Python.

The browser is launched by path: Playwright's own browser downloads are not possible here. Each test
gets a live server over a freshly seeded demo district; screenshots go to var/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civicgrid.accounts.demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_district(transactional_db: Any) -> None:
    from civicgrid.accounts import demo as accounts_demo
    from civicgrid.regions import demo as regions_demo
    from civicgrid.regions.geo import invalidate_locator
    from civicgrid.registry import demo as registry_demo
    from civicgrid.registry import reference

    # Live-server tests flush the database between tests, data migrations included.
    reference.ensure()
    regions_demo.seed()
    accounts_demo.seed()
    registry_demo.seed(people=2000)
    invalidate_locator()


@pytest.fixture
def site(live_server: Any, demo_district: None) -> str:
    return live_server.url


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def make(
        viewport: dict[str, int] = DESKTOP,
        locale: str = "zh-CN",
        geolocation: dict[str, float] | None = None,
    ) -> Any:
        context = browser.new_context(
            viewport=viewport,
            locale=locale,
            is_mobile=viewport is PHONE,
            has_touch=viewport is PHONE,
            geolocation=geolocation,
            permissions=["geolocation"] if geolocation else [],
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, site: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.stacked button[type=submit]")

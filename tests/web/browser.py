"""A real browser for the page tests: Debian's Chromium driven by Playwright, against the app
served by uvicorn on a free 127.0.0.1 port with a freshly migrated SQLite database.

Without /usr/bin/chromium (or the playwright package) the tests that use `browser` are skipped
with the reason, except in CI (`CI=true`), where that is a failure. Screenshots go to
test-artifacts/web/. A test module imports the fixtures it uses:
`from tests.web.browser import browser, live_server, new_page`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.db import migrate
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from tests.web.conftest import SECRET, TODAY

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it in CI)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: make install"
    return None


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free 127.0.0.1 port: yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}"
    migrate.upgrade(url)
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    with serving(create_app(container=build_container(settings, clock=FixedClock(TODAY)))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = _unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Problems:
    """Console errors (CSP violations among them) and failed requests of one page."""

    def __init__(self, page: Page) -> None:
        self.seen: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.seen.append(f"page error: {error}"))
        page.on(
            "response",
            lambda response: (
                self.seen.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.seen.append(f"console {message.type}: {message.text}")


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Any]:
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP, locale: str = "en-GB") -> tuple[Page, Problems]:
        context = browser.new_context(viewport=viewport, locale=locale)  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        return page, Problems(page)

    yield make
    for context in contexts:
        context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def html_lang(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))

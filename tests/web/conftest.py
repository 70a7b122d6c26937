"""Web tests: the app on a migrated database, served over https://testserver so that Secure
cookies travel. `web` serves a fresh SQLite copy (the public pages); `portal_client` serves the
rolled-back test database of each backend (SQLite and PostgreSQL) for signed-in pages, with
`sign_in()` to open a session as a member or a staff user."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.kernel.clock import FixedClock
from cybercare.settings import Environment, Settings
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.conftest import Backend

# 27 November 2026: the 9.60 % tax rate is in force (Art. 9.1 tax table).
TODAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SECRET = "a-test-secret-that-is-long-enough-0123456789"
PASSWORD = "correct horse battery staple"

_copies: list[Callable[[], str]] = []


@pytest.fixture(scope="session", autouse=True)
def _web_database(sqlite_backend: Backend) -> None:
    """Lets `web_container()` take a private copy of the migrated SQLite database."""
    _copies[:] = [sqlite_backend.make_copy]  # type: ignore[list-item]


# Accounts production accepts (not the development examples): valid numbers at real bank codes.
PRODUCTION_ACCOUNTS: dict[str, object] = {
    "sepa_creditor_iban": "BE56363123456788",
    "sepa_creditor_bic": "BBRUBEBB",
    "sepa_creditor_id": "BE87ZZZ0411111111",
    "payout_account_iban": "BE36733765432181",
    "payout_account_bic": "KREDBEBB",
}


def web_container(environment: Environment = Environment.TEST, **settings: object) -> Container:
    if not _copies:  # pragma: no cover - the session fixture runs first
        raise RuntimeError("the web database is not ready")
    if environment is Environment.PRODUCTION:
        settings = {**PRODUCTION_ACCOUNTS, **settings}
    config = Settings(
        environment=environment,
        database_url=_copies[0](),
        secret_key=SECRET,  # type: ignore[arg-type]
        **settings,  # type: ignore[arg-type]
    )
    return build_container(config, clock=FixedClock(TODAY))


@pytest.fixture
def web_app() -> FastAPI:
    return create_app(container=web_container())


@pytest.fixture
def web(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def portal_client(container: Container) -> Iterator[TestClient]:
    """The pages on the rolled-back test database of the current backend."""
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        # A browser whose user chose English on the switcher: pages stay in English after
        # signing in (otherwise they speak the member's language, Art. 11.4).
        client.cookies.set(LANGUAGE_COOKIE, "en", domain="testserver.local")
        yield client


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict[str, str]) -> object:
    """Load `page`, then post `data` to `action` with the page's CSRF token (as a browser)."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form; fails the test unless the sign-in completes."""
    response = post_form(client, "/login", "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    assert not response.headers["location"].startswith("/login")  # type: ignore[attr-defined]


# The browser tests' fixtures (a live server, Chromium, a page factory), shared by every module of
# tests/web. Imported last: tests/web/browser.py uses SECRET and TODAY from this module.
from tests.web.browser import browser, live_server, new_page  # noqa: E402, F401

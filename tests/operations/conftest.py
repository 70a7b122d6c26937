"""The hard edges of every request, on SQLite and PostgreSQL: the distributor API of tests/api
(the reference product published, proximus and telenet with their keys) and the pages of
tests/web, each on the rolled-back test database of the current backend; and a private
PostgreSQL cluster for the outage tests (tests/operations/private_postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.web.i18n import LANGUAGE_COOKIE
from tests.api.conftest import api, api_container, proximus  # noqa: F401  (fixtures)
from tests.operations.private_postgres import private_postgres  # noqa: F401  (fixture)


@pytest.fixture
def pages(container: Container) -> Iterator[TestClient]:
    """The pages of the current backend, as a browser reaches them (https, so cookies travel),
    in English whoever signs in."""
    with TestClient(create_app(container=container), base_url="https://testserver") as client:
        client.cookies.set(LANGUAGE_COOKIE, "en", domain="testserver.local")
        yield client

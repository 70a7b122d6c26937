"""Fixtures for distributor API tests: the app on the rolled-back test database (both backends),
with the reference product published and two distributors (proximus, telenet) that sell it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from tests.api import builders
from tests.conftest import Backend


@pytest.fixture
def api_container(backend: Backend, db: Database, clock: FixedClock) -> Container:
    builders.seed(db, clock)
    return builders.container(db, url=backend.url, clock=clock)


@pytest.fixture
def api(api_container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=api_container)) as client:
        yield client


@pytest.fixture
def proximus(api_container: Container, db: Database, clock: FixedClock) -> builders.Distributor:
    return builders.api_key(db, clock, distributor="proximus")


@pytest.fixture
def telenet(api_container: Container, db: Database, clock: FixedClock) -> builders.Distributor:
    return builders.api_key(db, clock, distributor="telenet")

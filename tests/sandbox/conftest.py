"""Fixtures for the sandbox (issue 18): the live database (rolled back, as every API test's) and
the sandbox's own database (a private migrated copy: a second database, as in production),
two distributors with a live key each and a test-mode key each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.distributors import issue_api_key
from cybercare.sandbox.service import prepare_distributor
from tests.api import builders
from tests.conftest import Backend


@dataclass(frozen=True)
class World:
    live: Database
    sandbox: Database
    container: Container


@pytest.fixture
def world(
    backend: Backend, fresh_database: tuple[str, Engine], db: Database, clock: FixedClock
) -> World:
    # fresh_database first: copying the template needs no session open on it (as `db` holds)
    builders.seed(db, clock)
    live = builders.container(db, url=backend.url, clock=clock)
    _url, engine = fresh_database
    sandbox_db = Database(engine)
    with sandbox_db.uow() as uow:
        for code in builders.DISTRIBUTORS:
            prepare_distributor(
                uow,
                code=code,
                name=code.title(),
                commission_bp=1500,
                catalog=live.catalog,
                clock=clock,
                actor="test:sandbox",
            )
        uow.commit()
    sandbox = replace(live, engine=engine, database=sandbox_db)
    return World(db, sandbox_db, replace(live, sandbox=sandbox))


@pytest.fixture
def api(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(container=world.container)) as client:
        yield client


def sandbox_key(world: World, clock: FixedClock, distributor: str) -> builders.Distributor:
    with world.sandbox.uow() as uow:
        issued = issue_api_key(
            uow, distributor=distributor, label="sandbox", clock=clock, actor="test", test_mode=True
        )
        uow.commit()
    return builders.Distributor(distributor, issued.token, issued.key_id)


@pytest.fixture
def proximus_test(world: World, clock: FixedClock) -> builders.Distributor:
    return sandbox_key(world, clock, "proximus")


@pytest.fixture
def telenet_test(world: World, clock: FixedClock) -> builders.Distributor:
    return sandbox_key(world, clock, "telenet")


@pytest.fixture
def proximus_live(world: World, clock: FixedClock) -> builders.Distributor:
    return builders.api_key(world.live, clock, distributor="proximus")

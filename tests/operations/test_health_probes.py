"""The probes: `/health/live` answers without the database; `/health/ready` is 200 only when the
database answers, its migrations are at head and a worker's heartbeat is fresh, and otherwise
503 problem+json naming what is not ready, in words that leak nothing (no host, no user, no
revision, no worker id). `/health` answers as before."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from cybercare.app import create_app
from cybercare.bootstrap import Container, build_container
from cybercare.db.uow import Database
from cybercare.http.access import api_routes
from cybercare.kernel.clock import FixedClock
from cybercare.outbox import heartbeat_repository
from cybercare.settings import Environment, Settings

FRESH = timedelta(seconds=60)  # the default of CYBERCARE_WORKER_HEARTBEAT_FRESH_S


def _beat(database: Database, clock: FixedClock, *, ago: timedelta, worker: str) -> None:
    at = clock.now() - ago
    heartbeat_repository.beat(
        database, worker, started_at=at, now=at, prune_before=at - timedelta(hours=1)
    )


def _not_ready(client: TestClient) -> dict[str, Any]:
    answer = client.get("/health/ready")
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    return body


def test_ready_when_the_database_answers_at_head_and_a_worker_beat_within_the_window(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    _beat(container.database, clock, ago=FRESH - timedelta(seconds=1), worker="box:42")

    answer = client.get("/health/ready")

    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


def test_not_ready_without_any_worker_heartbeat(client: TestClient) -> None:
    body = _not_ready(client)
    assert body["not_ready"] == ["worker"]
    assert body["checks"] == {"database": "ok", "migrations": "ok", "worker": "none"}
    assert body["detail"] == "Not ready: worker (none)."


def test_not_ready_when_the_last_worker_heartbeat_is_older_than_the_window(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    _beat(container.database, clock, ago=FRESH + timedelta(seconds=1), worker="box:42")
    _beat(container.database, clock, ago=timedelta(minutes=30), worker="box:43")

    body = _not_ready(client)

    assert body["checks"] == {"database": "ok", "migrations": "ok", "worker": "stale"}


def test_the_freshness_window_is_a_setting(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    _beat(container.database, clock, ago=timedelta(minutes=3), worker="box:42")
    assert client.get("/health/ready").status_code == 503

    wider = container.settings.model_copy(update={"worker_heartbeat_fresh_s": 300})
    roomy = Container(wider, container.engine, container.database, container.catalog, clock)
    with TestClient(create_app(container=roomy)) as other:
        assert other.get("/health/ready").status_code == 200


def _stamp(database: Database, revision: str) -> None:
    """The database as `cybercare db upgrade` leaves it at `revision` (rolled back after)."""
    with database.uow() as uow:
        uow.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
        uow.commit()


def test_not_ready_while_migrations_are_pending(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    _beat(container.database, clock, ago=timedelta(0), worker="box:42")
    _stamp(container.database, "0022")  # an earlier revision of this code's scripts

    body = _not_ready(client)

    assert body["not_ready"] == ["migrations", "worker"]
    assert body["checks"] == {"database": "ok", "migrations": "pending", "worker": "unknown"}


def test_not_ready_on_a_database_at_a_revision_this_code_does_not_know(
    client: TestClient, container: Container, clock: FixedClock
) -> None:
    _beat(container.database, clock, ago=timedelta(0), worker="box:42")
    _stamp(container.database, "9f3c2a1b7d00")  # a newer release migrated it

    body = _not_ready(client)

    assert body["checks"]["migrations"] == "unknown"
    assert "9f3c2a1b7d00" not in str(body)


def test_not_ready_on_a_database_never_migrated(empty_database_url: str, clock: FixedClock) -> None:
    settings = Settings(environment=Environment.TEST, database_url=empty_database_url)
    container = build_container(settings, clock=clock)
    with TestClient(create_app(container=container)) as client:
        body = _not_ready(client)
    container.engine.dispose()
    assert body["checks"] == {"database": "ok", "migrations": "pending", "worker": "unknown"}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


@pytest.fixture
def unreachable(clock: FixedClock) -> Iterator[TestClient]:
    """The application on a PostgreSQL server that is not there (connections refused)."""
    url = f"postgresql+psycopg://cybercare:s3cret-pw@127.0.0.1:{_closed_port()}/cybercare"
    settings = Settings(environment=Environment.TEST, database_url=url)
    container = build_container(settings, clock=clock)
    with TestClient(create_app(container=container)) as client:
        yield client
    container.engine.dispose()


def test_live_answers_while_the_database_cannot_be_reached(unreachable: TestClient) -> None:
    answer = unreachable.get("/health/live")
    assert answer.status_code == 200
    assert answer.json() == {"status": "alive"}


def test_ready_names_an_unreachable_database_and_leaks_nothing_of_it(
    unreachable: TestClient,
) -> None:
    answer = unreachable.get("/health/ready")

    assert answer.status_code == 503
    body = answer.json()
    assert body["not_ready"] == ["database", "migrations", "worker"]
    assert body["checks"]["database"] == "unreachable"
    for secret in ("127.0.0.1", "cybercare:", "s3cret", "psycopg", "refused", "0024"):
        assert secret not in answer.text


def test_health_answers_503_with_retry_after_when_the_database_cannot_be_reached(
    unreachable: TestClient,
) -> None:
    answer = unreachable.get("/health")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert "s3cret" not in answer.text and "127.0.0.1" not in answer.text


def test_health_answers_with_the_database_in_use_as_before(
    client: TestClient, container: Container
) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": container.engine.dialect.name}


def test_the_probes_are_public_but_not_part_of_the_partner_api_schema(
    client: TestClient,
) -> None:
    in_schema = {route.path: route.include_in_schema for route, _ in api_routes(client.app.routes)}  # type: ignore[attr-defined]
    assert in_schema["/health"] is True
    assert in_schema["/health/live"] is False and in_schema["/health/ready"] is False
    assert "set-cookie" not in client.get("/health/live").headers

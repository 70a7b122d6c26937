"""Idempotency under real concurrency: requests from several threads, each with its own HTTP
client, against one app on a private database with real commits (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.db.tables import AffiliationRow, IdempotencyKeyRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.policy import service
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"
CLIENTS = 20
WAIT_S = 30  # bound on every wait: a hung test fails instead of blocking the suite


@pytest.fixture
def shared(fresh_database: tuple[str, Engine], clock: FixedClock) -> tuple[Container, Distributor]:
    url, engine = fresh_database
    database = Database(engine)
    builders.seed(database, clock)
    container = builders.container(database, url=url, clock=clock)
    return container, builders.api_key(database, clock, distributor="proximus")


def _affiliations(container: Container) -> int:
    with container.database.reader() as uow:
        return uow.session.scalar(select(func.count()).select_from(AffiliationRow)) or 0


def test_twenty_concurrent_subscriptions_with_one_key_make_exactly_one_affiliation(
    shared: tuple[Container, Distributor],
) -> None:
    container, proximus = shared
    app = create_app(container=container)
    with TestClient(app) as setup:
        body = builders.encode(
            builders.subscription(terms_token=builders.quote(setup, by=proximus))
        )
    start = threading.Barrier(CLIENTS, timeout=WAIT_S)

    def one_client(_: int) -> tuple[int, bytes, str]:
        client = TestClient(app)  # its own HTTP client, as a distributor's worker would have
        start.wait()
        response = builders.post(client, AFFILIATIONS, None, raw=body, by=proximus, key="same")
        return response.status_code, response.content, response.headers["content-type"]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(one_client, range(CLIENTS), timeout=WAIT_S * 2))

    created = [content for status, content, _ in results if status == 201]
    in_flight = [content for status, content, _ in results if status == 409]
    assert len(created) + len(in_flight) == CLIENTS, [status for status, _, _ in results]
    assert created, "at least the first request succeeds"
    assert len(set(created)) == 1  # every success is the same response, byte for byte
    assert all(b"idempotency.in_progress" in content for content in in_flight)
    assert _affiliations(container) == 1
    with container.database.reader() as uow:
        (record,) = uow.session.scalars(
            select(IdempotencyKeyRow).where(IdempotencyKeyRow.key == "same")
        )
        assert (record.state, record.response_status) == ("completed", 201)
        assert record.response_body == created[0]


def test_while_the_first_request_is_running_its_twin_gets_a_409_then_the_replay(
    shared: tuple[Container, Distributor], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the twin sees the claim of the running request and is told 409 at once.
    SQLite admits one writer per process at a time (cybercare.db.uow): the twin queues behind
    the running request instead, and gets its response replayed when it is done."""
    container, proximus = shared
    app = create_app(container=container)
    entered, release = threading.Event(), threading.Event()
    real_subscribe = service.subscribe

    def slow_subscribe(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        assert release.wait(WAIT_S), "the test never released the first request"
        return real_subscribe(*args, **kwargs)

    with TestClient(app) as setup:
        body = builders.encode(
            builders.subscription(terms_token=builders.quote(setup, by=proximus))
        )
    monkeypatch.setattr(service, "subscribe", slow_subscribe)
    queues = container.engine.dialect.name == "sqlite"

    def send() -> Any:
        return builders.post(TestClient(app), AFFILIATIONS, None, raw=body, by=proximus, key="k")

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(send)
        try:
            assert entered.wait(WAIT_S)
            twin = pool.submit(send)
            if queues:
                with pytest.raises(TimeoutError):
                    twin.result(timeout=0.5)  # still waiting for the first to finish
            else:
                assert twin.result(timeout=WAIT_S).status_code == 409
        finally:
            release.set()
        original = first.result(timeout=WAIT_S)
        answered = twin.result(timeout=WAIT_S)

    replay = send()

    assert original.status_code == 201
    if queues:
        assert (answered.status_code, answered.content) == (201, original.content)
    else:
        assert answered.json()["code"] == "idempotency.in_progress"
    assert (replay.status_code, replay.content) == (201, original.content)
    assert _affiliations(container) == 1


def test_concurrent_retries_of_an_abandoned_request_take_it_over_once(
    shared: tuple[Container, Distributor],
) -> None:
    from cybercare.partners.idempotency import LEASE, fingerprint

    container, proximus = shared
    app = create_app(container=container)
    with TestClient(app) as setup:
        body = builders.encode(
            builders.subscription(terms_token=builders.quote(setup, by=proximus))
        )
    now = container.clock.now()
    with container.database.uow() as uow:  # a request whose process died: its lease has run out
        uow.session.add(
            IdempotencyKeyRow(
                client="proximus",
                key="abandoned",
                request_fingerprint=fingerprint("POST", AFFILIATIONS, body),
                state="in_progress",
                locked_until=now,
                created_at=now - LEASE,
            )
        )
        uow.commit()
    retries = 8
    start = threading.Barrier(retries, timeout=WAIT_S)

    def retry(_: int) -> tuple[int, bytes]:
        client = TestClient(app)
        start.wait()
        response = builders.post(client, AFFILIATIONS, None, raw=body, by=proximus, key="abandoned")
        return response.status_code, response.content

    with ThreadPoolExecutor(max_workers=retries) as pool:
        results = list(pool.map(retry, range(retries), timeout=WAIT_S * 2))

    created = {content for status, content in results if status == 201}
    assert {status for status, _ in results} <= {201, 409}
    assert len(created) == 1
    assert _affiliations(container) == 1

"""GET /metrics: refused without the token (401), absent without the setting (404); HTTP
requests counted per route template (never an id: one series per route, not per affiliation)
with their durations; the database's state read at scrape time (outbox, jobs' last successes,
SLA clocks by team, the running billing run); claims decided counted once committed; the pool's
use. The database metrics run on both databases."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from pydantic import SecretStr
from sqlalchemy import create_engine, update

from cybercare.app import create_app
from cybercare.bootstrap import Container
from cybercare.claims.submit import submit_claim
from cybercare.db.engine import make_engine
from cybercare.db.pool import pool_use
from cybercare.db.tables import BillingRunRow, JobRun, OutboxMessage
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.observability.database_collector import DatabaseCollector
from cybercare.observability.pool_metrics import watch_pool
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)
from tests.conftest import Backend
from tests.observability.conftest import METRICS_TOKEN
from tests.observability.metrics_scrape import Samples, samples, value
from tests.outbox import builders as outbox

SCRAPER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
AFFILIATION_ROUTE = "/api/v1/affiliations/{affiliation_id}"


@pytest.fixture(scope="module")
def app(sqlite_container: Container) -> FastAPI:
    return create_app(container=sqlite_container)


def scrape(client: TestClient) -> Samples:
    answer = client.get("/metrics", headers=SCRAPER)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return samples(answer.text)


# --- who may scrape -----------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {METRICS_TOKEN}"])
def test_a_scrape_without_the_token_is_refused_with_401(
    app: FastAPI, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with TestClient(app) as client:
        answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert "http_requests_total" not in answer.text


def test_without_a_token_setting_the_metrics_endpoint_does_not_exist(
    sqlite_container: Container,
) -> None:
    settings = sqlite_container.settings.model_copy(update={"metrics_token": None})
    closed = create_app(container=dataclasses.replace(sqlite_container, settings=settings))
    with TestClient(closed) as client:
        answer = client.get("/metrics", headers=SCRAPER)
    assert answer.status_code == 404


# --- HTTP ---------------------------------------------------------------------------------------


def test_requests_are_counted_by_route_template_never_by_id(app: FastAPI) -> None:
    with TestClient(app) as client:
        before = scrape(client)
        for affiliation_id in ("aff_7H3K9Q2M4X1P", "aff_0000000000AA", "aff_ZZZZZZZZZZZZ"):
            client.get(f"/api/v1/affiliations/{affiliation_id}")
        client.get("/no/such/aff_7H3K9Q2M4X1P")
        client.get("/api/v1/products")
        answer = client.get("/metrics", headers=SCRAPER)
    after = samples(answer.text)
    counted = "http_requests_total"
    labels = {"method": "GET", "route": AFFILIATION_ROUTE, "status": "401"}
    assert value(after, counted, **labels) - value(before, counted, **labels) == 3
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, counted, **unmatched) - value(before, counted, **unmatched) == 1
    assert "aff_" not in answer.text  # no id is a label value
    routes = {dict(labels)["route"] for (name, labels) in after if name == counted}
    assert all(route.startswith("/") or route == "unmatched" for route in routes), routes
    timed = "http_request_duration_seconds_count"
    by_route = {"method": "GET", "route": AFFILIATION_ROUTE}
    assert value(after, timed, **by_route) - value(before, timed, **by_route) == 3
    products = {"method": "GET", "route": "/api/v1/products"}
    assert value(after, "http_request_duration_seconds_sum", **products) > 0
    fast = value(after, "http_request_duration_seconds_bucket", **products, le="30.0")
    assert fast == value(after, timed, **products)


def test_with_metrics_switched_off_nothing_is_counted_or_served(
    sqlite_container: Container,
) -> None:
    settings = sqlite_container.settings.model_copy(update={"metrics_enabled": False})
    off = create_app(container=dataclasses.replace(sqlite_container, settings=settings))
    counted = {"method": "GET", "route": "/api/v1/products/{code}/versions/{version}"}
    before = value(samples(generate_latest(REGISTRY).decode()), "http_requests_total", **counted)
    with TestClient(off) as client:
        client.get("/api/v1/products/ECOM/versions/1")
        assert client.get("/metrics", headers=SCRAPER).status_code == 404
    after = value(samples(generate_latest(REGISTRY).decode()), "http_requests_total", **counted)
    assert after == before


# --- the database, at scrape time ---------------------------------------------------------------


@pytest.fixture
def scraped(container: Container) -> Iterator[TestClient]:
    settings = container.settings.model_copy(update={"metrics_token": SecretStr(METRICS_TOKEN)})
    app = create_app(container=dataclasses.replace(container, settings=settings))
    with TestClient(app) as client:
        yield client


def test_the_outbox_jobs_and_billing_run_are_read_at_scrape_time(
    scraped: TestClient, db: Database, clock: FixedClock
) -> None:
    empty = scrape(scraped)
    assert value(empty, "cybercare_metrics_database_up") == 1
    assert value(empty, "cybercare_outbox_pending_messages", kind="email") == 0
    assert value(empty, "cybercare_job_last_success_timestamp_seconds", job="policy.lifecycle") == 0
    assert value(empty, "cybercare_billing_runs_running") == 0

    now = clock.now()
    first = outbox.email(db, dedupe_key="m:1", at=now - timedelta(minutes=30))
    outbox.email(db, dedupe_key="m:2", at=now - timedelta(minutes=5))
    dead = outbox.email(db, dedupe_key="m:3", at=now - timedelta(days=2))
    succeeded_at = datetime(2026, 11, 27, 3, 0, 12, tzinfo=UTC)
    with db.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == dead)
            .values(status="dead", last_error="550 mailbox unknown")
        )
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == first)
            .values(status="delivering", locked_until=now + timedelta(minutes=1))
        )
        uow.session.add_all(
            [
                JobRun(
                    job="policy.lifecycle",
                    run_key=key,
                    status=status,
                    attempts=1,
                    started_at=at,
                    finished_at=at,
                )
                for key, status, at in (
                    ("2026-11-26", "succeeded", succeeded_at - timedelta(days=1)),
                    ("2026-11-27", "succeeded", succeeded_at),
                    ("2026-11-28", "failed", succeeded_at + timedelta(days=1)),
                )
            ]
        )
        uow.session.add(
            BillingRunRow(
                period="2026-12",
                scope="*",
                status="running",
                chunks_done=3,
                lines_created=1500,
                started_at=now - timedelta(minutes=2),
            )
        )
        uow.commit()

    found = scrape(scraped)
    assert value(found, "cybercare_outbox_pending_messages", kind="email") == 2
    assert value(found, "cybercare_outbox_pending_messages", kind="webhook") == 0
    assert value(found, "cybercare_outbox_oldest_pending_age_seconds") == 30 * 60
    assert value(found, "cybercare_outbox_dead_messages", kind="email") == 1
    last = value(found, "cybercare_job_last_success_timestamp_seconds", job="policy.lifecycle")
    assert last == succeeded_at.timestamp()
    assert value(found, "cybercare_job_last_success_timestamp_seconds", job="billing.dunning") == 0
    run = {"period": "2026-12", "scope": "*"}
    assert value(found, "cybercare_billing_runs_running") == 1
    assert value(found, "cybercare_billing_run_chunks_done", **run) == 3
    assert value(found, "cybercare_billing_run_lines_created", **run) == 1500


def test_sla_clocks_by_team_and_claims_decided_once_committed(
    scraped: TestClient, db: Database, clock: FixedClock
) -> None:
    before = scrape(scraped)
    with db.uow() as uow:
        world = setup_world(uow, clock, start=date(2026, 1, 1))
        other = setup_world(uow, clock, start=date(2026, 1, 1), tag="2")  # no duplicate claims
        reviewed_case = open_claim_case(uow, world, clock, "ECOM")
        decided_case = open_claim_case(uow, other, clock, "ECOM")
        uow.commit()
    with db.uow() as uow:  # above the engine's limit: a handler decides within 30 days
        big = ecom_submission(400_000)
        view = submit_claim(
            uow, world.member, reviewed_case, big, catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "in_review"
        uow.commit()
    with db.uow() as uow:  # rolled back: never counted
        small = ecom_submission(20_000)
        submit_claim(uow, other.member, decided_case, small, catalog(), clock, ecom_evidence())
    with db.uow() as uow:  # straight through: decided, its payment due within 30 days
        view = submit_claim(
            uow, other.member, decided_case, small, catalog(), clock, ecom_evidence()
        )
        assert view.status.value == "decided"
        uow.commit()

    now = scrape(scraped)
    accepted = "cybercare_claims_decided_total"
    assert (
        value(now, accepted, outcome="accepted") - value(before, accepted, outcome="accepted") == 1
    )
    running, breached = "cybercare_sla_clocks_running", "cybercare_sla_clocks_breached"
    assert (
        value(now, running, clock="first_contact", team="triage") == 2
    )  # two cases, nobody called yet
    teams = {
        dict(labels)["team"]: found
        for (name, labels), found in now.items()
        if name == running and dict(labels)["clock"] == "first_contact"
    }
    assert set(teams) >= {"triage", "technical", "legal", "financial", "psychological"}
    assert sum(teams.values()) > 2  # the cases' teams' workstreams wait too
    assert value(now, running, clock="decision", team="claims") == 1
    assert value(now, running, clock="payment", team="claims") == 1
    assert value(now, breached, clock="decision", team="claims") == 0
    assert value(now, breached, clock="first_contact", team="triage") == 0

    clock.advance(timedelta(days=45))  # every clock ran out
    late = scrape(scraped)
    assert value(late, breached, clock="first_contact", team="triage") == 2
    assert value(late, breached, clock="decision", team="claims") == 1
    assert value(late, breached, clock="payment", team="claims") == 1
    for team, waiting in teams.items():
        assert value(late, breached, clock="first_contact", team=team) == waiting


def test_a_database_that_does_not_answer_leaves_the_scrape_answering() -> None:
    engine = create_engine("sqlite:////proc/no-such-directory/cybercare.db")
    registry = CollectorRegistry()
    registry.register(
        DatabaseCollector(Database(engine), FixedClock(datetime(2026, 1, 1, tzinfo=UTC)), [])
    )
    found = samples(generate_latest(registry).decode())
    assert value(found, "cybercare_metrics_database_up") == 0
    assert not any(name.startswith("cybercare_outbox") for name, _ in found)


# --- the pool -----------------------------------------------------------------------------------


def test_the_pool_gauges_follow_checkouts_and_checkins(backend: Backend) -> None:
    engine = make_engine(backend.url)  # a pool of its own on the test database
    try:
        watch_pool(engine)
        size = pool_use(engine).size
        assert REGISTRY.get_sample_value("cybercare_db_pool_size") == size
        held = [engine.connect() for _ in range(size + 2)]
        assert REGISTRY.get_sample_value("cybercare_db_pool_checked_out") == size + 2
        assert REGISTRY.get_sample_value("cybercare_db_pool_overflow") == 2
        for connection in held:
            connection.close()
        assert REGISTRY.get_sample_value("cybercare_db_pool_checked_out") == 0
        assert REGISTRY.get_sample_value("cybercare_db_pool_overflow") == 0
    finally:
        engine.dispose()

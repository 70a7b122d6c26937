"""Stripe's idempotency semantics on every POST of the distributor API, one test per case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.db.tables import IdempotencyKeyRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.partners.idempotency import LEASE, RETENTION, fingerprint, purge_expired
from cybercare.policy import service
from tests.api import builders
from tests.api.builders import Distributor

AFFILIATIONS = "/api/v1/affiliations"


def _record(
    database: Database,
    *,
    client: str,
    key: str,
    body: bytes,
    locked_until: datetime,
    path: str = AFFILIATIONS,
) -> None:
    """An idempotency record left `in_progress` by a request that is (or was) running."""
    with database.uow() as uow:
        uow.session.add(
            IdempotencyKeyRow(
                client=client,
                key=key,
                request_fingerprint=fingerprint("POST", path, body),
                state="in_progress",
                locked_until=locked_until,
                created_at=locked_until - LEASE,
            )
        )
        uow.commit()


def _same_response(first: Any, second: Any) -> None:
    assert second.status_code == first.status_code
    assert second.content == first.content  # byte for byte
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers.get("location") == first.headers.get("location")


def test_a_post_without_an_idempotency_key_is_a_400_problem_and_writes_nothing(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    token = builders.quote(api, by=proximus)
    before = builders.row_counts(db)

    response = api.post(
        AFFILIATIONS,
        content=builders.encode(builders.subscription(terms_token=token)),
        headers={**proximus.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "idempotency.key_missing"
    assert problem["params"] == {"header": "Idempotency-Key"}
    assert builders.row_counts(db) == before


@pytest.mark.parametrize("key", ["   ", "k" * 256])
def test_a_blank_or_overlong_idempotency_key_is_a_400(
    api: TestClient, proximus: Distributor, key: str
) -> None:
    response = builders.post(api, "/api/v1/quotes", {}, by=proximus, key=key)
    assert response.status_code == 400
    assert response.json()["code"].startswith("idempotency.key_")


def test_the_same_key_and_body_replay_the_first_201_byte_for_byte_without_a_second_affiliation(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    body = builders.subscription(terms_token=builders.quote(api, by=proximus))
    first = builders.post(api, AFFILIATIONS, body, by=proximus, key="sub-1")
    after_first = builders.row_counts(db)

    again = builders.post(api, AFFILIATIONS, body, by=proximus, key="sub-1")

    assert first.status_code == 201
    _same_response(first, again)
    assert again.headers["location"] == f"/api/v1/affiliations/{first.json()['id']}"
    assert builders.row_counts(db) == after_first  # nothing ran twice: no row, no event
    assert after_first["affiliations"] == 1


def test_a_refusal_is_replayed_identically_even_after_the_facts_have_moved_on(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    withdrawal = f"{AFFILIATIONS}/{created['id']}/withdrawal"
    clock.advance(timedelta(days=15))  # Art. 9.3: day 15 is too late
    refused = builders.post(api, withdrawal, {}, by=proximus, key="wd-1")
    clock.advance(timedelta(days=1))

    replayed = builders.post(api, withdrawal, {}, by=proximus, key="wd-1")
    fresh = builders.post(api, withdrawal, {}, by=proximus, key="wd-2")

    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "policy.withdrawal_period_over"
    _same_response(refused, replayed)
    assert replayed.json()["params"]["notified_on"] == "2026-12-12"
    assert fresh.json()["params"]["notified_on"] == "2026-12-13"  # a new key runs anew


def test_a_422_validation_refusal_of_the_domain_is_replayed_identically(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    body = builders.subscription(terms_token="not-a-token")
    first = builders.post(api, AFFILIATIONS, body, by=proximus, key="bad-token")
    again = builders.post(api, AFFILIATIONS, body, by=proximus, key="bad-token")

    assert first.status_code == 422
    assert first.json()["errors"][0]["pointer"] == "#/terms_token"
    _same_response(first, again)
    (record,) = builders.idempotency_records(db)
    assert (record.state, record.response_status) == ("completed", 422)


def test_the_same_key_with_another_body_is_a_422_and_runs_nothing(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    token = builders.quote(api, by=proximus)
    builders.post(
        api, AFFILIATIONS, builders.subscription(terms_token=token), by=proximus, key="k-1"
    )
    before = builders.row_counts(db)

    other = builders.post(
        api,
        AFFILIATIONS,
        builders.subscription(terms_token=token, customer_ref="CUST-0002"),
        by=proximus,
        key="k-1",
    )
    other_path = builders.post(api, "/api/v1/quotes", {}, by=proximus, key="k-1")

    for response in (other, other_path):
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "idempotency.key_reused"
    assert builders.row_counts(db) == before


def test_a_request_while_the_first_with_its_key_is_in_flight_is_a_409(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    body = builders.encode(builders.subscription(terms_token=builders.quote(api, by=proximus)))
    _record(db, client="proximus", key="busy", body=body, locked_until=clock.now() + LEASE)
    before = builders.row_counts(db)

    response = builders.post(api, AFFILIATIONS, None, raw=body, by=proximus, key="busy")

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency.in_progress"
    assert builders.row_counts(db) == before


def test_a_request_whose_first_run_died_takes_over_once_its_lease_has_expired(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    body = builders.encode(builders.subscription(terms_token=builders.quote(api, by=proximus)))
    _record(db, client="proximus", key="dead", body=body, locked_until=clock.now())

    response = builders.post(api, AFFILIATIONS, None, raw=body, by=proximus, key="dead")
    again = builders.post(api, AFFILIATIONS, None, raw=body, by=proximus, key="dead")

    assert response.status_code == 201
    _same_response(response, again)
    assert builders.row_counts(db)["affiliations"] == 1
    (record,) = [r for r in builders.idempotency_records(db) if r.key == "dead"]
    assert (record.state, record.locked_until) == ("completed", None)


def test_keys_are_scoped_to_the_distributor_so_two_may_use_the_same_key(
    api: TestClient, db: Database, proximus: Distributor, telenet: Distributor
) -> None:
    mine = builders.post(
        api,
        AFFILIATIONS,
        builders.subscription(terms_token=builders.quote(api, by=proximus)),
        by=proximus,
        key="order-42",
    )
    theirs = builders.post(
        api,
        AFFILIATIONS,
        builders.subscription(terms_token=builders.quote(api, by=telenet)),
        by=telenet,
        key="order-42",
    )

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert builders.row_counts(db)["affiliations"] == 2
    assert {r.client for r in builders.idempotency_records(db) if r.key == "order-42"} == {
        "proximus",
        "telenet",
    }


def test_a_second_key_of_the_same_distributor_shares_its_key_space(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    other_system = builders.api_key(db, clock, distributor="proximus")
    body = builders.subscription(terms_token=builders.quote(api, by=proximus))
    first = builders.post(api, AFFILIATIONS, body, by=proximus, key="shared")
    again = builders.post(api, AFFILIATIONS, body, by=other_system, key="shared")
    _same_response(first, again)


def test_a_crashed_request_leaves_no_record_so_the_retry_runs(
    db: Database, api_container: Any, proximus: Distributor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybercare.app import create_app

    real_subscribe = service.subscribe
    calls: list[str] = []

    def crash_once(*args: Any, **kwargs: Any) -> Any:
        calls.append("called")
        if len(calls) == 1:
            raise RuntimeError("the process hit a bug half-way")
        return real_subscribe(*args, **kwargs)

    monkeypatch.setattr(service, "subscribe", crash_once)
    with TestClient(create_app(container=api_container), raise_server_exceptions=False) as api:
        body = builders.subscription(terms_token=builders.quote(api, by=proximus))
        before = builders.row_counts(db)
        crashed = builders.post(api, AFFILIATIONS, body, by=proximus, key="retry-me")
        assert crashed.status_code == 500
        assert builders.row_counts(db) == before
        assert "retry-me" not in {r.key for r in builders.idempotency_records(db)}

        retried = builders.post(api, AFFILIATIONS, body, by=proximus, key="retry-me")

    assert retried.status_code == 201
    assert calls == ["called", "called"]
    assert builders.row_counts(db)["affiliations"] == 1


def test_keys_are_kept_for_the_retention_period_and_purged_after_it(
    api: TestClient, db: Database, clock: FixedClock, proximus: Distributor
) -> None:
    assert timedelta(hours=24) <= RETENTION
    body = builders.subscription(
        terms_token=builders.quote(api, by=proximus),
        start_date=builders.TODAY + timedelta(days=7),
    )
    first = builders.post(api, AFFILIATIONS, body, by=proximus, key="keep")

    clock.advance(RETENTION - timedelta(minutes=1))
    with db.uow() as uow:
        assert purge_expired(uow, clock.now()) == 0
        uow.commit()
    _same_response(first, builders.post(api, AFFILIATIONS, body, by=proximus, key="keep"))

    clock.advance(timedelta(minutes=2))
    with db.uow() as uow:
        purged = purge_expired(uow, clock.now())
        uow.commit()
    later = builders.post(api, AFFILIATIONS, body, by=proximus, key="keep")

    assert purged == 2  # the quote's key and the subscription's
    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]  # a forgotten key runs again


def test_every_post_route_requires_an_idempotency_key(
    api: TestClient, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus)
    person_id = created["members"][0]["person_id"]
    base = f"{AFFILIATIONS}/{created['id']}"
    paths = [
        "/api/v1/quotes",
        AFFILIATIONS,
        f"{base}/members",
        f"{base}/members/{person_id}/departure",
        f"{base}/address",
        f"{base}/affiliate-succession",
        f"{base}/withdrawal",
        f"{base}/termination",
        f"{base}/call-backs",
        f"{base}/radar-reports",
        f"{base}/mandates",
        f"{base}/mandates/REF-1/amendment",
        f"{base}/mandates/REF-1/cancellation",
    ]
    documented = {
        path
        for path, methods in api.get("/openapi.json").json()["paths"].items()
        if "post" in methods and path.startswith(("/api/v1/quotes", AFFILIATIONS))
    }
    assert len(documented) == len(paths)
    for path in paths:
        response = api.post(path, json={}, headers=proximus.headers)
        assert response.status_code == 400, path
        assert response.json()["code"] == "idempotency.key_missing"


def test_a_stored_response_is_the_one_committed_with_its_change(
    api: TestClient, db: Database, proximus: Distributor
) -> None:
    created = builders.subscribe(api, by=proximus, customer_ref="CUST-STORED")
    (record,) = [r for r in builders.idempotency_records(db) if r.response_status == 201]
    assert record.response_body is not None
    assert record.response_headers == {"Location": f"/api/v1/affiliations/{created['id']}"}
    assert record.created_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

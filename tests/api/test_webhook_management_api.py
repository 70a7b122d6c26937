"""A distributor manages its webhook endpoints through the API (issue 18): creates one (the
`whsec_` secret answered once), lists them a page at a time, chooses event types, rotates the
secret (both signatures during the grace), sends a test event, replays from a feed cursor,
disables and enables; every change is audited; another distributor's endpoint is a 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cybercare.api.contract import PARTNER_OPENAPI_URL
from cybercare.api.schemas.events import WebhookTest
from cybercare.db.tables import AuditEvent
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.retry_policy import WebhookPolicy
from cybercare.outbox.runner import deliver_batch
from cybercare.outbox.signing import EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, verify
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.partners.webhooks import DISABLED_EVENT_TYPE, notify_endpoint_disabled
from tests.api import builders
from tests.api.builders import SECRET_KEY, Distributor
from tests.outbox.receivers import Receiver

BASE = "/api/v1/webhook-endpoints"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


@pytest.fixture
def dispatcher(tmp_path: Path) -> Iterator[Dispatcher]:
    with HttpWebhookTransport(timeout_s=2.0, connect_timeout_s=1.0) as transport:
        yield Dispatcher(
            transport, MailboxTransport(tmp_path / "mail"), SECRET_KEY, "noreply@example.be"
        )


def _create(api: TestClient, by: Distributor, url: str, **body: Any) -> dict[str, Any]:
    response = builders.post(api, BASE, {"url": url, **body}, by=by)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _audit(db: Database, endpoint_id: int) -> list[tuple[str, str]]:
    with db.reader() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.actor)
            .where(
                AuditEvent.subject_type == "webhook_endpoint",
                AuditEvent.subject_id == str(endpoint_id),
            )
            .order_by(AuditEvent.id)
        )
        return [(row.action, row.actor.split(":")[0]) for row in rows]


def test_a_created_endpoint_answers_its_secret_once_and_receives_signed_events(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    created = _create(api, proximus, receiver.url, event_types=["affiliation.subscribed"])
    assert created["secret"].startswith("whsec_")
    assert created["event_types"] == ["affiliation.subscribed"]
    assert (created["active"], created["secret_version"]) == (True, 1)
    shown = api.get(f"{BASE}/{created['id']}", headers=proximus.headers).json()
    assert "secret" not in shown  # shown once

    builders.subscribe(api, by=proximus, members=[builders.member()])  # 2 events in the feed
    deliver_batch(db, clock, dispatcher)

    (receipt,) = receiver.accepted  # only the type chosen
    assert receipt.headers[EVENT_TYPE_HEADER] == "affiliation.subscribed"
    assert verify(receipt.headers, receipt.body, created["secret"], clock.now())
    assert _audit(db, created["id"]) == [("webhook.created", "distributor")]


def test_the_list_is_paginated_with_a_cursor_and_has_more(
    api: TestClient, proximus: Distributor, telenet: Distributor
) -> None:
    ids = [_create(api, proximus, f"https://hooks.example/{n}")["id"] for n in range(3)]
    _create(api, telenet, "https://hooks.example/telenet")

    first = api.get(BASE, params={"limit": 2}, headers=proximus.headers).json()
    assert [e["id"] for e in first["endpoints"]] == ids[:2]
    assert first["has_more"] is True
    second = api.get(
        BASE, params={"limit": 2, "after": first["next_cursor"]}, headers=proximus.headers
    ).json()
    assert [e["id"] for e in second["endpoints"]] == ids[2:]
    assert (second["has_more"], second["next_cursor"]) == (False, None)


def test_another_distributors_endpoint_is_not_found_and_nothing_changes(
    api: TestClient, db: Database, proximus: Distributor, telenet: Distributor
) -> None:
    theirs = _create(api, proximus, "https://hooks.example/proximus")["id"]
    assert api.get(f"{BASE}/{theirs}", headers=telenet.headers).status_code == 404
    for action, body in (
        ("rotation", {}),
        ("test", {}),
        ("replay", {}),
        ("disable", {}),
        ("enable", {}),
    ):
        response = builders.post(api, f"{BASE}/{theirs}/{action}", body, by=telenet)
        assert response.status_code == 404, action
        assert response.headers["content-type"] == "application/problem+json"
    put = api.put(
        f"{BASE}/{theirs}/event-types", json={"event_types": None}, headers=telenet.headers
    )
    assert put.status_code == 404
    assert api.get(BASE, headers=telenet.headers).json()["endpoints"] == []
    assert _audit(db, theirs) == [("webhook.created", "distributor")]


def test_without_a_key_or_an_idempotency_key_or_with_bad_fields_it_is_refused(
    api: TestClient, proximus: Distributor
) -> None:
    assert api.get(BASE).status_code == 401
    no_key = api.post(BASE, json={"url": "https://hooks.example/x"})
    assert no_key.status_code == 401
    assert no_key.headers["content-type"] == "application/problem+json"
    without = api.post(BASE, json={"url": "https://hooks.example/x"}, headers=proximus.headers)
    assert (without.status_code, without.json()["code"]) == (400, "idempotency.key_missing")
    for body, pointer in (
        ({"url": "ftp://hooks.example/x"}, "#/url"),
        ({"url": "https://hooks.example/x", "event_types": []}, "#/event_types"),
        ({"url": "https://hooks.example/x", "event_types": ["Not A Type"]}, "#/event_types/0"),
    ):
        refused = builders.post(api, BASE, body, by=proximus)
        assert refused.status_code == 422, body
        assert pointer in [e["pointer"] for e in refused.json()["errors"]]


def test_a_retried_create_answers_the_same_endpoint_and_secret(
    api: TestClient, proximus: Distributor
) -> None:
    body = {"url": "https://hooks.example/once"}
    first = builders.post(api, BASE, body, by=proximus, key="create-hook-1")
    again = builders.post(api, BASE, body, by=proximus, key="create-hook-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(api.get(BASE, headers=proximus.headers).json()["endpoints"]) == 1


def test_rotation_signs_with_both_secrets_during_the_grace_then_the_new_one_only(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    created = _create(api, proximus, receiver.url)
    rotated = builders.post(
        api, f"{BASE}/{created['id']}/rotation", {"grace_seconds": 3600}, by=proximus
    ).json()
    assert rotated["secret_version"] == 2 and rotated["secret"] != created["secret"]
    old, new = created["secret"], rotated["secret"]

    builders.post(api, f"{BASE}/{created['id']}/test", {}, by=proximus)
    deliver_batch(db, clock, dispatcher)
    clock.advance(timedelta(hours=1))
    builders.post(api, f"{BASE}/{created['id']}/test", {}, by=proximus)
    deliver_batch(db, clock, dispatcher)

    during, after = receiver.accepted
    assert WebhookTest.model_validate_json(during.body).data.endpoint_id == created["id"]
    assert len(during.headers[SIGNATURE_HEADER].split(" ")) == 2
    assert verify(during.headers, during.body, old, clock.now() - timedelta(hours=1))
    assert verify(during.headers, during.body, new, clock.now() - timedelta(hours=1))
    assert len(after.headers[SIGNATURE_HEADER].split(" ")) == 1
    assert verify(after.headers, after.body, new, clock.now())
    assert not verify(after.headers, after.body, old, clock.now())
    too_long = builders.post(
        api, f"{BASE}/{created['id']}/rotation", {"grace_seconds": 8 * 86400}, by=proximus
    )
    assert too_long.status_code == 422


def test_a_test_event_replay_disable_and_enable_are_each_audited(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    endpoint = _create(api, proximus, receiver.url)
    path = f"{BASE}/{endpoint['id']}"
    builders.subscribe(api, by=proximus)
    feed = builders.events(api, by=proximus)
    deliver_batch(db, clock, dispatcher)
    assert len(receiver.accepted) == len(feed) == 2

    sent = builders.post(api, f"{path}/test", {}, by=proximus)
    assert sent.status_code == 202
    replay = builders.post(api, f"{path}/replay", {"after": "", "limit": 1}, by=proximus).json()
    assert replay == {
        "endpoint_id": endpoint["id"],
        "events": 1,
        "queued": 1,
        "next_cursor": feed[0]["cursor"],
    }
    deliver_batch(db, clock, dispatcher)
    again = {r.headers[EVENT_ID_HEADER]: r for r in receiver.accepted[2:]}
    assert set(again) == {feed[0]["id"], sent.json()["event_id"]}  # replayed: the same id
    assert again[sent.json()["event_id"]].headers[EVENT_TYPE_HEADER] == "webhook.test"

    disabled = builders.post(api, f"{path}/disable", {}, by=proximus).json()
    assert (disabled["active"], disabled["disabled_reason"]) == (False, "partner")
    builders.subscribe(api, by=proximus, customer_ref="WHILE-DISABLED")
    assert deliver_batch(db, clock, dispatcher).delivered == 0
    refused = builders.post(api, f"{path}/test", {}, by=proximus)
    assert refused.status_code == 422
    enabled = builders.post(api, f"{path}/enable", {}, by=proximus).json()
    assert (enabled["active"], enabled["disabled_reason"]) == (True, None)
    chosen = api.put(
        f"{path}/event-types",
        json={"event_types": ["affiliation.terminated"]},
        headers=proximus.headers,
    )
    assert chosen.json()["event_types"] == ["affiliation.terminated"]

    assert [action for action, _ in _audit(db, endpoint["id"])] == [
        "webhook.created",
        "webhook.test_sent",
        "webhook.replayed",
        "webhook.disabled",
        "webhook.enabled",
        "webhook.event_types_chosen",
    ]


def test_the_operations_have_stable_ids_and_declare_their_problems(
    api: TestClient,
) -> None:
    paths = api.get(PARTNER_OPENAPI_URL).json()["paths"]  # the contract adds the headers
    operations = {
        op["operationId"]: (method, op)
        for path, item in paths.items()
        if path.startswith(BASE)
        for method, op in item.items()
    }
    assert set(operations) == {
        "createWebhookEndpoint",
        "listWebhookEndpoints",
        "getWebhookEndpoint",
        "setWebhookEndpointEventTypes",
        "rotateWebhookEndpointSecret",
        "sendWebhookTestEvent",
        "replayWebhookEvents",
        "disableWebhookEndpoint",
        "enableWebhookEndpoint",
    }
    for name, (method, op) in operations.items():
        declared = op["responses"]
        assert {"401", "422"} <= set(declared), name
        assert "application/problem+json" in declared["401"]["content"], name
        if method == "post":
            assert {"400", "409"} <= set(declared), name
            headers = [p["name"] for p in op.get("parameters", []) if p["in"] == "header"]
            assert "Idempotency-Key" in headers, name


def test_an_endpoint_failing_for_days_is_disabled_and_the_partner_told(
    api: TestClient,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    down = Receiver()
    down.stop()  # never started: connection refused
    failing = _create(api, proximus, down.url)
    other = _create(api, proximus, receiver.url)
    builders.subscribe(api, by=proximus)
    policy = WebhookPolicy(disable_after=timedelta(days=2))

    started = clock.now()
    for _ in range(12):
        deliver_batch(db, clock, dispatcher, policy=policy, on_disabled=notify_endpoint_disabled)
        state = api.get(f"{BASE}/{failing['id']}", headers=proximus.headers).json()
        if not state["active"]:
            break
        clock.advance(timedelta(hours=12))
    assert (state["active"], state["disabled_reason"]) == (False, "failing")
    assert clock.now() - started == timedelta(days=2)
    assert state["failing_since"] == started.isoformat()

    notice = [e for e in builders.events(api, by=proximus) if e["type"] == DISABLED_EVENT_TYPE]
    assert [e["data"]["endpoint_id"] for e in notice] == [failing["id"]]
    deliver_batch(db, clock, dispatcher, policy=policy)
    told = [r for r in receiver.accepted if r.headers[EVENT_TYPE_HEADER] == DISABLED_EVENT_TYPE]
    assert len(told) == 1  # pushed to the partner's endpoint that works
    assert ("webhook.disabled", "system") in _audit(db, failing["id"])
    assert other["id"] != failing["id"]

    enabled = builders.post(api, f"{BASE}/{failing['id']}/enable", {}, by=proximus).json()
    assert (enabled["active"], enabled["failing_since"]) == (True, None)

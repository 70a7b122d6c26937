"""Webhooks end to end: a subscription through the API is pushed to the distributor's endpoint
(a real HTTP receiver on 127.0.0.1) by the outbox worker, signed, retried on the backoff while the
receiver fails, and delivered exactly once when it recovers — with the same bodies as the feed.
Nothing is lost when the worker is down: the events wait in the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cybercare.bootstrap import Container
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.endpoints import Endpoint, register_endpoint
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.runner import deliver_batch, run_worker
from cybercare.outbox.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    endpoint_secret,
    verify,
)
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.api import builders
from tests.api.builders import SECRET_KEY, Distributor
from tests.outbox.receivers import Receipt, Receiver

MAIL_FROM = "Cyber Care <noreply@cybercare.example>"


@pytest.fixture
def make_receiver() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def make(**options: Any) -> Receiver:
        receiver = Receiver(**options).start()
        started.append(receiver)
        return receiver

    yield make
    for receiver in started:
        receiver.stop()


@pytest.fixture
def transport() -> Iterator[HttpWebhookTransport]:
    with HttpWebhookTransport(timeout_s=2.0, connect_timeout_s=1.0) as client:
        yield client


@pytest.fixture
def dispatcher(transport: HttpWebhookTransport, tmp_path: Path) -> Dispatcher:
    return Dispatcher(transport, MailboxTransport(tmp_path / "mailbox"), SECRET_KEY, MAIL_FROM)


def _endpoint(container: Container, url: str, distributor: str = "proximus") -> Endpoint:
    with container.database.uow() as uow:
        endpoint = register_endpoint(
            uow, distributor=distributor, url=url, at=container.clock.now()
        )
        uow.commit()
    return endpoint


def _check_signed(receipt: Receipt, endpoint: Endpoint, clock: FixedClock) -> None:
    secret = endpoint_secret(SECRET_KEY, endpoint.id, endpoint.secret_version)
    assert verify(receipt.headers, receipt.body, secret, clock.now())
    assert not verify(receipt.headers, receipt.body + b" ", secret, clock.now())


def _as_feed(receipts: list[Receipt]) -> list[dict[str, Any]]:
    return sorted((json.loads(r.body) for r in receipts), key=lambda e: int(e["cursor"]))


def test_a_failing_receiver_gets_every_event_exactly_once_after_it_recovers(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    make_receiver: Callable[..., Receiver],
    dispatcher: Dispatcher,
) -> None:
    events_per_subscription = 3  # subscribed + spouse joined + child joined
    receiver = make_receiver(statuses=[500] * events_per_subscription + [503])
    endpoint = _endpoint(api_container, receiver.url)
    created = builders.subscribe(api, by=proximus, members=[builders.member(), builders.child()])

    rounds = []
    for wait in (timedelta(0), timedelta(seconds=30), timedelta(minutes=2), timedelta(days=2)):
        clock.advance(wait)
        seen = len(receiver.receipts)
        stats = deliver_batch(db, clock, dispatcher)
        rounds.append((stats.claimed, stats.delivered, stats.retried))
        for receipt in receiver.receipts[seen:]:  # signed at this round's time
            _check_signed(receipt, endpoint, clock)

    # all fail; after 30 s the first fails again (503), the others arrive; then the last one
    assert rounds == [(3, 0, 3), (3, 2, 1), (1, 1, 0), (0, 0, 0)]
    accepted = receiver.accepted
    feed = builders.events(api, by=proximus)
    assert len(accepted) == len(feed) == events_per_subscription
    assert sorted(r.headers[EVENT_ID_HEADER] for r in accepted) == sorted(e["id"] for e in feed)
    assert _as_feed(accepted) == feed  # the pushed body is the event the feed returns
    assert {r.headers[EVENT_TYPE_HEADER] for r in accepted} == {e["type"] for e in feed}
    assert {e["affiliation_id"] for e in feed} == {created["id"]}
    # a retried event carries the very same bytes each time
    first_event = [r for r in receiver.receipts if r.headers[EVENT_ID_HEADER] == feed[0]["id"]]
    assert [r.status for r in first_event] == [500, 503, 200]
    assert len({r.body for r in first_event}) == 1


def test_events_committed_while_the_worker_is_down_are_delivered_when_it_runs(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    make_receiver: Callable[..., Receiver],
    transport: HttpWebhookTransport,
    tmp_path: Path,
) -> None:
    receiver = make_receiver()
    endpoint = _endpoint(api_container, receiver.url)
    for n in range(3):  # no worker runs meanwhile
        builders.subscribe(api, by=proximus, customer_ref=f"DOWN-{n}")
    assert receiver.receipts == []
    pending = builders.row_counts(db)["outbox_messages"]

    clock.advance(timedelta(hours=6))
    stats = run_worker(
        db,
        clock,
        webhook_transport=transport,
        mail_transport=MailboxTransport(tmp_path / "mailbox"),
        secret_key=SECRET_KEY,
        mail_from=MAIL_FROM,
        once=True,
        jobs=JobRegistry(),
    )

    feed = builders.events(api, by=proximus)
    assert pending == len(feed) == 6
    assert stats.delivered == 6
    assert _as_feed(receiver.accepted) == feed
    for receipt in receiver.accepted:
        _check_signed(receipt, endpoint, clock)


def test_an_event_is_pushed_only_to_its_own_distributors_endpoint(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    telenet: Distributor,
    make_receiver: Callable[..., Receiver],
    dispatcher: Dispatcher,
) -> None:
    proximus_hooks, telenet_hooks = make_receiver(), make_receiver()
    _endpoint(api_container, proximus_hooks.url, "proximus")
    _endpoint(api_container, telenet_hooks.url, "telenet")
    builders.subscribe(api, by=proximus)

    deliver_batch(db, clock, dispatcher)

    assert len(proximus_hooks.accepted) == 2
    assert telenet_hooks.receipts == []


def test_a_refused_request_pushes_nothing(
    api: TestClient,
    api_container: Container,
    db: Database,
    clock: FixedClock,
    proximus: Distributor,
    make_receiver: Callable[..., Receiver],
    dispatcher: Dispatcher,
) -> None:
    receiver = make_receiver()
    _endpoint(api_container, receiver.url)
    body = builders.subscription(
        terms_token=builders.quote(api, by=proximus),
        affiliate=builders.person(birth_date="2030-01-01"),
    )
    assert builders.post(api, "/api/v1/affiliations", body, by=proximus).status_code == 422

    assert deliver_batch(db, clock, dispatcher).claimed == 0
    assert receiver.receipts == []

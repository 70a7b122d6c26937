"""Delivery after commit: a 2xx is a receipt; anything else is retried on the backoff schedule
until the receiver takes the event exactly once, or the message is given up as dead."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from cybercare.db.uow import Database
from cybercare.outbox import deactivate_endpoint, rotate_endpoint_secret
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    endpoint_secret,
    verify,
)
from cybercare.outbox.transports import HttpWebhookTransport
from cybercare.outbox.worker import backoff
from tests.outbox import builders
from tests.outbox.builders import SECRET_KEY, T0
from tests.outbox.receivers import Receipt, Receiver


def test_the_backoff_schedule_of_e_mails_is_deterministic_and_capped_at_a_day() -> None:
    minutes = [backoff(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [0.5, 2, 10, 60, 360, 720, 1440, 1440, 1440]


def test_a_committed_webhook_is_delivered_once_with_a_verifiable_signature(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    hook = builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db, event_id="evt_7", event_type="affiliation.created")
    clock = builders.clock()

    first = builders.deliver(db, clock, dispatcher)
    again = builders.deliver(db, clock, dispatcher)

    assert (first.claimed, first.delivered, again.claimed) == (1, 1, 0)
    (receipt,) = receiver.receipts
    assert receipt.path == "/hooks/cybercare"
    assert receipt.headers[EVENT_ID_HEADER] == "evt_7"
    assert receipt.headers[EVENT_TYPE_HEADER] == "affiliation.created"
    assert receipt.body == b'{"affiliation":"aff_1","status":"active"}'
    secret = endpoint_secret(SECRET_KEY, hook.id, 1)
    assert verify(receipt.headers, receipt.body, secret, T0)
    stored = builders.message(db, message_id)
    assert (stored.status, stored.attempts, stored.delivered_at) == ("delivered", 1, T0)
    assert stored.locked_until is None


def test_a_failing_receiver_is_retried_on_the_backoff_then_gets_the_event_exactly_once(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    receiver = make_receiver(statuses=[500, 503])
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()

    assert builders.deliver(db, clock, dispatcher).retried == 1
    failed = builders.message(db, message_id)
    assert (failed.status, failed.attempts) == ("pending", 1)
    # webhooks: 1 s nominal after the first failure, jittered into [0.5 s, 1 s]
    assert T0 + timedelta(seconds=0.5) <= failed.next_attempt_at <= T0 + timedelta(seconds=1)
    assert failed.last_error is not None and failed.last_error.startswith("HTTP 500")

    clock.advance(timedelta(seconds=0.49))
    assert builders.deliver(db, clock, dispatcher).claimed == 0  # not due yet
    clock.advance(timedelta(seconds=0.51))
    assert builders.deliver(db, clock, dispatcher).retried == 1  # 503
    due = builders.message(db, message_id).next_attempt_at
    assert clock.now() + timedelta(seconds=1) <= due <= clock.now() + timedelta(seconds=2)

    clock.advance(timedelta(minutes=2))
    assert builders.deliver(db, clock, dispatcher).delivered == 1
    clock.advance(timedelta(days=2))
    assert builders.deliver(db, clock, dispatcher).claimed == 0

    assert [receipt.status for receipt in receiver.receipts] == [500, 503, 200]
    assert {receipt.headers[EVENT_ID_HEADER] for receipt in receiver.receipts} == {"evt_0001"}
    assert len({receipt.body for receipt in receiver.receipts}) == 1  # the same bytes each time
    delivered = builders.message(db, message_id)
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("delivered", 3, None)


def test_a_receiver_that_is_down_gets_the_event_once_it_is_back(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    down = make_receiver()
    port = down.port
    down.stop()  # nothing listens there now: connection refused
    builders.endpoint(db, url=down.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()

    assert builders.deliver(db, clock, dispatcher).retried == 1
    assert "Connect" in (builders.message(db, message_id).last_error or "")

    back = make_receiver(port=port)
    clock.advance(timedelta(seconds=30))
    assert builders.deliver(db, clock, dispatcher).delivered == 1
    assert len(back.accepted) == 1
    assert builders.message(db, message_id).status == "delivered"


def test_a_receiver_that_times_out_is_retried(
    db: Database, make_receiver: Callable[..., Receiver], mailbox: Path
) -> None:
    slow = make_receiver(delay_s=1.0)
    builders.endpoint(db, url=slow.url)
    (message_id,) = builders.webhook(db)
    with HttpWebhookTransport(timeout_s=0.2, connect_timeout_s=0.2) as impatient:
        through = builders.dispatcher(impatient, mailbox)
        assert builders.deliver(db, builders.clock(), through).retried == 1
    stored = builders.message(db, message_id)
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert (stored.last_error or "").startswith("timeout")


def test_a_message_is_dead_after_the_maximum_number_of_attempts(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    receiver = make_receiver(statuses=[500] * 10)
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()

    outcomes = []
    for _ in range(5):  # bounded: more rounds than attempts allowed
        stats = builders.deliver(db, clock, dispatcher, max_attempts=3)
        outcomes.append((stats.retried, stats.dead))
        clock.advance(timedelta(days=1))

    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0), (0, 0)]
    assert len(receiver.receipts) == 3
    dead = builders.message(db, message_id)
    assert (dead.status, dead.attempts) == ("dead", 3)
    assert (dead.last_error or "").startswith("HTTP 500")


def test_a_message_for_a_deactivated_endpoint_is_dead_without_a_request(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    hook = builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    with db.uow() as uow:
        deactivate_endpoint(uow, hook.id)
        uow.commit()

    assert builders.deliver(db, builders.clock(), dispatcher).dead == 1
    assert receiver.receipts == []
    assert builders.message(db, message_id).status == "dead"


def test_after_a_rotation_both_secrets_sign_until_the_grace_period_ends(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    """The distributor installs the new secret when it can: meanwhile each delivery carries a
    signature with the old one too; after the grace period, only the new one."""
    hook = builders.endpoint(db, url=receiver.url)
    builders.webhook(db, event_id="evt_during")
    with db.uow() as uow:
        rotated = rotate_endpoint_secret(uow, hook.id, at=T0, grace=timedelta(hours=24))
        uow.commit()
    assert (rotated.secret_version, rotated.previous_secret_until) == (2, T0 + timedelta(hours=24))
    old, new = (endpoint_secret(SECRET_KEY, hook.id, version) for version in (1, 2))

    builders.deliver(db, builders.clock(), dispatcher)
    later = T0 + timedelta(hours=24)
    builders.webhook(db, event_id="evt_after")
    builders.deliver(db, builders.clock(later), dispatcher)

    during, after = receiver.receipts
    assert during.headers[SIGNATURE_HEADER].count("v1,") == 2  # space-separated
    assert verify(during.headers, during.body, new, T0)
    assert verify(during.headers, during.body, old, T0)
    assert after.headers[SIGNATURE_HEADER].count("v1,") == 1
    assert verify(after.headers, after.body, new, later)
    assert not verify(after.headers, after.body, old, later)


def test_a_rotation_without_grace_stops_the_old_secret_at_once(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    """A leaked secret is replaced at once (`grace=0`): the old one signs nothing more."""
    hook = builders.endpoint(db, url=receiver.url)
    builders.webhook(db)
    with db.uow() as uow:
        rotated = rotate_endpoint_secret(uow, hook.id, at=T0, grace=timedelta(0))
        uow.commit()
    assert (rotated.secret_version, rotated.previous_secret_until) == (2, None)

    builders.deliver(db, builders.clock(), dispatcher)

    (receipt,) = receiver.receipts
    assert verify(receipt.headers, receipt.body, endpoint_secret(SECRET_KEY, hook.id, 2), T0)
    assert not verify(receipt.headers, receipt.body, endpoint_secret(SECRET_KEY, hook.id, 1), T0)


def test_a_webhook_is_posted_after_its_claim_commits_and_outside_any_transaction(
    fresh_database: tuple[str, Engine],
    make_receiver: Callable[..., Receiver],
    dispatcher: Dispatcher,
) -> None:
    url, engine = fresh_database
    database = Database(engine)
    seen: list[str] = []

    def look_at_the_database(_receipt: Receipt) -> None:
        # While the request is in flight, another connection sees the committed claim and can
        # take the row lock (PostgreSQL) or the write lock (SQLite) at once.
        if engine.dialect.name == "postgresql":
            with engine.connect() as other:
                other.execute(text("SET lock_timeout = '500ms'"))
                status = other.scalar(
                    text("SELECT status FROM outbox_messages ORDER BY id LIMIT 1 FOR UPDATE")
                )
                other.rollback()
        else:
            other_sqlite = sqlite3.connect(make_url(url).database or "", timeout=0.5)
            try:
                other_sqlite.execute("BEGIN IMMEDIATE")
                status = other_sqlite.execute("SELECT status FROM outbox_messages").fetchone()[0]
                other_sqlite.rollback()
            finally:
                other_sqlite.close()
        seen.append(str(status))

    receiver = make_receiver(on_request=look_at_the_database)
    builders.endpoint(database, url=receiver.url)
    builders.webhook(database)

    assert builders.deliver(database, builders.clock(), dispatcher).delivered == 1
    assert seen == ["delivering"]

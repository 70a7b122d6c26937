"""A claim is a lease: a crashed worker's messages come back when it expires, a worker that
overslept its lease cannot overwrite a newer attempt, and a stopping worker hands back its batch."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from cybercare.db.uow import Database
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.worker import claim_batch, record_delivered, record_failure
from tests.outbox import builders
from tests.outbox.builders import T0
from tests.outbox.receivers import Receipt, Receiver


def test_a_message_claimed_by_a_crashed_worker_is_delivered_after_the_lease_expires(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()

    (claimed,) = claim_batch(db, clock.now(), limit=10, lease_s=60)  # ...and the worker dies
    held = builders.message(db, message_id)
    assert (held.status, held.locked_until) == ("delivering", T0 + timedelta(seconds=60))

    clock.advance(timedelta(seconds=59))
    assert builders.deliver(db, clock, dispatcher).claimed == 0
    clock.advance(timedelta(seconds=1))
    assert builders.deliver(db, clock, dispatcher).delivered == 1

    assert len(receiver.receipts) == 1
    assert claimed.id == message_id
    assert builders.message(db, message_id).status == "delivered"


def test_a_worker_that_overslept_its_lease_cannot_overwrite_the_newer_attempt(
    db: Database, receiver: Receiver
) -> None:
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()
    (late,) = claim_batch(db, clock.now(), limit=1, lease_s=60)
    clock.advance(timedelta(seconds=61))
    (current,) = claim_batch(db, clock.now(), limit=1, lease_s=60)

    assert record_failure(db, late, clock.now(), "HTTP 502: stale") is None  # fenced out
    stored = builders.message(db, message_id)
    assert (stored.status, stored.locked_until) == ("delivering", current.lease_until)

    assert record_failure(db, current, clock.now(), "HTTP 500") == "pending"
    assert builders.message(db, message_id).attempts == 1


def test_a_late_receipt_still_counts_as_delivered(db: Database, receiver: Receiver) -> None:
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()
    (late,) = claim_batch(db, clock.now(), limit=1, lease_s=60)
    clock.advance(timedelta(seconds=61))
    (current,) = claim_batch(db, clock.now(), limit=1, lease_s=60)
    assert record_failure(db, current, clock.now(), "HTTP 500") == "pending"

    assert record_delivered(db, late, clock.now()) is True
    assert record_delivered(db, late, clock.now()) is False  # already delivered
    assert builders.message(db, message_id).status == "delivered"


def test_a_stopping_worker_finishes_the_message_in_flight_and_hands_back_the_rest(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    stop = threading.Event()

    def stop_after_the_first(_receipt: Receipt) -> None:
        stop.set()  # SIGTERM arrives while the first request is in flight

    receiver = make_receiver(on_request=stop_after_the_first)
    builders.endpoint(db, url=receiver.url)
    for number in range(3):
        builders.webhook(db, event_id=f"evt_{number}")
    clock = builders.clock()

    stats = builders.deliver(db, clock, dispatcher, stop_event=stop)

    assert (stats.claimed, stats.delivered) == (3, 1)
    rows = builders.messages(db)
    assert [(row.status, row.attempts) for row in rows] == [
        ("delivered", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert {row.next_attempt_at for row in rows[1:]} == {T0}  # due again at once, for anyone
    assert builders.deliver(db, clock, dispatcher).delivered == 2

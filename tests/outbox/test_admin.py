"""Operators can see the outbox, revive dead messages once fixed, and purge delivered history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.admin import purge_job, requeue_dead, status_counts
from cybercare.outbox.dispatch import Dispatcher
from tests.outbox import builders
from tests.outbox.builders import T0
from tests.outbox.receivers import Receiver


def test_a_dead_message_requeued_after_the_fix_is_delivered(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    receiver = make_receiver(statuses=[500])
    builders.endpoint(db, url=receiver.url)
    (message_id,) = builders.webhook(db)
    clock = builders.clock()
    assert builders.deliver(db, clock, dispatcher, max_attempts=1).dead == 1

    with db.uow() as uow:
        assert status_counts(uow) == {"pending": 0, "delivering": 0, "delivered": 0, "dead": 1}
        assert requeue_dead(uow, at=clock.now(), message_ids=[message_id]) == 1
        uow.commit()

    assert builders.deliver(db, clock, dispatcher, max_attempts=1).delivered == 1
    assert [receipt.status for receipt in receiver.receipts] == [500, 200]


def test_only_delivered_messages_older_than_the_retention_are_purged(
    db: Database, receiver: Receiver, dispatcher: Dispatcher
) -> None:
    builders.endpoint(db, url=receiver.url)
    builders.webhook(db, event_id="evt_old")
    clock = builders.clock()
    builders.deliver(db, clock, dispatcher)
    builders.webhook(db, event_id="evt_pending", at=T0 + timedelta(days=40))

    summary = purge_job(timedelta(days=30))(db, FixedClock(T0 + timedelta(days=31)))

    assert summary == "purged 1 delivered message(s)"
    assert [row.dedupe_key.rsplit(":", 1)[1] for row in builders.messages(db)] == ["evt_pending"]

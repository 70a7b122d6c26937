"""Prompt delivery under faults (issue 18): retries back off exponentially with jitter, an endpoint
that keeps failing is paused and probed with one request (circuit breaker) instead of hammered,
deliveries run concurrently but bounded per endpoint, and a dead worker's messages come back
within one short lease while a live worker's lease heartbeat keeps them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from cybercare.db.tables.outbox import WebhookEndpoint
from cybercare.db.uow import Database
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.jobs import JobRegistry
from cybercare.outbox.leases import LeaseKeeper
from cybercare.outbox.retry_policy import (
    WebhookPolicy,
    circuit_cooldown,
    nominal_backoff,
    webhook_backoff,
)
from cybercare.outbox.runner import run_worker
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from cybercare.outbox.worker import claim_batch
from tests.outbox import builders
from tests.outbox.builders import MAIL_FROM, SECRET_KEY, T0
from tests.outbox.receivers import Receipt, Receiver

POLICY = WebhookPolicy()


def test_the_nominal_backoff_doubles_from_one_second_up_to_an_hour() -> None:
    seconds = [nominal_backoff(POLICY, n).total_seconds() for n in (1, 2, 3, 4, 12, 13, 200)]
    assert seconds == [1, 2, 4, 8, 2048, 3600, 3600]


@given(attempts=st.integers(min_value=1, max_value=500), fraction=st.floats(0, 0.999999))
def test_the_jittered_wait_is_between_half_and_all_of_the_nominal_wait(
    attempts: int, fraction: float
) -> None:
    nominal = nominal_backoff(POLICY, attempts)
    assert nominal / 2 <= webhook_backoff(POLICY, attempts, fraction) <= nominal


def test_the_circuit_cools_down_for_longer_each_time_up_to_a_minute() -> None:
    seconds = [circuit_cooldown(POLICY, n).total_seconds() for n in (1, 2, 3, 6, 7, 50)]
    assert seconds == [1, 2, 4, 32, 60, 60]


def _endpoint_row(db: Database, endpoint_id: int) -> WebhookEndpoint:
    with db.reader() as uow:
        row = uow.session.get(WebhookEndpoint, endpoint_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def test_the_circuit_opens_after_five_failures_in_a_row_probes_once_and_closes(
    db: Database, make_receiver: Callable[..., Receiver], dispatcher: Dispatcher
) -> None:
    down = make_receiver()
    port = down.port
    down.stop()  # connection refused from now on
    hook = builders.endpoint(db, url=down.url)
    for number in range(8):
        builders.webhook(db, event_id=f"evt_{number}")
    clock = builders.clock()

    policy = WebhookPolicy(per_endpoint_in_flight=5, breaker_threshold=5)
    assert builders.deliver(db, clock, dispatcher, policy=policy).retried == 5
    opened = _endpoint_row(db, hook.id)
    assert (opened.consecutive_failures, opened.circuit_opens) == (5, 1)
    assert opened.circuit_open_until == T0 + timedelta(seconds=1)
    assert opened.failing_since == T0

    clock.advance(timedelta(seconds=30))  # the failed five are due again, the circuit half open
    probe = builders.deliver(db, clock, dispatcher, policy=policy)
    assert (probe.claimed, probe.retried) == (1, 1)  # one request, not thirty-odd
    probed = _endpoint_row(db, hook.id)
    assert probed.circuit_opens == 2
    assert probed.circuit_open_until == clock.now() + timedelta(seconds=2)  # longer this time
    assert builders.deliver(db, clock, dispatcher, policy=policy).claimed == 0  # paused

    back = make_receiver(port=port)
    clock.advance(timedelta(seconds=2))
    assert builders.deliver(db, clock, dispatcher, policy=policy).delivered == 1  # the probe
    closed = _endpoint_row(db, hook.id)
    assert (closed.consecutive_failures, closed.circuit_opens) == (0, 0)
    assert (closed.circuit_open_until, closed.failing_since) == (None, None)
    while builders.deliver(db, clock, dispatcher, policy=policy).claimed:
        pass
    assert len(back.accepted) == 8
    assert len({r.headers["webhook-id"] for r in back.accepted}) == 8
    # the probe's failure was the endpoint's, not the message's: 5 failed once, none twice+1
    assert max(row.attempts for row in builders.messages(db)) <= 2


def test_a_dead_workers_messages_come_back_within_one_short_lease_a_live_ones_do_not(
    db: Database, receiver: Receiver
) -> None:
    builders.endpoint(db, url=receiver.url)
    builders.webhook(db, event_id="evt_live")
    builders.webhook(db, event_id="evt_dead")
    clock = builders.clock()
    (live,) = claim_batch(db, clock.now(), limit=1, lease_s=3, token="clm_live")
    (dead,) = claim_batch(db, clock.now(), limit=1, lease_s=3, token="clm_dead")

    keeper = LeaseKeeper(db, clock, lease_s=3)
    keeper.hold(live.claim_token)
    for _ in range(3):  # the live worker's heartbeat renews; the dead one's is silent
        clock.advance(timedelta(seconds=2))
        assert keeper.renew() == 1
        due = claim_batch(db, clock.now(), limit=10, lease_s=3, token="clm_other")
        assert [m.id for m in due] == (
            [dead.id] if clock.now() >= T0 + timedelta(seconds=3) else []
        )
        if due:
            break
    else:
        raise AssertionError("the dead worker's message never came back")
    assert clock.now() - T0 <= timedelta(seconds=4)


def test_deliveries_run_concurrently_but_never_more_than_the_bound_per_endpoint(
    fresh_database: tuple[str, Engine], make_receiver: Callable[..., Receiver], tmp_path: Path
) -> None:
    db = Database(
        fresh_database[1]
    )  # an engine: the worker's threads take connections of their own
    lock = threading.Lock()
    now_in, peak = [0], [0]

    def track(_receipt: Receipt) -> None:
        with lock:
            now_in[0] += 1
            peak[0] = max(peak[0], now_in[0])
        time.sleep(0.15)
        with lock:
            now_in[0] -= 1

    slow = make_receiver(on_request=track)
    builders.endpoint(db, url=slow.url)
    for number in range(16):
        builders.webhook(db, event_id=f"evt_{number:02}")
    started = time.monotonic()
    with HttpWebhookTransport(timeout_s=5) as transport:
        stats = run_worker(
            db,
            builders.clock(),
            webhook_transport=transport,
            mail_transport=MailboxTransport(tmp_path / "mail"),
            secret_key=SECRET_KEY,
            mail_from=MAIL_FROM,
            once=True,
            poll_interval_s=0.05,
            jobs=JobRegistry(),
            concurrency=8,
            policy=WebhookPolicy(per_endpoint_in_flight=4),
        )
    elapsed = time.monotonic() - started
    assert stats.delivered == 16
    assert 2 <= peak[0] <= 4
    assert elapsed < 16 * 0.15  # one at a time would take 2.4 s at least

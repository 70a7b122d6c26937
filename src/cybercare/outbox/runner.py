"""The worker loop: claim → deliver → record, run the due daily jobs, sleep when idle.

Any number of workers may run against one PostgreSQL database (claims skip each other's locked
rows; jobs hold an advisory lock). A stop request (SIGTERM/SIGINT through `stop_on_signals`, or
the caller's event) lets the message in flight finish and be recorded, hands back the rest of the
batch, and returns.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.kernel.keyring import SecretKeys
from cybercare.outbox.dispatch import Dispatcher, Handler
from cybercare.outbox.jobs import JobRegistry, JobResult, default_registry, run_due_jobs
from cybercare.outbox.transports import DeliveryFailed, MailTransport, WebhookTransport
from cybercare.outbox.worker import (
    DEFAULT_LEASE_S,
    DEFAULT_MAX_ATTEMPTS,
    claim_batch,
    record_delivered,
    record_failure,
    release_claims,
)

logger = logging.getLogger("cybercare.outbox.worker")

DEFAULT_BATCH_SIZE = 20
DEFAULT_POLL_INTERVAL_S = 2.0


@dataclass
class WorkerStats:
    claimed: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    jobs: list[JobResult] = field(default_factory=list)

    def add(self, other: WorkerStats) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.retried += other.retried
        self.dead += other.dead
        self.jobs.extend(other.jobs)


def deliver_batch(
    database: Database,
    clock: Clock,
    dispatcher: Dispatcher,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lease_s: float = DEFAULT_LEASE_S,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    stop_event: threading.Event | None = None,
) -> WorkerStats:
    """One pass: claim up to `batch_size` due messages, deliver each outside any transaction and
    record its result in a short transaction of its own."""
    stats = WorkerStats()
    claimed = claim_batch(database, clock.now(), limit=batch_size, lease_s=lease_s)
    stats.claimed = len(claimed)
    for index, message in enumerate(claimed):
        if stop_event is not None and stop_event.is_set():
            release_claims(database, claimed[index:], clock.now())
            break
        now = clock.now()
        if now >= message.lease_until:
            continue  # our lease ran out: another worker may hold it; it is due again anyway
        try:
            dispatcher.deliver(message, now)
        except DeliveryFailed as exc:
            error, permanent = exc.reason, exc.permanent
        except Exception as exc:  # an adapter bug must not lose the message: retry it
            logger.exception("delivering outbox message %s raised", message.id)
            error, permanent = f"{type(exc).__name__}: {exc}", False
        else:
            record_delivered(database, message, clock.now())
            stats.delivered += 1
            continue
        status = record_failure(
            database, message, clock.now(), error, max_attempts=max_attempts, permanent=permanent
        )
        logger.warning("outbox message %s not delivered (%s): %s", message.id, status, error)
        if status == "dead":
            stats.dead += 1
        elif status == "pending":
            stats.retried += 1
    return stats


def run_worker(
    database: Database,
    clock: Clock,
    *,
    webhook_transport: WebhookTransport,
    mail_transport: MailTransport,
    secret_key: SecretKeys,
    mail_from: str,
    once: bool = False,
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
    stop_event: threading.Event | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lease_s: float = DEFAULT_LEASE_S,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    jobs: JobRegistry = default_registry,
    handlers: Mapping[str, Handler] | None = None,
) -> WorkerStats:
    """Deliver and run jobs until stopped. `once`: until nothing is due, then return.
    `handlers`: deliveries of other kinds (`bank.instant`), by message kind."""
    stop = stop_event or threading.Event()
    dispatcher = Dispatcher(
        webhook_transport, mail_transport, secret_key, mail_from, dict(handlers or {})
    )
    total = WorkerStats()
    while not stop.is_set():
        try:
            batch = deliver_batch(
                database,
                clock,
                dispatcher,
                batch_size=batch_size,
                lease_s=lease_s,
                max_attempts=max_attempts,
                stop_event=stop,
            )
            if not stop.is_set():
                batch.jobs.extend(run_due_jobs(database, clock, registry=jobs, stop_event=stop))
        except SQLAlchemyError:
            if once:
                raise
            # The database went away (restart, failover): wait and try again, don't die.
            logger.exception("worker pass failed; retrying in %.1f s", poll_interval_s)
            stop.wait(poll_interval_s)
            continue
        total.add(batch)
        if batch.claimed == 0:
            if once:
                break
            stop.wait(poll_interval_s)
    return total


@contextmanager
def stop_on_signals(stop_event: threading.Event) -> Iterator[None]:
    """Set `stop_event` on SIGTERM or SIGINT while inside (main thread only), then restore."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s: finishing the message in flight, then stopping", signum)
        stop_event.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

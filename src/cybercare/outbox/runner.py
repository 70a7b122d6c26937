"""The worker loop: claim → deliver concurrently → record, run the due daily jobs, sleep when idle.

Deliveries run on a pool of threads (`concurrency`, 32 by default; at most
`policy.per_endpoint_in_flight` requests to one endpoint per worker), so a receiver that hangs
holds a few threads, not the worker. The loop claims as many messages as threads are free, waits
for the first deliveries to finish, and records every finished result in one transaction (with
each endpoint's circuit breaker, worker.py); the lease heartbeat (leases.py) renews the claims in
flight. Any number of workers may run against one PostgreSQL database (claims skip each other's
locked rows; jobs hold an advisory lock). A stop request (SIGTERM/SIGINT through
`stop_on_signals`, or the caller's event) lets the deliveries in flight finish and be recorded,
then returns.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.kernel.keyring import SecretKeys
from cybercare.outbox.dispatch import Dispatcher, Handler
from cybercare.outbox.jobs import JobRegistry, JobResult, default_registry, run_due_jobs
from cybercare.outbox.leases import LeaseKeeper
from cybercare.outbox.retry_policy import WebhookPolicy
from cybercare.outbox.transports import DeliveryFailed, MailTransport, WebhookTransport
from cybercare.outbox.worker import (
    DEFAULT_LEASE_S,
    DEFAULT_MAX_ATTEMPTS,
    ClaimedMessage,
    DisabledNotice,
    Outcome,
    claim_batch,
    new_claim_token,
    record_outcomes,
    release_claims,
)

logger = logging.getLogger("cybercare.outbox.worker")

DEFAULT_BATCH_SIZE = 20
DEFAULT_CONCURRENCY = 32
DEFAULT_POLL_INTERVAL_S = 2.0
JOBS_EVERY_S = 1.0
BATCH_WINDOW_S = (
    0.005  # while busy, the due jobs are looked at once a second, not after each result
)


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

    def count(self, outcomes: list[Outcome], statuses: list[bool | str | None]) -> None:
        for outcome, status in zip(outcomes, statuses, strict=True):
            if outcome.delivered:
                self.delivered += 1
                continue
            logger.warning(
                "outbox message %s not delivered (%s): %s",
                outcome.message.id,
                status,
                outcome.error,
            )
            if status == "dead":
                self.dead += 1
            elif status == "pending":
                self.retried += 1


def attempt(dispatcher: Dispatcher, message: ClaimedMessage, clock: Clock) -> Outcome:
    """One delivery, outside any transaction; never raises (an adapter bug is retried)."""
    try:
        dispatcher.deliver(message, clock.now())
    except DeliveryFailed as exc:
        return Outcome(message, clock.now(), error=exc.reason, permanent=exc.permanent)
    except Exception as exc:  # an adapter bug must not lose the message: retry it
        logger.exception("delivering outbox message %s raised", message.id)
        return Outcome(message, clock.now(), error=f"{type(exc).__name__}: {exc}")
    return Outcome(message, clock.now())


def deliver_batch(
    database: Database,
    clock: Clock,
    dispatcher: Dispatcher,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lease_s: float = DEFAULT_LEASE_S,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    stop_event: threading.Event | None = None,
    policy: WebhookPolicy | None = None,
    on_disabled: DisabledNotice | None = None,
    rng: random.Random | None = None,
) -> WorkerStats:
    """One pass, one message at a time (tests, `--once` runs): claim up to `batch_size` due
    messages, deliver each outside any transaction, record the results in one transaction."""
    policy = policy or WebhookPolicy()
    stats = WorkerStats()
    claimed = claim_batch(
        database,
        clock.now(),
        limit=batch_size,
        lease_s=lease_s,
        per_endpoint=policy.per_endpoint_in_flight,
    )
    stats.claimed = len(claimed)
    outcomes = []
    for index, message in enumerate(claimed):
        if stop_event is not None and stop_event.is_set():
            release_claims(database, claimed[index:], clock.now())
            break
        outcomes.append(attempt(dispatcher, message, clock))
    if outcomes:
        recorded = record_outcomes(
            database,
            outcomes,
            max_attempts=max_attempts,
            policy=policy,
            rng=rng,
            on_disabled=on_disabled,
        )
        stats.count(outcomes, recorded.statuses)
    return stats


class _Pipeline:
    """The concurrent loop's state: deliveries in flight, by future, and their claims."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        dispatcher: Dispatcher,
        pool: ThreadPoolExecutor,
        keeper: LeaseKeeper,
        *,
        concurrency: int,
        lease_s: float,
        max_attempts: int,
        policy: WebhookPolicy,
        on_disabled: DisabledNotice | None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.dispatcher = dispatcher
        self.pool = pool
        self.keeper = keeper
        self.concurrency = concurrency
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self.policy = policy
        self.on_disabled = on_disabled
        self.in_flight: dict[Future[Outcome], ClaimedMessage] = {}
        self.rng = random.Random()  # noqa: S311 (jitter, not a secret)

    def per_endpoint(self) -> Counter[int]:
        return Counter(m.endpoint.id for m in self.in_flight.values() if m.endpoint is not None)

    def claim(self) -> tuple[int, bool]:
        """Fill the free threads; returns (claimed, whether the due queue looked drained)."""
        free = self.concurrency - len(self.in_flight)
        if free <= 0 or (self.in_flight and free < max(self.concurrency // 4, 1)):
            return 0, False  # claim in batches: one claim per quarter of the threads freed
        token = new_claim_token()
        self.keeper.hold(token, free)  # renewed from now: the claim may be slow to commit
        claimed = claim_batch(
            self.database,
            self.clock.now(),
            limit=free,
            lease_s=self.lease_s,
            token=token,
            per_endpoint=self.policy.per_endpoint_in_flight,
            in_flight=self.per_endpoint(),
        )
        self.keeper.release(token, free - len(claimed))
        for message in claimed:
            future = self.pool.submit(attempt, self.dispatcher, message, self.clock)
            self.in_flight[future] = message
        return len(claimed), len(claimed) < free

    def collect(self, timeout_s: float, stats: WorkerStats) -> None:
        """Wait up to `timeout_s` for a delivery to finish; record every finished one."""
        if not self.in_flight:
            return
        done, pending = wait(list(self.in_flight), timeout=timeout_s, return_when=FIRST_COMPLETED)
        if not done:
            return
        if pending:  # record in batches: the results finishing within a few ms go together
            more, _ = wait(pending, timeout=BATCH_WINDOW_S)
            done |= more
        outcomes = [future.result() for future in done]
        recorded = record_outcomes(
            self.database,
            outcomes,
            max_attempts=self.max_attempts,
            policy=self.policy,
            rng=self.rng,
            on_disabled=self.on_disabled,
        )
        for future in done:
            message = self.in_flight.pop(future)
            self.keeper.release(message.claim_token)
        stats.count(outcomes, recorded.statuses)

    def drain(self, stats: WorkerStats) -> None:
        while self.in_flight:
            self.collect(1.0, stats)


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
    concurrency: int = DEFAULT_CONCURRENCY,
    policy: WebhookPolicy | None = None,
    on_disabled: DisabledNotice | None = None,
) -> WorkerStats:
    """Deliver and run jobs until stopped. `once`: until nothing is due, then return.
    `handlers`: deliveries of other kinds (`bank.instant`), by message kind. `batch_size` is
    kept for callers of the one-at-a-time loop; `concurrency` bounds the requests in flight."""
    del batch_size
    # A database bound to one connection (a test's rolled-back transaction) cannot be used by
    # two threads at once: deliver one at a time there, and renew no lease from a thread.
    shared_connection = not isinstance(database.bind, Engine)
    if shared_connection:
        concurrency = 1
    stop = stop_event or threading.Event()
    dispatcher = Dispatcher(
        webhook_transport, mail_transport, secret_key, mail_from, dict(handlers or {})
    )
    total = WorkerStats()
    last_jobs = float("-inf")
    with (
        ThreadPoolExecutor(max(concurrency, 1), thread_name_prefix="outbox-deliver") as pool,
        LeaseKeeper(database, clock, lease_s=lease_s, background=not shared_connection) as keeper,
    ):
        pipeline = _Pipeline(
            database,
            clock,
            dispatcher,
            pool,
            keeper,
            concurrency=max(concurrency, 1),
            lease_s=lease_s,
            max_attempts=max_attempts,
            policy=policy or WebhookPolicy(),
            on_disabled=on_disabled,
        )
        while not stop.is_set():
            try:
                busy = bool(pipeline.in_flight)  # a bound per endpoint may hold the rest back
                claimed, drained = pipeline.claim()
                total.claimed += claimed
                # Busy: collect quickly to refill the threads; drained: wait for a result.
                pipeline.collect(poll_interval_s if drained else 0.01, total)
                idle = not busy and claimed == 0
                if not stop.is_set() and (idle or time.monotonic() - last_jobs >= JOBS_EVERY_S):
                    total.jobs.extend(run_due_jobs(database, clock, registry=jobs, stop_event=stop))
                    last_jobs = time.monotonic()
            except SQLAlchemyError:
                if once:
                    raise
                # The database went away (restart, failover): wait and try again, don't die.
                logger.exception("worker pass failed; retrying in %.1f s", poll_interval_s)
                stop.wait(poll_interval_s)
                continue
            if idle:
                if once:
                    break
                stop.wait(poll_interval_s)
        pipeline.drain(total)
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

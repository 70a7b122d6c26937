"""Claiming and recording outbox deliveries: each step its own short transaction.

    claim (commit) → deliver, outside any transaction → record the results (commit)

A claim is a lease: the message turns `delivering` with `locked_until` = now + lease and a
`claim_token` naming this claim, and its `next_attempt_at` moves to the same instant, so a message
whose worker died is simply due again when the lease runs out. Leases are short (15 s by default)
and renewed by the worker's lease heartbeat while the delivery is in flight (`renew_leases`,
outbox/leases.py): a killed worker's messages are released within seconds, a slow one keeps
them. On PostgreSQL the claim reads with FOR UPDATE SKIP LOCKED, so concurrent workers take
disjoint batches; on SQLite BEGIN IMMEDIATE serialises the claims.

Webhooks (issue 18): the claim skips the messages of an endpoint whose circuit is open, takes one
message only (the probe) of an endpoint whose circuit is half open, and at most
`per_endpoint_in_flight` of any endpoint per worker. Results are recorded in batches, one
transaction each, with the endpoint's breaker state (retry_policy.py).

A success is a fact and is always recorded. A failure is recorded only while the claim it was
attempted under is still the message's claim (a fence on `claim_token`), so a worker that
overslept its lease cannot overwrite the newer attempt of another worker.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from cybercare.audit import trail
from cybercare.db.tables.outbox import OutboxMessage, WebhookEndpoint
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.ids import new_id
from cybercare.outbox.endpoints import Endpoint, endpoint_view
from cybercare.outbox.retry_policy import (
    WebhookPolicy,
    circuit_cooldown,
    should_disable,
    should_open,
    webhook_backoff,
)

DEFAULT_MAX_ATTEMPTS = 15
DEFAULT_LEASE_S = 15.0
ERROR_LIMIT = 2000
WEBHOOK_KIND = "webhook"

# E-mails and other kinds: after the n-th failed attempt 30 s, 2 min, 10 min, 1 h, 6 h, 12 h,
# then 24 h each. Webhooks: exponential with jitter, see retry_policy.py.
BACKOFF_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=12),
)
BACKOFF_CAP = timedelta(hours=24)

DUE_STATUSES = ("pending", "delivering")
# Kinds a worker takes before the others: a member waits for the money (issue 15).
URGENT_KINDS = ("bank.instant",)

# Called in the transaction that disables a failing endpoint: tells the partner (the worker's
# composition publishes a feed event, partners/webhooks.py).
DisabledNotice = Callable[[UnitOfWork, Endpoint, datetime], None]


def backoff(failed_attempts: int) -> timedelta:
    """How long to wait after `failed_attempts` failures (1-based), for e-mails and other kinds;
    deterministic, no jitter."""
    if failed_attempts < 1:
        raise ValueError("backoff is defined after at least one failed attempt")
    if failed_attempts <= len(BACKOFF_SCHEDULE):
        return BACKOFF_SCHEDULE[failed_attempts - 1]
    return BACKOFF_CAP


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """A message this worker holds under `claim_token`; `attempts` counts earlier attempts."""

    id: int
    kind: str
    dedupe_key: str
    payload: Mapping[str, Any]
    attempts: int
    lease_until: datetime
    endpoint: Endpoint | None
    claim_token: str = ""
    probe: bool = False  # the one request to an endpoint whose circuit is half open


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one attempt: delivered, or failed with `error` (`permanent`: never retry)."""

    message: ClaimedMessage
    at: datetime
    error: str | None = None
    permanent: bool = False

    @property
    def delivered(self) -> bool:
        return self.error is None


@dataclass
class RecordResult:
    """Per outcome, in order: True (delivered), the new status, or None (fenced out)."""

    statuses: list[bool | str | None] = field(default_factory=list)
    disabled: list[int] = field(default_factory=list)  # endpoints disabled by this batch


def new_claim_token() -> str:
    return new_id("clm", 20)


def claim_batch(
    database: Database,
    now: datetime,
    *,
    limit: int,
    lease_s: float = DEFAULT_LEASE_S,
    token: str | None = None,
    per_endpoint: int | None = None,
    in_flight: Mapping[int, int] | None = None,
) -> list[ClaimedMessage]:
    """Lease up to `limit` due messages (urgent kinds first, then oldest first) to this worker,
    committed before return. Webhooks: none for an endpoint whose circuit is open, one probe for
    one half open, at most `per_endpoint` per endpoint counting `in_flight` (endpoint id → this
    worker's requests in flight)."""
    lease_until = now + timedelta(seconds=lease_s)
    token = token or new_claim_token()
    paused = select(WebhookEndpoint.id).where(WebhookEndpoint.circuit_open_until > now)
    with database.uow() as uow:
        rows = uow.session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.kind,
                OutboxMessage.dedupe_key,
                OutboxMessage.endpoint_id,
                OutboxMessage.payload,
                OutboxMessage.attempts,
            )
            .where(
                OutboxMessage.status.in_(DUE_STATUSES),
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.endpoint_id.is_(None), OutboxMessage.endpoint_id.not_in(paused)),
            )
            # Money first (issue 15): due instant payouts before e-mails and webhooks; a sort
            # of the due rows only (the claim index narrows them), then oldest first.
            .order_by(OutboxMessage.kind.not_in(URGENT_KINDS), OutboxMessage.id)
            .limit(limit)
            # Rendered FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has no row locks and
            # drops it: there BEGIN IMMEDIATE makes each claim exclusive.
            .with_for_update(skip_locked=True)
        ).all()
        if not rows:
            return []
        endpoint_ids = {row.endpoint_id for row in rows if row.endpoint_id is not None}
        endpoints = {
            endpoint.id: endpoint
            for endpoint in uow.session.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.id.in_(endpoint_ids))
            )
        }
        counts = dict(in_flight or {})
        probes: dict[int, bool] = {}
        picked = []
        for row in rows:
            endpoint = endpoints.get(row.endpoint_id) if row.endpoint_id is not None else None
            if endpoint is not None and endpoint.active:
                if endpoint.circuit_opens > 0:  # half open: one probe, taken by one worker
                    if endpoint.id in probes or not _take_probe(uow, endpoint.id, now, lease_until):
                        probes.setdefault(endpoint.id, False)
                        continue
                    probes[endpoint.id] = True
                elif per_endpoint is not None and counts.get(endpoint.id, 0) >= per_endpoint:
                    continue
                counts[endpoint.id] = counts.get(endpoint.id, 0) + 1
            picked.append(row)
        if picked:
            uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([row.id for row in picked]))
                .values(
                    status="delivering",
                    locked_until=lease_until,
                    next_attempt_at=lease_until,
                    claim_token=token,
                )
                .execution_options(synchronize_session=False)
            )
        views = {endpoint_id: endpoint_view(row) for endpoint_id, row in endpoints.items()}
        uow.commit()
    return [
        ClaimedMessage(
            id=row.id,
            kind=row.kind,
            dedupe_key=row.dedupe_key,
            payload=row.payload,
            attempts=row.attempts,
            lease_until=lease_until,
            endpoint=views.get(row.endpoint_id) if row.endpoint_id is not None else None,
            claim_token=token,
            probe=probes.get(row.endpoint_id, False) if row.endpoint_id is not None else False,
        )
        for row in picked
    ]


def _take_probe(uow: UnitOfWork, endpoint_id: int, now: datetime, until: datetime) -> bool:
    """Hold the half-open endpoint's probe until `until`: another worker's claim skips it."""
    result = uow.session.execute(
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            or_(
                WebhookEndpoint.circuit_open_until.is_(None),
                WebhookEndpoint.circuit_open_until <= now,
            ),
        )
        .values(circuit_open_until=until)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def record_outcomes(
    database: Database,
    outcomes: Sequence[Outcome],
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    policy: WebhookPolicy | None = None,
    rng: random.Random | None = None,
    on_disabled: DisabledNotice | None = None,
) -> RecordResult:
    """Record a batch of results in one transaction: messages delivered or rescheduled (or dead),
    and each webhook endpoint's breaker: closed by a success, opened by failures in a row,
    disabled (with its audit event and the partner's notice) after failing for days."""
    policy = policy or WebhookPolicy()
    rng = rng or random.Random()  # noqa: S311 (jitter, not a secret)
    result = RecordResult()
    with database.uow() as uow:
        delivered = _all_delivered(uow, [o for o in outcomes if o.delivered])
        succeeded = {o.message.endpoint.id for o in outcomes if o.delivered and o.message.endpoint}
        for endpoint_id in sorted(succeeded):  # one write per endpoint, and only in a streak
            _endpoint_succeeded(uow, endpoint_id)
        for outcome in outcomes:
            if outcome.delivered:
                result.statuses.append(outcome.message.id in delivered)
                continue
            message = outcome.message
            breaker = (
                message.kind == WEBHOOK_KIND
                and message.endpoint is not None
                and not outcome.permanent
            )
            status = _failed(uow, outcome, max_attempts, policy, rng)
            result.statuses.append(status)
            if breaker and status is not None and message.endpoint is not None:
                disabled = _endpoint_failed(uow, message, outcome.at, policy, on_disabled)
                if disabled:
                    result.disabled.append(message.endpoint.id)
        uow.commit()
    return result


def _all_delivered(uow: UnitOfWork, outcomes: Sequence[Outcome]) -> set[int]:
    """Mark delivered whoever holds the lease now (a receipt is a fact); returns the ids that
    were not delivered before."""
    if not outcomes:
        return set()
    ids = [o.message.id for o in outcomes]
    fresh = set(
        uow.session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.id.in_(ids), OutboxMessage.status != "delivered"
            )
        )
    )
    if fresh:
        # One statement for the batch: its receipts came within milliseconds of each other,
        # the latest instant stands for them all.
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(sorted(fresh)), OutboxMessage.status != "delivered")
            .values(
                status="delivered",
                delivered_at=max(o.at for o in outcomes),
                locked_until=None,
                claim_token=None,
                attempts=OutboxMessage.attempts + 1,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )
    return fresh


def _failed(
    uow: UnitOfWork,
    outcome: Outcome,
    max_attempts: int,
    policy: WebhookPolicy,
    rng: random.Random,
) -> str | None:
    message, now = outcome.message, outcome.at
    error = (outcome.error or "")[:ERROR_LIMIT]
    if message.kind == WEBHOOK_KIND and message.probe and not outcome.permanent:
        # The endpoint is down, not the message: due again when the circuit next half-opens.
        attempts, status, due = message.attempts, "pending", now
    else:
        attempts = message.attempts + 1
        dead = outcome.permanent or attempts >= max_attempts
        status = "dead" if dead else "pending"
        if dead:
            due = now
        elif message.kind == WEBHOOK_KIND:
            due = now + webhook_backoff(policy, attempts, rng.random())
        else:
            due = now + backoff(attempts)
    result = uow.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.status == "delivering",
            OutboxMessage.claim_token == message.claim_token,
        )
        .values(
            status=status,
            attempts=attempts,
            next_attempt_at=due,
            locked_until=None,
            claim_token=None,
            last_error=error,
        )
        .execution_options(synchronize_session=False)
    )
    return status if _rowcount(result) == 1 else None


def _endpoint_succeeded(uow: UnitOfWork, endpoint_id: int) -> None:
    """Close the circuit and end the failing streak (a write only when there is one)."""
    uow.session.execute(
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            or_(
                WebhookEndpoint.consecutive_failures > 0,
                WebhookEndpoint.circuit_opens > 0,
                WebhookEndpoint.failing_since.is_not(None),
                WebhookEndpoint.circuit_open_until.is_not(None),
            ),
        )
        .values(
            consecutive_failures=0, circuit_opens=0, circuit_open_until=None, failing_since=None
        )
        .execution_options(synchronize_session=False)
    )


def _endpoint_failed(
    uow: UnitOfWork,
    message: ClaimedMessage,
    now: datetime,
    policy: WebhookPolicy,
    on_disabled: DisabledNotice | None,
) -> bool:
    """Count the failure on the endpoint; open its circuit, or disable it. True if disabled."""
    assert message.endpoint is not None
    row = uow.session.get(WebhookEndpoint, message.endpoint.id, with_for_update=True)
    if row is None or not row.active:
        return False
    row.consecutive_failures += 1
    if row.failing_since is None:
        row.failing_since = now
    if should_disable(policy, row.failing_since, now):
        _disable_failing(uow, row, now, on_disabled)
        return True
    already_open = row.circuit_open_until is not None and row.circuit_open_until > now
    if should_open(policy, row.consecutive_failures, probe=message.probe) and (
        message.probe or not already_open
    ):
        row.circuit_opens += 1
        row.circuit_open_until = now + circuit_cooldown(policy, row.circuit_opens)
    uow.session.flush()
    return False


def _disable_failing(
    uow: UnitOfWork, row: WebhookEndpoint, now: datetime, on_disabled: DisabledNotice | None
) -> None:
    failing_since = row.failing_since
    row.active = False
    row.disabled_at = now
    row.disabled_reason = "failing"
    row.circuit_opens = 0
    row.circuit_open_until = None
    uow.session.flush()
    # Its waiting messages end dead (enabling the endpoint again requeues them).
    uow.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.endpoint_id == row.id, OutboxMessage.status == "pending")
        .values(status="dead", last_error="the endpoint was disabled after failing for days")
        .execution_options(synchronize_session=False)
    )
    trail.record(
        uow,
        at=now,
        actor="system:webhooks",
        action="webhook.disabled",
        subject_type="webhook_endpoint",
        subject_id=str(row.id),
        details={
            "distributor": row.distributor_code,
            "reason": "failing",
            "failing_since": failing_since.isoformat() if failing_since else None,
            "consecutive_failures": row.consecutive_failures,
        },
    )
    if on_disabled is not None:
        on_disabled(uow, endpoint_view(row), now)


def record_delivered(database: Database, message: ClaimedMessage, now: datetime) -> bool:
    """Mark delivered, whoever holds the lease now (a receipt is a fact); False if it was."""
    (status,) = record_outcomes(database, [Outcome(message, now)]).statuses
    return status is True


def record_failure(
    database: Database,
    message: ClaimedMessage,
    now: datetime,
    error: str,
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    permanent: bool = False,
    policy: WebhookPolicy | None = None,
) -> str | None:
    """Schedule the next attempt by the backoff, or give up (`dead`) after `max_attempts`.

    Returns the new status, or None when the claim was lost (another worker holds the message).
    """
    (status,) = record_outcomes(
        database,
        [Outcome(message, now, error=error, permanent=permanent)],
        max_attempts=max_attempts,
        policy=policy,
    ).statuses
    return status if isinstance(status, str) else None


def renew_leases(
    database: Database, tokens: Sequence[str], now: datetime, lease_s: float = DEFAULT_LEASE_S
) -> int:
    """Extend the lease of every message still held under `tokens` (the worker is alive)."""
    if not tokens:
        return 0
    until = now + timedelta(seconds=lease_s)
    with database.uow() as uow:
        result = uow.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.claim_token.in_(list(tokens)), OutboxMessage.status == "delivering"
            )
            .values(locked_until=until, next_attempt_at=until)
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return _rowcount(result)


def release_claims(database: Database, messages: Sequence[ClaimedMessage], now: datetime) -> int:
    """Hand back messages claimed but not attempted (graceful stop): due again at once."""
    released = 0
    with database.uow() as uow:
        for message in messages:
            result = uow.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message.id,
                    OutboxMessage.status == "delivering",
                    OutboxMessage.claim_token == message.claim_token,
                )
                .values(status="pending", next_attempt_at=now, locked_until=None, claim_token=None)
                .execution_options(synchronize_session=False)
            )
            released += _rowcount(result)
            if message.probe and message.endpoint is not None:  # let another worker probe
                uow.session.execute(
                    update(WebhookEndpoint)
                    .where(WebhookEndpoint.id == message.endpoint.id)
                    .values(circuit_open_until=now)
                    .execution_options(synchronize_session=False)
                )
        uow.commit()
    return released


def _rowcount(result: object) -> int:
    count = getattr(result, "rowcount", 0)
    return int(count) if isinstance(count, int) else 0

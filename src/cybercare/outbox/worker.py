"""Claiming and recording outbox deliveries: each step its own short transaction.

    claim (commit) → deliver, outside any transaction → record the result (commit)

A claim is a lease: the message turns `delivering` with `locked_until` = now + lease, and its
`next_attempt_at` moves to the same instant, so a message whose worker died is simply due again
when the lease runs out. On PostgreSQL the claim reads with FOR UPDATE SKIP LOCKED, so concurrent
workers take disjoint batches; on SQLite BEGIN IMMEDIATE serialises the claims.

A success is a fact and is always recorded. A failure is recorded only while the lease it was
attempted under is still the message's lease (a fence), so a worker that overslept its lease
cannot overwrite the newer attempt of another worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from cybercare.db.tables.outbox import OutboxMessage, WebhookEndpoint
from cybercare.db.uow import Database
from cybercare.outbox.endpoints import Endpoint

DEFAULT_MAX_ATTEMPTS = 15
DEFAULT_LEASE_S = 300.0
ERROR_LIMIT = 2000

# Wait after the n-th failed attempt: 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, then 24 h each.
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


def backoff(failed_attempts: int) -> timedelta:
    """How long to wait after `failed_attempts` failures (1-based); deterministic, no jitter."""
    if failed_attempts < 1:
        raise ValueError("backoff is defined after at least one failed attempt")
    if failed_attempts <= len(BACKOFF_SCHEDULE):
        return BACKOFF_SCHEDULE[failed_attempts - 1]
    return BACKOFF_CAP


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """A message this worker holds until `lease_until`; `attempts` counts earlier attempts."""

    id: int
    kind: str
    dedupe_key: str
    payload: Mapping[str, Any]
    attempts: int
    lease_until: datetime
    endpoint: Endpoint | None


def claim_batch(
    database: Database, now: datetime, *, limit: int, lease_s: float = DEFAULT_LEASE_S
) -> list[ClaimedMessage]:
    """Lease up to `limit` due messages (urgent kinds first, then oldest first) to this worker,
    committed before return."""
    lease_until = now + timedelta(seconds=lease_s)
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
            .where(OutboxMessage.status.in_(DUE_STATUSES), OutboxMessage.next_attempt_at <= now)
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
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(status="delivering", locked_until=lease_until, next_attempt_at=lease_until)
            .execution_options(synchronize_session=False)
        )
        endpoint_ids = {row.endpoint_id for row in rows if row.endpoint_id is not None}
        endpoints = {
            endpoint.id: Endpoint(
                endpoint.id,
                endpoint.distributor_code,
                endpoint.url,
                endpoint.secret_version,
                endpoint.active,
                endpoint.previous_secret_until,
            )
            for endpoint in uow.session.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.id.in_(endpoint_ids))
            )
        }
        uow.commit()
    return [
        ClaimedMessage(
            id=row.id,
            kind=row.kind,
            dedupe_key=row.dedupe_key,
            payload=row.payload,
            attempts=row.attempts,
            lease_until=lease_until,
            endpoint=endpoints.get(row.endpoint_id) if row.endpoint_id is not None else None,
        )
        for row in rows
    ]


def record_delivered(database: Database, message: ClaimedMessage, now: datetime) -> bool:
    """Mark delivered, whoever holds the lease now (a receipt is a fact); False if it was."""
    with database.uow() as uow:
        result = uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.status != "delivered")
            .values(
                status="delivered",
                delivered_at=now,
                locked_until=None,
                attempts=OutboxMessage.attempts + 1,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return _rowcount(result) == 1


def record_failure(
    database: Database,
    message: ClaimedMessage,
    now: datetime,
    error: str,
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    permanent: bool = False,
) -> str | None:
    """Schedule the next attempt by the backoff, or give up (`dead`) after `max_attempts`.

    Returns the new status, or None when the lease was lost (another worker holds the message).
    """
    attempts = message.attempts + 1
    dead = permanent or attempts >= max_attempts
    status = "dead" if dead else "pending"
    with database.uow() as uow:
        result = uow.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == "delivering",
                OutboxMessage.locked_until == message.lease_until,
            )
            .values(
                status=status,
                attempts=attempts,
                next_attempt_at=now if dead else now + backoff(attempts),
                locked_until=None,
                last_error=error[:ERROR_LIMIT],
            )
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return status if _rowcount(result) == 1 else None


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
                    OutboxMessage.locked_until == message.lease_until,
                )
                .values(status="pending", next_attempt_at=now, locked_until=None)
                .execution_options(synchronize_session=False)
            )
            released += _rowcount(result)
        uow.commit()
    return released


def _rowcount(result: object) -> int:
    count = getattr(result, "rowcount", 0)
    return int(count) if isinstance(count, int) else 0

"""Operators' tools for the outbox, each inside the caller's unit of work: counts for monitoring,
requeueing dead messages once the cause is fixed, and purging old delivered rows (a daily job)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from cybercare.db.tables.outbox import OUTBOX_STATUSES, OutboxMessage
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.outbox.jobs import JobFunction

DEFAULT_KEEP_DELIVERED = timedelta(days=30)


def status_counts(uow: UnitOfWork) -> dict[str, int]:
    """Messages per status (every status present, zero included): what to alert on is `dead`."""
    rows = uow.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update({status: int(count) for status, count in rows})
    return counts


def requeue_dead(uow: UnitOfWork, *, at: datetime, message_ids: Sequence[int] | None = None) -> int:
    """Give dead messages (all, or those listed) a fresh set of attempts, due at `at`."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=at, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    if message_ids is not None:
        statement = statement.where(OutboxMessage.id.in_(list(message_ids)))
    return int(getattr(uow.session.execute(statement), "rowcount", 0))


def purge_delivered(uow: UnitOfWork, *, before: datetime) -> int:
    """Delete delivered messages older than `before` (one set-based statement)."""
    result = uow.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.status == "delivered", OutboxMessage.delivered_at < before)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


def purge_job(keep: timedelta = DEFAULT_KEEP_DELIVERED) -> JobFunction:
    """A daily job (register it as "outbox.purge") that keeps `keep` of delivered history."""

    def purge(database: Database, clock: Clock) -> str:
        with database.uow() as uow:
            purged = purge_delivered(uow, before=clock.now() - keep)
            uow.commit()
        return f"purged {purged} delivered message(s)"

    return purge

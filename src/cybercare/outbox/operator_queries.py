"""What an operator reads from the command line (issue 16): the outbox's state and its newest
dead messages, the webhook endpoints, each periodic job's latest run and latest success."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from cybercare.db.tables.outbox import JobRun, OutboxMessage, WebhookEndpoint
from cybercare.db.uow import UnitOfWork
from cybercare.outbox.admin import status_counts
from cybercare.outbox.endpoints import Endpoint, endpoint_view

DEAD_LISTED = 50  # the newest dead messages shown; the count says how many there are in all


@dataclass(frozen=True, slots=True)
class DeadMessage:
    id: int
    kind: str
    attempts: int
    created_at: datetime
    last_error: str | None


@dataclass(frozen=True, slots=True)
class OutboxState:
    counts: dict[str, int]
    oldest_pending_at: datetime | None  # what to alert on: deliveries falling behind
    dead: list[DeadMessage]


@dataclass(frozen=True, slots=True)
class JobState:
    name: str
    every_minutes: int | None  # None: daily
    last_run_key: str | None
    last_status: str | None
    last_finished_at: datetime | None
    last_success_at: datetime | None
    last_summary: str | None
    last_error: str | None


def outbox_state(uow: UnitOfWork) -> OutboxState:
    oldest = uow.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_(("pending", "delivering"))
        )
    )
    rows = uow.session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.attempts,
            OutboxMessage.created_at,
            OutboxMessage.last_error,
        )
        .where(OutboxMessage.status == "dead")
        .order_by(OutboxMessage.id.desc())
        .limit(DEAD_LISTED)
    )
    dead = [DeadMessage(*row) for row in rows]
    return OutboxState(status_counts(uow), oldest, dead)


def webhook_endpoints(uow: UnitOfWork, distributor: str | None = None) -> list[Endpoint]:
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if distributor is not None:
        query = query.where(WebhookEndpoint.distributor_code == distributor)
    return [endpoint_view(row) for row in uow.session.scalars(query)]


def job_states(uow: UnitOfWork, jobs: Iterable[tuple[str, int | None]]) -> list[JobState]:
    """For each registered job (name, every_minutes): its latest run and its latest success."""
    wanted = dict(jobs)
    latest_id = (
        select(JobRun.job, func.max(JobRun.id).label("id"))
        .where(JobRun.job.in_(list(wanted)))
        .group_by(JobRun.job)
        .subquery()
    )
    latest = {
        row.job: row
        for row in uow.session.scalars(select(JobRun).join(latest_id, JobRun.id == latest_id.c.id))
    }
    successes = uow.session.execute(
        select(JobRun.job, func.max(JobRun.finished_at))
        .where(JobRun.job.in_(list(wanted)), JobRun.status == "succeeded")
        .group_by(JobRun.job)
    )
    succeeded: dict[str, datetime | None] = {row[0]: row[1] for row in successes}
    states = []
    for name, every in sorted(wanted.items()):
        run = latest.get(name)
        states.append(
            JobState(
                name=name,
                every_minutes=every,
                last_run_key=run.run_key if run else None,
                last_status=run.status if run else None,
                last_finished_at=run.finished_at if run else None,
                last_success_at=succeeded.get(name),
                last_summary=run.summary if run else None,
                last_error=run.last_error if run else None,
            )
        )
    return states

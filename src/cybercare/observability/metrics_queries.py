"""What the metrics read from the database when Prometheus scrapes: the outbox, the jobs' last
successes, the running SLA clocks and the running billing run.

Each query reads a small, indexed part of its table, whatever the size of the book: the
messages not yet delivered or dead (`ix_outbox_messages_claim` leads with the status), the latest
run of each job (the unique (job, run_key) index, read backwards), the open cases, workstreams
and claims waiting for a decision (indexes leading with the status), the running billing run.
The payment clocks read the claims with a payment due date that are not fully paid: the same
rows the breach job (`claims.sla.flag_claim_breaches`) reads every minute.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute

from cybercare.assistance.domain import CaseStatus, WorkstreamStatus
from cybercare.claims.domain import ClaimStatus
from cybercare.db.tables import (
    BillingRunRow,
    CaseRow,
    ClaimRow,
    JobRun,
    OutboxMessage,
    WorkstreamRow,
)
from cybercare.db.tables.assistance import TEAMS
from cybercare.db.tables.outbox import OUTBOX_KINDS
from cybercare.db.uow import UnitOfWork

NOT_DELIVERED = ("pending", "delivering")
KINDS: tuple[str, ...] = OUTBOX_KINDS  # every kind has its series, at 0 when none waits
WORKSTREAM_TEAMS: tuple[str, ...] = TEAMS
CASE_TEAM = "triage"  # a case's own first-contact clock, before (or beside) its teams' clocks
CLAIMS_TEAM = "claims"


@dataclass(frozen=True, slots=True)
class OutboxCount:
    status: str  # pending (pending or delivering) | dead
    kind: str
    messages: int
    oldest_created_at: datetime | None


@dataclass(frozen=True, slots=True)
class SlaClocks:
    clock: str  # first_contact | decision | payment
    team: str
    running: int
    breached: int  # running and past due


@dataclass(frozen=True, slots=True)
class BillingRunProgress:
    period: str
    scope: str
    chunks_done: int
    lines_created: int
    started_at: datetime


def outbox_counts(uow: UnitOfWork) -> list[OutboxCount]:
    rows = uow.session.execute(
        select(
            OutboxMessage.status,
            OutboxMessage.kind,
            func.count(),
            func.min(OutboxMessage.created_at),
        )
        .where(OutboxMessage.status.in_((*NOT_DELIVERED, "dead")))
        .group_by(OutboxMessage.status, OutboxMessage.kind)
    ).all()
    merged: dict[tuple[str, str], OutboxCount] = {}
    for status, kind, count, oldest in rows:
        key = ("pending" if status in NOT_DELIVERED else "dead", kind)
        before = merged.get(key)
        dates: list[datetime | None] = [oldest]
        total = int(count)
        if before is not None:  # pending and delivering are both "not delivered yet"
            dates.append(before.oldest_created_at)
            total += before.messages
        known = [at for at in dates if at is not None]
        merged[key] = OutboxCount(key[0], kind, total, min(known) if known else None)
    return list(merged.values())


def last_successes(uow: UnitOfWork, jobs: Iterable[str]) -> dict[str, datetime | None]:
    """Each job's latest successful run's end, None when it never succeeded: one statement of
    one scalar subquery per job, each reading its job's runs backwards on the index."""
    names = list(jobs)
    if not names:
        return {}
    latest = [
        select(JobRun.finished_at)
        .where(JobRun.job == name, JobRun.status == "succeeded")
        .order_by(JobRun.run_key.desc())
        .limit(1)
        .scalar_subquery()
        .label(f"job_{index}")
        for index, name in enumerate(names)
    ]
    row = uow.session.execute(select(*latest)).one()
    return dict(zip(names, row, strict=True))


def _late(due: InstrumentedAttribute[Any], now: datetime) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((due < now, 1), else_=0)), 0)


def sla_clocks(uow: UnitOfWork, now: datetime) -> list[SlaClocks]:
    """The clocks still running (nobody contacted, not decided, not paid) by team, and how many
    of them ran out: cases and their teams' workstreams (first contact), claims (decision and
    payment)."""
    session = uow.session
    open_case = (CaseStatus.OPEN.value, CaseStatus.TRIAGED.value, CaseStatus.IN_PROGRESS.value)
    clocks: list[SlaClocks] = []
    running, late = session.execute(
        select(func.count(), _late(CaseRow.first_contact_due_at, now)).where(
            CaseRow.status.in_(open_case), CaseRow.first_contact_at.is_(None)
        )
    ).one()
    clocks.append(SlaClocks("first_contact", CASE_TEAM, int(running), int(late)))
    open_workstream = (WorkstreamStatus.OPEN.value, WorkstreamStatus.IN_PROGRESS.value)
    for team, running, late in session.execute(
        select(WorkstreamRow.team, func.count(), _late(WorkstreamRow.first_contact_due_at, now))
        .where(WorkstreamRow.status.in_(open_workstream), WorkstreamRow.first_contact_at.is_(None))
        .group_by(WorkstreamRow.team)
    ):
        clocks.append(SlaClocks("first_contact", str(team), int(running), int(late)))
    waiting = (ClaimStatus.IN_REVIEW.value, ClaimStatus.AWAITING_APPROVAL.value)
    running, late = session.execute(
        select(func.count(), _late(ClaimRow.decision_due_at, now)).where(
            ClaimRow.status.in_(waiting), ClaimRow.decision_due_at.is_not(None)
        )
    ).one()
    clocks.append(SlaClocks("decision", CLAIMS_TEAM, int(running), int(late)))
    running, late = session.execute(
        select(func.count(), _late(ClaimRow.payment_due_at, now)).where(
            ClaimRow.payment_due_at.is_not(None), ClaimRow.paid_cents < ClaimRow.payable_cents
        )
    ).one()
    clocks.append(SlaClocks("payment", CLAIMS_TEAM, int(running), int(late)))
    return clocks


def running_billing_runs(uow: UnitOfWork) -> list[BillingRunProgress]:
    rows = uow.session.execute(
        select(
            BillingRunRow.period,
            BillingRunRow.scope,
            BillingRunRow.chunks_done,
            BillingRunRow.lines_created,
            BillingRunRow.started_at,
        ).where(BillingRunRow.status == "running")
    )
    return [BillingRunProgress(p, s, int(c or 0), int(n or 0), at) for p, s, c, n, at in rows]

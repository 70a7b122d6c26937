"""Data requests for staff: the open ones with their one-month clock (GDPR art. 12.3) for the
dashboards, and the latest letter, phone and e-mail requests with their copy for hand-over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cybercare.db.tables import DataExportArchiveRow, DataRequestRow, PersonRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import BRUSSELS
from cybercare.privacy.domain import RequestClock, request_clock


@dataclass(frozen=True, slots=True)
class OpenRequest:
    request_id: str
    kind: str
    channel: str
    person_id: str
    person_name: str
    received_on: date
    clock: RequestClock


def open_requests(uow: UnitOfWork, today: date, *, limit: int = 50) -> list[OpenRequest]:
    """The open requests, the nearest due date first."""
    rows = uow.session.execute(
        select(DataRequestRow, PersonRow.given_name, PersonRow.family_name)
        .join(PersonRow, PersonRow.id == DataRequestRow.person_id)
        .where(DataRequestRow.status == "open")
        .order_by(DataRequestRow.due_on, DataRequestRow.received_at, DataRequestRow.id)
        .limit(limit)
    )
    return [
        OpenRequest(
            row.id,
            row.kind,
            row.channel,
            row.person_id,
            f"{given} {family}",
            row.received_at.astimezone(BRUSSELS).date(),
            request_clock(row.due_on, today, fulfilled=False),
        )
        for row, given, family in rows
    ]


@dataclass(frozen=True, slots=True)
class HandoverRequest:
    request_id: str
    channel: str
    person_id: str
    person_name: str
    received_on: date
    state: str  # "preparing", "ready" or "expired"
    expires_at: datetime | None


def handover_requests(uow: UnitOfWork, now: datetime, *, limit: int = 30) -> list[HandoverRequest]:
    """The latest requests received by letter, phone or e-mail, newest first, with the state of
    their copy (portal requests are the member's own to download, never staff's)."""
    rows = uow.session.execute(
        select(
            DataRequestRow,
            PersonRow.given_name,
            PersonRow.family_name,
            DataExportArchiveRow.expires_at,
            DataExportArchiveRow.content.is_(None).label("purged"),
        )
        .join(PersonRow, PersonRow.id == DataRequestRow.person_id)
        .outerjoin(DataExportArchiveRow, DataExportArchiveRow.request_id == DataRequestRow.id)
        .where(DataRequestRow.channel != "portal")
        .order_by(DataRequestRow.received_at.desc(), DataRequestRow.id)
        .limit(limit)
    )
    views: list[HandoverRequest] = []
    for row, given, family, expires_at, purged in rows:
        if expires_at is None:
            state = "preparing"
        elif purged or expires_at <= now:
            state = "expired"
        else:
            state = "ready"
        views.append(
            HandoverRequest(
                row.id,
                row.channel,
                row.person_id,
                f"{given} {family}",
                row.received_at.astimezone(BRUSSELS).date(),
                state,
                expires_at,
            )
        )
    return views

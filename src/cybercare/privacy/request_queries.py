"""Open data requests for the staff dashboards: each one's one-month clock (GDPR art. 12.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cybercare.db.tables import DataRequestRow, PersonRow
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

"""Read models of erasure requests: the staff panel of open ones with their due dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cybercare.db.tables import ErasureRequestRow, PersonRow
from cybercare.db.uow import Database, UnitOfWork

PANEL_LIMIT = 50


@dataclass(frozen=True, slots=True)
class OpenRequest:
    id: str
    person_id: str
    person_name: str
    channel: str
    received_on: date
    due_on: date
    overdue: bool
    days_left: int


def open_requests(uow: UnitOfWork, today: date, limit: int = PANEL_LIMIT) -> list[OpenRequest]:
    rows = uow.session.execute(
        select(
            ErasureRequestRow.id,
            ErasureRequestRow.person_id,
            PersonRow.given_name,
            PersonRow.family_name,
            ErasureRequestRow.channel,
            ErasureRequestRow.received_on,
            ErasureRequestRow.due_on,
        )
        .join(PersonRow, PersonRow.id == ErasureRequestRow.person_id)
        .where(ErasureRequestRow.status == "open")
        .order_by(ErasureRequestRow.due_on, ErasureRequestRow.id)
        .limit(limit)
    ).all()
    return [
        OpenRequest(
            r.id,
            r.person_id,
            f"{r.given_name} {r.family_name}".strip(),
            r.channel,
            r.received_on,
            r.due_on,
            r.due_on < today,
            (r.due_on - today).days,
        )
        for r in rows
    ]


def open_requests_panel(database: Database, today: date) -> list[OpenRequest]:
    """The staff dashboard's panel (its own reader, so the dashboard needs one line for it)."""
    with database.reader() as uow:
        return open_requests(uow, today)

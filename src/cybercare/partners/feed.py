"""The distributor's ordered event feed. Appending takes the distributor's sequence row lock, so
numbers are gapless and commit in order: a reader at cursor N never misses N+1 committing late.
Each event is also queued for webhook delivery in the same transaction (see cybercare.outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select, update

from cybercare.db.inserts import insert_rows
from cybercare.db.tables import DistributorRow, PartnerEventRow
from cybercare.db.tables.base import table_of
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.outbox.endpoints import active_endpoints
from cybercare.outbox.enqueue import WebhookEvent, enqueue_webhooks

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class FeedEvent:
    event_id: str
    seq: int
    type: str
    affiliation_id: str | None
    occurred_at: datetime
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "cursor": str(self.seq),
            "type": self.type,
            "affiliation_id": self.affiliation_id,
            "occurred_at": self.occurred_at.isoformat(),
            "data": self.data,
        }


def publish_event(
    uow: UnitOfWork,
    *,
    distributor: str,
    type: str,
    affiliation_id: str | None,
    data: dict[str, Any],
    at: datetime,
) -> FeedEvent:
    (event,) = publish_events(
        uow, distributor=distributor, events=[(type, affiliation_id, data)], at=at
    )
    return event


@cache
def _advance_sequence() -> Any:
    """Built once: the statement every publication runs (Core, parameters bound at execution)."""
    table = table_of(DistributorRow)
    return (
        update(table)
        .where(table.c.code == bindparam("distributor"))
        .values(last_event_seq=table.c.last_event_seq + bindparam("count"))
        .returning(table.c.last_event_seq)
    )


def publish_events(
    uow: UnitOfWork,
    *,
    distributor: str,
    events: Sequence[tuple[str, str | None, dict[str, Any]]],
    at: datetime,
) -> list[FeedEvent]:
    """Append `events` (type, affiliation id, data) to the distributor's feed, numbered in order
    by one update of its sequence row, and queue their webhooks; all in the caller's unit of
    work. The sequence row stays locked until that commits."""
    if not events:
        return []
    endpoints = active_endpoints(uow, distributor)  # read before the sequence row is locked
    last = uow.session.execute(
        _advance_sequence(), {"distributor": distributor, "count": len(events)}
    ).scalar_one()
    first = last - len(events) + 1
    published = [
        FeedEvent(new_id("evt", 16), first + offset, type, affiliation_id, at, data)
        for offset, (type, affiliation_id, data) in enumerate(events)
    ]
    insert_rows(  # a COPY on PostgreSQL for a large batch (an imported book, cybercare.book)
        uow.session,
        PartnerEventRow,
        [
            {
                "event_id": event.event_id,
                "distributor_code": distributor,
                "seq": event.seq,
                "type": event.type,
                "affiliation_id": event.affiliation_id,
                "payload": event.data,
                "occurred_at": at,
            }
            for event in published
        ],
    )
    enqueue_webhooks(
        uow,
        distributor=distributor,
        events=[WebhookEvent(event.event_id, event.type, event.as_dict()) for event in published],
        at=at,
        endpoints=endpoints,
    )
    return published


def parse_cursor(after: str | None) -> int:
    if after is None or after == "":
        return 0
    if not after.isdigit():
        raise InvalidInput("after", "a cursor is the `cursor` of an event you have read")
    return int(after)


def events_after(uow: UnitOfWork, distributor: str, after: int, limit: int) -> list[FeedEvent]:
    return _read(uow, distributor, after, max(1, min(limit, MAX_PAGE)))


def events_page(
    uow: UnitOfWork, distributor: str, after: int, limit: int
) -> tuple[list[FeedEvent], bool]:
    """At most `limit` events after `after`, and whether more follow (one row more is read)."""
    limit = max(1, min(limit, MAX_PAGE))
    events = _read(uow, distributor, after, limit + 1)
    return events[:limit], len(events) > limit


def _read(uow: UnitOfWork, distributor: str, after: int, limit: int) -> list[FeedEvent]:
    rows = uow.session.scalars(
        select(PartnerEventRow)
        .where(PartnerEventRow.distributor_code == distributor, PartnerEventRow.seq > after)
        .order_by(PartnerEventRow.seq)
        .limit(limit)
    )
    return [
        FeedEvent(r.event_id, r.seq, r.type, r.affiliation_id, r.occurred_at, r.payload)
        for r in rows
    ]

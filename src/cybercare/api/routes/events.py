"""The distributor's ordered event feed: read and replay from any cursor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.feed import events_after, parse_cursor

router = APIRouter(tags=["events"])


class EventRead(BaseModel):
    id: str = Field(description="Unique; the same id travels in webhook deliveries")
    cursor: str = Field(description="Pass as `after` to read what follows this event")
    type: str = Field(examples=["affiliation.subscribed"])
    affiliation_id: str | None
    occurred_at: str
    data: dict[str, Any]


class EventPage(BaseModel):
    events: list[EventRead]
    next_cursor: str = Field(description="The cursor to continue from (unchanged when empty)")


@router.get("/events", response_model=EventPage)
def list_events(
    principal: Annotated[DistributorPrincipal, Depends(distributor_system)],
    container: ContainerDep,
    after: Annotated[
        str | None,
        Query(
            description="A cursor (an event's `cursor`); omitted: from the start",
            pattern="^[0-9]{0,18}$",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> EventPage:
    """This distributor's lifecycle events in commit order, after `after`."""
    cursor = parse_cursor(after)
    with container.database.reader() as uow:
        events = events_after(uow, principal.code, cursor, limit)
    return EventPage(
        events=[EventRead(**event.as_dict()) for event in events],
        next_cursor=str(events[-1].seq if events else cursor),
    )

"""The distributor's ordered event feed: read and replay from any cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.schemas.events import EventPage, event_read
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.feed import events_page, parse_cursor

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_model=EventPage,
    # an event as published, no more: the very object a webhook delivers (no added nulls)
    response_model_exclude_unset=True,
    operation_id="listEvents",
    summary="Read the event feed",
)
def list_events(
    principal: Annotated[DistributorPrincipal, Depends(distributor_system)],
    container: ContainerDep,
    after: Annotated[
        str | None,
        Query(
            description="A cursor (an event's `cursor`, or a page's `next_cursor`); omitted: "
            "from the start",
            pattern="^[0-9]{0,18}$",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Events per page")] = 100,
) -> EventPage:
    """This distributor's lifecycle events in commit order, after `after`. `has_more` says
    whether another page follows at once; `next_cursor` is where to continue from."""
    cursor = parse_cursor(after)
    with container.database.reader() as uow:
        page, more = events_page(uow, principal.code, cursor, limit)
    return EventPage(
        events=[event_read(event.as_dict()) for event in page],
        next_cursor=str(page[-1].seq if page else cursor),
        has_more=more,
    )

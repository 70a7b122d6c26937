"""The scam radar through the partner API (issue 20): the distributor's app forwards a
suspicious thing for the member signed in to it (its own affiliations only: another's answers
404, Art. 11.1), and reads aggregate counts of its book, never a report. POSTs are idempotent
(Idempotency-Key); errors are problem+json naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent
from cybercare.api.problems import PROBLEM_JSON
from cybercare.api.schemas.radar import RadarCountsRead, RadarReportCreate, RadarReportReceipt
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.radar import service

router = APIRouter(tags=["radar"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {"description": "A problem (RFC 9457)", "content": {PROBLEM_JSON: {}}}
        for code in codes
    }


@router.post(
    "/affiliations/{affiliation_id}/radar-reports",
    status_code=status.HTTP_201_CREATED,
    response_model=RadarReportReceipt,
    operation_id="createRadarReport",
    summary="Forward a suspected scam for a member",
    responses=_problems(401, 403, 404, 409, 422),
)
def distributor_radar_report(
    affiliation_id: str,
    body: RadarReportCreate,
    distributor: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """ "Is this a scam?" forwarded from the distributor's app for the member signed in to it.
    The receipt says by when the technical team answers (Art. 8.4); the answer is the member's."""
    return idempotent.respond_json(
        container,
        201,
        lambda uow: RadarReportReceipt.of(
            service.submit_report_for_member_of(
                uow,
                distributor=distributor.code,
                actor=distributor.actor,
                affiliation_id=affiliation_id,
                submission=body.submission(),
                catalog=container.catalog,
                clock=container.clock,
            )
        ),
    )


@router.get(
    "/radar/counts",
    response_model=RadarCountsRead,
    operation_id="getRadarCounts",
    summary="Count the scam radar reports of the book",
    responses=_problems(401, 403, 422),
)
def distributor_radar_counts(
    distributor: Distributor,
    container: ContainerDep,
    since: Annotated[datetime | None, Query(description="Default: 7 days ago")] = None,
) -> RadarCountsRead:
    """Aggregate counts of the reports of the distributor's households (Art. 11.1)."""
    start = since or container.clock.now() - timedelta(days=7)
    with container.database.reader() as uow:
        return RadarCountsRead.of(service.radar_counts(uow, distributor.code, start))

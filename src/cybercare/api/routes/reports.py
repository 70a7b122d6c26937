"""The distributor's commission statement (docs/bordereaux.md): its OWN statement of a month,
as CSV, XLSX or JSON. The key decides whose statement it is; asking for another distributor's
is refused (Art. 11.1), never answered with an empty file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.kernel.errors import Forbidden
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.reporting.bordereau import MEDIA_TYPES, Format, Kind, Month
from cybercare.reporting.bordereau_export import filename, spooled

router = APIRouter(tags=["reports"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


class OtherDistributor(Forbidden):
    code = "reports.other_distributor"


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(64 * 1024):
            yield chunk


@router.get(
    "/reports/commission",
    response_model=None,
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The statement as CSV (the default), XLSX or JSON (`format`)",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "application/json": {"schema": {"type": "object"}},
            },
        },
        403: {"description": "`distributor` names another distributor: a key reads its own"},
    },
    operation_id="getCommissionStatement",
    summary="Download the commission statement",
)
def commission_statement(
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-11"])],
    principal: Distributor,
    container: ContainerDep,
    format: Annotated[Format, Query()] = Format.CSV,
    distributor: Annotated[str | None, Query(description="Only your own code")] = None,
) -> StreamingResponse:
    """The commission on each premium line of the month, with the ledger's control totals."""
    if distributor is not None and distributor != principal.code:
        raise OtherDistributor("a distributor reads its own commission statement only")
    period = Month.parse(month)
    handle = spooled(
        container.database, Kind.COMMISSION, period, format, distributor=principal.code
    )
    name = filename(Kind.COMMISSION, period, format, principal.code)
    return StreamingResponse(
        _chunks(handle),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

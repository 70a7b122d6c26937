"""The distributor's billing API: the charges of a period (CSV or JSON) and the upload of its
payment results (idempotent, Idempotency-Key). A distributor only sees its own charges."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent, json_response
from cybercare.api.schemas.billing import (
    LineErrorRead,
    PaymentResultsCreate,
    PaymentResultsRead,
)
from cybercare.billing import service
from cybercare.billing.domain import Period
from cybercare.billing.formats import charges_csv, charges_json
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.money import format_amount
from cybercare.partners.distributors import DistributorPrincipal
from cybercare.partners.idempotency import StoredResponse

router = APIRouter(tags=["billing"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


@router.get(
    "/billing/periods/{period}/charges",
    response_model=None,
    response_class=Response,
    responses={
        200: {
            "description": "The charge lines: CSV (the default) or JSON (`format=json`)",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
    operation_id="listPeriodCharges",
    summary="Export a period's charges",
)
def period_charges(
    period: str,
    principal: Distributor,
    container: ContainerDep,
    format: Annotated[Literal["csv", "json"], Query()] = "csv",
) -> Response:
    """The charge lines of a period to put on the distributor's invoices."""
    month = Period.parse(period)
    with container.database.streaming_reader() as uow:
        charges = list(service.export_charges(uow, month, principal.code))
    if format == "json":
        return Response(
            charges_json(month.code, principal.code, charges), media_type="application/json"
        )
    filename = f"charges-{principal.code}-{month.code}.csv"
    return Response(
        "".join(charges_csv(charges)),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post(
    "/billing/payment-results",
    response_model=PaymentResultsRead,
    operation_id="uploadPaymentResults",
    summary="Upload payment results",
)
def payment_results(
    body: PaymentResultsCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """Apply paid / unpaid / contested results; malformed lines come back with their number."""

    def handler(uow: UnitOfWork) -> StoredResponse:
        report = service.import_payment_results(uow, principal.code, body.content, container.clock)
        read = PaymentResultsRead(
            applied=report.applied,
            already_applied=report.already_applied,
            collected=format_amount(report.collected_cents),
            errors=[LineErrorRead(line=e.line, message=e.message) for e in report.errors],
        )
        return json_response(200, read)

    return idempotent.respond(container, handler)

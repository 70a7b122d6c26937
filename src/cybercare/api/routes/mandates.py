"""SEPA Core mandates of the distributor's affiliations: registered with the subscription (paper
mandates, POST /affiliations with `mandate`), read, amended and cancelled here.

A distributor only ever reaches the mandates of its own affiliations: another distributor's
affiliation answers 404, as an unknown one does (Art. 11.1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from cybercare.api.access import distributor_system
from cybercare.api.deps import ContainerDep
from cybercare.api.idempotent import Idempotent
from cybercare.api.schemas.mandates import MandateCreate, MandateRead, MandateUpdate, mandate_read
from cybercare.billing import mandate_service
from cybercare.billing.mandate import MandateChannel
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.partners.distributors import DistributorPrincipal

router = APIRouter(tags=["mandates"])
Distributor = Annotated[DistributorPrincipal, Depends(distributor_system)]


def _within(prefix: str, error: InvalidInput) -> InvalidInput:
    """The refusal with its fields as pointers into the request body (`mandate.iban`)."""
    refused = InvalidInput.of([(f"{prefix}.{field}", reason) for field, reason in error.errors])
    refused.code = error.code
    return refused


def register_paper_mandate(
    uow: UnitOfWork, affiliation_id: str, body: MandateCreate, actor: str, clock: Clock
) -> MandateRead:
    try:
        view = mandate_service.register_mandate(
            uow,
            affiliation_id=affiliation_id,
            details=body.details(),
            channel=MandateChannel.PAPER,
            actor=actor,
            clock=clock,
        )
    except InvalidInput as error:
        raise _within("mandate", error) from None
    return mandate_read(view)


@router.get(
    "/affiliations/{affiliation_id}/mandates",
    response_model=list[MandateRead],
    operation_id="listMandates",
    summary="List an affiliation's mandates",
)
def list_mandates(
    affiliation_id: str, principal: Distributor, container: ContainerDep
) -> list[MandateRead]:
    """The affiliation's mandates, the newest first (ended ones kept for the record)."""
    with container.database.reader() as uow:
        mandate_service.check_affiliation(uow, affiliation_id, principal.code)
        views = mandate_service.mandates_of(uow, affiliation_id)
    return [mandate_read(view) for view in views]


@router.post(
    "/affiliations/{affiliation_id}/mandates",
    status_code=201,
    response_model=MandateRead,
    operation_id="createMandate",
    summary="Register a paper SEPA mandate",
)
def create_mandate(
    affiliation_id: str,
    body: MandateCreate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A paper mandate for an existing affiliation (one in force at a time)."""

    def run(uow: UnitOfWork) -> MandateRead:
        mandate_service.check_affiliation(uow, affiliation_id, principal.code)
        return register_paper_mandate(uow, affiliation_id, body, principal.actor, container.clock)

    return idempotent.respond_json(container, 201, run)


@router.post(
    "/affiliations/{affiliation_id}/mandates/{reference}/amendment",
    response_model=MandateRead,
    operation_id="amendMandate",
    summary="Amend a mandate's IBAN or holder",
)
def amend_mandate(
    affiliation_id: str,
    reference: str,
    body: MandateUpdate,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """A new IBAN and/or holder: the next collection carries the amendment details."""

    def run(uow: UnitOfWork) -> MandateRead:
        return mandate_read(
            mandate_service.amend_mandate(
                uow,
                affiliation_id=affiliation_id,
                reference=reference,
                holder_name=body.holder,
                iban=body.iban,
                bic=body.bic,
                distributor=principal.code,
                actor=principal.actor,
                clock=container.clock,
            )
        )

    return idempotent.respond_json(container, 200, run)


@router.post(
    "/affiliations/{affiliation_id}/mandates/{reference}/cancellation",
    response_model=MandateRead,
    operation_id="cancelMandate",
    summary="Cancel a mandate",
)
def cancel_mandate(
    affiliation_id: str,
    reference: str,
    principal: Distributor,
    idempotent: Idempotent,
    container: ContainerDep,
) -> Response:
    """No collection under the mandate from now on; later premiums go back to the distributor's
    billing."""

    def run(uow: UnitOfWork) -> MandateRead:
        return mandate_read(
            mandate_service.cancel_mandate(
                uow,
                affiliation_id=affiliation_id,
                reference=reference,
                distributor=principal.code,
                actor=principal.actor,
                clock=container.clock,
            )
        )

    return idempotent.respond_json(container, 200, run)

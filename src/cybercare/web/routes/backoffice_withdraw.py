"""The back office withdraws a claim on the member's behalf, before its decision: assistance
agents, claims handlers and supervisors (Art. 11.3; the service refuses anyone else), saying how
the member asked. Back to the case workspace, or the form with its error."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cybercare.claims.service import claim_case_id
from cybercare.claims.withdraw import withdraw_claim
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import N_
from cybercare.web.routes.backoffice_cases import act

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

WITHDRAW_MESSAGES: dict[str, str] = {
    "reason": N_(
        "Say how and when the member asked to withdraw the claim (at most 2,000 characters)."
    ),
}


@router.post("/staff/claims/{claim_id}/withdrawal", name="backoffice.withdraw_claim")
def withdraw(
    request: Request,
    claim_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    reason: Annotated[str, Form(max_length=8_000)] = "",
) -> Response:
    with container.database.reader() as uow:
        case_id = claim_case_id(uow, viewer, claim_id, container.clock)

    def command(uow: UnitOfWork) -> object:
        return withdraw_claim(
            uow, viewer, claim_id, container.catalog, container.clock, reason=reason
        )

    return act(
        request,
        container,
        viewer,
        case_id,
        form=f"withdraw-{claim_id}",
        values={"reason": reason},
        command=command,
        done="claim_withdrawn",
        anchor=f"claim-{claim_id}",
        messages=WITHDRAW_MESSAGES,
    )

"""Withdrawing a claim from the portal: a confirmation page, then the withdrawal.

The case page offers the link on each claim not decided yet (`portal/_claim_withdraw.html`); the
page here says what a withdrawal does and asks to confirm. The service decides who may withdraw
(Art. 11.3: the member concerned, a minor's legal representative): a claim the member may not see
is not found, like one that does not exist. A claim decided meanwhile is refused with the
complaints path instead (Art. 10.1).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance.service import product_of
from cybercare.bootstrap import Container
from cybercare.claims.domain import ClaimNotDecidable, ClaimStatus
from cybercare.claims.service import get_claim
from cybercare.claims.withdraw import MAX_REASON, withdraw_claim
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.routes.portal_common import render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

CLAIM_DECIDED = N_(
    "This claim is decided: it can no longer be withdrawn. If you disagree with the decision, "
    "you may complain."
)
REASON_TOO_LONG = N_("Your reason is too long: at most 2,000 characters.")
WITHDRAWABLE = (ClaimStatus.INCOMPLETE, ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL)


def _page(
    request: Request,
    container: Container,
    member: Principal,
    claim_id: str,
    *,
    errors: FormErrors | None = None,
    reason: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        claim = get_claim(uow, member, claim_id, container.clock)
        product = product_of(uow, container.catalog, claim.affiliation_id)
    decided = claim.status not in WITHDRAWABLE and claim.status is not ClaimStatus.WITHDRAWN
    return render(
        request,
        "portal/claim_withdrawal.html",
        {
            "active": "cases",
            "claim": claim,
            "product": product,
            "decided": decided,
            "decided_notice": CLAIM_DECIDED,
            "errors": errors or FormErrors(),
            "reason": reason,
        },
        status_code=status_code,
    )


@router.get(
    "/portal/claims/{claim_id}/withdrawal",
    response_class=HTMLResponse,
    name="portal.claim_withdrawal",
)
def confirm(
    request: Request, claim_id: str, container: ContainerDep, member: WebMember
) -> HTMLResponse:
    """What withdrawing the claim does, and the button that does it."""
    return _page(request, container, member, claim_id)


@router.post("/portal/claims/{claim_id}/withdrawal", name="portal.claim_withdraw")
def withdraw(
    request: Request,
    claim_id: str,
    container: ContainerDep,
    member: WebMember,
    reason: Annotated[str, Form(max_length=8_000)] = "",
) -> Response:
    """Withdraw the claim; back to its case, where it shows as withdrawn."""
    errors = FormErrors()
    if len(reason.strip()) > MAX_REASON:
        errors.add("reason", REASON_TOO_LONG)
        return _page(
            request, container, member, claim_id, errors=errors, reason=reason, status_code=422
        )
    try:
        with container.database.uow() as uow:
            view = withdraw_claim(
                uow, member, claim_id, container.catalog, container.clock, reason=reason
            )
            uow.commit()
    except ClaimNotDecidable:
        return _page(request, container, member, claim_id, status_code=409)
    except InvalidInput:
        errors.add("reason", REASON_TOO_LONG)
        return _page(
            request, container, member, claim_id, errors=errors, reason=reason, status_code=422
        )
    return RedirectResponse(
        f"/portal/cases/{view.case_id}#claim-{view.claim_id}-title", status_code=303
    )

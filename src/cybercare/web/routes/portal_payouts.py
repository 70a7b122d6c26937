"""A returned payout: the member gives another account (issue 15, Art. 8.4).

The bank sent the payment back (closed account, wrong IBAN...); the member concerned - or a
minor's legal representative, as for the claim itself (Art. 11.3, `claim_case_id` decides) -
gives another IBAN of theirs, checked with schwifty, and a new payout of the same amount is
scheduled to it. Anyone else, another household included, finds no such payout (404).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.claims.service import claim_case_id
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.payments import service as payments
from cybercare.payments.service import AccountRequest, PayoutNotFound, ReturnedAccountRefused
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.routes.portal_common import render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

INVALID_IBAN = "This is not a valid IBAN of the SEPA zone."  # report.po
SAME_ACCOUNT = N_("The bank returned the payment to this account: give another one.")
HOLDER_NEEDED = N_("Give the name of the account holder.")


def _visible(uow: UnitOfWork, member: Principal, payout_id: str, clock: Clock) -> AccountRequest:
    """The payout, if the member may act on its claim (Art. 11.3); not found otherwise."""
    request = payments.account_request(uow, payout_id)
    if request.household_id != member.household_id:
        raise PayoutNotFound(f"no payout {payout_id!r}", params={"payout_id": payout_id})
    claim_case_id(uow, member, request.claim_id, clock)  # ClaimNotFound (404) for others
    return request


def _page(
    request: Request,
    payout: AccountRequest,
    *,
    errors: FormErrors | None = None,
    iban: str = "",
    holder_name: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "portal/payout_account.html",
        {
            "active": "cases",
            "payout": payout,
            "errors": errors or FormErrors(),
            "iban": iban,
            "holder_name": holder_name,
        },
        status_code=status_code,
    )


@router.get(
    "/portal/payouts/{payout_id}/account",
    response_class=HTMLResponse,
    name="portal.payout_account",
)
def account_form(
    request: Request, payout_id: str, container: ContainerDep, member: WebMember
) -> HTMLResponse:
    """Why the payment came back, and the form for another account."""
    with container.database.reader() as uow:
        payout = _visible(uow, member, payout_id, container.clock)
    return _page(request, payout)


@router.post("/portal/payouts/{payout_id}/account", name="portal.payout_account_give")
def give_account(
    request: Request,
    payout_id: str,
    container: ContainerDep,
    member: WebMember,
    iban: Annotated[str, Form(max_length=64)] = "",
    holder_name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """A new payout of the same amount to the account given; back to the page, which says so."""
    errors = FormErrors()
    with container.database.uow() as uow:
        payout = _visible(uow, member, payout_id, container.clock)
        if payout.open:
            try:
                payments.give_another_account(
                    uow,
                    payout_id,
                    household_id=payout.household_id,
                    iban=iban,
                    holder_name=holder_name,
                    actor=member.actor,
                    at=container.clock.now(),
                )
            except ReturnedAccountRefused:
                errors.add("iban", SAME_ACCOUNT)
            except InvalidInput as refused:
                if refused.params.get("field") == "holder_name":
                    errors.add("holder_name", HOLDER_NEEDED)
                else:
                    errors.add("iban", INVALID_IBAN)
            else:
                uow.commit()
    if errors:
        return _page(
            request,
            payout,
            errors=errors,
            iban=iban,
            holder_name=holder_name,
            status_code=422,
        )
    return RedirectResponse(f"/portal/payouts/{payout_id}/account", status_code=303)

"""The SEPA direct-debit mandate in the portal: the affiliate signs an e-mandate (account
holder, IBAN, explicit consent to the mandate text shown), sees it and cancels it.

Only the affiliate acts (Art. 11.3: the affiliate sees the billing; Art. 1.2: the affiliate is
the subscriber); another member gets the page that says so. The consent is recorded with the
version of the text, the time and a hash of the client (IP address and browser).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.billing import mandate_service
from cybercare.billing.mandate_service import (
    CONSENT_TEXT_VERSION,
    MandateAlreadyInForce,
    MandateView,
)
from cybercare.bootstrap import Container
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.policy.member_queries import (
    ART_11_3,
    AffiliateOnly,
    NotInsured,
    member_household,
    require_affiliate,
)
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.routes.portal_common import AFFILIATE_ONLY, NOT_INSURED, refusal, render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

# The EPC standard mandate wording (SDD Core rulebook, annex: the mandate's legal text); its
# translations are the versioned text `CONSENT_TEXT_VERSION` names.
CONSENT_TEXT = N_(
    "By signing this mandate, you authorise (A) %(creditor)s to send instructions to your bank to "
    "debit your account and (B) your bank to debit your account in accordance with the "
    "instructions from %(creditor)s. As part of your rights, you are entitled to a refund from "
    "your bank under the terms and conditions of your agreement with your bank. A refund must be "
    "claimed within 8 weeks starting from the date on which your account was debited."
)
CONSENT_NEEDED = N_("Tick the box to give your consent to the mandate.")
HOLDER_NEEDED = N_("Enter the name of the account holder (at most 70 characters).")
IBAN_INVALID = N_("Enter a valid IBAN of a bank in the SEPA area, for example BE71 0961 2345 6769.")
IN_FORCE = N_("A mandate is already in force: cancel it before you sign a new one.")
FIELD_MESSAGES = {"holder": HOLDER_NEEDED, "iban": IBAN_INVALID, "bic": IBAN_INVALID}


def _affiliation_of(container: Container, member: Principal) -> str:
    with container.database.reader() as uow:
        household = member_household(uow, member, container.catalog, container.clock.today())
    require_affiliate(household, ART_11_3, "manage the direct-debit mandate")
    return household.affiliation_id


def _page(
    request: Request,
    container: Container,
    affiliation_id: str,
    *,
    errors: FormErrors | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        mandates = mandate_service.mandates_of(uow, affiliation_id)
    in_force: MandateView | None = next(
        (m for m in mandates if m.status in ("active", "amended")), None
    )
    creditor = container.settings.creditor
    return render(
        request,
        "portal/mandate.html",
        {
            "active": "billing",
            "in_force": in_force,
            "history": [m for m in mandates if m is not in_force],
            "creditor_name": creditor.account.name,
            "creditor_id": creditor.creditor_id,
            "consent_text": CONSENT_TEXT,
            "errors": errors or FormErrors(),
            "form": form or {},
            "done": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


@router.get("/portal/mandate", response_class=HTMLResponse, name="portal.mandate")
def mandate_page(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    try:
        affiliation_id = _affiliation_of(container, member)
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    except AffiliateOnly as refused:
        return refusal(request, refused, AFFILIATE_ONLY)
    return _page(request, container, affiliation_id)


@router.post("/portal/mandate", name="portal.mandate_sign")
def sign(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    holder: Annotated[str, Form(max_length=200)] = "",
    iban: Annotated[str, Form(max_length=60)] = "",
    consent: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        affiliation_id = _affiliation_of(container, member)
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    except AffiliateOnly as refused:
        return refusal(request, refused, AFFILIATE_ONLY)
    form = {"holder": holder, "iban": iban}
    errors = FormErrors()
    if consent != "yes":
        errors.add("consent", CONSENT_NEEDED)
    if not holder.strip():
        errors.add("holder", HOLDER_NEEDED)
    if not iban.strip():
        errors.add("iban", IBAN_INVALID)
    if errors:
        return _page(request, container, affiliation_id, errors=errors, form=form, status_code=422)
    client = request.client.host if request.client else ""
    try:
        with container.database.uow() as uow:
            mandate_service.sign_e_mandate(
                uow,
                affiliation_id=affiliation_id,
                holder_name=holder,
                iban=iban,
                consent_text_version=CONSENT_TEXT_VERSION,
                client_sha256=mandate_service.client_fingerprint(
                    client, request.headers.get("user-agent", "")
                ),
                actor=member.actor,
                clock=container.clock,
            )
            uow.commit()
    except InvalidInput as refused:
        for field, _reason in refused.errors:
            errors.add(
                field if field in FIELD_MESSAGES else "iban",
                FIELD_MESSAGES.get(field, IBAN_INVALID),
            )
        return _page(request, container, affiliation_id, errors=errors, form=form, status_code=422)
    except MandateAlreadyInForce:
        errors.add("iban", IN_FORCE)
        return _page(request, container, affiliation_id, errors=errors, form=form, status_code=409)
    return RedirectResponse("/portal/mandate?done=signed", status_code=303)


@router.post("/portal/mandate/cancellation", name="portal.mandate_cancel")
def cancel(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    reference: Annotated[str, Form(max_length=35)] = "",
) -> Response:
    try:
        affiliation_id = _affiliation_of(container, member)
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    except AffiliateOnly as refused:
        return refusal(request, refused, AFFILIATE_ONLY)
    with container.database.uow() as uow:
        mandate_service.cancel_mandate(
            uow,
            affiliation_id=affiliation_id,
            reference=reference,
            distributor=None,
            actor=member.actor,
            clock=container.clock,
        )
        uow.commit()
    return RedirectResponse("/portal/mandate?done=cancelled", status_code=303)

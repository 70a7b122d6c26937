"""My cases: the list, one case with its steps, the messages with the teams (written with htmx
where the browser runs it), the evidence received and the claims with their decisions.

The services decide what a member reads (Art. 11.3): another household's case, or an adult's
case for another adult, is not found; a legal representative reads a minor's case without its
psychological notes (Art. 11.2), whose reads are logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance.domain import StateConflict
from cybercare.assistance.member_queries import (
    MemberCase,
    member_case,
    my_cases,
    post_message,
    reads_psychological_notes,
)
from cybercare.assistance.service import product_of
from cybercare.bootstrap import Container
from cybercare.claims import member_queries as claims
from cybercare.http.deps import ContainerDep
from cybercare.http.params import RowId
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.providers.order_queries import member_service_steps
from cybercare.web import timeline_texts
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, request_language
from cybercare.web.portal_views import case_timeline
from cybercare.web.routes.portal_common import content_disposition, render
from cybercare.web.routes.portal_consent import consent_panel

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

MESSAGE_EMPTY = N_("Write your message first.")
MESSAGE_TOO_LONG = N_("Your message is too long: at most 20,000 characters.")
CASE_CLOSED = N_("This case is closed. To tell us something new, report an incident.")
MESSAGE_SENT = N_("Your message is sent to the team.")


@router.get("/portal/cases", response_class=HTMLResponse, name="portal.cases")
def cases(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    """The cases the member sees: their own, and those of a minor they represent."""
    with container.database.reader() as uow:
        summaries = my_cases(uow, member, container.clock)
        claim_views = claims.claims_by_case(uow, member, container.clock)
        products = {
            s.case.affiliation_id: product_of(uow, container.catalog, s.case.affiliation_id)
            for s in summaries
        }
    return render(
        request,
        "portal/cases.html",
        {
            "active": "cases",
            "cases": summaries,
            "claims": claim_views,
            "products": products,
            "timeline": timeline_texts,
        },
    )


def _case_page(
    request: Request,
    container: Container,
    member: Principal,
    case: MemberCase,
    *,
    errors: FormErrors | None = None,
    draft: str = "",
    message_notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        claim_views = claims.claims_of_case(uow, member, case.case.case_id, container.clock)
        services = member_service_steps(uow, case.case.case_id)
        product = product_of(uow, container.catalog, case.case.affiliation_id)
        consent = consent_panel(  # GDPR art. 9(2)(a), Art. 11.2
            uow,
            member,
            case,
            container.clock,
            request_language(request),
            request.query_params.get("consent"),
        )
    return render(
        request,
        "portal/case.html",
        {
            "active": "cases",
            "item": case,
            "claims": claim_views,
            "steps": case_timeline(case.steps, claim_views, services),
            "timeline": timeline_texts,
            "product": product,
            "errors": errors or FormErrors(),
            "draft": draft,
            "message_notice": message_notice,
            "consent": consent,
        },
        status_code=status_code,
    )


def _read_case(container: Container, member: Principal, case_id: str) -> MemberCase:
    """The case in a read-only unit of work, unless reading it logs a psychological note read
    (Art. 11.2): then in one that commits the log."""
    with container.database.reader() as uow:
        if not reads_psychological_notes(uow, member, case_id):
            return member_case(uow, member, case_id, container.clock)
    with container.database.uow() as uow:
        item = member_case(uow, member, case_id, container.clock)
        uow.commit()
    return item


@router.get("/portal/cases/{case_id}", response_class=HTMLResponse, name="portal.case")
def case(
    request: Request, case_id: str, container: ContainerDep, member: WebMember
) -> HTMLResponse:
    item = _read_case(container, member, case_id)
    sent = request.query_params.get("sent") == "1"
    return _case_page(
        request, container, member, item, message_notice=MESSAGE_SENT if sent else None
    )


@router.post("/portal/cases/{case_id}/messages", name="portal.case.message")
def write_message(
    request: Request,
    case_id: str,
    container: ContainerDep,
    member: WebMember,
    body: Annotated[str, Form(max_length=40_000)] = "",
) -> Response:
    """The member writes to the case's teams. With htmx the messages are swapped in place."""
    htmx = request.headers.get("HX-Request") == "true"
    errors = FormErrors()
    try:
        with container.database.uow() as uow:
            item = post_message(uow, member, case_id, body, container.clock)
            uow.commit()
    except InvalidInput:
        errors.add("body", MESSAGE_TOO_LONG if body.strip() else MESSAGE_EMPTY)
    except StateConflict:
        errors.add("body", CASE_CLOSED)
    if errors:
        item = _read_case(container, member, case_id)
        if htmx:  # htmx swaps only successful answers: the form comes back with its error
            return render(
                request,
                "portal/_messages.html",
                {"item": item, "errors": errors, "draft": body},
            )
        return _case_page(
            request, container, member, item, errors=errors, draft=body, status_code=422
        )
    if htmx:
        return render(
            request,
            "portal/_messages.html",
            {"item": item, "errors": FormErrors(), "draft": "", "message_notice": MESSAGE_SENT},
        )
    return RedirectResponse(f"/portal/cases/{case_id}?sent=1#messages", status_code=303)


@router.get("/portal/claims/{claim_id}/evidence/{evidence_id}", name="portal.evidence")
def evidence(
    claim_id: str, evidence_id: RowId, container: ContainerDep, member: WebMember
) -> Response:
    """A file as received (its SHA-256 as ETag), always downloaded, never shown inline."""
    with container.database.reader() as uow:
        row = claims.evidence_file(uow, member, claim_id, evidence_id, container.clock)
        content, media, name, sha = row.content, row.content_type, row.filename, row.sha256
    return Response(
        bytes(content),
        media_type=media,
        headers={"Content-Disposition": content_disposition(name), "ETag": f'"{sha}"'},
    )

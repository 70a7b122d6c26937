"""Documents: the affiliation certificate and the decision letters, as PDF in the member's
language (Art. 11.4). The certificate is for the insured members of the household; a decision
letter for the members who see its case (Art. 11.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from cybercare.claims import member_queries as claims
from cybercare.http.deps import ContainerDep
from cybercare.policy.certificate import certificate_pdf
from cybercare.policy.member_queries import NotInsured, member_household
from cybercare.policy.service import Actor
from cybercare.product.model import LANGUAGES
from cybercare.web.auth import WebMember, web_member
from cybercare.web.i18n import request_language
from cybercare.web.routes.portal_common import NOT_INSURED, content_disposition, refusal, render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

Language = Annotated[str | None, Query(pattern="^(nl|fr|de|en)$")]


@router.get("/portal/documents", response_class=HTMLResponse, name="portal.documents")
def documents(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    try:
        with container.database.reader() as uow:
            household = member_household(uow, member, container.catalog, container.clock.today())
            letters = claims.decision_letters(uow, member, container.clock)
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    return render(
        request,
        "portal/documents.html",
        {
            "active": "documents",
            "household": household,
            "letters": letters,
            "languages": LANGUAGES,
        },
    )


@router.get("/portal/documents/certificate.pdf", name="portal.certificate")
def certificate(
    request: Request, container: ContainerDep, member: WebMember, language: Language = None
) -> Response:
    """The affiliation certificate of the member's household, in the page's language unless
    another is asked."""
    language = language or request_language(request)
    with container.database.reader() as uow:
        household = member_household(uow, member, container.catalog, container.clock.today())
        pdf = certificate_pdf(
            uow,
            Actor(member.actor),
            household.affiliation_id,
            language,
            container.catalog,
            container.clock,
        )
    name = f"cyber-care-certificate-{language}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(name)},
    )


@router.get("/portal/documents/letters/{claim_id}.pdf", name="portal.letter")
def letter(
    request: Request,
    claim_id: str,
    container: ContainerDep,
    member: WebMember,
    language: Language = None,
) -> Response:
    """The letter of a claim's decision in force, rendered from the stored decision."""
    language = language or request_language(request)
    with container.database.reader() as uow:
        pdf = claims.decision_letter_pdf(
            uow, member, claim_id, language, container.catalog, container.clock
        )
    name = f"cyber-care-decision-{claim_id}-{language}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(name)},
    )

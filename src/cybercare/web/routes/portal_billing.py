"""Premiums: the history of the premium lines per month (gross, net, tax), their payments, the
non-payment steps with the formal-notice letters, the refunds (Art. 9.1, 9.3, 9.6). The
affiliate's only (Art. 11.3); the other members get the page that says so."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from cybercare.billing.member_queries import billing_overview, formal_notice_pdf
from cybercare.http.deps import ContainerDep
from cybercare.http.params import RowId
from cybercare.policy.member_queries import AffiliateOnly, NotInsured
from cybercare.web.auth import WebMember, web_member
from cybercare.web.routes.portal_common import (
    AFFILIATE_ONLY,
    NOT_INSURED,
    content_disposition,
    refusal,
    render,
)

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)


@router.get("/portal/billing", response_class=HTMLResponse, name="portal.billing")
def billing(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    try:
        with container.database.reader() as uow:
            overview = billing_overview(uow, member, container.catalog, container.clock.today())
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    except AffiliateOnly as refused:
        return refusal(request, refused, AFFILIATE_ONLY)
    return render(request, "portal/billing.html", {"active": "billing", "billing": overview})


@router.get("/portal/billing/notices/{notice_id}.pdf", name="portal.billing.notice")
def notice_letter(notice_id: RowId, container: ContainerDep, member: WebMember) -> Response:
    """A formal-notice letter (Art. 9.6) exactly as it was sent."""
    with container.database.reader() as uow:
        pdf = formal_notice_pdf(uow, member, notice_id, container.catalog, container.clock.today())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(f"formal-notice-{notice_id}.pdf")},
    )

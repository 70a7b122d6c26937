"""The member portal: the household, its pots, cases, documents, premiums and members.

Every page is for a signed-in member (`web_member`) and shows only what the services let that
member read (Art. 11): the household is the principal's own, an adult's case is the adult's,
the premiums and the contract's commands are the affiliate's. The pages are split by subject:
cases (`portal_cases`), documents (`portal_documents`), premiums (`portal_billing`), members and
the end of the contract (`portal_members`); the incident report is `report`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cybercare.http.deps import ContainerDep
from cybercare.policy.member_queries import NotInsured
from cybercare.web import timeline_texts
from cybercare.web.auth import WebMember, web_member
from cybercare.web.i18n import N_, request_language
from cybercare.web.portal_views import home_page
from cybercare.web.routes import (
    portal_billing,
    portal_cases,
    portal_consent,
    portal_documents,
    portal_erasure,
    portal_mandate,
    portal_members,
    portal_payouts,
    portal_privacy,
    portal_reads,
    portal_withdraw,
)
from cybercare.web.routes.portal_common import NOT_INSURED, refusal, render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

DONE = {
    "withdrawn": N_("Your withdrawal is recorded. Cover ended today; the refund follows."),
    "terminated": N_("Your termination is recorded: the date the contract ends is shown below."),
    "privacy_notice": N_("Thank you: you have read the privacy notice."),
}


@router.get("/portal", response_class=HTMLResponse, name="portal.home")
def home(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    """The household, its status, the pots of this insurance year, the next premium."""
    try:
        with container.database.reader() as uow:
            page = home_page(uow, member, container.catalog, container.clock)
            privacy_notice = portal_consent.notice_panel(
                uow, member, container.clock, request_language(request)
            )
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    return render(
        request,
        "portal/home.html",
        {
            "active": "portal",
            "page": page,
            "timeline": timeline_texts,
            "notice": DONE.get(request.query_params.get("done", "")),
            "privacy_notice": privacy_notice,  # GDPR art. 13: a version not seen yet
        },
    )


for _module in (
    portal_cases,
    portal_consent,
    portal_documents,
    portal_billing,
    portal_mandate,
    portal_members,
    portal_withdraw,
    portal_payouts,
    portal_erasure,
    portal_privacy,
    portal_reads,
):
    router.include_router(_module.router)

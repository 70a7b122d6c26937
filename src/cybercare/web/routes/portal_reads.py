""" "Who read my data" (Art. 11, GDPR Art. 15): each staff read of the member's data, and of the
data of the minors they represent (Art. 11.3), in their language, at Brussels time. The
service decides what the member sees; this page only words it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cybercare.http.deps import ContainerDep
from cybercare.privacy import read_log_texts
from cybercare.privacy.read_log_service import reads_seen_by
from cybercare.web.auth import WebMember, web_member
from cybercare.web.i18n import request_language
from cybercare.web.routes.portal_common import render
from cybercare.web.staff_views import ProductLabels

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)


@router.get("/portal/privacy/reads", response_class=HTMLResponse, name="portal.privacy.reads")
def reads(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    with container.database.reader() as uow:
        seen = reads_seen_by(uow, member, container.clock)
    labels = ProductLabels(container.catalog)
    language = request_language(request)
    return render(
        request,
        "portal/reads.html",
        {
            "active": "account",
            "reads": seen,
            "texts17": read_log_texts,
            "guarantee_name": lambda code: labels.guarantee(code, language),
        },
    )

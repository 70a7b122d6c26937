"""The member asks for their data to be erased (GDPR art. 17): what it does, the button, and the
answer, given at once in the member's language with the legal basis of whatever is kept."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.http.deps import ContainerDep
from cybercare.privacy.erasure_service import latest_request, request_erasure
from cybercare.privacy.schedule import load_schedule
from cybercare.web import erasure_texts
from cybercare.web.auth import WebMember, web_member
from cybercare.web.routes.portal_common import render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)


@router.get("/portal/privacy/erasure", response_class=HTMLResponse, name="portal.erasure")
def page(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    with container.database.reader() as uow:
        latest = latest_request(uow, member)
    return render(
        request,
        "portal/erasure.html",
        {
            "active": "portal",
            "latest": latest,
            "kept": erasure_texts.kept_rows(latest.decision if latest else None),
            "erasure": erasure_texts,
        },
    )


@router.post("/portal/privacy/erasure", name="portal.erasure_request")
def ask(request: Request, container: ContainerDep, member: WebMember) -> Response:
    with container.database.uow() as uow:
        request_erasure(uow, member, load_schedule(), container.clock)
        uow.commit()
    return RedirectResponse("/portal/privacy/erasure#answer", status_code=303)

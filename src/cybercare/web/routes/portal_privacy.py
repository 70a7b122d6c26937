"""My data (GDPR art. 15, 20; Art. 11 of the terms): a member asks for a copy of their data and
downloads it as one archive (data.json, a PDF in their language, evidence and letters). Only the
person it is about downloads it; the link expires after a week; every step is audited.

Building the archive takes 3-5 s for a household with ten years of history (bench/data_export.py),
so the worker builds it after the request is committed (`privacy.export_task`); the page says
"being prepared" and, with htmx, asks again every few seconds until the download link shows."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.http.deps import ContainerDep
from cybercare.privacy import service
from cybercare.privacy.domain import DOWNLOAD_DAYS
from cybercare.web.auth import WebMember, web_member
from cybercare.web.routes.portal_common import content_disposition, render

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)


@router.get("/portal/my-data", response_class=HTMLResponse, name="portal.my_data")
def my_data(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    with container.database.reader() as uow:
        requests = service.my_requests(uow, member)
    polled = request.headers.get("HX-Request") == "true"
    return render(
        request,
        "portal/_my_data_requests.html" if polled else "portal/my_data.html",
        {
            "active": "documents",
            "requests": requests,
            "now": container.clock.now(),
            "download_days": DOWNLOAD_DAYS,
            "preparing": any(item.archive is None for item in requests),
        },
    )


@router.post("/portal/my-data", name="portal.my_data_request")
def ask_for_my_data(container: ContainerDep, member: WebMember) -> RedirectResponse:
    with container.database.uow() as uow:
        service.request_export(uow, member, container.clock)  # the worker builds the archive
        uow.commit()
    return RedirectResponse("/portal/my-data?asked=1", status_code=303)


@router.get("/portal/my-data/{request_id}.zip", name="portal.my_data_download")
def download(request_id: str, container: ContainerDep, member: WebMember) -> Response:
    with container.database.uow() as uow:
        archive = service.download_export(uow, member, request_id, container.clock)
        uow.commit()
    return Response(
        archive.content,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(archive.filename)},
    )

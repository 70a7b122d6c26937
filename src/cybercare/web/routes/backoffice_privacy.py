"""Staff register an access request received by letter, phone or e-mail (GDPR art. 12.3: its
clock runs from the day it was received) and hand over its archive (audited; the note reads of
Art. 11.2 are logged under the staff member's name)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response

from cybercare.http.deps import ContainerDep
from cybercare.privacy import service
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.routes.portal_common import content_disposition

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)


@router.post("/staff/data-requests", name="staff.data_request_register")
def register(
    container: ContainerDep,
    staff: WebStaff,
    person_id: Annotated[str, Form(max_length=32)],
    channel: Annotated[str, Form(pattern="^(letter|phone|email)$")],
    received_on: Annotated[date, Form()],
) -> RedirectResponse:
    with container.database.uow() as uow:
        registered = service.register_request(
            uow,
            staff,
            person_id=person_id,
            channel=channel,
            received_on=received_on,
            clock=container.clock,
        )
        service.produce_export(
            uow, registered.request_id, container.catalog, container.clock, actor=staff.actor
        )
        uow.commit()
    return RedirectResponse("/staff/dashboards#data-requests", status_code=303)


@router.get("/staff/data-requests/{request_id}.zip", name="staff.data_request_handover")
def hand_over(request_id: str, container: ContainerDep, staff: WebStaff) -> Response:
    with container.database.uow() as uow:
        archive = service.download_export(uow, staff, request_id, container.clock)
        uow.commit()
    return Response(
        archive.content,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(archive.filename)},
    )

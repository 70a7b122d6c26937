"""Staff register an access request received by letter, phone or e-mail (GDPR art. 12.3: its
clock runs from the day it was received) and hand over its copy, which the worker builds after
the request is committed and which holds no psychological note (Art. 11.2). Supervisors and
administrators only (`DATA_REQUEST_STAFF`; the service checks it again)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.privacy import service
from cybercare.privacy.domain import DATA_REQUEST_STAFF
from cybercare.privacy.request_queries import handover_requests
from cybercare.web.auth import web_staff_with_role
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.routes.portal_common import content_disposition
from cybercare.web.templating import templates_of

request_staff = web_staff_with_role(*DATA_REQUEST_STAFF)
router = APIRouter(dependencies=[Depends(request_staff)], include_in_schema=False)
RequestStaff = Annotated[Principal, Depends(request_staff)]

FORM = "data_request"
CHANNELS: dict[str, str] = {
    "letter": N_("Data request by letter"),
    "phone": N_("Data request by phone"),
    "email": N_("Data request by e-mail"),
}
FIELD_MESSAGES: dict[str, str] = {
    "person_id": N_("Enter the reference of an insured person, such as per_..."),
    "channel": N_("Choose how the data request was received."),
    "received_on": N_("Enter the day the data request was received: today or earlier."),
}


def _page(
    request: Request,
    container: ContainerDep,
    *,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        handovers = handover_requests(uow, container.clock.now())
    context = {
        "active": "dashboards",
        "form": FORM,
        "errors": errors,
        "values": values or {"received_on": container.clock.today().isoformat()},
        "channels": CHANNELS,
        "handovers": handovers,
        "today": container.clock.today(),
        "registered": request.query_params.get("registered") == "1",
    }
    return templates_of(request).render(
        request, "backoffice/data_requests.html", context, status_code=status_code
    )


@router.get("/staff/data-requests", response_class=HTMLResponse, name="staff.data_requests")
def data_requests(request: Request, container: ContainerDep, staff: RequestStaff) -> HTMLResponse:
    return _page(request, container)


@router.post("/staff/data-requests", name="staff.data_request_register")
def register(
    request: Request,
    container: ContainerDep,
    staff: RequestStaff,
    person_id: Annotated[str, Form(max_length=64)] = "",
    channel: Annotated[str, Form(max_length=16)] = "",
    received_on: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    values = {"person_id": person_id.strip(), "channel": channel, "received_on": received_on}
    errors = FormErrors()
    day: date | None = None
    try:
        day = date.fromisoformat(received_on)
    except ValueError:
        errors.add(f"{FORM}.received_on", FIELD_MESSAGES["received_on"])
    if channel not in CHANNELS:
        errors.add(f"{FORM}.channel", FIELD_MESSAGES["channel"])
    if not values["person_id"]:
        errors.add(f"{FORM}.person_id", FIELD_MESSAGES["person_id"])
    if day is not None and not errors:
        try:
            with container.database.uow() as uow:
                service.register_request(
                    uow,
                    staff,
                    person_id=values["person_id"],
                    channel=channel,
                    received_on=day,
                    clock=container.clock,
                )  # the worker builds the copy after commit (privacy.export_task)
                uow.commit()
        except InvalidInput as error:
            for field, _ in error.errors:
                errors.add(
                    f"{FORM}.{field}", FIELD_MESSAGES.get(field, FIELD_MESSAGES["person_id"])
                )
    if errors:
        return _page(request, container, errors=errors, values=values, status_code=422)
    return RedirectResponse("/staff/data-requests?registered=1", status_code=303)


@router.get("/staff/data-requests/{request_id}.zip", name="staff.data_request_handover")
def hand_over(request_id: str, container: ContainerDep, staff: RequestStaff) -> Response:
    with container.database.uow() as uow:
        archive = service.download_export(uow, staff, request_id, container.clock)
        uow.commit()
    return Response(
        archive.content,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(archive.filename)},
    )

"""Staff and erasure requests (GDPR art. 17, 12.3): register one received by letter, phone or
e-mail; a supervisor answers it once they have checked who asked (art. 12.6). Both come back to
the dashboard's panel of open requests (`backoffice/_erasure_requests.html`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response

from cybercare.http.deps import ContainerDep
from cybercare.kernel.errors import DomainError
from cybercare.privacy.erasure_service import Channel, decide_request, register_erasure
from cybercare.privacy.schedule import load_schedule
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import N_
from cybercare.web.report_forms import parse_day

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

PANEL = "/staff/dashboards"
OUTCOMES = {
    "registered": N_("The erasure request is registered; it is due within one month."),
    "answered": N_("The erasure request is answered."),
    "refused": N_("The erasure request could not be recorded: check the person and the date."),
    "forbidden": N_("Only a supervisor answers an erasure request."),
}


def _back(outcome: str) -> Response:
    return RedirectResponse(f"{PANEL}?erasure={outcome}#erasure-requests", status_code=303)


@router.post("/staff/privacy/erasure-requests", name="backoffice.erasure_register")
def register(
    staff: WebStaff,
    container: ContainerDep,
    person_id: Annotated[str, Form(max_length=32)],
    channel: Annotated[Channel, Form()],
    received_on: Annotated[str, Form(max_length=16)],
) -> Response:
    day = parse_day(received_on)  # refuses days outside the horizon (kernel/horizon.py)
    if day is None:
        return _back("refused")
    try:
        with container.database.uow() as uow:
            register_erasure(uow, staff, person_id.strip(), channel, day, container.clock)
            uow.commit()
    except DomainError:
        return _back("refused")
    return _back("registered")


@router.post(
    "/staff/privacy/erasure-requests/{request_id}/answer", name="backoffice.erasure_answer"
)
def answer(request_id: str, staff: WebStaff, container: ContainerDep) -> Response:
    try:
        with container.database.uow() as uow:
            decide_request(uow, staff, request_id, load_schedule(), container.clock)
            uow.commit()
    except DomainError as refused:
        return _back(
            "forbidden" if refused.code == "forbidden" or "role" in refused.code else "refused"
        )
    return _back("answered")

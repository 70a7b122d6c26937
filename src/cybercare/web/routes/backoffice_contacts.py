"""Logging a try to reach the member from the case workspace (Art. 8.4): a call and its outcome,
or a message sent. The service decides who may (Art. 11.1) and whether the try is the first
human contact; the workspace shows the result, and the next try when nobody was reached."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cybercare.assistance.contacts import ContactLog, ContactLogged, log_contact
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.contact_labels import RESULTS
from cybercare.web.i18n import N_
from cybercare.web.routes.backoffice_cases import act

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

MESSAGES: dict[str, str] = {
    "result": N_("Choose what came of the try: a call and its outcome, or a message sent."),
    "person_id": N_("Choose whom you tried among the people shown."),
    "note": N_("Keep the note under 500 characters."),
}


def done_key(logged: object) -> str:
    if isinstance(logged, ContactLogged) and logged.first_contact:
        return "contact_first"
    if isinstance(logged, ContactLogged) and logged.next_try_at is not None:
        return "contact_retry"
    return "contact_logged"


@router.post("/staff/cases/{case_id}/contacts", name="backoffice.log_contact")
def log_contact_attempt(
    request: Request,
    case_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    result: Annotated[str, Form(max_length=16)] = "",
    person_id: Annotated[str, Form(max_length=32)] = "",
    workstream_id: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    """One try to reach the member; a reached call or a message sent stops the clock."""

    def command(uow: UnitOfWork) -> object:
        if result not in RESULTS:
            raise InvalidInput("result", "one of the results")
        kind, outcome, channel = RESULTS[result]
        log = ContactLog(
            kind=kind,
            outcome=outcome,
            channel=channel,
            person_id=person_id or None,
            workstream_id=workstream_id or None,
            note=note,
        )
        return log_contact(uow, viewer, case_id, log, container.clock)

    return act(
        request,
        container,
        viewer,
        case_id,
        form="contact",
        values={
            "result": result,
            "person_id": person_id,
            "workstream_id": workstream_id,
            "note": note,
        },
        command=command,
        done=done_key,
        anchor="reach",
        messages=MESSAGES,
    )

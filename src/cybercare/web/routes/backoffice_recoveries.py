"""Recovery files for claims handlers, supervisors and finance (Art. 8.5 subrogation): the list
with what was paid and recovered, and a file's page with its actions (the counterparty, the
demand, a recovery recorded by hand, the write-off). Each action is one transaction with its
audit event (in the service), then back to the file's page, or the page with the refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.claims.recovery.file_queries import recovery_file, recovery_files
from cybercare.claims.subrogation_service import (
    RECOVERY_STAFF,
    record_manual_recovery,
    send_demand,
    set_counterparty,
    write_off,
)
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.http.params import RowId
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import DomainError, InvalidInput, NotFound
from cybercare.kernel.horizon import OUTSIDE_HORIZON, within_horizon
from cybercare.kernel.money import parse_amount
from cybercare.web.auth import web_staff_with_role
from cybercare.web.i18n import N_
from cybercare.web.templating import templates_of

recovery_staff = web_staff_with_role(*RECOVERY_STAFF)
router = APIRouter(dependencies=[Depends(recovery_staff)], include_in_schema=False)
RecoveryStaff = Annotated[Principal, Depends(recovery_staff)]

STATUS_LABELS: dict[str, str] = {
    "open": N_("Recovery open"),
    "demanded": N_("Repayment demanded"),
    "partly_recovered": N_("Partly recovered"),
    "recovered": N_("Fully recovered"),
    "written_off": N_("Written off"),
    "closed": N_("Recovery closed"),
}
REFUSALS: dict[str, str] = {
    "recovery.refused": N_(
        "Refused: a recovery is at most the amount still owed, and a finished file takes no "
        "more action (Art. 8.5)."
    ),
    "recovery.no_counterparty_address": N_(
        "Enter the e-mail address of the seller or fraudster before sending the demand."
    ),
    "recovery.changed": N_("Someone changed this recovery file meanwhile: check it and retry."),
    "amount": N_("Enter the amount recovered, such as 120.50."),
    "received_on": N_("Enter the date the money was received, such as 2026-12-31."),
    "reason": N_("State why the rest is written off."),
    "iban": N_("This IBAN is not valid."),
    "email": N_("This e-mail address is not valid."),
}
DONE: dict[str, str] = {
    "counterparty": N_("The counterparty of the recovery was saved."),
    "demand": N_("The demand for repayment was sent."),
    "payment": N_("The recovery was recorded and booked."),
    "write_off": N_("The rest of the recovery was written off."),
}


def _page(
    request: Request,
    container: ContainerDep,
    file_id: int,
    *,
    refusal: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        view = recovery_file(uow, file_id)
    if view is None:
        raise NotFound("no such recovery file", code="recovery.not_found")
    done = DONE.get(request.query_params.get("done", ""))
    context = {
        "active": "recoveries",
        "file": view,
        "status_label": STATUS_LABELS[view.status],
        "refusal": refusal,
        "done": done,
    }
    return templates_of(request).render(
        request, "backoffice/recovery.html", context, status_code=status_code
    )


def _act(
    request: Request,
    container: ContainerDep,
    file_id: int,
    command: Callable[[UnitOfWork], object],
    done: str,
) -> Response:
    try:
        with container.database.uow() as uow:
            command(uow)
            uow.commit()
    except InvalidInput as error:
        refusal = REFUSALS.get(error.field, REFUSALS["amount"])
        return _page(request, container, file_id, refusal=refusal, status_code=422)
    except DomainError as error:
        if error.code not in REFUSALS:
            raise
        return _page(request, container, file_id, refusal=REFUSALS[error.code], status_code=409)
    return RedirectResponse(f"/staff/recoveries/{file_id}?done={done}", status_code=303)


@router.get("/staff/recoveries", response_class=HTMLResponse, name="backoffice.recoveries")
def recoveries(
    request: Request, container: ContainerDep, staff: RecoveryStaff, status: str = ""
) -> HTMLResponse:
    chosen = status if status in STATUS_LABELS else None
    with container.database.reader() as uow:
        views = recovery_files(uow, status=chosen)
    context = {
        "active": "recoveries",
        "files": views,
        "status": chosen or "",
        "statuses": STATUS_LABELS,
    }
    return templates_of(request).render(request, "backoffice/recoveries.html", context)


@router.get("/staff/recoveries/{file_id}", response_class=HTMLResponse, name="backoffice.recovery")
def recovery(
    request: Request, file_id: RowId, container: ContainerDep, staff: RecoveryStaff
) -> HTMLResponse:
    return _page(request, container, file_id)


@router.post("/staff/recoveries/{file_id}/counterparty", name="backoffice.recovery_counterparty")
def counterparty(
    request: Request,
    file_id: RowId,
    container: ContainerDep,
    staff: RecoveryStaff,
    name: Annotated[str, Form(max_length=140)] = "",
    iban: Annotated[str, Form(max_length=42)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
) -> Response:
    def command(uow: UnitOfWork) -> object:
        return set_counterparty(
            uow, staff, file_id, name=name, iban=iban, email=email, at=container.clock.now()
        )

    return _act(request, container, file_id, command, "counterparty")


@router.post("/staff/recoveries/{file_id}/demand", name="backoffice.recovery_demand")
def demand(
    request: Request, file_id: RowId, container: ContainerDep, staff: RecoveryStaff
) -> Response:
    def command(uow: UnitOfWork) -> object:
        return send_demand(uow, staff, file_id, at=container.clock.now())

    return _act(request, container, file_id, command, "demand")


@router.post("/staff/recoveries/{file_id}/payments", name="backoffice.recovery_payment")
def payment(
    request: Request,
    file_id: RowId,
    container: ContainerDep,
    staff: RecoveryStaff,
    amount: Annotated[str, Form(max_length=20)] = "",
    received_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    def command(uow: UnitOfWork) -> object:
        cents = parse_amount(amount)
        try:
            day = date.fromisoformat(received_on.strip())
        except ValueError:
            raise InvalidInput("received_on", "a date such as 2026-12-31") from None
        if not within_horizon(day):
            raise InvalidInput("received_on", OUTSIDE_HORIZON)
        return record_manual_recovery(
            uow,
            staff,
            file_id,
            amount_cents=cents,
            received_on=day,
            at=container.clock.now(),
            catalog=container.catalog,
        )

    return _act(request, container, file_id, command, "payment")


@router.post("/staff/recoveries/{file_id}/write-off", name="backoffice.recovery_write_off")
def write_off_rest(
    request: Request,
    file_id: RowId,
    container: ContainerDep,
    staff: RecoveryStaff,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    def command(uow: UnitOfWork) -> object:
        return write_off(uow, staff, file_id, reason=reason, at=container.clock.now())

    return _act(request, container, file_id, command, "write_off")

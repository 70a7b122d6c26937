"""Appointed providers in the back office (issue 19): the registry with each provider's
performance (time to quote, time to finish, outcomes, cost per case, incidents of Art. 6.6), an
order's page (its brief as the provider received it, Art. 11; the quote and what the pot covers,
Art. 5.3), accepting a quote, and a provider's UBL invoice uploaded by finance, refused with a
reason per field when it is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.errors import DomainError, InvalidInput, NotFound
from cybercare.kernel.money import parse_amount
from cybercare.providers.domain import IncidentKind
from cybercare.providers.invoice_import import import_ubl
from cybercare.providers.order_queries import order_page, registry
from cybercare.providers.portal import order_report_files, report_file
from cybercare.providers.registry import verify_bank_details
from cybercare.providers.service import (
    accept_quote,
    enter_quote,
    record_incident,
    report_work,
)
from cybercare.reporting.provider_queries import provider_performance
from cybercare.web.auth import web_staff_with_role
from cybercare.web.i18n import N_, gettext, request_language
from cybercare.web.templating import templates_of

PROVIDER_STAFF = (
    Role.SUPERVISOR,
    Role.ADMIN,
    Role.FINANCE,
    Role.TECHNICAL,
    Role.LEGAL,
    Role.PSYCHOLOGICAL,
)
provider_staff = web_staff_with_role(*PROVIDER_STAFF)
router = APIRouter(dependencies=[Depends(provider_staff)], include_in_schema=False)
ProviderStaff = Annotated[Principal, Depends(provider_staff)]
MAX_INVOICE_BYTES = 2_000_000

KIND_LABELS: dict[str, str] = {
    "data_recovery": N_("Data recovery expert"),
    "takedown": N_("Removal and e-reputation firm"),
    "lawyer": N_("Lawyer"),
    "psychologist": N_("Psychologist"),
}
INCIDENT_LABELS: dict[str, str] = {
    "late_quote": N_("Quote late"),
    "late_work": N_("Work late"),
    "poor_work": N_("Poor work"),
    "damage": N_("Damage during the work"),
    "no_answer": N_("No answer"),
}
STATUS_LABELS: dict[str, str] = {
    "appointed": N_("Appointed, waiting for a quote"),
    "quoted": N_("Quote received"),
    "accepted": N_("Quote accepted, work under way"),
    "declined": N_("Declined by the provider"),
    "cancelled": N_("Cancelled"),
    "work_done": N_("Work done"),
    "not_possible": N_("Work not possible"),
    "invoiced": N_("Invoiced"),
    "paid": N_("Paid"),
}


@router.get("/staff/providers", response_class=HTMLResponse, name="backoffice.providers")
def providers_page(request: Request, container: ContainerDep, staff: ProviderStaff) -> HTMLResponse:
    with container.database.reader() as uow:
        performance = {p.provider_id: p for p in provider_performance(uow)}
        listed = registry(uow)
    context = {
        "current_page": "providers",
        "providers": listed,
        "performance": performance,
        "kinds": KIND_LABELS,
    }
    return templates_of(request).render(request, "backoffice/providers.html", context)


def _order(
    request: Request,
    container: ContainerDep,
    order_id: str,
    *,
    errors: tuple[tuple[str, str], ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        page = order_page(uow, order_id)
        report_files = order_report_files(uow, order_id)
    context = {
        "report_files": report_files,
        "current_page": "providers",
        "page": page,
        "kinds": KIND_LABELS,
        "statuses": STATUS_LABELS,
        "errors": errors,
        "incident_kinds": INCIDENT_LABELS,
        "done": request.query_params.get("done") == "1",
    }
    return templates_of(request).render(
        request, "backoffice/provider_order.html", context, status_code=status_code
    )


@router.get(
    "/staff/providers/orders/{order_id}",
    response_class=HTMLResponse,
    name="backoffice.provider_order",
)
def order_view(
    request: Request, order_id: str, container: ContainerDep, staff: ProviderStaff
) -> HTMLResponse:
    return _order(request, container, order_id)


def _command(
    request: Request,
    container: ContainerDep,
    order_id: str,
    command: Callable[[UnitOfWork], object],
) -> Response:
    try:
        with container.database.uow() as uow:
            command(uow)
            uow.commit()
    except InvalidInput as error:
        return _order(request, container, order_id, errors=error.errors, status_code=422)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        errors = ((error.code, error.message),)
        return _order(request, container, order_id, errors=errors, status_code=409)
    return RedirectResponse(f"/staff/providers/orders/{order_id}?done=1", status_code=303)


@router.post("/staff/providers/orders/{order_id}/quote", name="backoffice.provider_quote")
def quote(
    request: Request,
    order_id: str,
    container: ContainerDep,
    staff: ProviderStaff,
    amount: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The agent enters the quote the provider sent (by e-mail or on paper)."""

    def command(uow: UnitOfWork) -> object:
        cents = parse_amount(amount, field="quote_cents")
        return enter_quote(uow, staff, order_id, cents, container.clock, container.catalog)

    return _command(request, container, order_id, command)


@router.post("/staff/providers/orders/{order_id}/report", name="backoffice.provider_report")
def report(
    request: Request,
    order_id: str,
    container: ContainerDep,
    staff: ProviderStaff,
    outcome: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """The work reported done, or not possible (Art. 4.6: the agreed price is still due)."""

    def command(uow: UnitOfWork) -> object:
        if outcome not in ("done", "not_possible"):
            raise InvalidInput("outcome", "done or not_possible")
        return report_work(
            uow, staff, order_id, done=outcome == "done", note=note, clock=container.clock
        )

    return _command(request, container, order_id, command)


@router.post("/staff/providers/orders/{order_id}/incident", name="backoffice.provider_incident")
def incident(
    request: Request,
    order_id: str,
    container: ContainerDep,
    staff: ProviderStaff,
    kind: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Art. 6.6: a delay or poor work recorded against the provider."""

    def command(uow: UnitOfWork) -> object:
        try:
            chosen = IncidentKind(kind)
        except ValueError:
            kinds = ", ".join(k.value for k in IncidentKind)
            raise InvalidInput("kind", f"one of {kinds}") from None
        return record_incident(uow, staff, order_id, chosen, note, container.clock)

    return _command(request, container, order_id, command)


@router.post("/staff/providers/{provider_id}/verify", name="backoffice.provider_verify")
def verify(
    request: Request, provider_id: str, container: ContainerDep, staff: ProviderStaff
) -> Response:
    """Finance verifies bank details someone else entered (the payee check, four eyes)."""
    with container.database.uow() as uow:
        verify_bank_details(uow, staff, provider_id, container.clock)
        uow.commit()
    return RedirectResponse("/staff/providers", status_code=303)


@router.post("/staff/providers/orders/{order_id}/accept", name="backoffice.provider_accept")
def accept(
    request: Request, order_id: str, container: ContainerDep, staff: ProviderStaff
) -> Response:
    try:
        with container.database.uow() as uow:
            accept_quote(uow, staff, order_id, container.clock, container.catalog)
            uow.commit()
    except InvalidInput as error:
        return _order(request, container, order_id, errors=error.errors, status_code=422)
    return RedirectResponse(f"/staff/providers/orders/{order_id}?done=1", status_code=303)


@router.post("/staff/providers/orders/{order_id}/invoice", name="backoffice.provider_invoice")
async def upload_invoice(
    request: Request, order_id: str, container: ContainerDep, staff: ProviderStaff
) -> Response:
    """A provider's UBL invoice uploaded by finance: validated and matched in one transaction;
    a refusal lists each field at fault."""
    if not staff.has_role(Role.FINANCE, Role.SUPERVISOR):
        errors = (("invoice", gettext(request_language(request), N_("Finance enters invoices."))),)
        return _order(request, container, order_id, errors=errors, status_code=403)
    form = await request.form(max_part_size=MAX_INVOICE_BYTES)
    upload = form.get("invoice")
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = (("invoice", gettext(request_language(request), N_("Choose a file."))),)
        return _order(request, container, order_id, errors=errors, status_code=422)
    data = await upload.read()
    try:
        with container.database.uow() as uow:
            import_ubl(
                uow, data, actor=staff.actor, clock=container.clock, catalog=container.catalog
            )
            uow.commit()
    except InvalidInput as error:
        return _order(request, container, order_id, errors=error.errors, status_code=422)
    except DomainError as error:
        return _order(
            request, container, order_id, errors=(("invoice", error.message),), status_code=409
        )
    return RedirectResponse(f"/staff/providers/orders/{order_id}?done=1", status_code=303)


@router.get(
    "/staff/providers/orders/{order_id}/reports/{file_id}",
    name="backoffice.provider_report_file",
)
def report_file_download(
    order_id: str, file_id: int, container: ContainerDep, staff: ProviderStaff
) -> Response:
    """A report file the provider uploaded in the provider portal, as an attachment."""
    with container.database.reader() as uow:
        name, media_type, content = report_file(uow, order_id, file_id)
    safe = "".join(c for c in name if c.isalnum() or c in "._-")[:100] or "report"
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )

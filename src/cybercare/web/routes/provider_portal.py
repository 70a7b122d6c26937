"""The provider portal (issue 19): an appointed provider's users sign in (their own kind of
user, always with a second factor) and see only their provider's orders: accept or decline one,
send the quote, report the work done or not possible with a report file, upload the UBL invoice
and see what was paid. Every route needs the `web_provider` rule; another provider's order is
"not found" (the services decide, providers/portal.py); an order shows its brief only (Art. 11).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.kernel.errors import DomainError, InvalidInput, NotFound
from cybercare.kernel.money import parse_amount
from cybercare.providers import portal
from cybercare.web.auth import WebProvider, web_provider
from cybercare.web.i18n import N_, gettext, request_language
from cybercare.web.routes.backoffice_providers import STATUS_LABELS
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_provider)], include_in_schema=False)
MAX_INVOICE_BYTES = 2_000_000

# The keys of an order's brief (providers/domain.py `order_brief`), in words.
BRIEF_LABELS: dict[str, str] = {
    "first_name": N_("First name of the member"),
    "url": N_("Address to remove"),
    "device": N_("Device"),
    "what_happened": N_("What happened"),
    "facts": N_("Facts"),
    "counsellor_summary": N_("What the counsellor shares"),
}
PAYOUT_LABELS: dict[str, str] = {
    "scheduled": N_("Payment scheduled"),
    "in_file": N_("In a payment file sent to the bank"),
    "paid": N_("Paid"),
}


@router.get("/provider", name="provider.home")
def home(user: WebProvider) -> Response:
    return RedirectResponse("/provider/orders", status_code=303)


@router.get("/provider/orders", response_class=HTMLResponse, name="provider.orders")
def orders(request: Request, container: ContainerDep, user: WebProvider) -> HTMLResponse:
    with container.database.reader() as uow:
        provider = portal.my_provider(uow, user)
        listed = portal.my_orders(uow, user)
    context = {
        "current_page": "provider_orders",
        "provider": provider,
        "orders": listed,
        "statuses": STATUS_LABELS,
    }
    return templates_of(request).render(request, "provider/orders.html", context)


def _order(
    request: Request,
    container: ContainerDep,
    user: WebProvider,
    order_id: str,
    *,
    errors: tuple[tuple[str, str], ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        shown = portal.my_order(uow, user, order_id)
    context = {
        "current_page": "provider_orders",
        "shown": shown,
        "statuses": STATUS_LABELS,
        "brief_labels": BRIEF_LABELS,
        "payout_labels": PAYOUT_LABELS,
        "errors": errors,
        "done": request.query_params.get("done") == "1",
    }
    return templates_of(request).render(
        request, "provider/order.html", context, status_code=status_code
    )


@router.get("/provider/orders/{order_id}", response_class=HTMLResponse, name="provider.order")
def order_view(
    request: Request, order_id: str, container: ContainerDep, user: WebProvider
) -> HTMLResponse:
    return _order(request, container, user, order_id)


def _command(
    request: Request,
    container: ContainerDep,
    user: WebProvider,
    order_id: str,
    command: Callable[[UnitOfWork], object],
) -> Response:
    try:
        with container.database.uow() as uow:
            command(uow)
            uow.commit()
    except NotFound:
        raise
    except InvalidInput as error:
        return _order(request, container, user, order_id, errors=error.errors, status_code=422)
    except DomainError as error:
        errors = ((error.code, error.message),)
        return _order(request, container, user, order_id, errors=errors, status_code=409)
    return RedirectResponse(f"/provider/orders/{order_id}?done=1", status_code=303)


@router.post("/provider/orders/{order_id}/accept", name="provider.accept")
def accept(request: Request, order_id: str, container: ContainerDep, user: WebProvider) -> Response:
    """The provider takes the order on; its quote comes next."""

    def command(uow: UnitOfWork) -> object:
        return portal.take_order(uow, user, order_id, container.clock)

    return _command(request, container, user, order_id, command)


@router.post("/provider/orders/{order_id}/decline", name="provider.decline")
def decline(
    request: Request,
    order_id: str,
    container: ContainerDep,
    user: WebProvider,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    def command(uow: UnitOfWork) -> object:
        return portal.decline(uow, user, order_id, note, container.clock)

    return _command(request, container, user, order_id, command)


@router.post("/provider/orders/{order_id}/quote", name="provider.quote")
def quote(
    request: Request,
    order_id: str,
    container: ContainerDep,
    user: WebProvider,
    amount: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    def command(uow: UnitOfWork) -> object:
        cents = parse_amount(amount, field="quote_cents")
        return portal.quote(uow, user, order_id, cents, container.clock, container.catalog)

    return _command(request, container, user, order_id, command)


def _no_file(request: Request, field: str) -> tuple[tuple[str, str], ...]:
    return ((field, gettext(request_language(request), N_("Choose a file."))),)


@router.post("/provider/orders/{order_id}/report", name="provider.report")
async def report(
    request: Request, order_id: str, container: ContainerDep, user: WebProvider
) -> Response:
    """The work done or not possible (Art. 4.6), with an optional report file."""
    form = await request.form(max_part_size=portal.MAX_REPORT_BYTES)
    outcome = str(form.get("outcome") or "")
    note = str(form.get("note") or "")[:500]
    upload = form.get("report")
    file: portal.Upload | None = None
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        file = portal.Upload(upload.filename, upload.content_type or "", content)

    def command(uow: UnitOfWork) -> object:
        if outcome not in ("done", "not_possible"):
            raise InvalidInput("outcome", "done or not_possible")
        return portal.report(
            uow, user, order_id, done=outcome == "done", note=note, upload=file,
            clock=container.clock,
        )  # fmt: skip

    return _command(request, container, user, order_id, command)


@router.post("/provider/orders/{order_id}/invoice", name="provider.invoice")
async def invoice(
    request: Request, order_id: str, container: ContainerDep, user: WebProvider
) -> Response:
    """The provider's UBL 2.1 invoice (Peppol BIS Billing 3.0): validated and matched in one
    transaction; a refusal lists each field at fault."""
    form = await request.form(max_part_size=MAX_INVOICE_BYTES)
    upload = form.get("invoice")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _order(
            request, container, user, order_id, errors=_no_file(request, "invoice"), status_code=422
        )
    data = await upload.read()

    def command(uow: UnitOfWork) -> object:
        return portal.upload_invoice(uow, user, order_id, data, container.clock, container.catalog)

    return _command(request, container, user, order_id, command)


@router.get("/provider/payouts", response_class=HTMLResponse, name="provider.payouts")
def payouts(request: Request, container: ContainerDep, user: WebProvider) -> HTMLResponse:
    with container.database.reader() as uow:
        provider = portal.my_provider(uow, user)
        paid = portal.my_payouts(uow, user)
    context = {
        "current_page": "provider_payouts",
        "provider": provider,
        "payouts": paid,
        "payout_labels": PAYOUT_LABELS,
        "total_paid": sum(p.amount_cents for p in paid if p.status == "paid"),
    }
    return templates_of(request).render(request, "provider/payouts.html", context)

"""The finance team's pages (issue 15): the bank documents imported with what matched, the lines
left for them with suggested matches (match one, or ignore it with a reason), an upload form for
a statement file, and premiums collected against debits returned per day.

Only the roles `finance` and `admin` reach them (`web_staff_with_role`); every form carries the
CSRF token (the web router's `csrf_protect`); every decision writes its audit event and, for a
match, its ledger entry, in the service's transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cybercare.banking import queue
from cybercare.banking.readers import read_bank_file
from cybercare.banking.service import ImportResult, import_bank_document
from cybercare.http.deps import ContainerDep
from cybercare.http.params import RowId
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.errors import DomainError, InvalidInput
from cybercare.web import formatting
from cybercare.web.auth import web_staff_with_role
from cybercare.web.charts import Chart, Series
from cybercare.web.i18n import N_, gettext, request_language
from cybercare.web.templating import templates_of

finance_rule = web_staff_with_role(Role.FINANCE, Role.ADMIN)
router = APIRouter(dependencies=[Depends(finance_rule)], include_in_schema=False)
Finance = Annotated[Principal, Depends(finance_rule)]

MAX_FILE_BYTES = 50 * 1024 * 1024  # a day's statement of 100,000 lines is about 60 MB in camt
CHART_DAYS = 30

REASONS = {
    "no_reference": N_("No reference of ours"),
    "unknown_reference": N_("A reference we do not know"),
    "unknown_communication": N_("A structured communication we never gave"),
    "amount_mismatch": N_("Another amount than expected"),
    "wrong_direction": N_("Money going the other way than expected"),
    "already_settled": N_("Already settled"),
    "already_matched": N_("Another line of the statement took it"),
    "not_applied": N_("Could not be booked"),
}
WHY = {
    "same_reference": N_("same reference"),
    "same_amount": N_("same amount"),
    "close_date": N_("close date"),
    "similar_name": N_("similar name"),
}
TARGETS = {
    "debit_batch": N_("Direct debit batch"),
    "collection": N_("Direct debit"),
    "payment_file": N_("Payment file"),
    "payout": N_("Payout"),
    "premium": N_("Premium"),
    "recovery": N_("Recovery"),
}


def _accounts(container: Any) -> frozenset[str]:
    settings = container.settings
    return frozenset({settings.creditor.account.iban, settings.payout_account.iban})


def _chart(totals: list[queue.DayTotals], language: str) -> Chart:
    def series(name: str, values: tuple[int, ...]) -> Series:
        return Series(name, values, tuple(formatting.money(v, language) for v in values))

    return Chart(
        id="collected-returned",
        title=gettext(language, N_("Premiums collected and debits returned per day")),
        labels=tuple(formatting.short_date(t.day, language) for t in totals),
        series=(
            series(gettext(language, N_("Collected")), tuple(t.collected_cents for t in totals)),
            series(gettext(language, N_("Returned")), tuple(t.returned_cents for t in totals)),
        ),
        unit="money",
        label_header=gettext(language, N_("Day")),
        number_format=formatting.number_parts(language, money_unit=True),
    )


def _overview(
    request: Request,
    container: Any,
    *,
    result: ImportResult | None = None,
    errors: tuple[tuple[str, str], ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    language = request_language(request)
    since = container.clock.today() - timedelta(days=CHART_DAYS)
    with container.database.reader() as uow:
        documents = queue.imported_documents(uow)
        totals = queue.collected_and_returned(uow, since)
    context = {
        "current_page": "finance",
        "documents": documents,
        "chart": _chart(totals, language) if totals else None,
        "result": result,
        "errors": errors,
    }
    return templates_of(request).render(
        request, "finance/index.html", context, status_code=status_code
    )


@router.get("/finance", response_class=HTMLResponse, name="finance.home")
def finance_home(request: Request, container: ContainerDep, viewer: Finance) -> HTMLResponse:
    return _overview(request, container)


@router.post("/finance/import", name="finance.import")
async def finance_import(request: Request, container: ContainerDep, viewer: Finance) -> Response:
    """A statement file uploaded by finance: imported like the bank connector's, in one
    transaction; its errors (with their line numbers) shown as the form's errors."""
    form = await request.form(max_part_size=MAX_FILE_BYTES)
    upload = form.get("document")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _overview(
            request,
            container,
            errors=(("document", gettext(request_language(request), N_("Choose a file."))),),
            status_code=422,
        )
    data = await upload.read()
    try:
        with container.database.uow() as uow:
            result = import_bank_document(
                uow,
                data,
                filename=upload.filename,
                source="upload",
                at=container.clock.now(),
                actor=viewer.actor,
                accounts=_accounts(container),
                read=read_bank_file,
            )
            uow.commit()
    except InvalidInput as exc:
        return _overview(request, container, errors=exc.errors, status_code=422)
    except DomainError as exc:
        return _overview(request, container, errors=(("document", exc.message),), status_code=422)
    return _overview(request, container, result=result)


@router.get("/finance/queue", response_class=HTMLResponse, name="finance.queue")
def finance_queue(
    request: Request,
    container: ContainerDep,
    viewer: Finance,
    document: RowId | None = None,
) -> HTMLResponse:
    with container.database.reader() as uow:
        items = queue.unmatched(uow, document_id=document, limit=100)
    context = {
        "current_page": "finance",
        "items": items,
        "reasons": REASONS,
        "why": WHY,
        "targets": TARGETS,
        "error": request.query_params.get("error"),
        "done": request.query_params.get("done"),
    }
    return templates_of(request).render(request, "finance/queue.html", context)


def _back(done: str | None = None, error: str | None = None) -> RedirectResponse:
    query = f"?done={done}" if done else f"?error={error}" if error else ""
    return RedirectResponse(f"/finance/queue{query}", status_code=303)


@router.post("/finance/lines/{line_id}/match", name="finance.match")
def finance_match(
    line_id: RowId,
    container: ContainerDep,
    viewer: Finance,
    target_kind: Annotated[str, Form(max_length=32)] = "",
    target_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        with container.database.uow() as uow:
            queue.match_line(
                uow,
                line_id,
                target_kind=target_kind,
                target_id=target_id,
                actor=viewer.actor,
                at=container.clock.now(),
            )
            uow.commit()
    except DomainError as exc:
        return _back(error=exc.code)
    return _back(done="matched")


@router.post("/finance/lines/{line_id}/ignore", name="finance.ignore")
def finance_ignore(
    line_id: RowId,
    container: ContainerDep,
    viewer: Finance,
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        with container.database.uow() as uow:
            queue.ignore_line(
                uow, line_id, reason=reason, actor=viewer.actor, at=container.clock.now()
            )
            uow.commit()
    except DomainError as exc:
        return _back(error=exc.code)
    return _back(done="ignored")

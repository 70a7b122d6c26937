"""The staff forms of the providers (issue 19) over the audited use cases that already exist:
registering a provider and its services with their rates, entering its bank details (finance
verifies them on the registry page, four eyes), appointing a provider from a workstream, and a
PDF-only invoice entered by finance against its order. Each form shows its refusals per field;
the roles are the use cases' own (a wrong role is a 403)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import TEAM_ROLES, Principal, Role, require_role
from cybercare.kernel.errors import DomainError, InvalidInput, NotFound
from cybercare.kernel.money import parse_amount
from cybercare.providers.domain import ProviderKind, ProviderNotFound, ServiceRate
from cybercare.providers.invoicing import enter_pdf_invoice
from cybercare.providers.order_queries import appoint_choice, provider_of
from cybercare.providers.registry import (
    BANK_VERIFIER_ROLES,
    REGISTRY_ROLES,
    ProviderCreate,
    change_provider,
    enter_bank_details,
    register_provider,
)
from cybercare.providers.service import appoint_provider
from cybercare.web.auth import web_staff_with_role
from cybercare.web.forms import FieldError, FormErrors
from cybercare.web.routes.backoffice_providers import (
    KIND_LABELS,
    MAX_INVOICE_BYTES,
    PROVIDER_STAFF,
    _order,
)
from cybercare.web.templating import templates_of

provider_staff = web_staff_with_role(*PROVIDER_STAFF)
router = APIRouter(include_in_schema=False)  # each route names its rule: the appoint form is
# the workstream teams', the registry's the provider staff's
ProviderStaff = Annotated[Principal, Depends(provider_staff)]
AgentStaff = Annotated[Principal, Depends(web_staff_with_role(*TEAM_ROLES, Role.SUPERVISOR))]
PDF_INVOICE_ROLES = (Role.FINANCE, Role.SUPERVISOR)
UNITS = ("case", "hour", "link")


def _errors(form: str, error: InvalidInput) -> FormErrors:
    """The use case's refusals keyed as the form's fields ("services.rate_cents" -> "rate")."""
    renamed = {
        "services.code": "code",
        "services.rate_cents": "rate",
        "services.unit": "unit",
        "service_levels": "quote_within_hours",
        "tax_exclusive_cents": "amount",
        "file": "pdf",
    }
    return FormErrors(
        FieldError(f"{form}.{renamed.get(field, field)}", message)
        for field, message in error.errors
    )


def _collect(checks: Iterable[Callable[[], object]]) -> None:
    """Run every parser, then refuse with all their fields at once."""
    problems: list[tuple[str, str]] = []
    for check in checks:
        try:
            check()
        except InvalidInput as error:
            problems.extend(error.errors)
    if problems:
        raise InvalidInput.of(problems)


def _day(text: str, field: str, *, required: bool = True) -> date | None:
    if not text.strip():
        if required:
            raise InvalidInput(field, "a date (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, "a date (YYYY-MM-DD)") from None


def _positive(text: str, field: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(field, "a whole number") from None
    if value <= 0:
        raise InvalidInput(field, "a whole number")
    return value


# --- registering a provider ---------------------------------------------------------------------


def _new_page(
    request: Request,
    *,
    values: dict[str, object] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "current_page": "providers",
        "kinds": KIND_LABELS,
        "units": UNITS,
        "values": values or {},
        "errors": errors or FormErrors(),
    }
    return templates_of(request).render(
        request, "backoffice/provider_new.html", context, status_code=status_code
    )


@router.get("/staff/providers/new", response_class=HTMLResponse, name="backoffice.provider_new")
def new_provider(request: Request, staff: ProviderStaff) -> HTMLResponse:
    require_role(staff, *REGISTRY_ROLES)
    return _new_page(request)


@router.post("/staff/providers/new", name="backoffice.provider_register")
def register(
    request: Request,
    container: ContainerDep,
    staff: ProviderStaff,
    kind: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    vat_number: Annotated[str, Form(max_length=20)] = "",
    email: Annotated[str, Form(max_length=200)] = "",
    languages: Annotated[list[str] | None, Form()] = None,
    regions: Annotated[list[str] | None, Form()] = None,
    quote_within_hours: Annotated[str, Form(max_length=6)] = "",
    finish_within_days: Annotated[str, Form(max_length=6)] = "",
    contract_start: Annotated[str, Form(max_length=10)] = "",
    contract_end: Annotated[str, Form(max_length=10)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
    description: Annotated[str, Form(max_length=200)] = "",
    rate: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=8)] = "case",
) -> Response:
    """A provider with its first service and rate; more services on its page."""
    require_role(staff, *REGISTRY_ROLES)
    values: dict[str, object] = {
        "kind": kind,
        "name": name,
        "vat_number": vat_number,
        "email": email,
        "languages": languages or [],
        "regions": regions or [],
        "quote_within_hours": quote_within_hours,
        "finish_within_days": finish_within_days,
        "contract_start": contract_start,
        "contract_end": contract_end,
        "code": code,
        "description": description,
        "rate": rate,
        "unit": unit,
    }
    parsed: dict[str, object] = {}

    def parse(field: str, parser: Callable[[], object]) -> Callable[[], object]:
        return lambda: parsed.__setitem__(field, parser())

    try:
        _collect(
            (
                parse("kind", lambda: _kind(kind)),
                parse("quote", lambda: _positive(quote_within_hours, "quote_within_hours")),
                parse("finish", lambda: _positive(finish_within_days, "finish_within_days")),
                parse("start", lambda: _day(contract_start, "contract_start")),
                parse("end", lambda: _day(contract_end, "contract_end", required=False)),
                parse("service", lambda: _service(code, description, rate, unit)),
            )
        )
        data = ProviderCreate(
            kind=parsed["kind"],  # type: ignore[arg-type]
            name=name.strip(),
            vat_number=vat_number.strip().replace(" ", "").replace(".", "").upper(),
            email=email.strip(),
            languages=frozenset(languages or ()),
            regions=frozenset(regions or ()),
            services=(parsed["service"],),  # type: ignore[arg-type]
            quote_within_hours=parsed["quote"],  # type: ignore[arg-type]
            finish_within_days=parsed["finish"],  # type: ignore[arg-type]
            contract_start=parsed["start"],  # type: ignore[arg-type]
            contract_end=parsed["end"],  # type: ignore[arg-type]
        )
        with container.database.uow() as uow:
            made = register_provider(uow, staff, data, container.clock)
            uow.commit()
    except InvalidInput as error:
        return _new_page(request, values=values, errors=_errors("provider", error), status_code=422)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        field = str((error.params or {}).get("field", "name"))
        errors = FormErrors([FieldError(f"provider.{field}", error.message)])
        return _new_page(request, values=values, errors=errors, status_code=409)
    return RedirectResponse(f"/staff/providers/{made.provider_id}?done=1", status_code=303)


def _kind(text: str) -> ProviderKind:
    try:
        return ProviderKind(text)
    except ValueError:
        raise InvalidInput("kind", "one of " + ", ".join(k.value for k in ProviderKind)) from None


def _service(code: str, description: str, rate: str, unit: str) -> ServiceRate:
    cents = parse_amount(rate, field="rate") if rate.strip() else 0
    if not description.strip():
        raise InvalidInput("description", "what the service is")
    return ServiceRate(code.strip(), description.strip()[:200], cents, unit)


# --- one provider: its services and bank details ---------------------------------------------


def _provider_page(
    request: Request,
    container: ContainerDep,
    provider_id: str,
    *,
    form: str = "",
    values: dict[str, object] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        provider = provider_of(uow, provider_id)
    context = {
        "current_page": "providers",
        "provider": provider,
        "kinds": KIND_LABELS,
        "units": UNITS,
        "form": form,
        "values": values or {},
        "errors": errors or FormErrors(),
        "done": request.query_params.get("done") == "1",
    }
    return templates_of(request).render(
        request, "backoffice/provider_edit.html", context, status_code=status_code
    )


@router.get(
    "/staff/providers/{provider_id}", response_class=HTMLResponse, name="backoffice.provider"
)
def provider_view(
    request: Request, provider_id: str, container: ContainerDep, staff: ProviderStaff
) -> HTMLResponse:
    return _provider_page(request, container, provider_id)


def _provider_command(
    request: Request,
    container: ContainerDep,
    provider_id: str,
    form: str,
    values: dict[str, object],
    command: Callable[[UnitOfWork], object],
) -> Response:
    try:
        with container.database.uow() as uow:
            command(uow)
            uow.commit()
    except InvalidInput as error:
        return _provider_page(
            request,
            container,
            provider_id,
            form=form,
            values=values,
            errors=_errors(form, error),
            status_code=422,
        )
    return RedirectResponse(f"/staff/providers/{provider_id}?done=1", status_code=303)


@router.post("/staff/providers/{provider_id}/services", name="backoffice.provider_service_add")
def add_service(
    request: Request,
    provider_id: str,
    container: ContainerDep,
    staff: ProviderStaff,
    code: Annotated[str, Form(max_length=40)] = "",
    description: Annotated[str, Form(max_length=200)] = "",
    rate: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=8)] = "case",
) -> Response:
    """A new service with its rate (euros, two decimals at most, kept as cents)."""
    require_role(staff, *REGISTRY_ROLES)
    values: dict[str, object] = {"code": code, "description": description, "rate": rate}

    def command(uow: UnitOfWork) -> object:
        before = provider_of(uow, provider_id)
        added = _service(code, description, rate, unit)
        if added.code in {s.code for s in before.services}:
            raise InvalidInput("code", "this provider already offers a service with this code")
        services = (*before.services, added)
        return change_provider(uow, staff, provider_id, container.clock, services=services)

    return _provider_command(request, container, provider_id, "service", values, command)


@router.post(
    "/staff/providers/{provider_id}/services/{code}", name="backoffice.provider_service_edit"
)
def edit_service(
    request: Request,
    provider_id: str,
    code: str,
    container: ContainerDep,
    staff: ProviderStaff,
    description: Annotated[str, Form(max_length=200)] = "",
    rate: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=8)] = "case",
) -> Response:
    """A service's description, rate or unit changed; a code the provider does not offer is a
    404 (another provider's service is not edited here)."""
    require_role(staff, *REGISTRY_ROLES)
    with container.database.reader() as uow:
        offered = {s.code for s in provider_of(uow, provider_id).services}
    if code not in offered:
        raise ProviderNotFound(f"{provider_id!r} offers no service {code!r}")
    values: dict[str, object] = {"description": description, "rate": rate}

    def command(uow: UnitOfWork) -> object:
        before = provider_of(uow, provider_id)
        changed = _service(code, description, rate, unit)
        services = tuple(changed if s.code == code else s for s in before.services)
        return change_provider(uow, staff, provider_id, container.clock, services=services)

    return _provider_command(request, container, provider_id, f"service-{code}", values, command)


@router.post("/staff/providers/{provider_id}/bank", name="backoffice.provider_bank")
def bank_details(
    request: Request,
    provider_id: str,
    container: ContainerDep,
    staff: ProviderStaff,
    iban: Annotated[str, Form(max_length=50)] = "",
    account_holder: Annotated[str, Form(max_length=140)] = "",
) -> Response:
    """New bank details: no payment until finance, someone else, verified them."""
    require_role(staff, *REGISTRY_ROLES, *BANK_VERIFIER_ROLES)
    values: dict[str, object] = {"iban": iban, "account_holder": account_holder}

    def command(uow: UnitOfWork) -> object:
        return enter_bank_details(uow, staff, provider_id, iban, account_holder, container.clock)

    return _provider_command(request, container, provider_id, "bank", values, command)


# --- appointing a provider from a workstream ----------------------------------------------------


def _appoint_page(
    request: Request,
    container: ContainerDep,
    staff: Principal,
    workstream_id: str,
    *,
    values: dict[str, object] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        choice = appoint_choice(uow, staff, workstream_id, container.clock.today())
    context = {
        "current_page": "providers",
        "choice": choice,
        "workstream_id": workstream_id,
        "kinds": KIND_LABELS,
        "values": values or {},
        "errors": errors or FormErrors(),
    }
    return templates_of(request).render(
        request, "backoffice/provider_appoint.html", context, status_code=status_code
    )


@router.get(
    "/staff/workstreams/{workstream_id}/appoint",
    response_class=HTMLResponse,
    name="backoffice.provider_appoint_form",
)
def appoint_form(
    request: Request, workstream_id: str, container: ContainerDep, staff: AgentStaff
) -> HTMLResponse:
    return _appoint_page(request, container, staff, workstream_id)


@router.post("/staff/workstreams/{workstream_id}/appoint", name="backoffice.provider_appoint")
def appoint(
    request: Request,
    workstream_id: str,
    container: ContainerDep,
    staff: AgentStaff,
    service: Annotated[str, Form(max_length=80)] = "",
    device: Annotated[str, Form(max_length=200)] = "",
    counsellor_summary: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The chosen "provider/service" appointed by the existing use case (its roles, its audit,
    the order by e-mail with only what the work needs, Art. 11)."""
    values: dict[str, object] = {"service": service, "device": device}
    provider_id, _, code = service.partition("/")
    try:
        if not provider_id or not code:
            raise InvalidInput("service", "choose a provider and its service")
        with container.database.uow() as uow:
            made = appoint_provider(
                uow,
                staff,
                workstream_id=workstream_id,
                provider_id=provider_id,
                service_code=code,
                clock=container.clock,
                device=device.strip() or None,
                counsellor_summary=counsellor_summary.strip() or None,
            )
            uow.commit()
    except InvalidInput as error:
        errors = _errors("appoint", error)
        errors = FormErrors(
            FieldError(
                "appoint.service"
                if e.field in ("appoint.service_code", "appoint.workstream_id")
                else e.field,
                e.message,
            )
            for e in errors
        )
        return _appoint_page(
            request, container, staff, workstream_id,
            values=values, errors=errors, status_code=422,
        )  # fmt: skip
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        errors = FormErrors([FieldError("appoint.service", error.message)])
        return _appoint_page(
            request, container, staff, workstream_id,
            values=values, errors=errors, status_code=409,
        )  # fmt: skip
    return RedirectResponse(f"/staff/providers/orders/{made.order.order_id}", status_code=303)


# --- a PDF-only invoice ---------------------------------------------------------------------------


@router.post(
    "/staff/providers/orders/{order_id}/pdf-invoice", name="backoffice.provider_pdf_invoice"
)
async def pdf_invoice(
    request: Request, order_id: str, container: ContainerDep, staff: ProviderStaff
) -> Response:
    """A PDF-only invoice: finance enters its number, date, amount and VAT against the order."""
    require_role(staff, *PDF_INVOICE_ROLES)
    form = await request.form(max_part_size=MAX_INVOICE_BYTES)
    upload = form.get("pdf")
    text = {
        k: str(form.get(k) or "")[:40] for k in ("invoice_number", "issue_date", "amount", "vat")
    }
    parsed: dict[str, object] = {}

    def parse(field: str, parser: Callable[[], object]) -> Callable[[], object]:
        return lambda: parsed.__setitem__(field, parser())

    try:
        _collect(
            (
                parse("day", lambda: _day(text["issue_date"], "issue_date")),
                parse("net", lambda: parse_amount(text["amount"], field="amount")),
                parse("vat", lambda: parse_amount(text["vat"] or "0", field="vat")),
            )
        )
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("pdf", "Choose a file.")
        content = await upload.read()
        with container.database.uow() as uow:
            enter_pdf_invoice(
                uow,
                staff,
                order_id,
                invoice_number=text["invoice_number"],
                issue_date=parsed["day"],  # type: ignore[arg-type]
                tax_exclusive_cents=parsed["net"],  # type: ignore[arg-type]
                tax_cents=parsed["vat"],  # type: ignore[arg-type]
                pdf=content,
                clock=container.clock,
                catalog=container.catalog,
            )
            uow.commit()
    except InvalidInput as error:
        renamed = {"file": "pdf", "tax_exclusive_cents": "amount"}
        errors = tuple((renamed.get(f, f), m) for f, m in error.errors)
        return _order(request, container, order_id, errors=errors, status_code=422)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        return _order(
            request, container, order_id, errors=(("pdf", error.message),), status_code=409
        )
    return RedirectResponse(f"/staff/providers/orders/{order_id}?done=1", status_code=303)

"""Scam radar pages (issue 20). Members: "Is this a scam?" (forward a message, an e-mail file, a
screenshot, a link, a number, an IBAN, a web shop or a profile), the answer, the incident in one
tap, and the rights against the bank for an unauthorised payment with the letter (Art. 4.4).
Staff: the queue, a report and its answer, the radar (clusters), the known-bad list with its
confirmations, and a report entered for a member on the phone. Every rule is in the service;
these pages word its answers and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from cybercare.assistance.calendar import BelgianCalendar
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import DomainError, InvalidInput
from cybercare.kernel.money import parse_amount
from cybercare.radar import service
from cybercare.radar.bank_letter import BankLetter, render_letter
from cybercare.radar.domain import (
    ANSWER_ROLES,
    RADAR_READ_ROLES,
    AskedTo,
    IndicatorKind,
    RadarRefused,
    ReportKind,
)
from cybercare.radar.rights import UnauthorisedPayment, payment_rights
from cybercare.web.auth import WebMember, web_staff_with_role
from cybercare.web.i18n import N_, request_language
from cybercare.web.routes.portal_common import moment, render
from cybercare.web.templating import templates_of

router = APIRouter(include_in_schema=False)
radar_staff = web_staff_with_role(*RADAR_READ_ROLES)
RadarStaff = Annotated[Principal, Depends(radar_staff)]
MAX_FILE = 5_000_000
CALENDAR = BelgianCalendar()

KINDS = {
    "text": N_("A message (SMS, WhatsApp, chat)"),
    "email": N_("An e-mail (upload the .eml file)"),
    "screenshot": N_("A screenshot"),
    "link": N_("A link"),
    "phone": N_("A phone number"),
    "iban": N_("An IBAN (bank account)"),
    "shop": N_("A web shop"),
    "profile": N_("A social-network profile"),
}
ASKED = {
    "pay": N_("Pay something (a fee, a fine, a parcel)"),
    "transfer": N_("Transfer money"),
    "give_card_or_codes": N_("Give card details or bank codes"),
    "sell_or_receive": N_("Sell something or receive money from a buyer"),
    "click_link": N_("Click a link"),
    "call_back": N_("Call a number back"),
    "install_app": N_("Install an app"),
    "share_personal_data": N_("Share personal data or documents"),
    "nothing": N_("Nothing yet"),
    "other": N_("Something else"),
}
VERDICTS = {
    "scam": N_("This is a scam"),
    "suspicious": N_("This is suspicious"),
    "legitimate": N_("This looks legitimate"),
    "unknown": N_("We cannot tell"),
}
FIELDS = {
    "content": N_("Paste or type what you received: we could not read it."),
    "file": N_("Upload the e-mail as an .eml file or the screenshot as an image (at most 5 MB)."),
    "person_id": N_("You can report only for yourself."),
    "verdict": N_("Choose a verdict."),
    "advice": N_("Give the member advice."),
    "reason": N_("Say why this indicator is confirmed."),
    "value": N_("This indicator cannot be read."),
    "kind": N_("Choose the kind of indicator."),
    "amount": N_("Enter the amount debited, such as 120.50."),
    "debit_date": N_("Enter dates such as 2026-12-31."),
    "noticed_date": N_("The day you noticed it is on or after the debit date."),
    "notified_bank_date": N_("The day you told your bank is not in the future."),
}


def _field_error(error: InvalidInput) -> tuple[str, str]:
    return error.field, FIELDS.get(error.field, FIELDS["content"])


async def _file(request: Request) -> tuple[dict[str, str], tuple[str, str, bytes] | None]:
    form = await request.form(max_part_size=MAX_FILE)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_FILE + 1)
        return fields, (upload.filename, upload.content_type or "", data)
    return fields, None


def _submission(fields: dict[str, str], person_id: str, upload: Any) -> service.Submission:
    try:
        kind = ReportKind(fields.get("kind", ""))
    except ValueError:
        raise InvalidInput("content", "choose what you received") from None
    try:
        asked = AskedTo(fields.get("asked_to", ""))
    except ValueError:
        asked = AskedTo.OTHER
    name, content_type, data = upload if upload else (None, None, None)
    return service.Submission(
        person_id=person_id,
        kind=kind,
        content=fields.get("content", "")[:20_000],
        asked_to=asked,
        money_about_to_move=fields.get("money_about_to_move") == "yes",
        money_lost=fields.get("money_lost") == "yes",
        file_name=name,
        file_type=content_type,
        file_data=data,
    )


# --- members ---------------------------------------------------------------------------------


def _forward_page(
    request: Request,
    container: ContainerDep,
    member: Principal,
    *,
    error: tuple[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        mine = service.my_reports(uow, member)
    return render(
        request,
        "radar/forward.html",
        {
            "current_page": "radar",
            "reports": mine,
            "kinds": KINDS,
            "asked": ASKED,
            "verdicts": VERDICTS,
            "error": error,
            "values": values or {},
        },
        status_code=status_code,
    )


@router.get("/portal/radar", response_class=HTMLResponse, name="radar.forward")
def forward_form(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    return _forward_page(request, container, member)


@router.post("/portal/radar", name="radar.forward.submit")
async def forward(request: Request, container: ContainerDep, member: WebMember) -> Response:
    fields, upload = await _file(request)
    language = request_language(request)

    def command() -> str:
        submission = _submission(fields, member.person_id or "", upload)
        submission = service.Submission(**{**_as_dict(submission), "language": language})
        with container.database.uow() as uow:
            view = service.submit_report(
                uow, member, submission, container.catalog, container.clock
            )
            uow.commit()
        return view.report_id

    try:
        report_id = await run_in_threadpool(command)
    except InvalidInput as error:
        return _forward_page(
            request, container, member, error=_field_error(error), values=fields, status_code=422
        )
    return RedirectResponse(f"/portal/radar/{report_id}", status_code=303)


def _as_dict(submission: service.Submission) -> dict[str, Any]:
    return {name: getattr(submission, name) for name in submission.__dataclass_fields__}


@router.get("/portal/radar/{report_id}", response_class=HTMLResponse, name="radar.report")
def member_report(
    request: Request, report_id: str, container: ContainerDep, member: WebMember
) -> HTMLResponse:
    with container.database.reader() as uow:
        view = service.read_report(uow, member, report_id)
        draft = service.draft_incident(uow, member, report_id) if view.verdict == "scam" else None
    return render(
        request,
        "radar/report.html",
        {
            "current_page": "radar",
            "report": view,
            "draft": draft,
            "kinds": KINDS,
            "asked": ASKED,
            "verdicts": VERDICTS,
        },
    )


@router.post("/portal/radar/{report_id}/incident", name="radar.incident")
def one_tap_incident(report_id: str, container: ContainerDep, member: WebMember) -> Response:
    """One tap: the incident the scam may become, pre-filled (guarantee, dates, indicators)."""
    with container.database.uow() as uow:
        case = service.open_incident(uow, member, report_id, container.catalog, container.clock)
        uow.commit()
    return RedirectResponse(f"/portal/cases/{case.case_id}", status_code=303)


def _day(name: str, text: str, *, required: bool = True) -> date | None:
    if not text.strip() and not required:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(name, "a date such as 2026-12-31") from None


@router.get("/portal/radar-rights", response_class=HTMLResponse, name="radar.rights")
def rights_form(request: Request, member: WebMember) -> HTMLResponse:
    return render(request, "radar/rights.html", {"current_page": "radar", "values": {}})


@router.post("/portal/radar-rights", name="radar.rights.compute")
def rights(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    amount: Annotated[str, Form(max_length=20)] = "",
    debit_date: Annotated[str, Form(max_length=10)] = "",
    noticed_date: Annotated[str, Form(max_length=10)] = "",
    notified_bank_date: Annotated[str, Form(max_length=10)] = "",
    bank_name: Annotated[str, Form(max_length=120)] = "",
    reference: Annotated[str, Form(max_length=120)] = "",
    letter: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Art. 4.4: what the bank owes, by when; with `letter=yes` the letter to the bank (PDF)."""
    values = {
        "amount": amount,
        "debit_date": debit_date,
        "noticed_date": noticed_date,
        "notified_bank_date": notified_bank_date,
        "bank_name": bank_name,
        "reference": reference,
    }
    today = container.clock.today()
    try:
        debited = _day("debit_date", debit_date)
        assert debited is not None
        payment = UnauthorisedPayment(
            amount_cents=parse_amount(amount),
            debit_date=debited,
            noticed_date=_day("noticed_date", noticed_date) or debited,
            notified_bank_date=_day("notified_bank_date", notified_bank_date, required=False),
        )
        result = payment_rights(payment, today, CALENDAR.is_working_day)
    except InvalidInput as error:
        return render(
            request,
            "radar/rights.html",
            {"current_page": "radar", "values": values, "error": _field_error(error)},
            status_code=422,
        )
    if letter == "yes":
        pdf = render_letter(
            BankLetter(
                request_language(request),
                today,
                member.display_name,
                bank_name.strip() or "-",
                reference.strip(),
                payment,
                result,
            )
        )
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="letter-to-the-bank.pdf"'},
        )
    return render(
        request,
        "radar/rights.html",
        {"current_page": "radar", "values": values, "result": result},
    )


# --- staff -----------------------------------------------------------------------------------

STAFF_DONE = {
    "answered": N_("The answer was sent to the member."),
    "confirmed": N_(
        "The indicator is on the known-bad list; the households that reported it are told."
    ),
    "entered": N_("The report was entered for the member."),
}


def _staff_render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    language = request_language(request)
    return templates_of(request).render(
        request,
        template,
        {"moment": lambda at: moment(at, language), **context},
        status_code=status_code,
    )


def _staff_page(
    request: Request,
    container: ContainerDep,
    staff: Principal,
    *,
    error: tuple[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    since = container.clock.now() - timedelta(days=7)
    with container.database.reader() as uow:
        queue = service.report_queue(uow, staff)
        clusters = service.clusters(uow, staff, since)
        known = service.known_bad(uow, staff)
    return _staff_render(
        request,
        "radar/staff.html",
        {
            "current_page": "radar",
            "queue": queue,
            "now": container.clock.now(),
            "clusters": clusters,
            "known": known,
            "kinds": KINDS,
            "asked": ASKED,
            "indicator_kinds": [k.value for k in IndicatorKind],
            "error": error,
            "done": STAFF_DONE.get(request.query_params.get("done", "")),
            "may_answer": staff.has_role(*ANSWER_ROLES),
        },
        status_code=status_code,
    )


@router.get("/staff/radar", response_class=HTMLResponse, name="radar.staff")
def staff_radar(request: Request, container: ContainerDep, staff: RadarStaff) -> HTMLResponse:
    return _staff_page(request, container, staff)


@router.get(
    "/staff/radar/reports/{report_id}", response_class=HTMLResponse, name="radar.staff.report"
)
def staff_report(
    request: Request,
    report_id: str,
    container: ContainerDep,
    staff: RadarStaff,
) -> HTMLResponse:
    return _staff_report_page(request, container, staff, report_id)


def _staff_report_page(
    request: Request,
    container: ContainerDep,
    staff: Principal,
    report_id: str,
    *,
    error: tuple[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with container.database.reader() as uow:
        view = service.read_report(uow, staff, report_id)
    return _staff_render(
        request,
        "radar/staff_report.html",
        {
            "current_page": "radar",
            "report": view,
            "kinds": KINDS,
            "asked": ASKED,
            "verdicts": VERDICTS,
            "error": error,
            "done": STAFF_DONE.get(request.query_params.get("done", "")),
            "may_answer": staff.has_role(*ANSWER_ROLES),
        },
        status_code=status_code,
    )


@router.post("/staff/radar/reports/{report_id}/answer", name="radar.staff.answer")
def staff_answer(
    request: Request,
    report_id: str,
    container: ContainerDep,
    staff: RadarStaff,
    verdict: Annotated[str, Form(max_length=12)] = "",
    advice: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    try:
        with container.database.uow() as uow:
            service.answer_report(uow, staff, report_id, verdict, advice, container.clock)
            uow.commit()
    except InvalidInput as error:
        return _staff_report_page(
            request, container, staff, report_id, error=_field_error(error), status_code=422
        )
    return RedirectResponse(f"/staff/radar/reports/{report_id}?done=answered", status_code=303)


@router.get("/staff/radar/cluster", response_class=HTMLResponse, name="radar.staff.cluster")
def staff_cluster(
    request: Request,
    container: ContainerDep,
    staff: RadarStaff,
    kind: str = "iban",
    value: str = "",
    days: int = 7,
) -> Response:
    since = container.clock.now() - timedelta(days=max(1, min(days, 400)))
    try:
        with container.database.reader() as uow:
            view = service.cluster_view(uow, staff, kind, value, since)
    except InvalidInput as error:
        return _staff_page(request, container, staff, error=_field_error(error), status_code=422)
    return _staff_render(
        request,
        "radar/cluster.html",
        {
            "current_page": "radar",
            "cluster": view,
            "days": days,
            "may_answer": staff.has_role(*ANSWER_ROLES),
        },
    )


@router.post("/staff/radar/known-bad", name="radar.staff.confirm")
def staff_confirm(
    request: Request,
    container: ContainerDep,
    staff: RadarStaff,
    kind: Annotated[str, Form(max_length=8)] = "",
    value: Annotated[str, Form(max_length=320)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        with container.database.uow() as uow:
            service.confirm_indicator(uow, staff, kind, value, reason, container.clock)
            uow.commit()
    except InvalidInput as error:
        return _staff_page(request, container, staff, error=_field_error(error), status_code=422)
    except RadarRefused:
        raise
    return RedirectResponse("/staff/radar?done=confirmed", status_code=303)


@router.post("/staff/radar/phone-reports", name="radar.staff.phone")
async def staff_phone_report(
    request: Request, container: ContainerDep, staff: RadarStaff
) -> Response:
    """A phone agent enters what the member on the line reads out (Art. 8.1)."""
    fields, upload = await _file(request)

    def command() -> str:
        submission = _submission(fields, fields.get("person_id", "").strip(), upload)
        with container.database.uow() as uow:
            view = service.submit_report(uow, staff, submission, container.catalog, container.clock)
            uow.commit()
        return view.report_id

    try:
        report_id = await run_in_threadpool(command)
    except InvalidInput as error:
        return _staff_page(request, container, staff, error=_field_error(error), status_code=422)
    except DomainError:
        raise
    return RedirectResponse(f"/staff/radar/reports/{report_id}?done=entered", status_code=303)

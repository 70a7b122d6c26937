"""Reporting an incident from the portal: a guided flow per guarantee (Art. 8.1, 8.3).

1. `/portal/report`: what happened, one card per guarantee of the household's product version,
   and "I don't know what applies" (the case opens without a guarantee; an agent triages).
2. `/portal/report/{guarantee}`: the details (who, what, when, how urgent, the answers the
   coverage engine needs, the amount and the account to pay).
3. Its POST shows the documents of Art. 8.3 to attach and what was entered, with a possible
   duplicate pointed out before the member confirms.
4. `.../send`: one transaction opens the case, submits the claim with its documents and
   adjudicates it; nothing is written when any part fails. Then `/portal/report/sent/{case_id}`:
   the decision at once when straight through, else the service-level promise (Art. 8.4).

Multipart and dynamic field names (one per obligation, one file field per document) are read
from the parsed form, so the POST handlers are async; the database work runs in the thread pool.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from cybercare.assistance.service import open_case
from cybercare.bootstrap import Container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES
from cybercare.claims.drafts.service import DraftOwner, discard_draft
from cybercare.claims.submit import EvidenceUpload, submit_claim
from cybercare.db.uow import UnitOfWork
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput, NotFound
from cybercare.payments.account_queries import VerifiedAccount, mask_iban, verified_account
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, request_language
from cybercare.web.report_drafts import Draft, keep, kept, session_sha256
from cybercare.web.report_forms import (
    Details,
    example_amount,
    parse_day,
    parse_details,
    read_evidence,
    values_of,
)
from cybercare.web.report_results import result_lead, standings
from cybercare.web.report_spec import (
    ACCEPT,
    MAX_FILES,
    NEW_ACCOUNT,
    SAVED_ACCOUNT,
    UNKNOWN,
    YES_NO,
    ReportSpec,
    field_labels,
)
from cybercare.web.report_views import (
    OUTCOMES,
    Cover,
    Duplicate,
    PersonChoice,
    cover_of,
    duplicate_of,
    local_time,
    people_for,
    reason_text,
    sent,
)
from cybercare.web.routes import report_evidence
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)
router.include_router(report_evidence.router)  # the evidence task, after the report

CHECK = N_("Please check this answer.")
SAME_INCIDENT = N_("Tell us whether this is a new incident.")
# Where a refusal of a service points, on the form's fields (the form checks these first).
SERVICE_FIELDS = {
    "person_id": "person_id",
    "narrative": "narrative",
    "discovery_date": "discovery_date",
    "occurrence_date": "occurrence_date",
    "urgency_reason": "urgency",
    "kind": "kind",
    "amount_claimed": "amount",
    "payee": "iban",
    "payee.iban": "iban",
}


def _spec(cover: Cover, slug: str) -> ReportSpec:
    if slug == UNKNOWN:
        return ReportSpec(cover.product, None)
    for guarantee in cover.product.guarantees:
        if guarantee.code.lower() == slug.lower():
            return ReportSpec(cover.product, guarantee)
    raise NotFound(f"no guarantee {slug!r}", code="report.unknown_guarantee")


def _base(user: Principal, container: Container, slug: str) -> tuple[Cover, ReportSpec] | None:
    with container.database.reader() as uow:
        cover = cover_of(uow, container.catalog, user.household_id)
    return None if cover is None else (cover, _spec(cover, slug))


def _render(
    request: Request, template: str, context: Mapping[str, Any], status_code: int = 200
) -> HTMLResponse:
    language = request_language(request)
    spec, details = context.get("spec"), context.get("details")
    labels = (
        field_labels(spec, details.kind if details else None, language)
        if isinstance(spec, ReportSpec)
        else {}
    )
    return templates_of(request).render(
        request,
        template,
        {
            "active": "report",
            "accept": ACCEPT,
            "max_files": MAX_FILES,
            "yes_no_choices": YES_NO,
            "mask_iban": mask_iban,
            "field_labels": labels,
            "example_amount": example_amount(language),
            **context,
        },
        status_code=status_code,
    )


def _saved(container: Container, user: Principal) -> VerifiedAccount | None:
    """The household's verified account, prefilled masked (the payee check passed for it)."""
    with container.database.reader() as uow:
        return verified_account(uow, user.household_id or "")


def _people(container: Container, user: Principal, cover: Cover) -> tuple[PersonChoice, ...]:
    with container.database.reader() as uow:
        return people_for(uow, user, cover.product, container.clock.today())


def _details_page(
    request: Request,
    container: Container,
    user: Principal,
    cover: Cover,
    spec: ReportSpec,
    *,
    values: Mapping[str, list[str]] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    people = _people(container, user, cover)
    saved = _saved(container, user) if spec.asks_amount else None
    if values is None:
        values = {"person_id": [people[0].person_id] if len(people) == 1 else []}
        if spec.asks_amount:
            values["holder"] = [user.display_name]
            values["account"] = [SAVED_ACCOUNT if saved else NEW_ACCOUNT]
    return _render(
        request,
        "report/details.html",
        {
            "cover": cover,
            "spec": spec,
            "people": people,
            "values": values,
            "saved": saved,
            "errors": errors or FormErrors(),
        },
        status_code,
    )


def _documents_page(
    request: Request,
    cover: Cover,
    spec: ReportSpec,
    details: Details,
    values: Mapping[str, list[str]],
    people: tuple[PersonChoice, ...],
    duplicate: Duplicate | None,
    *,
    errors: FormErrors | None = None,
    status_code: int = 200,
    draft: Draft | None = None,
) -> HTMLResponse:
    return _render(
        request,
        "report/documents.html",
        {
            "cover": cover,
            "spec": spec,
            "details": details,
            "values": values,
            "person": next(p for p in people if p.person_id == details.person_id),
            "evidence": spec.evidence(details.kind),
            "duplicate": duplicate,
            "errors": errors or FormErrors(),
            "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024),
            "max_bytes": MAX_EVIDENCE_BYTES,
            "draft_id": draft.draft_id if draft else "",
            "kept": draft.names() if draft else {},
        },
        status_code,
    )


# --- 1. what happened ----------------------------------------------------------------------


@router.get("/portal/report", response_class=HTMLResponse, name="web.report")
def choose(request: Request, container: ContainerDep, user: WebMember) -> HTMLResponse:
    with container.database.reader() as uow:
        cover = cover_of(uow, container.catalog, user.household_id)
        standing = (
            standings(uow, container.catalog, cover, container.clock.today()) if cover else {}
        )
    specs = [ReportSpec(cover.product, g) for g in cover.product.guarantees] if cover else []
    return _render(
        request, "report/choose.html", {"cover": cover, "specs": specs, "standing": standing}
    )


# --- 2. the details ------------------------------------------------------------------------


@router.get("/portal/report/{slug}", response_class=HTMLResponse, name="web.report.form")
def details_form(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    found = _base(user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    return _details_page(request, container, user, *found)


@router.post("/portal/report/{slug}", response_class=HTMLResponse, name="web.report.details")
async def details_step(
    slug: str, request: Request, container: ContainerDep, user: WebMember
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_details_step, request, container, user, slug, form)


def _details_step(
    request: Request, container: Container, user: Principal, slug: str, form: FormData
) -> Response:
    found = _base(user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    cover, spec = found
    people = _people(container, user, cover)
    today = container.clock.today()
    details, errors = parse_details(
        spec,
        form,
        people={p.person_id for p in people},
        today=today,
        language=request_language(request),
        saved=_saved(container, user) if spec.asks_amount else None,
    )
    values = values_of(spec, form)
    if details is None:
        return _details_page(
            request, container, user, cover, spec, values=values, errors=errors, status_code=422
        )
    with container.database.reader() as uow:
        duplicate = _duplicate(uow, user, spec, details, today)
    return _documents_page(request, cover, spec, details, values, people, duplicate)


def _duplicate(
    uow: UnitOfWork, user: Principal, spec: ReportSpec, details: Details, today: date
) -> Duplicate | None:
    code = spec.guarantee.code if spec.guarantee else None
    return duplicate_of(uow, user, code, details.occurrence_date, details.discovery_date, today)


@router.post("/portal/report/{slug}/edit", response_class=HTMLResponse, name="web.report.edit")
async def edit(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    """Back from the documents to the details, as they were typed."""
    form = await request.form()

    def page() -> Response:
        found = _base(user, container, slug)
        if found is None:
            return RedirectResponse("/portal/report", status_code=303)
        return _details_page(request, container, user, *found, values=values_of(found[1], form))

    return await run_in_threadpool(page)


@router.post(
    "/portal/report/{slug}/duplicate", response_class=HTMLResponse, name="web.report.duplicate"
)
async def duplicate_hint(
    slug: str, request: Request, container: ContainerDep, user: WebMember
) -> Response:
    """htmx: as soon as the dates are typed, a case of the household that may be the same
    incident is pointed out (the documents step says it again without JavaScript)."""
    form = await request.form()

    def fragment() -> Response:
        found = _base(user, container, slug)
        discovery = parse_day(str(form.get("discovery_date") or ""))
        occurrence = parse_day(str(form.get("occurrence_date") or ""))
        duplicate = None
        if found is not None and found[1].guarantee is not None and discovery is not None:
            with container.database.reader() as uow:
                duplicate = duplicate_of(
                    uow,
                    user,
                    found[1].guarantee.code,
                    occurrence,
                    discovery,
                    container.clock.today(),
                )
        return _render(request, "report/_duplicate.html", {"duplicate": duplicate})

    return await run_in_threadpool(fragment)


# --- 3. the documents, and sending ----------------------------------------------------------


@router.post("/portal/report/{slug}/send", response_class=HTMLResponse, name="web.report.send")
async def send(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    form = await request.form()
    found = await run_in_threadpool(_base, user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    cover, spec = found
    people = await run_in_threadpool(_people, container, user, cover)
    saved = await run_in_threadpool(_saved, container, user) if spec.asks_amount else None
    today = container.clock.today()
    details, errors = parse_details(
        spec,
        form,
        people={p.person_id for p in people},
        today=today,
        language=request_language(request),
        saved=saved,
    )
    values = values_of(spec, form)
    if details is None:  # the carried details were changed: back to their page
        return await run_in_threadpool(
            lambda: _details_page(
                request, container, user, cover, spec, values=values, errors=errors, status_code=422
            )
        )
    uploads: tuple[EvidenceUpload, ...] = ()
    owner = DraftOwner(user, session_sha256(request), spec.slug)
    draft = Draft(str(form.get("draft") or ""), ())
    if spec.files_claim:
        draft = await run_in_threadpool(kept, container, owner, draft.draft_id)
        uploads, errors = await read_evidence(
            spec,
            details.kind,
            form,
            request_language(request),
            required=details.urgency_reason is None,  # Art. 8.4: help first, documents after
            kept=draft.files,
        )
    confirmed = str(form.get("confirm_duplicate") or "")
    return await run_in_threadpool(
        _send,
        request,
        container,
        user,
        cover,
        spec,
        details,
        values,
        people,
        uploads,
        errors,
        confirmed,
        owner,
        draft,
    )


def _send(
    request: Request,
    container: Container,
    user: Principal,
    cover: Cover,
    spec: ReportSpec,
    details: Details,
    values: Mapping[str, list[str]],
    people: tuple[PersonChoice, ...],
    uploads: tuple[EvidenceUpload, ...],
    errors: FormErrors,
    confirmed: str,
    owner: DraftOwner,
    draft: Draft,
) -> Response:
    today, language = container.clock.today(), request_language(request)
    duplicate = None
    try:
        with container.database.uow() as uow:
            duplicate = _duplicate(uow, user, spec, details, today)
            if duplicate is not None and confirmed != duplicate.case_id:
                errors.add("confirm_duplicate", SAME_INCIDENT)
            if errors:
                raise _Refused
            case = open_case(
                uow, user, details.opening(spec, language), container.catalog, container.clock
            )
            if spec.files_claim:
                submit_claim(
                    uow,
                    user,
                    case.case_id,
                    details.submission(),
                    container.catalog,
                    container.clock,
                    (*draft.files, *uploads),
                )
                discard_draft(uow, owner, draft.draft_id, container.clock)
            uow.commit()
        return RedirectResponse(f"/portal/report/sent/{case.case_id}", status_code=303)
    except _Refused:
        pass
    except InvalidInput as refusal:  # the form checks all this first; a last line of defence
        on_details = FormErrors()
        documents = spec.evidence(details.kind)
        for name, _message in refusal.errors:
            if name in SERVICE_FIELDS:
                on_details.add(SERVICE_FIELDS[name], CHECK)
            else:
                errors.add(f"evidence.{documents[0].code}" if documents else "send", CHECK)
        if on_details:
            return _details_page(
                request,
                container,
                user,
                cover,
                spec,
                values=values,
                errors=on_details,
                status_code=422,
            )
    draft = keep(container, spec, details, owner, draft, uploads)
    return _documents_page(
        request,
        cover,
        spec,
        details,
        values,
        people,
        duplicate,
        errors=errors,
        status_code=422,
        draft=draft,
    )


class _Refused(Exception):
    """The form is refused: leave the unit of work without writing anything."""


# --- 4. the result ---------------------------------------------------------------------------


@router.get("/portal/report/sent/{case_id}", response_class=HTMLResponse, name="web.report.sent")
def result(case_id: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    language = request_language(request)
    with container.database.reader() as uow:
        view = sent(uow, user, case_id, container.catalog, container.clock)
        lead = result_lead(uow, user, view, language, container.clock)
    decision = view.decision
    product = view.product
    return _render(
        request,
        "report/sent.html",
        {
            "sent": view,
            "lead": lead,
            "product": product,
            "guarantee": product.guarantee(view.case.guarantee_code)
            if view.case.guarantee_code
            else None,
            "decision": decision,
            "outcome": OUTCOMES.get(decision.outcome, decision.outcome) if decision else None,
            "reasons": [(reason_text(r, product, language), r.article) for r in decision.reasons]
            if decision
            else [],
            "notices": [
                (reason_text(n, product, language), n.article)
                for n in decision.notices
                if n.code != "complaints.path"
            ]
            if decision
            else [],
            "evidence_labels": {
                e.code: e.label
                for e in (product.guarantee(view.claim.guarantee).evidence if view.claim else ())
            },
            "first_contact_at": local_time(view.case.first_contact.due_at, language),
            "levels": product.service_levels,
        },
    )

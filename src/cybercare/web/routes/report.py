"""Reporting an incident from the portal: a guided flow per guarantee (Art. 8.1, 8.3).

The steps before sending (what happened, the details, the documents) are in
routes/report_steps.py, what they share in routes/report_pages.py. Here:

4. `.../send`: one transaction opens the case, submits the claim with its documents and
   adjudicates it; nothing is written when any part fails. Then `/portal/report/sent/{case_id}`:
   the decision at once when straight through, else the service-level promise (Art. 8.4).

Multipart and dynamic field names (one per obligation, one file field per document) are read
from the parsed form, so the POST handlers are async; the database work runs in the thread pool.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cybercare.assistance.service import open_case
from cybercare.bootstrap import Container
from cybercare.claims.drafts.service import DraftOwner, discard_draft
from cybercare.claims.submit import EvidenceUpload, submit_claim
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, request_language
from cybercare.web.report_drafts import Draft, keep, kept, session_sha256
from cybercare.web.report_forms import Details, parse_details, values_of
from cybercare.web.report_results import result_lead
from cybercare.web.report_spec import ReportSpec
from cybercare.web.report_uploads import read_evidence
from cybercare.web.report_views import (
    OUTCOMES,
    Cover,
    PersonChoice,
    local_time,
    reason_text,
    sent,
)
from cybercare.web.routes import report_evidence, report_steps
from cybercare.web.routes.report_pages import (
    base,
    details_page,
    documents_page,
    people_of,
    possible_duplicate,
    render,
    saved_account,
)

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)
router.include_router(report_evidence.router)  # the evidence task, after the report
router.include_router(report_steps.router)  # steps 1 to 3, before sending

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


# --- 3. the documents, and sending ----------------------------------------------------------


@router.post("/portal/report/{slug}/send", response_class=HTMLResponse, name="web.report.send")
async def send(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    form = await request.form()
    found = await run_in_threadpool(base, user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    cover, spec = found
    people = await run_in_threadpool(people_of, container, user, cover)
    saved = await run_in_threadpool(saved_account, container, user) if spec.asks_amount else None
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
            lambda: details_page(
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
            duplicate = possible_duplicate(uow, user, spec, details, today)
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
            return details_page(
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
    return documents_page(
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
    return render(
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

"""The evidence task of a claim, member side (Art. 8.3, 8.4): the documents an urgent report
left for afterwards are added from the case page (`portal/_evidence_task.html`) or from
`/portal/claims/{claim_id}/evidence`, which shows the form again with its errors.

The Art. 11.3 check is the service's (`add_evidence_files`, `get_claim`): a claim of a case the
member may not see answers not found.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cybercare.assistance.service import product_of
from cybercare.bootstrap import Container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES, ClaimStatus
from cybercare.claims.service import get_claim
from cybercare.claims.submit import EvidenceUpload, add_evidence_files
from cybercare.claims.views import ClaimView
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import InvalidInput
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, request_language
from cybercare.web.report_spec import ACCEPT, MAX_FILES, ReportSpec
from cybercare.web.report_uploads import read_evidence
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

NOTHING_ADDED = N_("Choose at least one document to send.")


def _task(container: Container, user: Principal, claim_id: str) -> tuple[ReportSpec, ClaimView]:
    with container.database.reader() as uow:
        claim = get_claim(uow, user, claim_id, container.clock)
        product = product_of(uow, container.catalog, claim.affiliation_id)
    return ReportSpec(product, product.guarantee(claim.guarantee)), claim


def _page(
    request: Request,
    container: Container,
    user: Principal,
    claim_id: str,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    spec, claim = _task(container, user, claim_id)
    decision = claim.decision
    incomplete = claim.status is ClaimStatus.INCOMPLETE
    missing = decision.missing_evidence if decision is not None and incomplete else ()
    return templates_of(request).render(
        request,
        "report/evidence.html",
        {
            "active": "cases",
            "claim": claim,
            "spec": spec,
            "missing": missing,
            "evidence": spec.evidence(claim.kind),
            "errors": errors or FormErrors(),
            "accept": ACCEPT,
            "max_files": MAX_FILES,
            "max_bytes": MAX_EVIDENCE_BYTES,
            "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024),
        },
        status_code=status_code,
    )


@router.get(
    "/portal/claims/{claim_id}/evidence", response_class=HTMLResponse, name="web.report.evidence"
)
def evidence_form(
    claim_id: str, request: Request, container: ContainerDep, user: WebMember
) -> HTMLResponse:
    return _page(request, container, user, claim_id)


@router.post("/portal/claims/{claim_id}/evidence", name="web.report.evidence.add")
async def add_evidence(
    claim_id: str, request: Request, container: ContainerDep, user: WebMember
) -> Response:
    form = await request.form()
    spec, claim = await run_in_threadpool(_task, container, user, claim_id)
    language = request_language(request)
    uploads, errors = await read_evidence(spec, claim.kind, form, language, required=False)
    if not uploads and not errors:
        wanted = spec.evidence(claim.kind)
        errors.add(f"evidence.{wanted[0].code}" if wanted else "evidence", NOTHING_ADDED)
    if errors:
        return await run_in_threadpool(_page, request, container, user, claim_id, errors, 422)
    return await run_in_threadpool(_add, request, container, user, claim_id, uploads)


def _add(
    request: Request,
    container: Container,
    user: Principal,
    claim_id: str,
    uploads: tuple[EvidenceUpload, ...],
) -> Response:
    try:
        with container.database.uow() as uow:
            view = add_evidence_files(
                uow, user, claim_id, uploads, container.catalog, container.clock
            )
            uow.commit()
    except InvalidInput:  # the form checked each file first; a last line of defence
        errors = FormErrors()
        errors.add("evidence", NOTHING_ADDED)
        return _page(request, container, user, claim_id, errors, 422)
    return RedirectResponse(
        f"/portal/cases/{view.case_id}#claim-{view.claim_id}-title", status_code=303
    )

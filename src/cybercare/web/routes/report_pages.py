"""What the steps of the report journey share (routes/report.py, routes/report_steps.py): the
household's cover and the guarantee chosen, rendering a page with the journey's context, and the
details and documents pages, shown again with their errors when a step is refused."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from cybercare.bootstrap import Container
from cybercare.claims.domain import MAX_EVIDENCE_BYTES
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import NotFound
from cybercare.payments.account_queries import VerifiedAccount, mask_iban, verified_account
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import request_language
from cybercare.web.report_drafts import Draft
from cybercare.web.report_forms import Details, example_amount
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
    Cover,
    Duplicate,
    PersonChoice,
    cover_of,
    duplicate_of,
    people_for,
)
from cybercare.web.templating import templates_of


def spec_of(cover: Cover, slug: str) -> ReportSpec:
    if slug == UNKNOWN:
        return ReportSpec(cover.product, None)
    for guarantee in cover.product.guarantees:
        if guarantee.code.lower() == slug.lower():
            return ReportSpec(cover.product, guarantee)
    raise NotFound(f"no guarantee {slug!r}", code="report.unknown_guarantee")


def base(user: Principal, container: Container, slug: str) -> tuple[Cover, ReportSpec] | None:
    with container.database.reader() as uow:
        cover = cover_of(uow, container.catalog, user.household_id)
    return None if cover is None else (cover, spec_of(cover, slug))


def render(
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


def saved_account(container: Container, user: Principal) -> VerifiedAccount | None:
    """The household's verified account, prefilled masked (the payee check passed for it)."""
    with container.database.reader() as uow:
        return verified_account(uow, user.household_id or "")


def people_of(container: Container, user: Principal, cover: Cover) -> tuple[PersonChoice, ...]:
    with container.database.reader() as uow:
        return people_for(uow, user, cover.product, container.clock.today())


def possible_duplicate(
    uow: UnitOfWork, user: Principal, spec: ReportSpec, details: Details, today: date
) -> Duplicate | None:
    code = spec.guarantee.code if spec.guarantee else None
    return duplicate_of(uow, user, code, details.occurrence_date, details.discovery_date, today)


def details_page(
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
    people = people_of(container, user, cover)
    saved = saved_account(container, user) if spec.asks_amount else None
    if values is None:
        values = {"person_id": [people[0].person_id] if len(people) == 1 else []}
        if spec.asks_amount:
            values["holder"] = [user.display_name]
            values["account"] = [SAVED_ACCOUNT if saved else NEW_ACCOUNT]
    return render(
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


def documents_page(
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
    return render(
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

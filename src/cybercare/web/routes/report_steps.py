"""The steps of the report journey before sending (Art. 8.1, 8.3); routes/report.py sends.

1. `/portal/report`: what happened, one card per guarantee of the household's product version,
   and "I don't know what applies" (the case opens without a guarantee; an agent triages).
2. `/portal/report/{guarantee}`: the details (who, what, when, how urgent, the answers the
   coverage engine needs, the amount and the account to pay).
3. Its POST shows the documents of Art. 8.3 to attach and what was entered, with a possible
   duplicate pointed out before the member confirms; `.../edit` goes back to the details and
   `.../duplicate` points the duplicate out as soon as the dates are typed (htmx).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from cybercare.bootstrap import Container
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.web.auth import WebMember, web_member
from cybercare.web.i18n import request_language
from cybercare.web.report_forms import parse_day, parse_details, values_of
from cybercare.web.report_results import standings
from cybercare.web.report_spec import ReportSpec
from cybercare.web.report_views import cover_of, duplicate_of
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


# --- 1. what happened ----------------------------------------------------------------------


@router.get("/portal/report", response_class=HTMLResponse, name="web.report")
def choose(request: Request, container: ContainerDep, user: WebMember) -> HTMLResponse:
    with container.database.reader() as uow:
        cover = cover_of(uow, container.catalog, user.household_id)
        standing = (
            standings(uow, container.catalog, cover, container.clock.today()) if cover else {}
        )
    specs = [ReportSpec(cover.product, g) for g in cover.product.guarantees] if cover else []
    return render(
        request, "report/choose.html", {"cover": cover, "specs": specs, "standing": standing}
    )


# --- 2. the details ------------------------------------------------------------------------


@router.get("/portal/report/{slug}", response_class=HTMLResponse, name="web.report.form")
def details_form(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    found = base(user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    return details_page(request, container, user, *found)


@router.post("/portal/report/{slug}", response_class=HTMLResponse, name="web.report.details")
async def details_step(
    slug: str, request: Request, container: ContainerDep, user: WebMember
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_details_step, request, container, user, slug, form)


def _details_step(
    request: Request, container: Container, user: Principal, slug: str, form: FormData
) -> Response:
    found = base(user, container, slug)
    if found is None:
        return RedirectResponse("/portal/report", status_code=303)
    cover, spec = found
    people = people_of(container, user, cover)
    today = container.clock.today()
    details, errors = parse_details(
        spec,
        form,
        people={p.person_id for p in people},
        today=today,
        language=request_language(request),
        saved=saved_account(container, user) if spec.asks_amount else None,
    )
    values = values_of(spec, form)
    if details is None:
        return details_page(
            request, container, user, cover, spec, values=values, errors=errors, status_code=422
        )
    with container.database.reader() as uow:
        duplicate = possible_duplicate(uow, user, spec, details, today)
    return documents_page(request, cover, spec, details, values, people, duplicate)


@router.post("/portal/report/{slug}/edit", response_class=HTMLResponse, name="web.report.edit")
async def edit(slug: str, request: Request, container: ContainerDep, user: WebMember) -> Response:
    """Back from the documents to the details, as they were typed."""
    form = await request.form()

    def page() -> Response:
        found = base(user, container, slug)
        if found is None:
            return RedirectResponse("/portal/report", status_code=303)
        return details_page(request, container, user, *found, values=values_of(found[1], form))

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
        found = base(user, container, slug)
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
        return render(request, "report/_duplicate.html", {"duplicate": duplicate})

    return await run_in_threadpool(fragment)

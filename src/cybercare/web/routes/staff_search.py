"""Staff search of affiliations and members, and the staff file of one affiliation.

`/staff/search?q=` is a plain GET form that htmx upgrades to a live search: while typing (and on
submit) only the results fragment is fetched and swapped, and the address follows the query, so
the page works without JavaScript and a search can be bookmarked or reloaded.
`/staff/affiliations/{id}` shows the household, the status timeline, billing and non-payment,
the pots of the current insurance year and the household's cases (facts only, Art. 11.2).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from cybercare.http.deps import ContainerDep
from cybercare.http.reads import read_unit
from cybercare.privacy.read_log import affiliation_file_read
from cybercare.privacy.read_log_service import record_reads
from cybercare.reporting.affiliation_file_queries import affiliation_file
from cybercare.reporting.search import MAX_QUERY, SearchResult
from cybercare.reporting.search_queries import search_affiliations
from cybercare.web import staff_views as sv
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import request_language
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

MIN_QUERY = 2
RESULTS_TARGET = "search-results"
SearchQuery = Annotated[str, Query(alias="q", max_length=MAX_QUERY)]
AffiliationId = Annotated[str, Path(max_length=32)]
OpenedFrom = Annotated[str, Query(alias="from", max_length=16)]  # why: the read log's purpose


def _is_fragment_request(request: Request) -> bool:
    """An htmx swap of the results only (a history restore wants the whole page)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Target") == RESULTS_TARGET
        and headers.get("HX-History-Restore-Request") != "true"
    )


@router.get("/staff/search", response_class=HTMLResponse, name="staff.search")
def search(
    request: Request, container: ContainerDep, staff: WebStaff, q: SearchQuery = ""
) -> HTMLResponse:
    query = q.strip()
    result: SearchResult | None = None
    if len(query) >= MIN_QUERY:
        with container.database.reader() as uow:
            result = search_affiliations(uow, query, container.clock.today())
    context = {
        "active": "search",
        "query": query,
        "result": result,
        "too_short": 0 < len(query) < MIN_QUERY,
        "min_query": MIN_QUERY,
        "target": RESULTS_TARGET,
        "statuses": sv.AFFILIATION_STATES,
        "relationships": sv.RELATIONSHIP_LABELS,
    }
    template = (
        "staff/_search_results.html" if _is_fragment_request(request) else "staff/search.html"
    )
    return templates_of(request).render(request, template, context)


@router.get(
    "/staff/affiliations/{affiliation_id}", response_class=HTMLResponse, name="staff.affiliation"
)
def affiliation(
    request: Request,
    container: ContainerDep,
    staff: WebStaff,
    affiliation_id: AffiliationId,
    opened_from: OpenedFrom = "",
) -> HTMLResponse:
    with read_unit(container.database, staff) as uow:
        found = affiliation_file(uow, affiliation_id, container.catalog, container.clock)
        read = affiliation_file_read(found.household_id, tuple(found.contacts), opened_from)
        record_reads(uow, staff, [read], container.clock)
    language = request_language(request)
    labels = sv.ProductLabels(container.catalog)
    context = {
        "active": "search",
        "file": found,
        "today": container.clock.today(),
        "guarantee_name": lambda code: labels.guarantee(code, language),
        "pot_name": lambda code: labels.pot(code, language),
        "month_name": lambda period: sv.period_label(period, language),
        "statuses": sv.AFFILIATION_STATES,
        "case_statuses": sv.CASE_STATUS,
        "line_statuses": sv.LINE_STATUS,
        "channels": sv.CHANNELS,
        "dunning_statuses": sv.DUNNING_STATUS,
        "relationships": sv.RELATIONSHIP_LABELS,
        "ended_by": sv.ENDED_BY,
    }
    return templates_of(request).render(request, "staff/affiliation.html", context)

"""Staff search (affiliations, members, billing and dunning status) and the dashboards.

`/staff/dashboards`: cases per guarantee per week, service levels met per team, premiums against
claims paid per month with the loss ratio, households at a pot's limit. The figures come from
`cybercare.reporting` (one aggregate query each, on a reader); every chart has its table.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cybercare.http.deps import ContainerDep
from cybercare.privacy.request_queries import open_requests
from cybercare.reporting.dashboard_queries import (
    cases_per_guarantee_per_week,
    households_at_pot_limit,
    premiums_and_claims,
    sla_attainment,
)
from cybercare.web import erasure_texts
from cybercare.web import staff_views as sv
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import request_language
from cybercare.web.routes import backoffice_privacy, staff_search
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)
router.include_router(staff_search.router)
router.include_router(backoffice_privacy.router)


@router.get("/staff/dashboards", response_class=HTMLResponse, name="staff.dashboards")
def dashboards(request: Request, container: ContainerDep, staff: WebStaff) -> HTMLResponse:
    clock = container.clock
    today = clock.today()
    with container.database.reader() as uow:
        cases = cases_per_guarantee_per_week(uow, today)
        sla = sla_attainment(uow, clock.now(), today)
        money = premiums_and_claims(uow, today)
        pots = households_at_pot_limit(uow, today)
        data_requests = open_requests(uow, today)
    language = request_language(request)
    labels = sv.ProductLabels(container.catalog)
    context = {
        "active": "dashboards",
        "cases": cases,
        "sla": sla,
        "money": money,
        "pots": pots,
        "erasure_panel": erasure_texts.panel(container.database, today),
        "data_requests": data_requests,
        "cases_chart": sv.cases_chart(cases, labels, language),
        "sla_chart": sv.sla_chart(sla, language),
        "money_chart": sv.money_chart(money, language),
        "loss_ratio_chart": sv.loss_ratio_chart(money, language),
        "pots_chart": sv.pots_chart(pots, labels, language),
        "teams": sv.STAFF_TEAMS,
        "pot_name": lambda code: labels.pot(code, language),
        "percent": lambda bp: sv.percent(bp, language),
    }
    return templates_of(request).render(request, "staff/dashboards.html", context)

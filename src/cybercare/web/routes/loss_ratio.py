"""`/staff/dashboards/loss-ratio`: earned premium against incurred claims (paid + outstanding -
recovered) per month, per guarantee and per subscription cohort (`reporting.loss_ratio_queries`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cybercare.http.deps import ContainerDep
from cybercare.reporting.loss_ratio_queries import loss_ratio
from cybercare.web import loss_ratio_views, staff_views
from cybercare.web.auth import web_staff
from cybercare.web.i18n import request_language
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)


@router.get("/staff/dashboards/loss-ratio", response_class=HTMLResponse, name="staff.loss_ratio")
def loss_ratio_page(request: Request, container: ContainerDep) -> HTMLResponse:
    with container.database.reader() as uow:
        figures = loss_ratio(uow, container.clock.today())
    language = request_language(request)
    labels = staff_views.ProductLabels(container.catalog)
    context = {
        "active": "dashboards",
        "figures": figures,
        "charts": loss_ratio_views.charts(figures, labels, language),
    }
    return templates_of(request).render(request, "staff/loss_ratio.html", context)

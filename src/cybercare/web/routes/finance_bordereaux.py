"""The finance team's back office: the insurer's monthly bordereaux (docs/bordereaux.md).

`/finance/bordereaux` picks a month and offers the three reports in three formats; a download
streams from one read-only snapshot. Only the roles finance and admin pass (Art. 11).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import IO, Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from cybercare.billing.domain import Period
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Role
from cybercare.kernel.errors import InvalidInput
from cybercare.reporting.bordereau import MEDIA_TYPES, Format, Kind, Month
from cybercare.reporting.bordereau_export import filename, spooled
from cybercare.web.auth import web_staff_with_role
from cybercare.web.templating import templates_of

finance_staff = web_staff_with_role(Role.FINANCE, Role.ADMIN)
router = APIRouter(dependencies=[Depends(finance_staff)], include_in_schema=False)


def _month(text: str | None, default: Month) -> Month:
    if not text:
        return default
    try:
        return Month.parse(text)
    except InvalidInput:
        return default


@router.get("/finance/bordereaux", response_class=HTMLResponse, name="finance.bordereaux")
def bordereaux(
    request: Request, container: ContainerDep, month: Annotated[str | None, Query()] = None
) -> HTMLResponse:
    today = container.clock.today()
    # By default the last month whose books are closed: the one before today's.
    last_closed = Month(Period.of(today.replace(day=1) - timedelta(days=1)))
    chosen = _month(month, last_closed)
    context = {
        "active": "finance",
        "month": chosen,
        "latest": Month(Period.of(today)).code,
        "kinds": list(Kind),
        "formats": list(Format),
    }
    return templates_of(request).render(request, "finance/bordereaux.html", context)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(64 * 1024):
            yield chunk


@router.get("/finance/bordereaux/{kind}.{fmt}", name="finance.bordereau")
def bordereau(
    kind: Kind, fmt: Format, container: ContainerDep, month: Annotated[str, Query()]
) -> StreamingResponse:
    period = Month.parse(month)
    handle = spooled(container.database, kind, period, fmt)
    name = filename(kind, period, fmt)
    return StreamingResponse(
        _chunks(handle),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

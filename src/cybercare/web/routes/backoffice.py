"""The back office: team queues ordered by SLA (Art. 8.4) and the case workspace.

`/staff` shows the queues of the reader's teams (every team for supervisors and admins), the
triage queue for agents and the claims queue for claims handlers; `/staff/queues/{team}` one of
them; `/staff/queues/all` "all my queues": every team of the reader in one list, breaches first
then the least time left, with the person concerned and a minor flag — the landing page of an
agent who belongs to more than one team. "Take" assigns a workstream to the reader; with htmx
only its row is replaced. The case workspace and the claim forms live in backoffice_cases.py and
backoffice_claims.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.assistance.domain import TRIAGE_QUEUE
from cybercare.assistance.staff_queries import (
    TEAMS,
    MyQueueRow,
    display_names,
    may_read_triage,
    my_queues,
    queue_for,
    queue_item,
    visible_teams,
)
from cybercare.assistance.views import QueueItem
from cybercare.assistance.workstreams import take_workstream
from cybercare.claims.staff_queries import ClaimQueueItem, claims_queue
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import Conflict, NotFound
from cybercare.web import backoffice_views as bv
from cybercare.web.auth import WebStaff, web_staff
from cybercare.web.i18n import N_
from cybercare.web.routes import (
    backoffice_cases,
    backoffice_claims,
    backoffice_consent,
    backoffice_contacts,
    backoffice_erasure,
    backoffice_takedowns,
    backoffice_withdraw,
)
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_staff)], include_in_schema=False)

CLAIMS_QUEUE = "claims"
ALL_MY_QUEUES = "all"
Filter = Annotated[str, Query(alias="show", max_length=16)]
NextPath = Annotated[str | None, Form(alias="next", max_length=2000)]
TAKE_CONFLICT = N_("This workstream changed meanwhile: another agent may hold it now.")


@dataclass(frozen=True, slots=True)
class QueueTable:
    """One queue as a table: its rows after the filter, and what the whole queue holds."""

    name: str  # a team, triage or claims
    title: str  # msgid
    items: list[QueueItem]
    claims: list[ClaimQueueItem]
    total: int
    breached: int
    urgent: int
    rows: tuple[MyQueueRow, ...] = ()  # "all my queues": the rows with the person concerned


def _filtered(items: list[QueueItem], viewer: Principal, show: str) -> list[QueueItem]:
    if show == "unassigned":
        return [item for item in items if item.assignee_user_id is None]
    if show == "mine":
        return [item for item in items if item.assignee_user_id == viewer.user_id]
    return items


def _team_table(name: str, items: list[QueueItem], viewer: Principal, show: str) -> QueueTable:
    waiting = [item for item in items if item.first_contact.met_at is None]
    return QueueTable(
        name=name,
        title=bv.TEAM_LABELS[name],
        items=_filtered(items, viewer, show) if name != TRIAGE_QUEUE else items,
        claims=[],
        total=len(items),
        breached=sum(1 for item in waiting if item.first_contact.breached),
        urgent=sum(1 for item in waiting if item.urgent),
    )


def _my_table(rows: list[MyQueueRow], viewer: Principal, show: str) -> QueueTable:
    items = [row.item for row in rows]
    kept = {id(item) for item in _filtered(items, viewer, show)}
    waiting = [item for item in items if item.first_contact.met_at is None]
    return QueueTable(
        name=ALL_MY_QUEUES,
        title=N_("All my queues"),
        items=[],
        claims=[],
        total=len(items),
        breached=sum(1 for item in waiting if item.first_contact.breached),
        urgent=sum(1 for item in waiting if item.urgent),
        rows=tuple(row for row in rows if id(row.item) in kept),
    )


def _claims_table(items: list[ClaimQueueItem]) -> QueueTable:
    return QueueTable(
        name=CLAIMS_QUEUE,
        title=N_("Claims to decide"),
        items=[],
        claims=items,
        total=len(items),
        breached=sum(1 for item in items if item.decision is not None and item.decision.breached),
        urgent=sum(1 for item in items if item.urgent),
    )


def _show(value: str) -> str:
    return value if value in bv.QUEUE_FILTERS else "all"


def _render_queues(
    request: Request,
    container: ContainerDep,
    viewer: Principal,
    names: list[str],
    show: str,
    *,
    single: str | None = None,
) -> HTMLResponse:
    clock = container.clock
    tables: list[QueueTable] = []
    with container.database.reader() as uow:
        for name in names:
            if name == CLAIMS_QUEUE:
                tables.append(_claims_table(claims_queue(uow, viewer, clock)))
            elif name == ALL_MY_QUEUES:
                tables.append(_my_table(my_queues(uow, viewer, clock), viewer, show))
            else:
                tables.append(_team_table(name, queue_for(uow, viewer, name, clock), viewer, show))
        names_of = display_names(
            uow,
            [item.assignee_user_id for table in tables for item in table.items]
            + [row.item.assignee_user_id for table in tables for row in table.rows],
        )
        products = backoffice_cases.guarantee_labels(container)
    return templates_of(request).render(
        request,
        "backoffice/queues.html",
        {
            "tables": tables,
            "names": names_of,
            "show": show,
            "single": single,
            "teams": visible_teams(viewer),
            "triage": may_read_triage(viewer),
            "claims": bv.is_handler(viewer),
            "guarantees": products,
            **bv.page_context(request),
        },
    )


def lands_on_all_my_queues(viewer: Principal) -> bool:
    """An agent of more than one team starts from one list of all their work."""
    return len(viewer.teams) > 1


@router.get("/staff", response_class=HTMLResponse, name="backoffice.home")
def staff_home(
    request: Request, viewer: WebStaff, container: ContainerDep, show: Filter = "all"
) -> HTMLResponse:
    """The queues of the reader's teams, the triage queue and the claims queue, by SLA; for an
    agent of several teams, their teams merged into "all my queues"."""
    if lands_on_all_my_queues(viewer):
        return _all_my_queues(request, viewer, container, show, single=None)
    names = list(visible_teams(viewer))
    if may_read_triage(viewer):
        names.insert(0, TRIAGE_QUEUE)
    if bv.is_handler(viewer):
        names.append(CLAIMS_QUEUE)
    return _render_queues(request, container, viewer, names, _show(show))


def _all_my_queues(
    request: Request,
    viewer: Principal,
    container: ContainerDep,
    show: str,
    *,
    single: str | None,
) -> HTMLResponse:
    names = [ALL_MY_QUEUES]
    if may_read_triage(viewer):
        names.insert(0, TRIAGE_QUEUE)  # untriaged cases are no team's yet: their own table
    if bv.is_handler(viewer):
        names.append(CLAIMS_QUEUE)
    return _render_queues(request, container, viewer, names, _show(show), single=single)


@router.get("/staff/queues/all", response_class=HTMLResponse, name="backoffice.all_my_queues")
def all_my_queues_page(
    request: Request, viewer: WebStaff, container: ContainerDep, show: Filter = "all"
) -> HTMLResponse:
    """Every team of the reader in one list, breaches first, then the least time left."""
    return _all_my_queues(request, viewer, container, _show(show), single=ALL_MY_QUEUES)


@router.get("/staff/queues/{team}", response_class=HTMLResponse, name="backoffice.queue")
def team_queue_page(
    request: Request, team: str, viewer: WebStaff, container: ContainerDep, show: Filter = "all"
) -> HTMLResponse:
    """One queue: a team's, the triage queue or the claims queue."""
    if team not in (*TEAMS, TRIAGE_QUEUE, CLAIMS_QUEUE):
        raise NotFound(f"no queue {team!r}", code="queue.not_found")
    return _render_queues(request, container, viewer, [team], _show(show), single=team)


def _local_next(target: str | None, fallback: str) -> str:
    """Back to a back-office page only (no other site, no other area)."""
    if target and target.startswith("/staff") and not target.startswith(("//", "/\\")):
        return target
    return fallback


@router.post("/staff/workstreams/{workstream_id}/take", name="backoffice.take")
def take(
    request: Request,
    workstream_id: str,
    viewer: WebStaff,
    container: ContainerDep,
    next_path: NextPath = None,
) -> Response:
    """Assign the workstream to the reader: only that (Art. 8.4: the first contact is a logged
    call or message, on the case page). An htmx request gets its queue row back; a plain form
    goes back to the page it came from."""
    htmx = request.headers.get("HX-Request") == "true"
    message = None
    case_id = None
    try:
        with container.database.uow() as uow:
            view = take_workstream(uow, viewer, workstream_id, container.clock)
            uow.commit()
        case_id = view.case_id
    except Conflict:
        if not htmx:
            raise
        message = TAKE_CONFLICT
    if not htmx:
        fallback = f"/staff/cases/{case_id}?done=taken#ws-{workstream_id}"
        return RedirectResponse(_local_next(next_path, fallback), status_code=303)
    with container.database.reader() as uow:
        item = queue_item(uow, viewer, workstream_id, container.clock)
        names_of = display_names(uow, [item.assignee_user_id])
    return templates_of(request).render(
        request,
        "backoffice/_queue_row.html",
        {
            "item": item,
            "names": names_of,
            "message": message,
            "taken": message is None,
            "next_path": _local_next(next_path, "/staff"),
            "guarantees": backoffice_cases.guarantee_labels(container),
            **bv.page_context(request),
        },
    )


router.include_router(backoffice_cases.router)
router.include_router(backoffice_claims.router)
router.include_router(backoffice_contacts.router)
router.include_router(backoffice_takedowns.router)
router.include_router(backoffice_withdraw.router)
router.include_router(backoffice_consent.router)
router.include_router(backoffice_erasure.router)

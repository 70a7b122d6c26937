"""Triage (Art. 4, 5.2), shared by opening a case with its guarantee and by the agent's triage:
the guarantee's pot holds one of its yearly cases, and the workstreams its services need open."""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance import repository
from cybercare.assistance.calendar import WorkingCalendar
from cybercare.assistance.case import Case, Workstream
from cybercare.assistance.domain import ART_4, ART_5_2, teams_to_open
from cybercare.assistance.events import audit_case
from cybercare.assistance.sla import due_at, first_contact_kind
from cybercare.cover import service as cover
from cybercare.cover.pots import PotLimitExceeded
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.product.catalog import Catalog
from cybercare.product.model import Guarantee, ProductVersion, Team


def guarantee_of(product: ProductVersion, code: str) -> Guarantee:
    try:
        return product.guarantee(code)
    except KeyError:
        known = ", ".join(g.code for g in product.guarantees)
        raise InvalidInput("guarantee_code", f"unknown guarantee (one of {known})") from None


def hold_a_case(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    product: ProductVersion,
    catalog: Catalog,
    now: datetime,
) -> Case:
    """Art. 5.2: a case accepted for its guarantee holds one of the pot's yearly cases (a case
    moved to another guarantee gives back what it held). When they are all used or held, the
    case is still helped (the 24/7 line, Art. 4.1) but holds none: its claims go to a handler
    with the engine's proposed decline, and it cannot close as a service delivered."""
    assert case.guarantee_code is not None
    pot = product.guarantee(case.guarantee_code).pot
    if case.case_pot is not None and case.case_pot != pot:
        cover.release_case(uow, case.id, at=now)
    if pot is None:
        return case.holding(None)
    try:
        held = cover.reserve_case(
            uow,
            case_id=case.id,
            affiliation_id=case.affiliation_id,
            guarantee=case.guarantee_code,
            incident_date=case.incident_date,
            catalog=catalog,
            at=now,
        )
    except PotLimitExceeded:
        audit_case(uow, principal, case, "case.case_limit_reached", ART_5_2, now, pot=pot)
        return case.holding(pot)
    # None: the incident precedes the cover, so no pot year applies (the engine declines).
    return case.holding(pot if held is not None else None)


def open_workstreams(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    teams: tuple[Team, ...],
    product: ProductVersion,
    clock: Clock,
    calendar: WorkingCalendar,
) -> Case:
    """Art. 4: one workstream per team needed that has none yet; the case is triaged (and
    written back with what the triage changed)."""
    now = clock.now()
    existing = [ws.team for ws in repository.workstreams_of(uow, case.id)]
    for team in teams_to_open(teams, existing):
        ws = Workstream.open(
            workstream_id=new_id("ws"),
            case=case,
            team=team.value,
            at=now,
            first_contact_due_at=due_at(
                first_contact_kind(urgent=case.urgent), now, calendar, product.service_levels
            ),
        )
        repository.add_workstream(uow, ws)
        audit_case(
            uow, principal, case, "workstream.opened", ART_4, now, team=team.value, workstream=ws.id
        )
    triaged = case.triaged(now)
    repository.save_case(uow, triaged)
    return triaged

"""What the back office reads beside the case itself (Art. 8.4, 11.2): the team queues as a
staff member may see them, "all my queues" (every team of the reader in one list, breaches
first), one queue row again after a change, who the people of a case are, the names of users,
and which psychological notes are withheld from a reader.

Withheld notes are told by their existence only (workstream and time), never by their author or
content: another team sees that the counsellor wrote, not what (Art. 11.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import Case, Workstream
from cybercare.assistance.contact_queries import next_tries
from cybercare.assistance.domain import (
    AGENT_ROLES,
    TRIAGE_QUEUE,
    ActionRefused,
    CaseStatus,
    Compartment,
    WorkstreamNotFound,
    WorkstreamStatus,
    may_read_psychological,
)
from cybercare.assistance.views import QueueItem, queue_row, triage_row
from cybercare.db.tables import (
    CaseNoteRow,
    CaseRow,
    PersonRow,
    SlaEscalationRow,
    UserRoleRow,
    UserRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import (
    Person,
    address_on,
    affiliate_on,
    is_minor,
    legal_representatives_of,
)
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput, NotFound
from cybercare.policy.repository import load_household
from cybercare.product.model import Team

TEAMS = tuple(team.value for team in Team)
# Spelled as the open values (not "!= closed") so that the queue indexes serve the queries: the
# workstreams by team, status and due time, the cases by status and due time. A case closes
# only once every workstream is closed, so an open workstream has an open case.
OPEN_WORKSTREAMS = tuple(s.value for s in WorkstreamStatus if s is not WorkstreamStatus.CLOSED)
OPEN_CASES = tuple(s.value for s in CaseStatus if s is not CaseStatus.CLOSED)
# Who reads every team's queue (without taking from it): supervisors and administrators.
ALL_QUEUES = (Role.SUPERVISOR, Role.ADMIN)


def visible_teams(principal: Principal) -> tuple[str, ...]:
    """The teams whose queue `principal` reads: their own, or all for supervisors and admins."""
    if principal.has_role(*ALL_QUEUES):
        return TEAMS
    return tuple(team for team in TEAMS if principal.in_team(team))


def may_read_triage(principal: Principal) -> bool:
    return principal.has_role(*AGENT_ROLES, Role.ADMIN)


def queue_for(uow: UnitOfWork, principal: Principal, team: str, clock: Clock) -> list[QueueItem]:
    """The open workstreams of `team` (or the untriaged cases for `triage`), the nearest
    first-contact deadline first, those contacted already after them (Art. 8.4)."""
    now = clock.now()
    if team == TRIAGE_QUEUE:
        if not may_read_triage(principal):
            raise ActionRefused("the triage queue is for the agents and the supervisors")
        return [triage_row(case, now) for case in untriaged_cases(uow)]
    if team not in TEAMS:
        raise InvalidInput("team", f"one of {', '.join(TEAMS)} or {TRIAGE_QUEUE}")
    if team not in visible_teams(principal):
        raise ActionRefused(f"the {team} queue is for its team and the supervisors")
    return [queue_row(ws, case, now) for ws, case in team_workstreams(uow, team)]


def team_workstreams(uow: UnitOfWork, team: str) -> list[tuple[Workstream, Case]]:
    """Workstreams of `team` not closed: those not contacted yet first, the soonest first-contact
    deadline first."""
    rows = uow.session.execute(
        select(WorkstreamRow, CaseRow)
        .join(CaseRow, CaseRow.id == WorkstreamRow.case_id)
        .where(
            WorkstreamRow.team == team,
            WorkstreamRow.status.in_(OPEN_WORKSTREAMS),
            CaseRow.status.in_(OPEN_CASES),
        )
        .order_by(
            WorkstreamRow.first_contact_at.is_not(None),
            WorkstreamRow.first_contact_due_at,
            WorkstreamRow.id,
        )
    )
    return [(repository.to_workstream(ws), repository.to_case(case)) for ws, case in rows]


@dataclass(frozen=True, slots=True)
class MyQueueRow:
    """A row of "all my queues": the queue row, and who the case is about (Art. 11: staff read
    the name; nothing of the case's notes is loaded) and whether they are a minor (Art. 2.4:
    handled with their legal representative)."""

    item: QueueItem
    person_name: str
    minor: bool
    next_try_at: datetime | None = None  # planned by a try that reached nobody (Art. 8.4)


def my_queues(uow: UnitOfWork, principal: Principal, clock: Clock) -> list[MyQueueRow]:
    """Every open workstream of the teams `principal` works (their own teams; every team for
    supervisors and admins, who read them all) in one list: the clocks still running first, the
    earliest deadline first — so breached rows lead, the most overdue first, then the least
    time left (Art. 8.4) — across teams; those contacted already after them. One query."""
    if not principal.is_staff:
        raise ActionRefused("the queues are for the staff (Art. 11)", clause="Art. 11")
    teams = visible_teams(principal)
    if not teams:
        return []
    now = clock.now()
    today = clock.today()
    rows = uow.session.execute(
        select(WorkstreamRow, CaseRow, PersonRow.given_name, PersonRow.family_name)
        .add_columns(PersonRow.birth_date)
        .join(CaseRow, CaseRow.id == WorkstreamRow.case_id)
        .join(PersonRow, PersonRow.id == CaseRow.person_id)
        .where(
            WorkstreamRow.team.in_(teams),
            WorkstreamRow.status.in_(OPEN_WORKSTREAMS),
            CaseRow.status.in_(OPEN_CASES),
        )
        .order_by(
            WorkstreamRow.first_contact_at.is_not(None),
            WorkstreamRow.first_contact_due_at,
            WorkstreamRow.id,
        )
    )
    found = list(rows)
    retries = next_tries(uow, (ws.id for ws, *_ in found))
    return [
        MyQueueRow(
            queue_row(repository.to_workstream(ws), repository.to_case(case), now),
            f"{given} {family}",
            _under_age(birth, today),
            retries.get(ws.id),
        )
        for ws, case, given, family, birth in found
    ]


def _under_age(birth: date, today: date) -> bool:
    return is_minor(Person("", "", "", birth, "en"), today)


def untriaged_cases(uow: UnitOfWork) -> list[Case]:
    """The cases nobody has triaged yet, the soonest first-contact deadline first."""
    rows = uow.session.scalars(
        select(CaseRow)
        .where(CaseRow.status == CaseStatus.OPEN.value)
        .order_by(CaseRow.first_contact_due_at, CaseRow.id)
    )
    return [repository.to_case(row) for row in rows]


def queue_item(
    uow: UnitOfWork, principal: Principal, workstream_id: str, clock: Clock
) -> QueueItem:
    """One row of a queue, as it stands now (after a take, for instance)."""
    ws = repository.workstream(uow, workstream_id)
    if ws is None or ws.team not in visible_teams(principal):
        raise WorkstreamNotFound(f"no workstream {workstream_id!r}")
    case = load_case_for(uow, principal, ws.case_id, today=clock.today())
    return queue_row(ws, case, clock.now())


# --- the people of a case --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonLine:
    person_id: str
    name: str
    birth_date: date
    language: str


@dataclass(frozen=True, slots=True)
class CaseParties:
    """Who the case is about and the household it belongs to, as staff see them (Art. 11.3)."""

    concerned: PersonLine
    minor: bool
    representatives: tuple[PersonLine, ...]  # of a minor: who may follow the case (Art. 2.4)
    affiliate: PersonLine | None
    address: str | None
    affiliation_status: str | None


def _line(person: Person) -> PersonLine:
    return PersonLine(
        person.person_id,
        f"{person.given_name} {person.family_name}",
        person.birth_date,
        person.language,
    )


def case_parties(uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock) -> CaseParties:
    today = clock.today()
    row = load_case_for(uow, principal, case_id, today=today)
    household = load_household(uow, row.household_id)
    person = household.person(row.person_id)
    minor = is_minor(person, today)
    representatives: tuple[Person, ...] = ()
    if minor:
        try:
            representatives = legal_representatives_of(household, person.person_id, today)
        except (Conflict, InvalidInput):
            representatives = ()  # no member any more: nobody represents them here
    affiliate = affiliate_on(household, today)
    address = address_on(household, today)
    affiliation = repository.affiliation_row(uow, row.affiliation_id)
    return CaseParties(
        concerned=_line(person),
        minor=minor,
        representatives=tuple(_line(p) for p in representatives),
        affiliate=_line(affiliate) if affiliate is not None else None,
        address=None
        if address is None
        else f"{address.street} {address.number}{f'/{address.box}' if address.box else ''}, "
        f"{address.postcode} {address.city}",
        affiliation_status=affiliation.status if affiliation is not None else None,
    )


def display_names(uow: UnitOfWork, user_ids: Iterable[str | None]) -> dict[str, str]:
    """The display names of users (staff and members), for the authors and assignees shown."""
    wanted = {user_id for user_id in user_ids if user_id}
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(sorted(wanted)))
    )
    return {str(user_id): str(name) for user_id, name in rows}


# --- psychological notes withheld (Art. 11.2) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class WithheldNote:
    """A psychological note the reader may not read: where and when, nothing more."""

    workstream_id: str | None
    created_at: datetime


def withheld_psychological_notes(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock
) -> tuple[WithheldNote, ...]:
    """The psychological notes of the case `principal` may not read (none for the member
    concerned and the assigned counsellor, who read them in the case itself). Their bodies are
    not even loaded."""
    row = load_case_for(uow, principal, case_id, today=clock.today())
    counsellor = next(
        (
            ws.assignee_user_id
            for ws in repository.workstreams_of(uow, row.id)
            if ws.team == Team.PSYCHOLOGICAL
        ),
        None,
    )
    if may_read_psychological(
        principal, concerned_person_id=row.person_id, counsellor_user_id=counsellor
    ):
        return ()
    found = uow.session.execute(
        select(CaseNoteRow.workstream_id, CaseNoteRow.created_at)
        .where(
            CaseNoteRow.case_id == row.id,
            CaseNoteRow.compartment == Compartment.PSYCHOLOGICAL.value,
        )
        .order_by(CaseNoteRow.created_at, CaseNoteRow.id)
    )
    return tuple(WithheldNote(workstream_id, created_at) for workstream_id, created_at in found)


def workstream_case_id(uow: UnitOfWork, principal: Principal, workstream_id: str) -> str:
    """The case of a workstream, for staff only (to send them back to the case after a form)."""
    ws = repository.workstream(uow, workstream_id)
    if ws is None or not principal.is_staff:
        raise WorkstreamNotFound(f"no workstream {workstream_id!r}")
    return ws.case_id


def takedown_case_id(uow: UnitOfWork, principal: Principal, takedown_id: str) -> str:
    row = repository.takedown(uow, takedown_id)
    if row is None or not principal.is_staff:
        raise NotFound(f"no takedown {takedown_id!r}", code="takedown.not_found")
    return row.case_id


# --- SLA escalations (Art. 8.4) --------------------------------------------------------------


def escalations(uow: UnitOfWork) -> list[SlaEscalationRow]:
    return list(uow.session.scalars(select(SlaEscalationRow).order_by(SlaEscalationRow.id)))


def supervisor_emails(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(e-mail, language) of every active supervisor: who hears of an SLA breach."""
    rows = uow.session.execute(
        select(UserRow.email, UserRow.language)
        .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
        .where(UserRoleRow.role == "supervisor", UserRow.active.is_(True))
        .order_by(UserRow.email)
    )
    return [(email, language) for email, language in rows]

"""Use cases of the team work: queues ordered by SLA, taking a workstream, notes in the general
or psychological compartment, member messages, closing a workstream (Art. 4, 8.4, 11.2).

Taking a workstream only assigns it, and a note is no contact: the first human contact of
Art. 8.4 is a logged contact, a call that reached the member or a message sent (`contacts`).
"""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance import repository, staff_queries
from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import Case, Workstream, note_text
from cybercare.assistance.domain import (
    ART_8_4,
    ART_11_2,
    TRIAGE_QUEUE,
    ActionRefused,
    Compartment,
    WorkstreamNotFound,
    check_may_take,
    check_may_write_on_workstream,
    require_agent,
)
from cybercare.assistance.events import audit_case
from cybercare.assistance.service import read_case
from cybercare.assistance.views import CaseView, QueueItem, WorkstreamView, queue_row, triage_row
from cybercare.consent.consent_service import psychological_consent, require_psychological_consent
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import Team

# The triage queue is named beside the team queues (the edges list them together).
__all__ = [
    "add_workstream_note",
    "close_workstream",
    "post_member_message",
    "take_workstream",
    "team_queue",
]


def team_queue(uow: UnitOfWork, principal: Principal, team: str, clock: Clock) -> list[QueueItem]:
    """Open workstreams of a team, the nearest first-contact deadline first (those contacted
    already come after). `triage` lists the cases nobody has triaged yet."""
    now = clock.now()
    if team == TRIAGE_QUEUE:
        require_agent(principal, "read the triage queue")
        return [triage_row(case, now) for case in staff_queries.untriaged_cases(uow)]
    if team not in {t.value for t in Team}:
        raise InvalidInput("team", f"one of {', '.join(t.value for t in Team)} or triage")
    if not (principal.in_team(team) or principal.has_role(Role.SUPERVISOR)):
        raise ActionRefused(f"the {team} queue is for its team and the supervisors")
    rows = staff_queries.team_workstreams(uow, team)
    if team != Team.PSYCHOLOGICAL:
        return [queue_row(ws, case, now) for ws, case in rows]
    today = clock.today()
    waiting = {
        person: psychological_consent(uow, person, today) is None
        for person in {case.person_id for _, case in rows}
    }
    return [
        queue_row(ws, case, now, waiting_for_consent=waiting[case.person_id]) for ws, case in rows
    ]


def take_workstream(
    uow: UnitOfWork, principal: Principal, workstream_id: str, clock: Clock
) -> WorkstreamView:
    """An agent of the workstream's team takes it: assigned and in progress. Its first-contact
    clock runs on until a contact is logged (Art. 8.4: a click is no human contact)."""
    ws, case = _load(uow, principal, workstream_id, clock)
    check_may_take(principal, team=ws.team)
    now = clock.now()
    taken = ws.take(principal.user_id, now)
    if taken is not ws:
        repository.save_workstream(uow, taken)
        audit_case(uow, principal, case, "workstream.taken", ART_8_4, now, team=ws.team)
    return WorkstreamView.of(taken, now)


def add_workstream_note(
    uow: UnitOfWork,
    principal: Principal,
    workstream_id: str,
    compartment: Compartment,
    body: str,
    clock: Clock,
) -> CaseView:
    """A staff note on a workstream; psychological notes only by the assigned counsellor, and
    only while the person concerned (a minor: their legal representative) consents."""
    if not principal.is_staff:
        raise ActionRefused("members write messages on the case")
    ws, case = _load(uow, principal, workstream_id, clock)
    ws.check_writable()
    check_may_write_on_workstream(
        principal, team=ws.team, assignee=ws.assignee_user_id, compartment=compartment
    )
    if compartment is Compartment.PSYCHOLOGICAL:  # health data: GDPR art. 9(2)(a), Art. 11.2
        require_psychological_consent(uow, case.person_id, clock.today())
    now = clock.now()
    _add_note(uow, principal, case, ws, compartment, body, now)
    return read_case(uow, principal, case.id, clock, log_purpose="case.note_written")


def post_member_message(
    uow: UnitOfWork, principal: Principal, case_id: str, body: str, clock: Clock
) -> CaseView:
    """A member writes on a case they may see (general compartment)."""
    if not principal.is_member:
        raise ActionRefused("staff write notes on a workstream")
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    case.check_writable()
    _add_note(uow, principal, case, None, Compartment.GENERAL, body, clock.now())
    return read_case(uow, principal, case.id, clock, log_purpose="case.message_written")


def close_workstream(
    uow: UnitOfWork, principal: Principal, workstream_id: str, outcome: str, clock: Clock
) -> WorkstreamView:
    """The team's service is delivered: the assignee (or a supervisor) closes the workstream."""
    ws, case = _load(uow, principal, workstream_id, clock)
    if not (
        (ws.assignee_user_id == principal.user_id and principal.in_team(ws.team))
        or principal.has_role(Role.SUPERVISOR)
    ):
        raise ActionRefused("only the agent holding the workstream or a supervisor closes it")
    now = clock.now()
    closed = ws.close(outcome, now)
    repository.save_workstream(uow, closed)
    audit_case(uow, principal, case, "workstream.closed", ART_8_4, now, team=ws.team)
    return WorkstreamView.of(closed, now)


# --- helpers ---------------------------------------------------------------------------------


def _load(
    uow: UnitOfWork, principal: Principal, workstream_id: str, clock: Clock
) -> tuple[Workstream, Case]:
    ws = repository.workstream(uow, workstream_id, for_update=True)
    if ws is None or not principal.is_staff:
        raise WorkstreamNotFound(f"no workstream {workstream_id!r}")
    case = load_case_for(uow, principal, ws.case_id, today=clock.today(), for_update=True)
    return ws, case


def _add_note(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    ws: Workstream | None,
    compartment: Compartment,
    body: str,
    now: datetime,
) -> None:
    note = repository.add_note(
        uow,
        case_id=case.id,
        workstream_id=ws.id if ws else None,
        author_user_id=principal.user_id,
        compartment=compartment,
        body=note_text(body),
        at=now,
    )
    audit_case(
        uow,
        principal,
        case,
        "case.note_added",
        ART_11_2 if compartment is Compartment.PSYCHOLOGICAL else ART_8_4,
        now,
        team=ws.team if ws else None,
        compartment=compartment.value,
        note=note.note_id,
    )

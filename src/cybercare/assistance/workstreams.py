"""Use cases of the team work: queues ordered by SLA, taking a workstream, notes in the general
or psychological compartment, member messages, closing a workstream (Art. 4, 8.4, 11.2).

The first human contact (Art. 8.4) is the first time an agent takes a workstream or writes on
the case; it stops the clock of the workstream and, if still running, of the case.
"""

from __future__ import annotations

from datetime import datetime

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.domain import (
    ART_8_4,
    ART_11_2,
    ActionRefused,
    CaseStatus,
    Compartment,
    StateConflict,
    WorkstreamNotFound,
    WorkstreamStatus,
    check_may_take,
    check_may_write_on_workstream,
    require_agent,
)
from cybercare.assistance.service import audit_case, read_case
from cybercare.assistance.views import CaseView, QueueItem, SlaView, WorkstreamView
from cybercare.db.tables import CaseNoteRow, CaseRow, WorkstreamRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.product.model import Team

TRIAGE_QUEUE = "triage"
MAX_NOTE_LENGTH = 20_000


def team_queue(uow: UnitOfWork, principal: Principal, team: str, clock: Clock) -> list[QueueItem]:
    """Open workstreams of a team, the nearest first-contact deadline first (those contacted
    already come after). `triage` lists the cases nobody has triaged yet."""
    now = clock.now()
    if team == TRIAGE_QUEUE:
        require_agent(principal, "read the triage queue")
        return [triage_row(row, now) for row in repository.untriaged(uow)]
    if team not in {t.value for t in Team}:
        raise InvalidInput("team", f"one of {', '.join(t.value for t in Team)} or triage")
    if not (principal.in_team(team) or principal.has_role(Role.SUPERVISOR)):
        raise ActionRefused(f"the {team} queue is for its team and the supervisors")
    return [queue_row(ws, case, now) for ws, case in repository.queue(uow, team)]


def take_workstream(
    uow: UnitOfWork, principal: Principal, workstream_id: str, clock: Clock
) -> WorkstreamView:
    """An agent of the workstream's team takes it: assigned, in progress, first contact made."""
    ws, case = _load(uow, principal, workstream_id, clock)
    check_may_take(principal, team=ws.team, status=ws.status, assignee=ws.assignee_user_id)
    now = clock.now()
    if ws.assignee_user_id != principal.user_id:
        ws.assignee_user_id = principal.user_id
        ws.status = WorkstreamStatus.IN_PROGRESS.value
        ws.taken_at = now
        audit_case(uow, principal, case, "workstream.taken", ART_8_4, now, team=ws.team)
    _first_contact(ws, case, now)
    uow.session.flush()
    return WorkstreamView.of(ws, now)


def add_workstream_note(
    uow: UnitOfWork,
    principal: Principal,
    workstream_id: str,
    compartment: Compartment,
    body: str,
    clock: Clock,
) -> CaseView:
    """A staff note on a workstream; psychological notes only by the assigned counsellor."""
    if not principal.is_staff:
        raise ActionRefused("members write messages on the case")
    ws, case = _load(uow, principal, workstream_id, clock)
    if ws.status == WorkstreamStatus.CLOSED:
        raise StateConflict("the workstream is closed")
    check_may_write_on_workstream(
        principal, team=ws.team, assignee=ws.assignee_user_id, compartment=compartment
    )
    now = clock.now()
    _add_note(uow, principal, case, ws, compartment, body, now)
    _first_contact(ws, case, now)
    return read_case(uow, principal, case.id, clock, log_purpose="case.note_written")


def post_member_message(
    uow: UnitOfWork, principal: Principal, case_id: str, body: str, clock: Clock
) -> CaseView:
    """A member writes on a case they may see (general compartment)."""
    if not principal.is_member:
        raise ActionRefused("staff write notes on a workstream")
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    if case.status == CaseStatus.CLOSED:
        raise StateConflict("the case is closed")
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
    if ws.status == WorkstreamStatus.CLOSED:
        raise StateConflict("the workstream is already closed")
    if ws.assignee_user_id is None:
        raise StateConflict("nobody has taken this workstream yet")
    if not outcome.strip():
        raise InvalidInput("outcome", "say what was delivered")
    now = clock.now()
    ws.status = WorkstreamStatus.CLOSED.value
    ws.closed_at = now
    ws.outcome = outcome.strip()[:200]
    audit_case(uow, principal, case, "workstream.closed", ART_8_4, now, team=ws.team)
    uow.session.flush()
    return WorkstreamView.of(ws, now)


# --- helpers ---------------------------------------------------------------------------------


def _load(
    uow: UnitOfWork, principal: Principal, workstream_id: str, clock: Clock
) -> tuple[WorkstreamRow, CaseRow]:
    ws = repository.workstream_row(uow, workstream_id, for_update=True)
    if ws is None or not principal.is_staff:
        raise WorkstreamNotFound(f"no workstream {workstream_id!r}")
    case = load_case_for(uow, principal, ws.case_id, today=clock.today(), for_update=True)
    return ws, case


def _add_note(
    uow: UnitOfWork,
    principal: Principal,
    case: CaseRow,
    ws: WorkstreamRow | None,
    compartment: Compartment,
    body: str,
    now: datetime,
) -> None:
    text = body.strip()
    if not text:
        raise InvalidInput("body", "the note is empty")
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput("body", f"at most {MAX_NOTE_LENGTH} characters")
    note = CaseNoteRow(
        case_id=case.id,
        workstream_id=ws.id if ws else None,
        author_user_id=principal.user_id,
        compartment=compartment.value,
        body=text,
        created_at=now,
    )
    repository.add(uow, note)
    audit_case(
        uow,
        principal,
        case,
        "case.note_added",
        ART_11_2 if compartment is Compartment.PSYCHOLOGICAL else ART_8_4,
        now,
        team=ws.team if ws else None,
        compartment=compartment.value,
        note=note.id,
    )


def _first_contact(ws: WorkstreamRow, case: CaseRow, now: datetime) -> None:
    if ws.first_contact_at is None:
        ws.first_contact_at = now
    if case.first_contact_at is None:
        case.first_contact_at = now
    if case.status in (CaseStatus.OPEN, CaseStatus.TRIAGED):
        case.status = CaseStatus.IN_PROGRESS.value


def queue_row(ws: WorkstreamRow, case: CaseRow, now: datetime) -> QueueItem:
    """A workstream as a row of its team's queue."""
    return QueueItem(
        workstream_id=ws.id,
        case_id=case.id,
        team=ws.team,
        status=ws.status,
        assignee_user_id=ws.assignee_user_id,
        guarantee_code=case.guarantee_code,
        urgent=case.urgent,
        urgency_reason=case.urgency_reason,
        language=case.language,
        opened_at=ws.opened_at,
        first_contact=SlaView.of(ws.first_contact_due_at, ws.first_contact_at, now),
    )


def triage_row(case: CaseRow, now: datetime) -> QueueItem:
    """An untriaged case as a row of the triage queue."""
    return QueueItem(
        workstream_id="",
        case_id=case.id,
        team=TRIAGE_QUEUE,
        status=case.status,
        assignee_user_id=None,
        guarantee_code=case.guarantee_code,
        urgent=case.urgent,
        urgency_reason=case.urgency_reason,
        language=case.language,
        opened_at=case.opened_at,
        first_contact=SlaView.of(case.first_contact_due_at, case.first_contact_at, now),
    )

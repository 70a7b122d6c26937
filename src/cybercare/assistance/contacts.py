"""Reaching the member (Art. 8.4, 11.1): reading how to reach the people of a case, and logging
each try to reach them.

- Reading the contact details is for the staff who work the case
  (`domain.check_may_read_contact_details`) and every read is an audit event in the reader's
  transaction (subject `case_contact_details`, Art. 11.1).
- The first human contact of Art. 8.4 is made only by a logged contact: a call that reached the
  person or a message sent to them (`ContactTry.is_first_contact`). A voicemail or a call nobody
  answered keeps the clock running and plans the next try. Taking a workstream only assigns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cybercare.assistance import contact_queries, repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import Case, Workstream
from cybercare.assistance.contact_queries import CaseContacts, ContactAttemptView
from cybercare.assistance.domain import (
    ART_8_4,
    ART_11_1,
    ActionRefused,
    Compartment,
    ContactTry,
    WorkstreamNotFound,
    check_may_read_contact_details,
    check_may_write_on_workstream,
    contact_note,
    next_try_at,
)
from cybercare.assistance.events import audit_case
from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput

CONTACT_DETAILS = "case_contact_details"  # the audit subject of a read (Art. 11.1)

__all__ = ["ContactLog", "ContactLogged", "case_contacts", "log_contact"]


@dataclass(frozen=True, slots=True)
class ContactLog:
    """What the agent logs: a call and its outcome, or a message and its channel; whom they
    tried (one of the people shown); on which workstream (None: the case, before triage)."""

    kind: str
    outcome: str = ""
    channel: str | None = None
    person_id: str | None = None
    workstream_id: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ContactLogged:
    attempt_id: int
    case_id: str
    workstream_id: str | None
    kind: str
    outcome: str
    channel: str
    first_contact: bool  # this try met the first-contact clock (Art. 8.4)
    first_contact_at: datetime | None  # of the workstream (or the case), after this try
    next_try_at: datetime | None


def _load_readable(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock, *, for_update: bool
) -> tuple[Case, list[Workstream]]:
    """The case and its workstreams when `principal` may read how to reach its people."""
    if not principal.is_staff:
        raise ActionRefused(
            "how to reach the member is for the staff working the case", clause=str(ART_11_1)
        )
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=for_update)
    workstreams = repository.workstreams_of(uow, case.id)
    check_may_read_contact_details(
        principal, case_teams=[ws.team for ws in workstreams], triaged=bool(workstreams)
    )
    return case, workstreams


def case_contacts(
    uow: UnitOfWork, principal: Principal, case_id: str, clock: Clock, *, purpose: str
) -> CaseContacts:
    """How to reach the people of the case, for staff working it; the read is logged
    (Art. 11.1) in this unit of work: the caller commits."""
    case, workstreams = _load_readable(uow, principal, case_id, clock, for_update=False)
    minor, people = contact_queries.reachable_people(uow, case, clock.today())
    attempts = contact_queries.attempts_of(uow, case.id)
    trail.record(
        uow,
        at=clock.now(),
        actor=principal.actor,
        action="case.contact_details_read",
        subject_type=CONTACT_DETAILS,
        subject_id=case.id,
        clause=str(ART_11_1),
        details={"purpose": purpose, "persons": [p.person_id for p in people]},
    )
    return CaseContacts(
        case_id=case.id,
        minor=minor,
        people=tuple(people),
        callback_phone=contact_queries.callback_phone(uow, case.id),
        attempts=tuple(attempts),
        next_try_at=_next_try(case, workstreams, attempts),
    )


def _next_try(
    case: Case, workstreams: list[Workstream], attempts: list[ContactAttemptView]
) -> datetime | None:
    """The next try the latest one planned, while the clock it was for still runs."""
    if not attempts or attempts[0].next_try_at is None:
        return None
    latest = attempts[0]
    met = {ws.id: ws.first_contact_at for ws in workstreams}.get(
        latest.workstream_id or "", case.first_contact_at
    )
    return latest.next_try_at if met is None else None


def log_contact(
    uow: UnitOfWork, principal: Principal, case_id: str, log: ContactLog, clock: Clock
) -> ContactLogged:
    """Art. 8.4: one try to reach the member, logged. A call that reached them or a message sent
    is the first human contact: it stops the clock of its workstream and of the case. Anything
    else keeps them running and plans the next try."""
    case, workstreams = _load_readable(uow, principal, case_id, clock, for_update=True)
    attempt = ContactTry.parse(log.kind, log.outcome, log.channel)
    note = contact_note(log.note)
    case.check_writable()
    ws = _workstream(uow, principal, case, workstreams, log.workstream_id)
    _check_person(uow, case, log.person_id, clock)
    now = clock.now()
    clock_of: Case | Workstream = ws if ws is not None else case
    met_before = clock_of.first_contact_at is not None
    first = attempt.is_first_contact and not met_before
    if attempt.is_first_contact:
        if ws is not None:
            ws = ws.contacted(now)
            repository.save_workstream(uow, ws)
        first = first or case.first_contact_at is None
        case = case.contacted(now)
        repository.save_case(uow, case)
    planned = next_try_at(
        attempt,
        urgent=case.urgent,
        at=now,
        due_at=clock_of.first_contact_due_at,
        contacted=met_before,
    )
    attempt_id = repository.add_contact_attempt(
        uow,
        case_id=case.id,
        workstream_id=ws.id if ws else None,
        person_id=log.person_id or None,
        attempt=attempt,
        note=note,
        first_contact=first,
        next_try_at=planned,
        made_by=principal.user_id,
        at=now,
    )
    audit_case(
        uow,
        principal,
        case,
        "case.contact_logged",
        ART_8_4,
        now,
        team=ws.team if ws else None,
        kind=attempt.kind.value,
        outcome=attempt.outcome.value,
        channel=attempt.channel.value,
        first_contact=first,
        next_try_at=planned.isoformat() if planned else None,
        attempt=attempt_id,
    )
    met = ws.first_contact_at if ws is not None else case.first_contact_at
    return ContactLogged(
        attempt_id,
        case.id,
        ws.id if ws else None,
        attempt.kind.value,
        attempt.outcome.value,
        attempt.channel.value,
        first,
        met,
        planned,
    )


def _workstream(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    workstreams: list[Workstream],
    workstream_id: str | None,
) -> Workstream | None:
    """The workstream the try is for: one of the case, open, of the agent's team (or a
    supervisor's), the same rule as for a general note."""
    if not workstream_id:
        return None
    if workstream_id not in {w.id for w in workstreams}:
        raise InvalidInput("workstream_id", "a workstream of this case")
    ws = repository.workstream(uow, workstream_id, for_update=True)
    if ws is None or ws.case_id != case.id:
        raise WorkstreamNotFound(f"no workstream {workstream_id!r}")
    ws.check_writable()
    check_may_write_on_workstream(
        principal, team=ws.team, assignee=ws.assignee_user_id, compartment=Compartment.GENERAL
    )
    return ws


def _check_person(uow: UnitOfWork, case: Case, person_id: str | None, clock: Clock) -> None:
    """Whom the agent tried: one of the people the staff view shows (None: the call-back number
    or a number not on file)."""
    if not person_id:
        return
    _, people = contact_queries.reachable_people(uow, case, clock.today())
    if person_id not in {p.person_id for p in people}:
        raise InvalidInput("person_id", "the person concerned or a minor's legal representative")

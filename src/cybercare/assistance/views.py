"""What the edges render: read models of a case, its workstreams, notes and the team queues.
Built only after the Art. 11 checks; a view never holds what its reader may not see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.assistance.case import Case, Note, Takedown, Workstream
from cybercare.assistance.domain import TRIAGE_QUEUE
from cybercare.assistance.sla import ClockState
from cybercare.cover.service import CaseHolding


@dataclass(frozen=True, slots=True)
class SlaView:
    due_at: datetime
    met_at: datetime | None
    seconds_left: int
    breached: bool

    @classmethod
    def of(cls, due_at: datetime, met_at: datetime | None, now: datetime) -> SlaView:
        state = ClockState(due_at, met_at, now)
        return cls(due_at, met_at, state.seconds_left, state.breached)


@dataclass(frozen=True, slots=True)
class WorkstreamView:
    workstream_id: str
    case_id: str
    team: str
    status: str
    assignee_user_id: str | None
    opened_at: datetime
    taken_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    first_contact: SlaView
    # GDPR art. 9(2)(a), Art. 11.2: a psychological workstream waits for the explicit consent
    # (none given yet, or withdrawn): no note is written meanwhile.
    waiting_for_consent: bool = False

    @classmethod
    def of(
        cls, row: Workstream, now: datetime, *, waiting_for_consent: bool = False
    ) -> WorkstreamView:
        return cls(
            row.id,
            row.case_id,
            row.team,
            row.status.value,
            row.assignee_user_id,
            row.opened_at,
            row.taken_at,
            row.closed_at,
            row.outcome,
            SlaView.of(row.first_contact_due_at, row.first_contact_at, now),
            waiting_for_consent and not row.closed,
        )


@dataclass(frozen=True, slots=True)
class NoteView:
    note_id: int
    workstream_id: str | None
    author_user_id: str
    compartment: str
    body: str
    created_at: datetime

    @classmethod
    def of(cls, note: Note) -> NoteView:
        return cls(
            note.note_id,
            note.workstream_id,
            note.author_user_id,
            note.compartment.value,
            note.body,
            note.created_at,
        )


@dataclass(frozen=True, slots=True)
class TakedownView:
    takedown_id: str
    case_id: str
    url: str
    addressee: str
    sent_at: datetime
    deadline_date: date
    rechecked_at: datetime | None
    recheck_result: str | None
    taken_down_on: date | None
    overdue: bool

    @classmethod
    def of(cls, row: Takedown, today: date) -> TakedownView:
        return cls(
            row.id,
            row.case_id,
            row.url,
            row.addressee,
            row.sent_at,
            row.deadline_date,
            row.rechecked_at,
            row.recheck_result,
            row.taken_down_on,
            row.taken_down_on is None and today > row.deadline_date,
        )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    event: str
    team: str | None = None


@dataclass(frozen=True, slots=True)
class CaseView:
    case_id: str
    affiliation_id: str
    household_id: str
    person_id: str
    guarantee_code: str | None
    narrative: str
    occurrence_date: date | None
    discovery_date: date
    urgent: bool
    urgency_reason: str | None
    channel: str
    language: str
    status: str
    possible_duplicate_of: str | None
    opened_by: str
    opened_at: datetime
    triaged_at: datetime | None
    closed_at: datetime | None
    closure_reason: str | None
    first_contact: SlaView
    closure_outcome: str | None = None
    case_limit: CaseHolding | None = None  # Art. 5.2, for a guarantee with a pot (read one case)
    workstreams: tuple[WorkstreamView, ...] = ()
    notes: tuple[NoteView, ...] = ()
    takedowns: tuple[TakedownView, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    psychological_notes_withheld: bool = False


def case_view(
    row: Case,
    now: datetime,
    *,
    workstreams: tuple[WorkstreamView, ...] = (),
    notes: tuple[NoteView, ...] = (),
    takedowns: tuple[TakedownView, ...] = (),
    timeline: tuple[TimelineEntry, ...] = (),
    psychological_notes_withheld: bool = False,
    case_limit: CaseHolding | None = None,
) -> CaseView:
    return CaseView(
        case_id=row.id,
        affiliation_id=row.affiliation_id,
        household_id=row.household_id,
        person_id=row.person_id,
        guarantee_code=row.guarantee_code,
        narrative=row.narrative,
        occurrence_date=row.occurrence_date,
        discovery_date=row.discovery_date,
        urgent=row.urgent,
        urgency_reason=row.urgency_reason,
        channel=row.channel,
        language=row.language,
        status=row.status.value,
        possible_duplicate_of=row.possible_duplicate_of,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        triaged_at=row.triaged_at,
        closed_at=row.closed_at,
        closure_reason=row.closure_reason,
        closure_outcome=row.closure_outcome.value if row.closure_outcome else None,
        case_limit=case_limit,
        first_contact=SlaView.of(row.first_contact_due_at, row.first_contact_at, now),
        workstreams=workstreams,
        notes=notes,
        takedowns=takedowns,
        timeline=timeline,
        psychological_notes_withheld=psychological_notes_withheld,
    )


@dataclass(frozen=True, slots=True)
class QueueItem:
    workstream_id: str
    case_id: str
    team: str
    status: str
    assignee_user_id: str | None
    guarantee_code: str | None
    urgent: bool
    urgency_reason: str | None
    language: str
    opened_at: datetime
    first_contact: SlaView
    waiting_for_consent: bool = False  # GDPR art. 9(2)(a), Art. 11.2 (see WorkstreamView)


def queue_row(
    ws: Workstream, case: Case, now: datetime, *, waiting_for_consent: bool = False
) -> QueueItem:
    """A workstream as a row of its team's queue."""
    return QueueItem(
        workstream_id=ws.id,
        case_id=case.id,
        team=ws.team,
        status=ws.status.value,
        assignee_user_id=ws.assignee_user_id,
        guarantee_code=case.guarantee_code,
        urgent=case.urgent,
        urgency_reason=case.urgency_reason,
        language=case.language,
        opened_at=ws.opened_at,
        first_contact=SlaView.of(ws.first_contact_due_at, ws.first_contact_at, now),
        waiting_for_consent=waiting_for_consent,
    )


def triage_row(case: Case, now: datetime) -> QueueItem:
    """An untriaged case as a row of the triage queue."""
    return QueueItem(
        workstream_id="",
        case_id=case.id,
        team=TRIAGE_QUEUE,
        status=case.status.value,
        assignee_user_id=None,
        guarantee_code=case.guarantee_code,
        urgent=case.urgent,
        urgency_reason=case.urgency_reason,
        language=case.language,
        opened_at=case.opened_at,
        first_contact=SlaView.of(case.first_contact_due_at, case.first_contact_at, now),
    )

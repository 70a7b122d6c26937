"""The case, its workstreams, notes and takedowns as entities with their status machines. Pure.

    case:        open ──triage──▶ triaged ──first contact──▶ in_progress ──close(outcome)──▶ closed
    workstream:  open ──take──▶ in_progress ──close──▶ closed

A phone call is its own first contact (Art. 8.1), so a phone case may be in progress before it
is triaged. Re-triage keeps the status (Art. 4). A closed case is final: it is neither triaged
again, nor written on, nor reopened (a new incident opens a new case). Every transition returns a
new value; every other one is refused with a `StateConflict` citing its article. The repository
maps rows to these values and back; services never set a row's field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from cybercare.assistance.domain import (
    ART_4,
    ART_5_2,
    ART_8_4,
    CaseAlreadyCounted,
    CaseOutcome,
    CaseStatus,
    Channel,
    Compartment,
    StateConflict,
    WorkstreamStatus,
)
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import InvalidInput

ART_4_2 = Art("4.2")
MAX_NOTE_LENGTH = 20_000
RECHECK_RESULTS = ("still_online", "taken_down", "unreachable")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
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
    status: CaseStatus
    possible_duplicate_of: str | None
    opened_by: str
    opened_at: datetime
    first_contact_due_at: datetime
    first_contact_at: datetime | None = None
    triaged_at: datetime | None = None
    closed_at: datetime | None = None
    closure_reason: str | None = None
    closure_outcome: CaseOutcome | None = None
    case_pot: str | None = None  # the pot whose yearly cases the case holds or counts in (5.2)

    @classmethod
    def open(
        cls,
        *,
        case_id: str,
        affiliation_id: str,
        household_id: str,
        person_id: str,
        guarantee_code: str | None,
        narrative: str,
        occurrence_date: date | None,
        discovery_date: date,
        urgent: bool,
        urgency_reason: str | None,
        channel: Channel,
        language: str,
        possible_duplicate_of: str | None,
        opened_by: str,
        at: datetime,
        first_contact_due_at: datetime,
    ) -> Case:
        """Art. 8.1: received, not triaged yet; on the phone the agent is the first contact."""
        if not narrative.strip():
            raise InvalidInput("narrative", "tell what happened")
        return cls(
            id=case_id,
            affiliation_id=affiliation_id,
            household_id=household_id,
            person_id=person_id,
            guarantee_code=guarantee_code,
            narrative=narrative.strip(),
            occurrence_date=occurrence_date,
            discovery_date=discovery_date,
            urgent=urgent,
            urgency_reason=urgency_reason,
            channel=channel.value,
            language=language,
            status=CaseStatus.OPEN,
            possible_duplicate_of=possible_duplicate_of,
            opened_by=opened_by,
            opened_at=at,
            first_contact_due_at=first_contact_due_at,
            first_contact_at=at if channel is Channel.PHONE else None,
        )

    @property
    def closed(self) -> bool:
        return self.status is CaseStatus.CLOSED

    @property
    def incident_date(self) -> date:
        """The day the pot year is chosen by (Art. 3.4): the occurrence, else the discovery."""
        return self.occurrence_date or self.discovery_date

    def check_triageable(self) -> None:
        """Art. 4: a closed case is not triaged again (a new incident opens a new case)."""
        if self.closed:
            raise StateConflict(
                "the case is closed", clause=str(ART_4), params={"status": self.status.value}
            )

    def with_guarantee(
        self, guarantee_code: str, *, has_claims: bool, possible_duplicate_of: str | None
    ) -> Case:
        """Art. 4: (re-)triage sets the guarantee. A case with claims keeps its own: they were
        decided on it and drew on its pot."""
        self.check_triageable()
        if self.guarantee_code == guarantee_code:
            return self
        if self.guarantee_code is not None and has_claims:
            raise StateConflict(
                "the case has claims under its guarantee: open a new case for another one",
                clause=str(ART_4),
                params={"guarantee": self.guarantee_code},
            )
        return replace(
            self, guarantee_code=guarantee_code, possible_duplicate_of=possible_duplicate_of
        )

    def holding(self, pot: str | None) -> Case:
        """Art. 5.2: the pot whose yearly cases the case holds (None: it holds none)."""
        self.check_triageable()
        return replace(self, case_pot=pot)

    def triaged(self, at: datetime) -> Case:
        """Art. 4: its workstreams are open. Re-triage keeps the status and the first date."""
        self.check_triageable()
        if self.status is not CaseStatus.OPEN:
            return self
        return replace(self, status=CaseStatus.TRIAGED, triaged_at=at)

    def contacted(self, at: datetime) -> Case:
        """Art. 8.4: the first human contact stops the case's clock; a team is at work."""
        if self.closed:
            raise StateConflict("the case is closed", clause=str(ART_8_4))
        return replace(
            self, first_contact_at=self.first_contact_at or at, status=CaseStatus.IN_PROGRESS
        )

    def check_writable(self) -> None:
        """Art. 8.4: nobody writes on, or asks a takedown for, a closed case."""
        if self.closed:
            raise StateConflict("the case is closed", clause=str(ART_8_4))

    def check_closable(
        self,
        reason: str,
        *,
        open_workstreams: Sequence[str] = (),
        pending_claims: Sequence[str] = (),
    ) -> None:
        """Closing needs every workstream closed and every claim decided (a claim waiting holds
        money in the pot: a handler decides it first), and a reason."""
        if self.closed:
            raise StateConflict(
                "the case is already closed",
                clause=str(ART_4),
                params={"status": self.status.value},
            )
        if open_workstreams:
            raise StateConflict(
                "close every workstream first",
                clause=str(ART_4),
                params={"open_workstreams": sorted(open_workstreams)},
            )
        if not reason.strip():
            raise InvalidInput("reason", "say why the case is closed")
        if pending_claims:
            raise StateConflict(
                "a claim of this case is not decided yet",
                clause=str(ART_5_2),
                params={"pending_claims": list(pending_claims)},
            )

    def check_outcome(self, outcome: CaseOutcome, *, pot: str | None, counted: bool) -> None:
        """Art. 5.2: a case an accepted claim counted ends as help given, never as if none was."""
        if not outcome.counts and pot is not None and counted:
            raise CaseAlreadyCounted(
                "an accepted claim already counted this case among the year's cases: close it as "
                "help given",
                clause=str(ART_5_2),
                params={"outcome": outcome.value, "pot": pot},
            )

    def close(
        self,
        outcome: CaseOutcome,
        reason: str,
        at: datetime,
        *,
        pot: str | None,
        case_pot: str | None,
        counted: bool,
        open_workstreams: Sequence[str] = (),
        pending_claims: Sequence[str] = (),
    ) -> Case:
        """The help is given, or the case is a duplicate, withdrawn or not covered (Art. 5.2).
        `pot`: the pot the case draws on; `counted`: a claim counted it there already;
        `case_pot`: the pot it counts in once closed (None: none)."""
        self.check_closable(
            reason, open_workstreams=open_workstreams, pending_claims=pending_claims
        )
        self.check_outcome(outcome, pot=pot, counted=counted)
        return replace(
            self,
            status=CaseStatus.CLOSED,
            closed_at=at,
            closure_reason=reason.strip(),
            closure_outcome=outcome,
            case_pot=case_pot,
        )


@dataclass(frozen=True, slots=True)
class Workstream:
    """One team's work on a case, with its own assignee and first-contact clock (Art. 4, 8.4)."""

    id: str
    case_id: str
    team: str
    status: WorkstreamStatus
    assignee_user_id: str | None
    opened_at: datetime
    first_contact_due_at: datetime
    first_contact_at: datetime | None = None
    taken_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None

    @classmethod
    def open(
        cls,
        *,
        workstream_id: str,
        case: Case,
        team: str,
        at: datetime,
        first_contact_due_at: datetime,
    ) -> Workstream:
        """Art. 4: in the team's queue, nobody assigned."""
        case.check_triageable()
        return cls(
            id=workstream_id,
            case_id=case.id,
            team=team,
            status=WorkstreamStatus.OPEN,
            assignee_user_id=None,
            opened_at=at,
            first_contact_due_at=first_contact_due_at,
        )

    @property
    def closed(self) -> bool:
        return self.status is WorkstreamStatus.CLOSED

    def take(self, user_id: str, at: datetime) -> Workstream:
        """Art. 8.4: an agent takes it; one already taken stays with its holder."""
        if self.closed:
            raise StateConflict(
                "the workstream is closed",
                clause=str(ART_8_4),
                params={"status": self.status.value},
            )
        if self.assignee_user_id == user_id:
            return self
        if self.assignee_user_id is not None:
            raise StateConflict(
                "another agent holds this workstream",
                clause=str(ART_8_4),
                params={"assignee": self.assignee_user_id},
            )
        return replace(
            self, assignee_user_id=user_id, status=WorkstreamStatus.IN_PROGRESS, taken_at=at
        )

    def contacted(self, at: datetime) -> Workstream:
        """Art. 8.4: the first human contact stops the workstream's clock."""
        self.check_writable()
        return replace(self, first_contact_at=self.first_contact_at or at)

    def check_writable(self) -> None:
        if self.closed:
            raise StateConflict("the workstream is closed", clause=str(ART_8_4))

    def close(self, outcome: str, at: datetime) -> Workstream:
        """Art. 8.4: the team's service is delivered, by the agent who took it."""
        if self.closed:
            raise StateConflict("the workstream is already closed", clause=str(ART_8_4))
        if self.assignee_user_id is None:
            raise StateConflict("nobody has taken this workstream yet", clause=str(ART_8_4))
        if not outcome.strip():
            raise InvalidInput("outcome", "say what was delivered")
        return replace(
            self, status=WorkstreamStatus.CLOSED, closed_at=at, outcome=outcome.strip()[:200]
        )


@dataclass(frozen=True, slots=True)
class Note:
    """A note on a case; psychological ones belong to the psychological workstream (Art. 11.2)."""

    note_id: int
    case_id: str
    workstream_id: str | None
    author_user_id: str
    compartment: Compartment
    body: str
    created_at: datetime


def note_text(body: str) -> str:
    """The text a note keeps: not empty, not longer than a note holds."""
    text = body.strip()
    if not text:
        raise InvalidInput("body", "the note is empty")
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput("body", f"at most {MAX_NOTE_LENGTH} characters")
    return text


@dataclass(frozen=True, slots=True)
class Takedown:
    """E-reputation (Art. 4.2): one offending URL, the removal request, its deadline, the
    re-check result and the date the material came down."""

    id: str
    case_id: str
    url: str
    addressee: str
    sent_at: datetime
    deadline_date: date
    recorded_by: str
    rechecked_at: datetime | None = None
    recheck_result: str | None = None
    taken_down_on: date | None = None

    @classmethod
    def request(
        cls,
        *,
        takedown_id: str,
        case: Case,
        url: str,
        addressee: str,
        deadline_date: date,
        recorded_by: str,
        at: datetime,
        today: date,
    ) -> Takedown:
        case.check_writable()
        if not addressee.strip():
            raise InvalidInput("addressee", "who received the request (platform, host, author)")
        if deadline_date < today:
            raise InvalidInput("deadline_date", "the deadline cannot be in the past")
        return cls(
            id=takedown_id,
            case_id=case.id,
            url=url,
            addressee=addressee.strip()[:200],
            sent_at=at,
            deadline_date=deadline_date,
            recorded_by=recorded_by,
        )

    def rechecked(
        self, result: str, *, at: datetime, today: date, taken_down_on: date | None
    ) -> Takedown:
        """The URL was checked again: still online, taken down (on which date), unreachable."""
        if result not in RECHECK_RESULTS:
            raise InvalidInput("result", f"one of {', '.join(RECHECK_RESULTS)}")
        down_on = None
        if result == "taken_down":
            down_on = taken_down_on or today
            if down_on > today or down_on < self.sent_at.date():
                raise InvalidInput("taken_down_on", "between the request and today")
        elif taken_down_on is not None:
            raise InvalidInput("taken_down_on", "only with the result taken_down")
        return replace(self, recheck_result=result, rechecked_at=at, taken_down_on=down_on)

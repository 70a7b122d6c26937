"""Request and response shapes of the assistance API: cases, workstreams, notes, queues,
takedowns. What a reader may not see (Art. 11) is never in the view these are built from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.api.schemas.days import InputDate
from cybercare.assistance.domain import CaseOutcome
from cybercare.assistance.views import (
    CaseView,
    NoteView,
    QueueItem,
    SlaView,
    TakedownView,
    TimelineEntry,
    WorkstreamView,
)
from cybercare.cover.service import CaseHolding

Language = Literal["nl", "fr", "de", "en"]
TeamName = Literal["technical", "legal", "financial", "psychological"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CaseCreate(Strict):
    person_id: Annotated[str, StringConstraints(min_length=1, max_length=32)] = Field(
        description="The insured person concerned (yourself, or a minor you represent)"
    )
    guarantee_code: Annotated[str, StringConstraints(max_length=16)] | None = Field(
        default=None, description="ASSIST, EREP, IDT, PAYF, ECOM, DATA — or null: an agent triages"
    )
    narrative: Text
    occurrence_date: InputDate | None = None
    discovery_date: InputDate
    urgent: bool = False
    urgency_reason: str | None = Field(
        default=None, description="distress, ongoing_harassment or ongoing_fraud (Art. 8.4)"
    )
    language: Language | None = None
    channel: Literal["phone", "portal", "api"] | None = Field(
        default=None, description="Default: api for members, phone for agents (Art. 8.1)"
    )


class MessageCreate(Strict):
    body: Text


class NoteCreate(Strict):
    compartment: Literal["general", "psychological"] = "general"
    body: Text


class TriageCreate(Strict):
    guarantee_code: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    extra_teams: list[TeamName] = Field(default_factory=list)


class CaseClose(Strict):
    reason: Short
    outcome: CaseOutcome = Field(
        description=(
            "Art. 5.2: `service_delivered` counts the case against its pot's yearly case limit "
            "(whether it ended in money, services or both); `duplicate`, `withdrawn` and "
            "`not_covered` give back the case it held"
        )
    )


class WorkstreamClose(Strict):
    outcome: Short


class TakedownCreate(Strict):
    url: Annotated[str, StringConstraints(min_length=1, max_length=2048)]
    addressee: Short
    deadline_date: InputDate


class TakedownRecheck(Strict):
    result: Literal["still_online", "taken_down", "unreachable"]
    taken_down_on: InputDate | None = None


class SlaRead(BaseModel):
    due_at: datetime
    met_at: datetime | None
    seconds_left: int = Field(description="Negative when late")
    breached: bool

    @classmethod
    def of(cls, view: SlaView) -> SlaRead:
        return cls(
            due_at=view.due_at,
            met_at=view.met_at,
            seconds_left=view.seconds_left,
            breached=view.breached,
        )


class WorkstreamRead(BaseModel):
    id: str
    case_id: str
    team: str
    status: str
    assignee_user_id: str | None
    opened_at: datetime
    taken_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    first_contact: SlaRead
    waiting_for_consent: bool = Field(
        default=False,
        description="A psychological workstream waits for the explicit consent of the person "
        "concerned (GDPR art. 9(2)(a), Art. 11.2): no psychological note meanwhile",
    )

    @classmethod
    def of(cls, view: WorkstreamView) -> WorkstreamRead:
        return cls(
            id=view.workstream_id,
            case_id=view.case_id,
            team=view.team,
            status=view.status,
            assignee_user_id=view.assignee_user_id,
            opened_at=view.opened_at,
            taken_at=view.taken_at,
            closed_at=view.closed_at,
            outcome=view.outcome,
            first_contact=SlaRead.of(view.first_contact),
            waiting_for_consent=view.waiting_for_consent,
        )


class NoteRead(BaseModel):
    id: int
    workstream_id: str | None
    author_user_id: str
    compartment: str
    body: str
    created_at: datetime

    @classmethod
    def of(cls, view: NoteView) -> NoteRead:
        return cls(
            id=view.note_id,
            workstream_id=view.workstream_id,
            author_user_id=view.author_user_id,
            compartment=view.compartment,
            body=view.body,
            created_at=view.created_at,
        )


class TakedownRead(BaseModel):
    id: str
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
    def of(cls, view: TakedownView) -> TakedownRead:
        return cls(
            id=view.takedown_id,
            case_id=view.case_id,
            url=view.url,
            addressee=view.addressee,
            sent_at=view.sent_at,
            deadline_date=view.deadline_date,
            rechecked_at=view.rechecked_at,
            recheck_result=view.recheck_result,
            taken_down_on=view.taken_down_on,
            overdue=view.overdue,
        )


class TimelineRead(BaseModel):
    at: datetime
    event: str
    team: str | None

    @classmethod
    def of(cls, entry: TimelineEntry) -> TimelineRead:
        return cls(at=entry.at, event=entry.event, team=entry.team)


class CaseLimitRead(BaseModel):
    """Art. 5.2: where the case stands against its pot's yearly case limit."""

    pot: str
    state: Literal["counted", "reserved", "none"] = Field(
        description="`reserved`: accepted for its guarantee, it counts once the help is given or "
        "a claim is accepted; `counted`; `none`: the year's cases were all used or held when it "
        "was accepted (a handler decides)"
    )
    case_limit: int | None
    cases_left: int | None
    clause: str = "Art. 5.2"

    @classmethod
    def of(cls, holding: CaseHolding) -> CaseLimitRead:
        state: Literal["counted", "reserved", "none"] = (
            "counted" if holding.counted else "reserved" if holding.reserved else "none"
        )
        return cls(
            pot=holding.pot,
            state=state,
            case_limit=holding.case_limit,
            cases_left=holding.cases_left,
        )


class CaseRead(BaseModel):
    id: str
    affiliation_id: str
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
    possible_duplicate_of: str | None = Field(
        description="A case of the household with the same guarantee and overlapping dates"
    )
    opened_at: datetime
    triaged_at: datetime | None
    closed_at: datetime | None
    closure_reason: str | None
    closure_outcome: Literal["service_delivered", "duplicate", "withdrawn", "not_covered"] | None
    case_limit: CaseLimitRead | None = Field(
        description="Art. 5.2, for a guarantee with a yearly pot (absent from case lists)"
    )
    first_contact: SlaRead
    workstreams: list[WorkstreamRead]
    notes: list[NoteRead]
    takedowns: list[TakedownRead]
    timeline: list[TimelineRead]
    psychological_notes_withheld: bool = Field(
        description="Art. 11.2: notes exist that only the member concerned and the assigned "
        "counsellor may read"
    )

    @classmethod
    def of(cls, view: CaseView) -> CaseRead:
        return cls(
            id=view.case_id,
            affiliation_id=view.affiliation_id,
            person_id=view.person_id,
            guarantee_code=view.guarantee_code,
            narrative=view.narrative,
            occurrence_date=view.occurrence_date,
            discovery_date=view.discovery_date,
            urgent=view.urgent,
            urgency_reason=view.urgency_reason,
            channel=view.channel,
            language=view.language,
            status=view.status,
            possible_duplicate_of=view.possible_duplicate_of,
            opened_at=view.opened_at,
            triaged_at=view.triaged_at,
            closed_at=view.closed_at,
            closure_reason=view.closure_reason,
            closure_outcome=view.closure_outcome,
            case_limit=CaseLimitRead.of(view.case_limit) if view.case_limit else None,
            first_contact=SlaRead.of(view.first_contact),
            workstreams=[WorkstreamRead.of(w) for w in view.workstreams],
            notes=[NoteRead.of(n) for n in view.notes],
            takedowns=[TakedownRead.of(t) for t in view.takedowns],
            timeline=[TimelineRead.of(t) for t in view.timeline],
            psychological_notes_withheld=view.psychological_notes_withheld,
        )


class QueueItemRead(BaseModel):
    workstream_id: str | None
    case_id: str
    team: str
    status: str
    assignee_user_id: str | None
    guarantee_code: str | None
    urgent: bool
    urgency_reason: str | None
    language: str
    opened_at: datetime
    first_contact: SlaRead

    @classmethod
    def of(cls, item: QueueItem) -> QueueItemRead:
        return cls(
            workstream_id=item.workstream_id or None,
            case_id=item.case_id,
            team=item.team,
            status=item.status,
            assignee_user_id=item.assignee_user_id,
            guarantee_code=item.guarantee_code,
            urgent=item.urgent,
            urgency_reason=item.urgency_reason,
            language=item.language,
            opened_at=item.opened_at,
            first_contact=SlaRead.of(item.first_contact),
        )

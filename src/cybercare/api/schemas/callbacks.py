"""Request and response shapes of the call-back API (Art. 8.1, 8.4): "I need help now" from the
distributor's app or a member's token. The answer says who calls back, by when and on which
number; it carries no case content (Art. 11.1: the distributor never sees case contents)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.assistance.callback import CallBackView

Id = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CallBackCreate(Strict):
    person_id: Id = Field(description="Who needs help: the member, or a minor they represent")
    phone: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="The number to call back: E.164 (+32470123456) or Belgian national"
    )
    what_is_happening: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="One sentence"
    )
    urgency_reason: str = Field(description="distress, ongoing_harassment or ongoing_fraud")
    guarantee_code: Annotated[str, StringConstraints(max_length=16)] | None = Field(
        default=None, description="ASSIST, EREP, IDT, PAYF, ECOM, DATA, or null: an agent triages"
    )
    language: Literal["nl", "fr", "de", "en"] | None = None


class DistributorCallBackCreate(CallBackCreate):
    requested_by_person_id: Id = Field(
        description="The member signed in to the distributor's app, who asks (Art. 11.3)"
    )


class AssistanceLineRead(BaseModel):
    e164: str
    display: str


class CallBackRead(BaseModel):
    case_id: str
    person_id: str
    phone: str = Field(description="E.164")
    call_before: datetime = Field(description="The first-contact deadline (Art. 8.4), UTC")
    caller_team: Literal["technical", "legal", "financial", "psychological"] | None = Field(
        description="The team whose member calls; null: an agent of the 24/7 line"
    )
    teams: list[str]
    urgency_reason: str
    guarantee_code: str | None
    assistance_line: AssistanceLineRead | None

    @classmethod
    def of(cls, view: CallBackView) -> CallBackRead:
        return cls(
            case_id=view.case_id,
            person_id=view.person_id,
            phone=view.phone,
            call_before=view.call_before,
            caller_team=view.caller_team.value if view.caller_team else None,
            teams=[team.value for team in view.teams],
            urgency_reason=view.urgency_reason,
            guarantee_code=view.guarantee_code,
            assistance_line=(
                AssistanceLineRead(e164=view.line.e164, display=view.line.display)
                if view.line
                else None
            ),
        )


class DistributorCallBackRead(BaseModel):
    """What the distributor's app may tell the member: who is called, on which number, by when,
    and the line to ring meanwhile. Nothing of the case it opened (Art. 11.1): no case id, no
    team (a counsellor calling would tell the distributor someone is in distress), no guarantee
    or urgency as triaged (docs/privacy-minimisation.md)."""

    person_id: str
    phone: str = Field(description="E.164")
    call_before: datetime = Field(description="The first-contact deadline (Art. 8.4), UTC")
    assistance_line: AssistanceLineRead | None

    @classmethod
    def of(cls, view: CallBackView) -> DistributorCallBackRead:
        return cls(
            person_id=view.person_id,
            phone=view.phone,
            call_before=view.call_before,
            assistance_line=(
                AssistanceLineRead(e164=view.line.e164, display=view.line.display)
                if view.line
                else None
            ),
        )

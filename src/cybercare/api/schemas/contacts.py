"""Request and response shapes of reaching the member (staff only, Art. 8.4, 11.1): the contact
details of a case and the tries to reach the member."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.assistance.contact_queries import CaseContacts, ContactAttemptView, ContactLine
from cybercare.assistance.contacts import ContactLogged


class ContactAttemptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["call", "message"]
    outcome: Literal["reached", "voicemail", "no_answer", "sent"] | None = Field(
        default=None,
        description="A call: reached, voicemail or no_answer. A message: sent (the default).",
    )
    channel: Literal["phone", "email", "sms", "portal"] | None = Field(
        default=None, description="A call: phone (the default). A message: email, sms or portal."
    )
    person_id: Annotated[str, StringConstraints(max_length=32)] | None = Field(
        default=None,
        description="Whom you tried: the person concerned or a minor's legal representative",
    )
    workstream_id: Annotated[str, StringConstraints(max_length=32)] | None = Field(
        default=None, description="Your team's workstream; null before triage (the case's clock)"
    )
    note: Annotated[str, StringConstraints(max_length=500)] = ""


class ContactAttemptRead(BaseModel):
    id: int
    case_id: str
    workstream_id: str | None
    kind: str
    outcome: str
    channel: str
    first_contact: bool = Field(description="This try met the first-contact clock (Art. 8.4)")
    first_contact_at: datetime | None
    next_try_at: datetime | None = Field(description="When to try again; null when not needed")

    @classmethod
    def of(cls, logged: ContactLogged) -> ContactAttemptRead:
        return cls(
            id=logged.attempt_id,
            case_id=logged.case_id,
            workstream_id=logged.workstream_id,
            kind=logged.kind,
            outcome=logged.outcome,
            channel=logged.channel,
            first_contact=logged.first_contact,
            first_contact_at=logged.first_contact_at,
            next_try_at=logged.next_try_at,
        )


class ContactPersonRead(BaseModel):
    person_id: str
    name: str
    language: str
    phone: str | None
    email: str | None
    representative: bool

    @classmethod
    def of(cls, line: ContactLine) -> ContactPersonRead:
        return cls(
            person_id=line.person_id,
            name=line.name,
            language=line.language,
            phone=line.phone,
            email=line.email,
            representative=line.representative,
        )


class ContactHistoryRead(BaseModel):
    id: int
    workstream_id: str | None
    person_id: str | None
    kind: str
    outcome: str
    channel: str
    note: str | None
    first_contact: bool
    next_try_at: datetime | None
    made_by: str
    made_at: datetime

    @classmethod
    def of(cls, view: ContactAttemptView) -> ContactHistoryRead:
        return cls(
            id=view.attempt_id,
            workstream_id=view.workstream_id,
            person_id=view.person_id,
            kind=view.kind,
            outcome=view.outcome,
            channel=view.channel,
            note=view.note,
            first_contact=view.first_contact,
            next_try_at=view.next_try_at,
            made_by=view.made_by,
            made_at=view.made_at,
        )


class CaseContactsRead(BaseModel):
    case_id: str
    minor: bool = Field(description="Art. 2.4: the people are the minor's legal representatives")
    people: list[ContactPersonRead]
    callback_phone: str | None
    attempts: list[ContactHistoryRead]
    next_try_at: datetime | None

    @classmethod
    def of(cls, contacts: CaseContacts) -> CaseContactsRead:
        return cls(
            case_id=contacts.case_id,
            minor=contacts.minor,
            people=[ContactPersonRead.of(p) for p in contacts.people],
            callback_phone=contacts.callback_phone,
            attempts=[ContactHistoryRead.of(a) for a in contacts.attempts],
            next_try_at=contacts.next_try_at,
        )

"""Assistance cases, their workstreams per team, notes, takedowns and SLA escalations
(Art. 4, 8.1, 8.4, 11).

A case concerns one insured person of a household; triage opens one workstream per team the
guarantee's services need. Notes sit in the general or the psychological compartment (health
data, Art. 11.2); every read of a psychological note is logged in `note_access_log`, which is
append-only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

CASE_CHANNELS = ("phone", "portal", "api")
CASE_STATUSES = ("open", "triaged", "in_progress", "closed")
CASE_LANGUAGES = ("nl", "fr", "de", "en")
TEAMS = ("technical", "legal", "financial", "psychological")
WORKSTREAM_STATUSES = ("open", "in_progress", "closed")
COMPARTMENTS = ("general", "psychological")
RECHECK_RESULTS = ("still_online", "taken_down", "unreachable")
SLA_CLOCKS = ("first_contact", "decision", "payment")
# Art. 5.2: a case whose help was given counts against its pot's case limit; the others give
# back the case they held.
CLOSURE_OUTCOMES = ("service_delivered", "duplicate", "withdrawn", "not_covered")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CaseRow(Base):
    __tablename__ = "assistance_cases"
    __table_args__ = (
        CheckConstraint(_in("channel", CASE_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("status", CASE_STATUSES), name="status_valid"),
        CheckConstraint(_in("language", CASE_LANGUAGES), name="language_valid"),
        CheckConstraint(
            "(urgent AND urgency_reason IS NOT NULL) OR (NOT urgent AND urgency_reason IS NULL)",
            name="urgency_reason_iff_urgent",
        ),
        CheckConstraint(
            "occurrence_date IS NULL OR occurrence_date <= discovery_date",
            name="occurrence_before_discovery",
        ),
        CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL)", name="closed_iff_closed_at"
        ),
        CheckConstraint(
            "closure_outcome IS NULL OR " + _in("closure_outcome", CLOSURE_OUTCOMES),
            name="closure_outcome_valid",
        ),
        Index("ix_assistance_cases_household_guarantee", "household_id", "guarantee_code"),
        Index("ix_assistance_cases_status_due", "status", "first_contact_due_at"),
        # The dashboards read the last weeks of cases, not the history (issue 21, 0034).
        Index("ix_assistance_cases_opened_at", "opened_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    guarantee_code: Mapped[str | None] = mapped_column(String(16))
    narrative: Mapped[str] = mapped_column(Text)
    occurrence_date: Mapped[date | None] = mapped_column(Date)
    discovery_date: Mapped[date] = mapped_column(Date)
    urgent: Mapped[bool] = mapped_column(Boolean)
    urgency_reason: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))
    possible_duplicate_of: Mapped[str | None] = mapped_column(String(32))
    opened_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_contact_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    triaged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closure_reason: Mapped[str | None] = mapped_column(String(200))
    closure_outcome: Mapped[str | None] = mapped_column(String(20))
    # The pot whose yearly case limit the case is held against (Art. 5.2), from its guarantee.
    case_pot: Mapped[str | None] = mapped_column(String(32))
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's API


class WorkstreamRow(Base):
    """One team's work on a case, with its own status, assignee and first-contact clock."""

    __tablename__ = "workstreams"
    __table_args__ = (
        UniqueConstraint("case_id", "team"),
        CheckConstraint(_in("team", TEAMS), name="team_valid"),
        CheckConstraint(_in("status", WORKSTREAM_STATUSES), name="status_valid"),
        CheckConstraint(
            "status = 'open' OR assignee_user_id IS NOT NULL", name="taken_has_assignee"
        ),
        CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL)", name="closed_iff_closed_at"
        ),
        Index("ix_workstreams_queue", "team", "status", "first_contact_due_at"),
        Index("ix_workstreams_opened_at", "opened_at"),  # the dashboards' window (0034)
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    team: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    assignee_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_contact_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(200))
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's API


class CaseNoteRow(Base):
    """A note on a case. Psychological notes always belong to the psychological workstream."""

    __tablename__ = "case_notes"
    __table_args__ = (
        CheckConstraint(_in("compartment", COMPARTMENTS), name="compartment_valid"),
        CheckConstraint(
            "compartment = 'general' OR workstream_id IS NOT NULL",
            name="psychological_on_workstream",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    workstream_id: Mapped[str | None] = mapped_column(ForeignKey("workstreams.id"), index=True)
    author_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    compartment: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NoteAccessLogRow(Base):
    """Every read of a psychological note (Art. 11.2): who, which note, when, through what."""

    __tablename__ = "note_access_log"
    __table_args__ = (Index("ix_note_access_log_case", "case_id", "accessed_at"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("case_notes.id"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(64))
    accessed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TakedownRequestRow(Base):
    """E-reputation (Art. 4.2): one offending URL, the removal request, its deadline, the
    re-check result and the date the material came down."""

    __tablename__ = "takedown_requests"
    __table_args__ = (
        UniqueConstraint("case_id", "url"),
        CheckConstraint(
            f"recheck_result IS NULL OR {_in('recheck_result', RECHECK_RESULTS)}",
            name="recheck_result_valid",
        ),
        CheckConstraint(
            "taken_down_on IS NULL OR recheck_result = 'taken_down'",
            name="taken_down_matches_recheck",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    addressee: Mapped[str] = mapped_column(String(200))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline_date: Mapped[date] = mapped_column(Date)
    rechecked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recheck_result: Mapped[str | None] = mapped_column(String(16))
    taken_down_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(ForeignKey("users.id"))


class SlaEscalationRow(Base):
    """A breached service-level clock (Art. 8.4), escalated once per subject and clock."""

    __tablename__ = "sla_escalations"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "clock"),
        CheckConstraint(_in("clock", SLA_CLOCKS), name="clock_valid"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    clock: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime)


CONTACT_KINDS = ("call", "message")
CONTACT_OUTCOMES = ("reached", "voicemail", "no_answer", "sent")
CONTACT_CHANNELS = ("phone", "email", "sms", "portal")


class ContactAttemptRow(Base):
    """A try to reach the person concerned or a minor's legal representative (Art. 8.4): a call
    and its outcome, or a message sent. `first_contact` marks the one that met the clock;
    `next_try_at` when the desk plans to try again after a call that reached nobody.
    Append-only."""

    __tablename__ = "contact_attempts"
    __table_args__ = (
        CheckConstraint(_in("kind", CONTACT_KINDS), name="kind_valid"),
        CheckConstraint(_in("outcome", CONTACT_OUTCOMES), name="outcome_valid"),
        CheckConstraint(_in("channel", CONTACT_CHANNELS), name="channel_valid"),
        CheckConstraint(
            "(kind = 'call' AND channel = 'phone' AND outcome <> 'sent') OR "
            "(kind = 'message' AND channel <> 'phone' AND outcome = 'sent')",
            name="kind_matches",
        ),
        Index("ix_contact_attempts_case", "case_id", "made_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"))
    workstream_id: Mapped[str | None] = mapped_column(ForeignKey("workstreams.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(String(500))
    first_contact: Mapped[bool] = mapped_column(Boolean)
    next_try_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    made_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""Privacy (issue 17): erasure requests (GDPR art. 17) with their one-month clock (art. 12.3),
and the subjects the pseudonymisation job has done (so a daily run skips them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import Json, UtcDateTime

ERASURE_CHANNELS = ("portal", "letter", "phone", "email")
ERASURE_STATUSES = ("open", "honoured", "answered")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ErasureRequestRow(Base):
    """A request to erase a person's data: open until decided (due a month after receipt);
    `honoured` when nothing had to be kept, `answered` with the date and reasons otherwise."""

    __tablename__ = "erasure_requests"
    __table_args__ = (
        CheckConstraint(_in("channel", ERASURE_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("status", ERASURE_STATUSES), name="status_valid"),
        CheckConstraint("due_on >= received_on", name="due_after_receipt"),
        CheckConstraint("(status = 'open') = (decided_at IS NULL)", name="decided_iff_not_open"),
        Index("ix_erasure_requests_status_due", "status", "due_on"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    channel: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    retained_until: Mapped[date | None] = mapped_column(Date)
    # the decision as stored: schedule version, categories erased, categories kept and why
    decision: Mapped[dict[str, Any] | None] = mapped_column(Json)


class PseudonymisedSubjectRow(Base):
    """A household or a case whose data of one retention category the job has pseudonymised."""

    __tablename__ = "pseudonymised_subjects"

    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(UtcDateTime)

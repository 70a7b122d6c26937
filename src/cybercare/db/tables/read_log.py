"""The read log of personal data (Art. 11, GDPR Art. 15; `cybercare.privacy.read_log`).

Append-only (triggers refuse UPDATE and DELETE) and made of ids and codes only: no name, no
free text, so that nothing personal is kept in a table whose rows can never be changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

# The codes of cybercare.privacy.read_log (ReadKind, ReadPurpose) and of identity's roles.
READ_KINDS = (
    "affiliation_file",
    "case",
    "claim",
    "evidence",
    "letter",
    "contact_details",
    "psychological_notes",
)
READ_PURPOSES = ("case", "claim", "search", "dashboard", "lookup")
STAFF_FUNCTIONS = (
    "technical",
    "legal",
    "financial",
    "psychological",
    "claims_handler",
    "supervisor",
    "admin",
    "finance",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PersonalDataReadRow(Base):
    """One staff read of one person's data: who, in which function, when, what and why."""

    __tablename__ = "personal_data_reads"
    __table_args__ = (
        Index("ix_personal_data_reads_person", "person_id", "read_at"),
        CheckConstraint(_in("kind", READ_KINDS), name="kind_valid"),
        CheckConstraint(_in("purpose", READ_PURPOSES), name="purpose_valid"),
        CheckConstraint(_in("staff_function", STAFF_FUNCTIONS), name="staff_function_valid"),
        CheckConstraint(
            "(purpose IN ('case', 'claim')) = (case_id IS NOT NULL)", name="case_with_purpose"
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    staff_function: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(24))
    purpose: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("assistance_cases.id"), index=True)

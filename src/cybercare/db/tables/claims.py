"""Claims on assistance cases, their evidence (Art. 8.3), every decision taken on them (history
kept: engine proposals, handler decisions, approvals, reopenings) and recoveries.

Decision letters are not stored: they are rendered from the stored decision, deterministically."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime

CLAIM_STATUSES = ("incomplete", "in_review", "awaiting_approval", "decided", "withdrawn")
OUTCOMES = ("accepted", "partially_accepted", "declined", "needs_review")
DECISION_KINDS = ("engine", "handler", "approval", "reopening")
DECISION_STATES = ("proposed", "pending_approval", "final", "superseded")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_in("status", CLAIM_STATUSES), name="status_valid"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", OUTCOMES[:3]), name="outcome_valid"),
        CheckConstraint("claimed_cents >= 0 AND payable_cents >= 0", name="amounts_positive"),
        CheckConstraint("payable_cents <= claimed_cents", name="payable_within_claimed"),
        CheckConstraint(
            "recovered_cents >= 0 AND recovered_cents <= paid_cents", name="recovery_within_paid"
        ),
        CheckConstraint("paid_cents <= payable_cents", name="paid_within_payable"),
        Index("ix_claims_queue", "status", "submitted_at"),
        Index("ix_claims_submitted_at", "submitted_at"),  # the dashboards' window (0034)
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    guarantee: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(32))
    claimed_cents: Mapped[int] = mapped_column(BigInteger)
    occurrence_date: Mapped[date | None] = mapped_column(Date)
    discovery_date: Mapped[date] = mapped_column(Date)
    declaration_date: Mapped[date] = mapped_column(Date)
    circumstances: Mapped[dict[str, Any]] = mapped_column(Json)
    language: Mapped[str] = mapped_column(String(2))
    payee_iban: Mapped[str | None] = mapped_column(String(34))
    payee_name: Mapped[str | None] = mapped_column(String(140))
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(24))
    queue_reason: Mapped[str | None] = mapped_column(String(64))
    payable_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    recovered_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Art. 8.4 clocks, set by the claims service: the decision is due 30 days after the file is
    # complete, the payment 30 days after the decision (None: no clock running).
    decision_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    payment_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's API


class EvidenceRow(Base):
    """An evidence file kept byte for byte with its SHA-256 and receipt time (Art. 8.3)."""

    __tablename__ = "claim_evidence"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="not_empty"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    evidence_type: Mapped[str] = mapped_column(String(48))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(64))


class ClaimDecisionRow(Base):
    """One decision on a claim, never rewritten but superseded: the engine's (with the product
    version and the input snapshot, so it replays), a handler's, an approval, a reopening."""

    __tablename__ = "claim_decisions"
    __table_args__ = (
        UniqueConstraint("claim_id", "sequence"),
        CheckConstraint(_in("kind", DECISION_KINDS), name="kind_valid"),
        CheckConstraint(_in("state", DECISION_STATES), name="state_valid"),
        CheckConstraint(_in("outcome", OUTCOMES), name="outcome_valid"),
        CheckConstraint("payable_cents >= 0", name="payable_positive"),
        CheckConstraint(
            "approved_by IS NULL OR approved_by <> decided_by", name="four_eyes_differ"
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(24))
    payable_cents: Mapped[int] = mapped_column(BigInteger)
    product_code: Mapped[str] = mapped_column(String(64))
    product_version: Mapped[str] = mapped_column(String(32))
    inputs: Mapped[dict[str, Any] | None] = mapped_column(Json)
    decision: Mapped[dict[str, Any]] = mapped_column(Json)
    decided_by: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RecoveryRow(Base):
    """Money recovered from a seller, a bank or a fraudster after payment (Art. 8.5)."""

    __tablename__ = "claim_recoveries"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(200))
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

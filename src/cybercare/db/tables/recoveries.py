"""Recovery files (Art. 8.5 subrogation): one per paid ECOM/PAYF claim, and the money that came
back on it (by bank transfer with the file's structured communication, or recorded by hand)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime

RECOVERY_STATUSES = (
    "open",
    "demanded",
    "partly_recovered",
    "recovered",
    "written_off",
    "closed",
)
PAYMENT_SOURCES = ("bank", "manual")


class RecoveryFileRow(Base):
    __tablename__ = "recovery_files"
    __table_args__ = (
        CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in RECOVERY_STATUSES)})", name="status_valid"
        ),
        CheckConstraint("guarantee IN ('ECOM', 'PAYF')", name="guarantee_subrogation"),
        CheckConstraint("paid_cents > 0", name="paid_positive"),
        CheckConstraint(
            "recovered_cents >= 0 AND recovered_cents <= paid_cents", name="recovery_within_paid"
        ),
        CheckConstraint(
            "(status = 'recovered') = (recovered_cents = paid_cents)", name="recovered_when_all"
        ),
        Index("ix_recovery_files_status", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), unique=True)
    guarantee: Mapped[str] = mapped_column(String(16))
    paid_cents: Mapped[int] = mapped_column(BigInteger)
    recovered_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(20))
    counterparty_name: Mapped[str | None] = mapped_column(String(140))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    counterparty_email: Mapped[str | None] = mapped_column(String(254))
    demanded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_reason: Mapped[str | None] = mapped_column(String(500))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class RecoveryPaymentRow(Base):
    __tablename__ = "recovery_payments"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            f"source IN ({', '.join(repr(s) for s in PAYMENT_SOURCES)})", name="source_valid"
        ),
        UniqueConstraint("file_id", "bank_reference", name="uq_recovery_payments_reference"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("recovery_files.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(8))
    bank_reference: Mapped[str] = mapped_column(String(64))
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""Billing (Art. 9.1, 9.3, 9.6): premium lines (the sub-ledger), runs, mandates, debit batches,
payment events, refunds and dunning cases. Money is integer cents in BigInteger columns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime

CHANNELS = ("distributor", "direct_debit")
LINE_STATUSES = ("open", "paid", "unpaid", "contested")
RUN_STATUSES = ("running", "finished")
MANDATE_STATUSES = ("active", "amended", "cancelled", "lapsed")
MANDATE_CHANNELS = ("paper", "e_mandate")
EVENT_SOURCES = ("distributor", "debit_return", "debit_settled", "transfer")
OUTCOMES = ("paid", "unpaid", "contested")
DUNNING_STATUSES = ("notice_sent", "suspended", "settled", "lifted", "terminated", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BillingRunRow(Base):
    """One billing run of a period, for every distributor (`scope` "*") or one. `cursor` is the
    last affiliation id of the last committed chunk: a rerun after a crash resumes after it."""

    __tablename__ = "billing_runs"
    __table_args__ = (
        UniqueConstraint("period", "scope"),
        CheckConstraint(_in("status", RUN_STATUSES), name="status_valid"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    scope: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    cursor: Mapped[str | None] = mapped_column(String(32))
    chunks_done: Mapped[int] = mapped_column(Integer, default=0)
    lines_created: Mapped[int] = mapped_column(BigInteger, default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Totals by distributor when finished: a rerun reports them without reading the lines.
    summary: Mapped[list[dict[str, Any]] | None] = mapped_column(Json)


class PremiumLineRow(Base):
    """The premium of one affiliation for one calendar month: `[covered_from, covered_to)`,
    `days` of the month's `month_days`; net + tax == gross (a CHECK too)."""

    __tablename__ = "billing_premium_lines"
    __table_args__ = (
        # One line per affiliation and period; period first, so the same index serves the
        # period's scans (totals, exports) and no second index slows the run's inserts.
        UniqueConstraint("period", "affiliation_id"),
        CheckConstraint(_in("channel", CHANNELS), name="channel_valid"),
        CheckConstraint(_in("status", LINE_STATUSES), name="status_valid"),
        CheckConstraint("net_cents + tax_cents = gross_cents", name="net_plus_tax_is_gross"),
        CheckConstraint("gross_cents >= 0 AND net_cents >= 0 AND tax_cents >= 0", name="amounts"),
        CheckConstraint("days > 0 AND days <= month_days", name="days_valid"),
        # Only the few unpaid lines: what the daily dunning job reads.
        Index(
            "ix_billing_premium_lines_unpaid",
            "affiliation_id",
            sqlite_where=text("status = 'unpaid'"),
            postgresql_where=text("status = 'unpaid'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(String(32))
    distributor_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    covered_from: Mapped[date] = mapped_column(Date)
    covered_to: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    month_days: Mapped[int] = mapped_column(Integer)
    gross_cents: Mapped[int] = mapped_column(BigInteger)
    net_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    tax_rate_bp: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    status_on: Mapped[date | None] = mapped_column(Date)
    debit_batch_id: Mapped[int | None] = mapped_column(BigInteger)
    run_id: Mapped[int] = mapped_column(BigInteger)


class MandateRow(Base):
    """A SEPA Core direct-debit mandate signed by the affiliate (billing/mandate.py). The
    `original_*` columns hold a pending amendment until the next collection reports it; an
    e-mandate keeps the consent it was given under (when, which text, a hash of the client)."""

    __tablename__ = "billing_mandates"
    __table_args__ = (
        CheckConstraint(_in("status", MANDATE_STATUSES), name="status_valid"),
        CheckConstraint(_in("channel", MANDATE_CHANNELS), name="channel_valid"),
        CheckConstraint(
            "channel <> 'e_mandate' OR (consent_at IS NOT NULL AND consent_text_version IS NOT "
            "NULL AND consent_client_sha256 IS NOT NULL)",
            name="e_mandate_has_consent",
        ),
        CheckConstraint(
            "status NOT IN ('cancelled', 'lapsed') OR ended_on IS NOT NULL", name="ended_dated"
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(35), unique=True)
    debtor_name: Mapped[str] = mapped_column(String(70))
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str] = mapped_column(String(11))
    signed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    channel: Mapped[str] = mapped_column(String(16), server_default="paper")
    last_collection_on: Mapped[date | None] = mapped_column(Date)
    original_iban: Mapped[str | None] = mapped_column(String(34))
    original_other_bank: Mapped[bool] = mapped_column(Boolean, server_default=false())
    original_debtor_name: Mapped[str | None] = mapped_column(String(70))
    final_collection_due: Mapped[bool] = mapped_column(Boolean, server_default=false())
    one_off: Mapped[bool] = mapped_column(Boolean, server_default=false())
    ended_on: Mapped[date | None] = mapped_column(Date)
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    consent_text_version: Mapped[str | None] = mapped_column(String(32))
    consent_client_sha256: Mapped[str | None] = mapped_column(String(64))


class DebitBatchRow(Base):
    """A pain.008 file: the open direct-debit lines of a period collected on one date."""

    __tablename__ = "billing_debit_batches"

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(35), unique=True)
    period: Mapped[str] = mapped_column(String(7))
    collection_date: Mapped[date] = mapped_column(Date)
    line_count: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    settled_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PaymentEventRow(Base):
    """One applied payment fact (a result line, a returned debit, a bank transfer). Unique per
    source and external reference: importing the same file twice applies nothing the second time."""

    __tablename__ = "billing_payment_events"
    __table_args__ = (
        UniqueConstraint("source", "external_ref"),
        CheckConstraint(_in("source", EVENT_SOURCES), name="source_valid"),
        CheckConstraint(_in("outcome", OUTCOMES), name="outcome_valid"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    external_ref: Mapped[str] = mapped_column(String(120))
    premium_line_id: Mapped[int] = mapped_column(ForeignKey("billing_premium_lines.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    event_date: Mapped[date] = mapped_column(Date)
    reason_code: Mapped[str | None] = mapped_column(String(8))
    file_sha256: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RefundRow(Base):
    """Art. 9.3: the pro rata refund of the days of a premium line after cover ended."""

    __tablename__ = "billing_refunds"
    __table_args__ = (
        CheckConstraint("net_cents + tax_cents = gross_cents", name="net_plus_tax_is_gross"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    premium_line_id: Mapped[int] = mapped_column(
        ForeignKey("billing_premium_lines.id"), unique=True
    )
    affiliation_id: Mapped[str] = mapped_column(String(32), index=True)
    days: Mapped[int] = mapped_column(Integer)
    gross_cents: Mapped[int] = mapped_column(BigInteger)
    net_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    due_by: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DunningCaseRow(Base):
    """Art. 9.6: one non-payment case of an affiliation, from the formal notice to its end."""

    __tablename__ = "billing_dunning_cases"
    __table_args__ = (CheckConstraint(_in("status", DUNNING_STATUSES), name="status_valid"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    notice_on: Mapped[date] = mapped_column(Date)
    pay_by: Mapped[date] = mapped_column(Date)
    arrears_cents: Mapped[int] = mapped_column(BigInteger)
    suspended_from: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    letter_pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

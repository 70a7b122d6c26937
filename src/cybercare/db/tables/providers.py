"""Appointed providers (issue 19): the registry, their rates, orders on a case's workstream,
the invoices matched to them, the payouts to providers (in the same pain.001 files as members')
and the incidents recorded against a provider (Art. 6.6).

Guarded twice as the pots are: the order's money figures are checked here too (what the pot
covers never above the quote, what the invoice used never above what was reserved)."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime

PROVIDER_KINDS = ("data_recovery", "takedown", "lawyer", "psychologist")
ORDER_STATUSES = (
    "appointed",
    "quoted",
    "accepted",
    "declined",
    "cancelled",
    "work_done",
    "not_possible",
    "invoiced",
    "paid",
)
PROVIDER_PAYOUT_STATUSES = ("scheduled", "in_file", "paid")
INCIDENT_KINDS = ("late_quote", "late_work", "poor_work", "damage", "no_answer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ProviderRow(Base):
    __tablename__ = "providers"
    __table_args__ = (
        CheckConstraint(_in("kind", PROVIDER_KINDS), name="kind_valid"),
        CheckConstraint(
            "quote_within_hours > 0 AND finish_within_days > 0", name="service_levels_positive"
        ),
        CheckConstraint(
            "bank_verified_by IS NULL"
            " OR (iban IS NOT NULL AND bank_verified_by <> bank_entered_by)",
            name="bank_four_eyes",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(140))
    vat_number: Mapped[str] = mapped_column(String(16), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    languages: Mapped[Any] = mapped_column(Json)
    regions: Mapped[Any] = mapped_column(Json)
    quote_within_hours: Mapped[int] = mapped_column(Integer)
    finish_within_days: Mapped[int] = mapped_column(Integer)
    contract_start: Mapped[date] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    iban: Mapped[str | None] = mapped_column(String(34))
    account_holder: Mapped[str | None] = mapped_column(String(140))
    bank_entered_by: Mapped[str | None] = mapped_column(String(64))
    bank_verified_by: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProviderServiceRow(Base):
    __tablename__ = "provider_services"
    __table_args__ = (
        UniqueConstraint("provider_id", "code"),
        CheckConstraint("rate_cents > 0", name="rate_positive"),
        CheckConstraint("unit IN ('case', 'hour', 'link')", name="unit_valid"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(200))
    rate_cents: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(8))


class ProviderOrderRow(Base):
    __tablename__ = "provider_orders"
    __table_args__ = (
        CheckConstraint(_in("status", ORDER_STATUSES), name="status_valid"),
        CheckConstraint("quote_cents IS NULL OR quote_cents > 0", name="quote_positive"),
        CheckConstraint(
            "covered_cents >= 0 AND covered_cents <= COALESCE(quote_cents, 0)",
            name="covered_within_quote",
        ),
        CheckConstraint(
            "used_cents >= 0 AND used_cents <= covered_cents", name="used_within_cover"
        ),
        CheckConstraint(
            "invoiced_cents IS NULL OR invoiced_cents <= quote_cents", name="invoice_within_quote"
        ),
        Index("ix_provider_orders_provider_status", "provider_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("assistance_cases.id"), index=True)
    workstream_id: Mapped[str] = mapped_column(ForeignKey("workstreams.id"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    guarantee: Mapped[str] = mapped_column(String(16))
    service_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    brief: Mapped[Any] = mapped_column(Json)  # what the provider sees (Art. 11)
    appointed_by: Mapped[str] = mapped_column(String(64))
    appointed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    quote_cents: Mapped[int | None] = mapped_column(BigInteger)
    quoted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    covered_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(String(500))
    invoiced_cents: Mapped[int | None] = mapped_column(BigInteger)
    used_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    invoiced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the provider accepted the order in the provider portal (issue 19), before quoting.
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)


class ProviderInvoiceRow(Base):
    """An invoice accepted against its order: a UBL 2.1 / Peppol BIS 3.0 document, or a PDF
    entered by staff with its figures."""

    __tablename__ = "provider_invoices"
    __table_args__ = (
        UniqueConstraint("provider_id", "invoice_number"),
        CheckConstraint("source IN ('ubl', 'pdf')", name="source_valid"),
        CheckConstraint(
            "payable_cents > 0 AND tax_exclusive_cents >= 0 AND tax_cents >= 0",
            name="amounts_valid",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("provider_orders.id"), unique=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    invoice_number: Mapped[str] = mapped_column(String(64))
    issue_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(4))
    tax_exclusive_cents: Mapped[int] = mapped_column(BigInteger)
    tax_cents: Mapped[int] = mapped_column(BigInteger)
    payable_cents: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    entered_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProviderPayoutRow(Base):
    __tablename__ = "provider_payouts"
    __table_args__ = (
        CheckConstraint(_in("status", PROVIDER_PAYOUT_STATUSES), name="status_valid"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            "status = 'scheduled' OR payment_file_id IS NOT NULL", name="filed_has_file"
        ),
        Index("ix_provider_payouts_status", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("provider_orders.id"), unique=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    iban: Mapped[str] = mapped_column(String(34))
    holder_name: Mapped[str] = mapped_column(String(140))
    remittance: Mapped[str] = mapped_column(String(140))
    status: Mapped[str] = mapped_column(String(16))
    payment_file_id: Mapped[str | None] = mapped_column(ForeignKey("payment_files.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProviderIncidentRow(Base):
    """Art. 6.6: a provider's delay or poor work, recorded against the provider."""

    __tablename__ = "provider_incidents"
    __table_args__ = (CheckConstraint(_in("kind", INCIDENT_KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("provider_orders.id"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

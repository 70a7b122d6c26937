"""Households (Art. 2) with members and addresses; affiliations with their timeline (Art. 9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime

RELATIONSHIPS = (
    "affiliate",
    "spouse",
    "partner",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "partner_child",
    "partner_parent",
    "partner_grandparent",
    "partner_grandchild",
    "partner_sibling",
    "other",
)
STATUSES = ("active", "suspended", "withdrawn", "terminated")
LANGUAGES = ("nl", "fr", "de", "en")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class HouseholdRow(Base):
    __tablename__ = "households"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (CheckConstraint(_in("language", LANGUAGES), name="language_valid"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    national_register_number: Mapped[str | None] = mapped_column(String(11))
    died_on: Mapped[date | None] = mapped_column(Date)


class MembershipRow(Base):
    """A person's membership of the household, effective-dated: [joined_on, left_on)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(_in("relationship", RELATIONSHIPS), name="relationship_valid"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(24))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class AddressRow(Base):
    """The main residence of the household, effective-dated: [from_date, to_date)."""

    __tablename__ = "household_addresses"
    __table_args__ = (
        CheckConstraint("to_date IS NULL OR to_date >= from_date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    street: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(20))
    box: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)


class AffiliationRow(Base):
    """An affiliation to the collective policy; `status` mirrors today's timeline period for
    queries, the timeline itself is in `affiliation_status_periods`."""

    __tablename__ = "affiliations"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status_valid"),
        CheckConstraint("start_date >= subscribed_on", name="start_not_before_subscription"),
        ForeignKeyConstraint(
            ["product_code", "product_version"],
            ["product_versions.code", "product_versions.version"],
        ),
        Index("ix_affiliations_distributor_customer", "distributor_code", "customer_ref"),
        Index("ix_affiliations_term_end", "term_end"),
        Index("ix_affiliations_pending_end_date", "pending_end_date"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    distributor_code: Mapped[str] = mapped_column(ForeignKey("distributors.code"))
    customer_ref: Mapped[str] = mapped_column(String(64))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(64))
    product_version: Mapped[str] = mapped_column(String(32))
    subscribed_on: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    term_end: Mapped[date] = mapped_column(Date)
    pending_end_notice_on: Mapped[date | None] = mapped_column(Date)
    pending_end_date: Mapped[date | None] = mapped_column(Date)
    pending_end_by: Mapped[str | None] = mapped_column(String(32))
    pending_end_article: Mapped[str | None] = mapped_column(String(16))
    prevention_declarations: Mapped[dict[str, Any]] = mapped_column(Json)
    terms_token_sha256: Mapped[str] = mapped_column(String(64))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's API


class StatusPeriodRow(Base):
    __tablename__ = "affiliation_status_periods"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status_valid"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    affiliation_id: Mapped[str] = mapped_column(ForeignKey("affiliations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    article: Mapped[str | None] = mapped_column(String(16))

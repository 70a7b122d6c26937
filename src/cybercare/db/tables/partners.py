"""Distributors, their API keys, idempotency records and the ordered event feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, Json, UtcDateTime


class DistributorRow(Base):
    """A distributor (collective policyholder, Art. 1.2). `last_event_seq` numbers its events:
    incrementing it locks the row until commit, so events commit in the order of their numbers
    and a reader following the feed can never skip one that commits late."""

    __tablename__ = "distributors"
    __table_args__ = (CheckConstraint("last_event_seq >= 0", name="event_seq_positive"),)

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    commission_bp: Mapped[int] = mapped_column(Integer, default=0)
    last_event_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApiKeyRow(Base):
    """An API key of a distributor system; only a hash of its secret is kept."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    distributor_code: Mapped[str] = mapped_column(ForeignKey("distributors.code"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    secret_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class IdempotencyKeyRow(Base):
    """Stripe-style idempotency: the first response to (client, key) is replayed byte for byte."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("client", "key"),
        CheckConstraint("state IN ('in_progress', 'completed')", name="state_valid"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_media_type: Mapped[str | None] = mapped_column(String(100))
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(Json)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartnerEventRow(Base):
    """One lifecycle event in a distributor's ordered, replayable feed."""

    __tablename__ = "partner_events"
    __table_args__ = (UniqueConstraint("distributor_code", "seq"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    distributor_code: Mapped[str] = mapped_column(ForeignKey("distributors.code"))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    affiliation_id: Mapped[str | None] = mapped_column(String(32), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)

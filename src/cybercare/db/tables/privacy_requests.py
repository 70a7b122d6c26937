"""Data-subject requests (GDPR art. 12.3, 15, 20; Art. 11 of the terms) and the export archives
that fulfil the access requests.

A request's one-month clock (`due_on`) runs from its receipt; `fulfilled_at` stops it. The
archive of an access request is kept only until its download link expires (`expires_at`): the
bytes are personal data a second time, so they live in a table of their own that a purge can
empty without touching the request's history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime

DATA_REQUEST_KINDS = ("access",)
DATA_REQUEST_CHANNELS = ("portal", "letter", "phone", "email")
DATA_REQUEST_STATUSES = ("open", "fulfilled")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DataRequestRow(Base):
    __tablename__ = "data_requests"
    __table_args__ = (
        CheckConstraint(_in("kind", DATA_REQUEST_KINDS), name="kind_valid"),
        CheckConstraint(_in("channel", DATA_REQUEST_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("status", DATA_REQUEST_STATUSES), name="status_valid"),
        CheckConstraint(
            "(status = 'fulfilled') = (fulfilled_at IS NOT NULL)", name="fulfilled_iff_at"
        ),
        Index("ix_data_requests_status_due", "status", "due_on"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_on: Mapped[date] = mapped_column(Date)  # received + one month (GDPR art. 12.3)
    status: Mapped[str] = mapped_column(String(16))
    registered_by: Mapped[str] = mapped_column(String(128))
    fulfilled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DataExportArchiveRow(Base):
    """The zip of an access request, downloadable until `expires_at`, then purged."""

    __tablename__ = "data_export_archives"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="not_empty"),)

    request_id: Mapped[str] = mapped_column(ForeignKey("data_requests.id"), primary_key=True)
    export_version: Mapped[str] = mapped_column(String(16))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # None once purged
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    downloads: Mapped[int] = mapped_column(BigInteger, default=0)

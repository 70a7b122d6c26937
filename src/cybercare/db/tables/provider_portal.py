"""The provider portal (issue 19): which provider a provider user works for, and the report
files providers upload with their report of the work (done, or not possible)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import BigIntPk, UtcDateTime


class ProviderUserRow(Base):
    """A provider user's provider: one provider per user (a provider may have several users)."""

    __tablename__ = "provider_users"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProviderReportFileRow(Base):
    """A file the provider uploaded with its report of the work (PDF or image), kept with the
    order; only its provider and staff of the case read it."""

    __tablename__ = "provider_report_files"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("provider_orders.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""Rate-limit counters shared by every server process (issue 16): one row per limited key (a
client address, an e-mail address, an API key), its hits in the current window and the end of
that window. Only the SHA-256 of the key is stored: the table names no address nor person.
Rows whose window has ended mean nothing and are purged by a job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime


class RateLimitBucketRow(Base):
    __tablename__ = "rate_limit_buckets"
    __table_args__ = (CheckConstraint("hits >= 1", name="hits_positive"),)

    key_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    window_ends_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

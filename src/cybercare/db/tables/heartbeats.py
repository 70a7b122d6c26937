"""Worker heartbeats: each running worker process (`cybercare worker`) keeps one row fresh, so
the readiness probe (`GET /health/ready`) can tell that someone delivers the outbox and runs
the daily jobs. A row not beaten for a while is stale; stale rows are pruned by the workers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cybercare.db.tables.base import Base
from cybercare.db.types import UtcDateTime


class WorkerHeartbeatRow(Base):
    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(255), primary_key=True)  # host:pid
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    beat_at: Mapped[datetime] = mapped_column(UtcDateTime)

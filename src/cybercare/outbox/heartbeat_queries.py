"""The worker heartbeats, read: when a worker was last heard of (for `GET /health/ready`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from cybercare.db.tables.heartbeats import WorkerHeartbeatRow
from cybercare.db.uow import UnitOfWork


def last_beat_at(uow: UnitOfWork) -> datetime | None:
    """The latest beat of any worker, None when no worker has a row."""
    latest: datetime | None = uow.session.scalar(select(func.max(WorkerHeartbeatRow.beat_at)))
    return latest

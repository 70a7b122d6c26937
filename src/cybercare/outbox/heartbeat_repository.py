"""The worker heartbeats' writes: a worker's beat, its goodbye, and the pruning of stale rows
(the table is `worker_heartbeats`, one row per running worker process)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, update

from cybercare.db.tables.heartbeats import WorkerHeartbeatRow
from cybercare.db.uow import Database


def beat(
    database: Database,
    worker_id: str,
    *,
    started_at: datetime,
    now: datetime,
    prune_before: datetime,
) -> None:
    """Record that `worker_id` is alive at `now` (its row made again if it was pruned meanwhile)
    and forget the workers not heard of since `prune_before`, in one short transaction."""
    with database.uow() as uow:
        result = uow.session.execute(
            update(WorkerHeartbeatRow)
            .where(WorkerHeartbeatRow.worker_id == worker_id)
            .values(beat_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            uow.session.execute(
                insert(WorkerHeartbeatRow).values(
                    worker_id=worker_id, started_at=started_at, beat_at=now
                )
            )
        uow.session.execute(
            delete(WorkerHeartbeatRow)
            .where(WorkerHeartbeatRow.beat_at < prune_before)
            .execution_options(synchronize_session=False)
        )
        uow.commit()


def forget(database: Database, worker_id: str) -> None:
    """A worker that stops cleanly takes its row away: it no longer counts as alive."""
    with database.uow() as uow:
        uow.session.execute(
            delete(WorkerHeartbeatRow)
            .where(WorkerHeartbeatRow.worker_id == worker_id)
            .execution_options(synchronize_session=False)
        )
        uow.commit()

"""The worker's heartbeat (`worker_heartbeats`): kept fresh while the worker runs, taken away when
it stops cleanly, made again if it was pruned meanwhile; the rows of workers gone for an hour
are pruned by the others' beats; a beat the database cannot take does not stop the worker."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from cybercare.db.engine import make_engine
from cybercare.db.tables import WorkerHeartbeatRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox import heartbeat_repository
from cybercare.outbox.heartbeat import Heartbeat, this_worker_id

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def _rows(database: Database) -> dict[str, tuple[datetime, datetime]]:
    with database.reader() as uow:
        rows = uow.session.execute(select(WorkerHeartbeatRow)).scalars().all()
        return {row.worker_id: (row.started_at, row.beat_at) for row in rows}


def _wait_for(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.02)


def test_the_worker_id_is_host_and_process() -> None:
    assert this_worker_id() == f"{socket.gethostname()}:{os.getpid()}"


def test_a_running_worker_keeps_its_heartbeat_fresh_and_takes_it_away_when_it_stops(
    fresh_database: tuple[str, Engine],
) -> None:
    database = Database(fresh_database[1])
    clock = FixedClock(T0)
    heartbeat = Heartbeat(database, clock, fresh_for=timedelta(seconds=0.3), worker_id="box:7")
    assert heartbeat.interval_s == 0.1  # a third of the window: two beats may be missed

    with heartbeat:
        assert _rows(database) == {"box:7": (T0, T0)}  # the first beat, at once
        clock.advance(timedelta(seconds=20))
        _wait_for(lambda: _rows(database)["box:7"][1] == T0 + timedelta(seconds=20))
        assert _rows(database)["box:7"][0] == T0  # started_at stays

    assert _rows(database) == {}


def test_stale_rows_are_pruned_by_the_beats_of_the_others(
    fresh_database: tuple[str, Engine],
) -> None:
    database = Database(fresh_database[1])
    for worker, ago in (("gone:1", timedelta(hours=2)), ("paused:2", timedelta(minutes=30))):
        at = T0 - ago
        heartbeat_repository.beat(database, worker, started_at=at, now=at, prune_before=at)

    Heartbeat(database, FixedClock(T0), fresh_for=timedelta(seconds=60), worker_id="box:7").beat()

    # Gone for over an hour: pruned. Silent for half an hour: kept, the probe says "stale".
    assert set(_rows(database)) == {"paused:2", "box:7"}


def test_a_pruned_row_comes_back_at_the_next_beat_with_its_start(
    fresh_database: tuple[str, Engine],
) -> None:
    database = Database(fresh_database[1])
    clock = FixedClock(T0)
    heartbeat = Heartbeat(database, clock, fresh_for=timedelta(seconds=60), worker_id="box:7")
    heartbeat.beat()
    heartbeat_repository.forget(database, "box:7")  # as another worker's pruning would
    clock.advance(timedelta(minutes=5))

    assert heartbeat.beat()

    assert _rows(database) == {"box:7": (T0, T0 + timedelta(minutes=5))}


def test_a_beat_the_database_cannot_take_is_logged_and_the_worker_goes_on() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere")
    try:
        heartbeat = Heartbeat(Database(engine), FixedClock(T0), fresh_for=timedelta(seconds=60))
        assert heartbeat.beat() is False
        with heartbeat:  # starting and stopping raise nothing either
            pass
    finally:
        engine.dispose()

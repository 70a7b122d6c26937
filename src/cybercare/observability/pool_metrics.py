"""The database connection pool's use as gauges, set at every checkout and checkin.

Set by the pool's events rather than read by a collector at scrape time: with several server
processes (`--workers`), a scrape is answered by one of them, or by the supervising process on
`metrics_port`, which holds none of the others' pools. In multiprocess mode each process writes
its own values and the scrape sums those of the live processes (`livesum`); a dead worker's
values are dropped at the next scrape (`exposition.py`). A gauge set costs about a microsecond,
twice per unit of work.
"""

from __future__ import annotations

from weakref import WeakSet

from prometheus_client import Gauge

from cybercare.db.connect import Engine
from cybercare.db.pool import PoolUse, on_pool_use

CHECKED_OUT = Gauge(
    "cybercare_db_pool_checked_out",
    "Database connections handed out by the pool (summed over the server processes).",
    multiprocess_mode="livesum",
)
SIZE = Gauge(
    "cybercare_db_pool_size",
    "Connections the pool keeps open (summed over the server processes).",
    multiprocess_mode="livesum",
)
OVERFLOW = Gauge(
    "cybercare_db_pool_overflow",
    "Connections handed out beyond the pool's size (summed over the server processes).",
    multiprocess_mode="livesum",
)

_watched: WeakSet[Engine] = WeakSet()


def _publish(use: PoolUse) -> None:
    CHECKED_OUT.set(use.checked_out)
    SIZE.set(use.size)
    OVERFLOW.set(use.overflow)


def watch_pool(engine: Engine) -> None:
    """Publish `engine`'s pool use (once per engine, however many apps are built on it)."""
    if engine in _watched:
        return
    _watched.add(engine)
    on_pool_use(engine, _publish)

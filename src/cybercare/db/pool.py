"""The connection pool's use, announced at every checkout and checkin (the metrics of
`cybercare.observability.pool_metrics` listen): connections handed out, the pool's size, and the
connections handed out beyond it (the overflow `max_overflow` allows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event


@dataclass(frozen=True, slots=True)
class PoolUse:
    checked_out: int
    size: int

    @property
    def overflow(self) -> int:
        return max(0, self.checked_out - self.size)


def pool_use(engine: Engine, *, returning: int = 0) -> PoolUse:
    """`returning`: connections being checked in, which the pool still counts as out."""
    pool: Any = engine.pool  # QueuePool: size() and checkedout(); others count as size 0
    size = int(pool.size()) if hasattr(pool, "size") else 0
    out = int(pool.checkedout()) - returning if hasattr(pool, "checkedout") else 0
    return PoolUse(max(0, out), size)


def on_pool_use(engine: Engine, listener: Callable[[PoolUse], None]) -> None:
    """Call `listener` with the pool's use after every checkout and checkin, and once now. (The
    checkin event comes before the connection is back in the pool: it counts as returned.)"""

    def checked_out(*_args: Any) -> None:
        listener(pool_use(engine))

    def checked_in(*_args: Any) -> None:
        listener(pool_use(engine, returning=1))

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)
    checked_out()

"""Rate limits shared by every process: the counters live in `rate_limit_buckets`.

A hit is one statement, an upsert that counts it and returns the key's count and window:

    INSERT INTO rate_limit_buckets VALUES (:key, 1, :now + window)
    ON CONFLICT (key_sha256) DO UPDATE SET
        hits = CASE WHEN window_ends_at > :now THEN hits + 1 ELSE 1 END,
        window_ends_at = CASE WHEN window_ends_at > :now THEN window_ends_at ELSE :now + window END
    RETURNING hits, window_ends_at

PostgreSQL and SQLite (>= 3.35) spell it alike. The row lock (PostgreSQL) or the writer lock
(SQLite) makes two racing hits count two, in whichever process they arrive. It runs in its own
transaction, never in the request's unit of work: a refused sign-in, whose unit of work may roll
back, still counts (`Database.single_statement`: autocommit on PostgreSQL, one round trip, whose
commit does not wait for the WAL flush: `synchronous_commit` is off for that statement alone).
The decision itself is `cybercare.kernel.rate_limits`'; time is the injected clock's.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from cybercare.db.tables.base import table_of
from cybercare.db.tables.rate_limits import RateLimitBucketRow
from cybercare.db.types import UtcDateTime
from cybercare.db.uow import Database
from cybercare.kernel.clock import Clock
from cybercare.kernel.rate_limits import RateDecision, RatePolicy, before_hit, decide

__all__ = ["SharedRateLimiter", "purge_expired_buckets"]


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SharedRateLimiter:
    """A `RateLimiter` (kernel/rate_limits.py) whose counters are rows of the database, so that
    a limit reached through one server process holds in all of them."""

    def __init__(self, database: Database, clock: Clock, policy: RatePolicy) -> None:
        self.database = database
        self.clock = clock
        self.policy = policy
        self._window = timedelta(seconds=policy.window_s)

    def hit(self, key: str) -> RateDecision:
        now = self.clock.now()
        statement = _hit_statement(self.database.bind.dialect.name)
        with self.database.single_statement() as uow:
            hits, window_ends_at = uow.session.execute(
                statement,
                {"key": key_digest(key), "now": now, "ends": now + self._window},
            ).one()
        return decide(self.policy, hits, window_ends_at, now)

    def peek(self, key: str) -> RateDecision:
        now = self.clock.now()
        with self.database.reader() as uow:
            found = uow.session.execute(_PEEK, {"key": key_digest(key)}).first()
        if found is None:
            return before_hit(self.policy, 0, None, now)
        return before_hit(self.policy, found.hits, found.window_ends_at, now)

    def reset(self, key: str) -> None:
        with self.database.single_statement() as uow:
            uow.session.execute(_RESET, {"key": key_digest(key)})


_TABLE = table_of(RateLimitBucketRow)
_PEEK = select(_TABLE.c.hits, _TABLE.c.window_ends_at).where(
    _TABLE.c.key_sha256 == bindparam("key")
)
_RESET = delete(_TABLE).where(_TABLE.c.key_sha256 == bindparam("key"))


@cache
def _hit_statement(dialect: str) -> Any:
    now = bindparam("now", type_=UtcDateTime())
    ends = bindparam("ends", type_=UtcDateTime())
    row: dict[str, ColumnElement[Any]] = {
        "key_sha256": bindparam("key"),
        "hits": literal(1),
        "window_ends_at": ends,
    }
    insert: Any
    if dialect == "postgresql":
        # A counter is not worth a WAL flush: this statement's transaction commits without
        # waiting for the disk (synchronous_commit off, for it alone). A crash may forget the
        # last fraction of a second of hits; every other write keeps its durability.
        relaxed = select(func.set_config("synchronous_commit", "off", True)).cte("relaxed")
        insert = postgresql.insert(_TABLE).from_select(
            list(row), select(*row.values()).select_from(relaxed)
        )
    else:
        insert = sqlite.insert(_TABLE).values(row)
    live = _TABLE.c.window_ends_at > now
    return insert.on_conflict_do_update(
        index_elements=[_TABLE.c.key_sha256],
        set_={
            "hits": case((live, _TABLE.c.hits + 1), else_=1),
            "window_ends_at": case((live, _TABLE.c.window_ends_at), else_=ends),
        },
    ).returning(_TABLE.c.hits, _TABLE.c.window_ends_at)


def purge_expired_buckets(database: Database, now: datetime) -> int:
    """Forget the counters whose window has ended (they would count nothing): the job's work."""
    with database.uow() as uow:
        result = uow.session.execute(delete(_TABLE).where(_TABLE.c.window_ends_at <= now))
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)

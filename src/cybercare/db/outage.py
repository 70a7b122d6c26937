"""Which database errors mean "the database is away for now" (an outage) rather than a fault of
this request or of the code.

An outage is answered `503` with `Retry-After` by the HTTP edges (api/outage.py, web/errors.py)
and the pool heals by itself when the server is back: a connection found broken is invalidated
with the whole pool (SQLAlchemy does so on a disconnect), an idle one is pinged before use
(db/engine.py), and a refused connection is simply tried again at the next checkout.

Counted as an outage, on PostgreSQL only:
- a connection that broke during the request (reset, server shut down or crashed): SQLAlchemy
  marks these `connection_invalidated`;
- a connection that could not be made (refused, timed out, name not resolved): a psycopg
  `OperationalError` the server never answered, so without an SQLSTATE;
- the server's own "going away / not yet back" answers: class 08 (connection exception) and
  57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovery).

Not counted: everything else the server answered (a serialization failure, a deadlock, a
statement timeout, a constraint: those are about this request), and every SQLite error. SQLite
is a file inside this process: there is no server to come back, and "database is locked" after
the 30 s busy timeout means a writer held the lock for that long, a contention bug to see as a
500 in the logs rather than a pause to hide behind a 503 (the probe would flap with the load).
"""

from __future__ import annotations

import psycopg
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

__all__ = ["DatabaseError", "DriverError", "is_database_outage"]

# What any use of the database may raise, and the part of it that comes from the driver.
DatabaseError = SQLAlchemyError
DriverError = DBAPIError

_SERVER_AWAY = frozenset({"57P01", "57P02", "57P03"})
_MAX_CHAIN = 8  # how far to follow __cause__/__context__ (a rollback that failed after the error)


def is_database_outage(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, says the database cannot be reached."""
    seen: set[int] = set()
    current: BaseException | None = error
    for _ in range(_MAX_CHAIN):
        if current is None or id(current) in seen:
            return False
        seen.add(id(current))
        if isinstance(current, DBAPIError) and _is_outage(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _is_outage(error: DBAPIError) -> bool:
    original = error.orig
    if not isinstance(original, psycopg.Error):
        return False  # SQLite, or no driver error at all
    if error.connection_invalidated:
        return True
    sqlstate = original.sqlstate
    if sqlstate is None:
        # No answer from the server: connecting failed, or the connection broke.
        return isinstance(original, psycopg.OperationalError)
    return sqlstate.startswith("08") or sqlstate in _SERVER_AWAY

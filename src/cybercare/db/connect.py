"""Opening the database: the engine (the connection pool, disposed at exit) and the `Database`
on it with which the edges open units of work. The composition root (`cybercare.bootstrap`)
opens it once per process; `Engine` is exported for it to name the pool's type."""

from __future__ import annotations

from sqlalchemy import Engine

from cybercare.db.engine import make_engine
from cybercare.db.uow import Database

__all__ = ["Engine", "open_database"]


def open_database(url: str, *, echo: bool = False) -> tuple[Engine, Database]:
    engine = make_engine(url, echo=echo)
    return engine, Database(engine)

"""Whether the database answers, for the service's health check (`GET /health`)."""

from __future__ import annotations

from sqlalchemy import text

from cybercare.db.uow import Database


def ping(database: Database) -> str:
    """One round trip through a reader (it raises when the database does not answer); the name
    of the database's dialect, `sqlite` or `postgresql`."""
    with database.reader() as uow:
        uow.session.execute(text("SELECT 1"))
    return database.bind.dialect.name

"""Whether the database answers and carries the schema this code expects, for the service's
health checks (`GET /health`, `GET /health/ready`)."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text

from cybercare.db.migrate import alembic_config
from cybercare.db.outage import DriverError
from cybercare.db.uow import Database, UnitOfWork


def ping(database: Database) -> str:
    """One round trip through a reader (it raises when the database does not answer); the name
    of the database's dialect, `sqlite` or `postgresql`."""
    with database.reader() as uow:
        uow.session.execute(text("SELECT 1"))
    return database.bind.dialect.name


@cache
def _scripts() -> tuple[str, frozenset[str]]:
    """The head of the migration scripts shipped with this code, and every revision they know.
    Read once per process: the scripts do not change while it runs."""
    script = ScriptDirectory.from_config(alembic_config(""))
    head = script.get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise RuntimeError("no migration scripts found")
    return head, frozenset(revision.revision for revision in script.walk_revisions())


def migration_head() -> str:
    return _scripts()[0]


UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE; SQLite says "no such table"


def database_revision(uow: UnitOfWork) -> str | None:
    """The revision the database was migrated to; None when it was never migrated (any other
    error, a refused permission say, is raised)."""
    try:
        return uow.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DriverError as error:
        original = error.orig
        if getattr(original, "sqlstate", None) == UNDEFINED_TABLE or "no such table" in str(
            original
        ):
            return None
        raise


def migration_state(revision: str | None) -> str:
    """`ok` when the database is at this code's head; `pending` when migrations are still to
    run (`cybercare db upgrade`); `unknown` when it is at a revision this code does not know
    (a newer release migrated it)."""
    head, known = _scripts()
    if revision == head:
        return "ok"
    if revision is None or revision in known:
        return "pending"
    return "unknown"

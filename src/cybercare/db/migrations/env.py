"""Alembic environment: runs online against the configured URL or a given connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from cybercare.db.engine import make_engine
from cybercare.db.search_indexes import is_postgres_only
from cybercare.db.tables import metadata

config = context.config


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the PostgreSQL-only trigram indexes of the staff search out of the drift check."""
    return not (type_ == "index" and is_postgres_only(name))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place: batch mode rebuilds tables portably.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run them against a database")
run_migrations_online()

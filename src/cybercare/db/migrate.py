"""Alembic, driven from code: `cybercare migrate`, `cybercare db upgrade` and the tests use the
same entry point. Upgrades and downgrades hold the database's migration lock (`migration_lock`),
so that replicas started together migrate one after the other: the first does the work, the
others find the database at head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from cybercare.db.migration_lock import migration_lock

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Upgrade:
    """The revision the database was at before the run and after it (None: no schema)."""

    before: str | None
    after: str | None

    @property
    def migrated(self) -> bool:
        return self.before != self.after


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' must be escaped for configparser; URLs may carry percent-encoded passwords.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head", *, app_role: str | None = None) -> Upgrade:
    """Migrate under the lock; then, on PostgreSQL with a separate application role (`app_role`),
    grant it the tables as they now are (cybercare.db.roles), still under the lock: concurrent
    GRANTs on one table can fail ("tuple concurrently updated")."""
    with migration_lock(url):
        before = current_revision(url)
        command.upgrade(alembic_config(url), revision)
        after = current_revision(url)
        if app_role is not None:
            _grant(url, app_role)
    return Upgrade(before, after)


def downgrade(url: str, revision: str) -> None:
    with migration_lock(url):
        command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def check(url: str) -> None:
    """Fail when the tables in code differ from what the migrations build."""
    command.check(alembic_config(url))


def revision(url: str, message: str) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True)


def _grant(url: str, app_role: str) -> None:
    from cybercare.db.roles import grant_application_role  # psycopg: PostgreSQL only

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            grant_application_role(connection, app_role)
    finally:
        engine.dispose()

"""`cybercare db ...`: the database schema (Alembic migrations)."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated

import typer

from cybercare.cli.common import console, settings

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


def _migrate() -> ModuleType:
    """Alembic loads only for the commands that migrate (others start faster, e.g. the billing
    run of the monthly batch)."""
    from cybercare.db import migrate

    return migrate


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the latest)."""
    url = settings().database_url
    _migrate().upgrade(url, revision)
    console.print(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to `revision` (e.g. -1 or base)."""
    _migrate().downgrade(settings().database_url, revision)
    console.print(f"database at {revision}")


@db_app.command("check")
def db_check() -> None:
    """Fail if the tables in code and the migrations have drifted apart."""
    _migrate().check(settings().database_url)
    console.print("models and migrations agree")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message")]) -> None:
    """Autogenerate a migration from the tables in code."""
    _migrate().revision(settings().database_url, message)

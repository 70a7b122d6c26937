"""`cybercare migrate` and `cybercare db ...`: the database schema (Alembic migrations) and, on
PostgreSQL, its two roles (docs/deployment.md)."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated

import typer

from cybercare.cli.common import console, err, settings

db_app = typer.Typer(help="Database schema (Alembic migrations) and roles.", no_args_is_help=True)


def _migrate() -> ModuleType:
    """Alembic loads only for the commands that migrate (others start faster, e.g. the billing
    run of the monthly batch)."""
    from cybercare.db import migrate

    return migrate


def _roles() -> ModuleType:
    from cybercare.db import roles

    return roles


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the latest), as the owner role
    (CYBERCARE_MIGRATION_DATABASE_URL, default CYBERCARE_DATABASE_URL). Several processes may
    run it at once: they take turns on a lock, the first one migrates."""
    config = settings()
    roles = _roles()
    app_role = roles.application_role(config.database_url, config.migration_url)
    try:
        result = _migrate().upgrade(config.migration_url, revision, app_role=app_role)
    except roles.RoleSetupRefused as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(1) from None
    if result.migrated:
        console.print(
            f"database upgraded from {result.before or 'an empty schema'} to {result.after}"
        )
    else:
        console.print(f"database already at {result.after}")
    if app_role is not None:
        console.print(f"role {app_role} granted the tables")
    if config.sandbox_url is not None:  # the partners' sandbox: its own database (issue 18)
        sandbox = _migrate().upgrade(config.sandbox_url, revision)
        console.print(f"sandbox database at {sandbox.after}")


def migrate() -> None:
    """Migrate the database to the latest revision: what every replica runs before it starts
    (several at once take turns on a lock; the first one migrates)."""
    db_upgrade("head")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to `revision` (e.g. -1 or base)."""
    _migrate().downgrade(settings().migration_url, revision)
    console.print(f"database at {revision}")


@db_app.command("check")
def db_check() -> None:
    """Fail if the tables in code and the migrations have drifted apart."""
    _migrate().check(settings().migration_url)
    console.print("models and migrations agree")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Option("-m", "--message")]) -> None:
    """Autogenerate a migration from the tables in code."""
    _migrate().revision(settings().migration_url, message)


@db_app.command("roles")
def db_roles() -> None:
    """Create or update the PostgreSQL roles (idempotent): the owner the migrations run as
    (CYBERCARE_MIGRATION_DATABASE_URL) and the application's (CYBERCARE_DATABASE_URL), with
    their passwords from those URLs; the database if missing; the grants and default
    privileges. Connects as CYBERCARE_DATABASE_ADMIN_URL (a superuser), for this only."""
    config = settings()
    if not config.database_admin_url or not config.migration_database_url:
        err.print(
            "[red]error[/red]: set CYBERCARE_DATABASE_ADMIN_URL and "
            "CYBERCARE_MIGRATION_DATABASE_URL (docs/deployment.md, Database roles)"
        )
        raise typer.Exit(2)
    roles = _roles()
    try:
        done = roles.set_up_roles(
            config.database_admin_url,
            app_url=config.database_url,
            owner_url=config.migration_database_url,
        )
    except roles.RoleSetupRefused as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(1) from None
    for line in done:
        console.print(line, markup=False, highlight=False)

"""Least privilege on PostgreSQL: the migrations run as the owner role, the application as a role
that reads and writes rows and nothing more (docs/deployment.md, "Database roles").

The application role is no superuser and owns nothing, so it cannot TRUNCATE, ALTER or DROP a
table, disable a trigger, or switch triggers off with `session_replication_role`; on the
append-only tables (those guarded by migration 0001's `cybercare_refuse_change` trigger: the
audit trail, the ledger, the note access log, the contact attempts) it may only SELECT and
INSERT, and `alembic_version` it may only read.

`set_up_roles` (`cybercare db roles`, `cybercare setup`) runs once with an administrator's
connection; `grant_application_role` runs after every migration (as the owner, under the
migration lock), so a table a later migration adds is granted at once (the default privileges
grant it too) and a new append-only table loses UPDATE and DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from psycopg import sql
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

SCHEMA = "public"
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# Tables whose rows are facts: their UPDATE/DELETE trigger is the second guard, this the first.
APPEND_ONLY_TABLES = text(
    "SELECT DISTINCT c.relname FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_proc p ON p.oid = t.tgfoid "
    "WHERE n.nspname = :schema AND p.proname = 'cybercare_refuse_change' ORDER BY 1"
)
_RELATION_KINDS = {
    "r": "TABLE",
    "p": "TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}
# Objects of the schema another role owns (tables first: their serial sequences follow them).
_NOT_OWNED = text(
    "SELECT c.relkind, c.relname FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
    "AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :owner) "
    "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
    "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) "
    "ORDER BY c.relkind = 'S', c.relname"
)
_FUNCTIONS_NOT_OWNED = text(
    "SELECT p.oid::regprocedure::text FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = :schema AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = :owner)"
    # An extension's functions (pg_trgm's, migration 0034) belong to the extension, not to us.
    " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
    " AND d.objid = p.oid AND d.deptype = 'e')"
)
_ROLE_FLAGS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


class RoleSetupRefused(Exception):
    """The settings do not describe two separate, unprivileged roles on one database."""


@dataclass(frozen=True)
class DatabaseRoles:
    """The two roles and their database, from the application's and the migrations' URLs."""

    database: str
    app: str
    app_password: str | None
    owner: str
    owner_password: str | None

    @classmethod
    def from_urls(cls, app_url: str, owner_url: str) -> DatabaseRoles:
        app, owner = make_url(app_url), make_url(owner_url)
        if app.get_backend_name() != "postgresql" or owner.get_backend_name() != "postgresql":
            raise RoleSetupRefused("database roles exist on PostgreSQL only")
        if not app.username or not owner.username:
            raise RoleSetupRefused(
                "CYBERCARE_DATABASE_URL and CYBERCARE_MIGRATION_DATABASE_URL must name their role"
            )
        if app.username == owner.username:
            raise RoleSetupRefused(
                "the application and the migrations must connect as two different roles"
            )
        if (app.host, app.port, app.database) != (owner.host, owner.port, owner.database):
            raise RoleSetupRefused(
                "CYBERCARE_DATABASE_URL and CYBERCARE_MIGRATION_DATABASE_URL name different "
                "databases"
            )
        return cls(
            database=app.database or app.username,
            app=app.username,
            app_password=app.password,
            owner=owner.username,
            owner_password=owner.password,
        )


def application_role(app_url: str, owner_url: str) -> str | None:
    """The role to grant after a migration: the application's, when it is not the owner."""
    app, owner = make_url(app_url), make_url(owner_url)
    if app.get_backend_name() != "postgresql" or not app.username:
        return None
    return app.username if app.username != owner.username else None


def set_up_roles(admin_url: str, *, app_url: str, owner_url: str) -> list[str]:
    """Create or update both roles, the database, and the privileges; idempotent. Returns what
    was done, one line each. `admin_url`: a superuser (used for this only, never by the app)."""
    roles = DatabaseRoles.from_urls(app_url, owner_url)
    done: list[str] = []
    with _autocommit(make_url(admin_url)) as admin:
        _refuse_privileged(admin, roles)
        for name, password in (
            (roles.owner, roles.owner_password),
            (roles.app, roles.app_password),
        ):
            done.append(_create_or_update_role(admin, name, password))
        exists = admin.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": roles.database}
        )
        if not exists:
            _execute(
                admin,
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(roles.database), sql.Identifier(roles.owner)
                ),
            )
            done.append(f"database {roles.database} created, owned by {roles.owner}")
    with _autocommit(make_url(admin_url).set(database=roles.database)) as admin:
        done.extend(_grant_schema(admin, roles))
        grant_application_role(admin, roles.app)
        done.append(
            f"role {roles.app}: {TABLE_PRIVILEGES} on the tables, append-only ones excepted"
        )
    return done


def grant_application_role(connection: Connection, role: str) -> None:
    """What the application does on every table now in the schema, and no more."""
    if not connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": role}):
        raise RoleSetupRefused(f"role {role} does not exist: run `cybercare db roles` first")
    role_name = sql.Identifier(role)
    schema = sql.Identifier(SCHEMA)
    statements = [
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(
            sql.SQL(TABLE_PRIVILEGES), schema, role_name
        ),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {} FROM {}").format(
            schema, role_name
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            schema, role_name
        ),
    ]
    for table in connection.scalars(APPEND_ONLY_TABLES, {"schema": SCHEMA}):
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), role_name)
        )
    if connection.scalar(text("SELECT to_regclass('alembic_version')")) is not None:
        statements.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {}").format(role_name)
        )
    for statement in statements:
        _execute(connection, statement)


def _refuse_privileged(admin: Connection, roles: DatabaseRoles) -> None:
    # ALTER ROLE ... NOSUPERUSER on the administrator's own role would lock the operator out.
    current = admin.scalar(text("SELECT current_user"))
    for name in (roles.owner, roles.app):
        superuser = admin.scalar(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :name"), {"name": name}
        )
        if name == current or superuser:
            raise RoleSetupRefused(
                f"role {name} is {'the administrator' if name == current else 'a superuser'}: "
                "the owner and the application need roles of their own"
            )


def _create_or_update_role(admin: Connection, name: str, password: str | None) -> str:
    exists = admin.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name})
    if not exists:
        _execute(admin, sql.SQL("CREATE ROLE {}").format(sql.Identifier(name)))
    statement = sql.SQL("ALTER ROLE {} WITH " + _ROLE_FLAGS).format(sql.Identifier(name))
    if password:
        # Hashed here (SCRAM): the clear password never reaches the server's statement log.
        driver: Any = admin.connection.driver_connection
        verifier = driver.pgconn.encrypt_password(
            password.encode(), name.encode(), b"scram-sha-256"
        )
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(verifier.decode()))
    _execute(admin, statement)
    return f"role {name} {'updated' if exists else 'created'}"


def _grant_schema(admin: Connection, roles: DatabaseRoles) -> list[str]:
    owner, app = sql.Identifier(roles.owner), sql.Identifier(roles.app)
    schema, database = sql.Identifier(SCHEMA), sql.Identifier(roles.database)
    done = []
    for kind, name in admin.execute(_NOT_OWNED, {"schema": SCHEMA, "owner": roles.owner}):
        _execute(
            admin,
            sql.SQL("ALTER {} {}.{} OWNER TO {}").format(
                sql.SQL(_RELATION_KINDS[kind]), schema, sql.Identifier(name), owner
            ),
        )
        done.append(f"{_RELATION_KINDS[kind].lower()} {name} now owned by {roles.owner}")
    for function in admin.scalars(_FUNCTIONS_NOT_OWNED, {"schema": SCHEMA, "owner": roles.owner}):
        # regprocedure text is already quoted where needed: name(argument types)
        _execute(admin, sql.SQL(f"ALTER FUNCTION {function} OWNER TO {{}}").format(owner))
        done.append(f"function {function} now owned by {roles.owner}")
    default = sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON {} TO {}")
    for statement in (
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}, {}").format(database, owner, app),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC, {}").format(schema, app),
        sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(schema, owner),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, app),
        default.format(owner, schema, sql.SQL(TABLE_PRIVILEGES), sql.SQL("TABLES"), app),
        default.format(owner, schema, sql.SQL("USAGE, SELECT"), sql.SQL("SEQUENCES"), app),
    ):
        _execute(admin, statement)
    done.append(
        f"schema {SCHEMA}: {roles.owner} creates, {roles.app} uses; future tables of "
        f"{roles.owner} granted to {roles.app}"
    )
    return done


@contextmanager
def _autocommit(url: URL) -> Iterator[Connection]:
    """A single connection outside any transaction (CREATE DATABASE refuses to run inside one)."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _execute(connection: Connection, statement: sql.Composable) -> None:
    """A composed statement (identifiers and literals quoted by psycopg) on the connection's
    driver, inside whatever transaction the connection is in."""
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute(statement)

"""Least privilege on PostgreSQL: `cybercare setup` creates an owner role the migrations run as
and an application role that does the application's work and nothing more. The application
role cannot erase or rewrite the audit trail or the ledger (TRUNCATE, UPDATE, DELETE), switch
their guarding triggers off, or change the schema; the owner migrates.

On a database and two roles of their own on the shared server, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from typer.testing import CliRunner

from cybercare.app import create_app
from cybercare.cli import app as cli
from cybercare.cli.worker import run_from_container
from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.roles import RoleSetupRefused, set_up_roles
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.jobs import JobRegistry
from tests.api import builders
from tests.conftest import POSTGRES_ADMIN_URL, Backend, _admin_execute
from tests.outbox import builders as outbox_builders

AUDIT_TRAIL_AND_LEDGER = ("audit_events", "ledger_entries", "ledger_lines")


@dataclass(frozen=True)
class Roles:
    app: str
    owner: str
    app_url: str
    owner_url: str
    app_engine: Engine
    owner_engine: Engine

    def env(self) -> dict[str, str]:
        return {
            "CYBERCARE_ENVIRONMENT": "test",
            "CYBERCARE_DATABASE_URL": self.app_url,
            "CYBERCARE_MIGRATION_DATABASE_URL": self.owner_url,
            "CYBERCARE_DATABASE_ADMIN_URL": POSTGRES_ADMIN_URL,
        }


def _url(database: str, role: str) -> str:
    url = make_url(POSTGRES_ADMIN_URL).set(
        database=database, username=role, password=f"{role}-password"
    )
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def roles(postgresql_backend: Backend) -> Iterator[Roles]:
    suffix = uuid.uuid4().hex[:8]
    database, app, owner = (f"cybercare_{kind}_{suffix}" for kind in ("roles", "app", "owner"))
    app_url, owner_url = _url(database, app), _url(database, owner)
    app_engine, owner_engine = make_engine(app_url), make_engine(owner_url)
    roles = Roles(app, owner, app_url, owner_url, app_engine, owner_engine)
    try:
        result = CliRunner().invoke(cli, ["setup"], env=roles.env())
        assert result.exit_code == 0, result.output
        yield roles
    finally:
        app_engine.dispose()
        owner_engine.dispose()
        _admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _admin_execute(f'DROP ROLE IF EXISTS "{app}"')
        _admin_execute(f'DROP ROLE IF EXISTS "{owner}"')


def _refused(engine: Engine, statement: str) -> str:
    """The database's refusal of `statement`, in its words."""
    with engine.connect() as connection, pytest.raises(ProgrammingError) as refused:
        connection.execute(text(statement))
    return str(refused.value.orig)


def test_setup_makes_two_login_roles_without_any_power_over_roles_or_databases(
    roles: Roles,
) -> None:
    with roles.owner_engine.connect() as connection:
        flags = connection.execute(
            text(
                "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin "
                "FROM pg_roles WHERE rolname IN (:app, :owner) ORDER BY rolname"
            ),
            {"app": roles.app, "owner": roles.owner},
        ).all()
        owners = connection.scalars(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        ).all()
    assert [tuple(row) for row in flags] == [
        (roles.app, False, False, False, False, True),
        (roles.owner, False, False, False, False, True),
    ]
    assert owners == [roles.owner]


@pytest.mark.parametrize("table", AUDIT_TRAIL_AND_LEDGER)
def test_the_application_role_cannot_truncate_the_audit_trail_or_the_ledger(
    roles: Roles, table: str
) -> None:
    assert "permission denied" in _refused(roles.app_engine, f"TRUNCATE {table}")


@pytest.mark.parametrize("table", AUDIT_TRAIL_AND_LEDGER)
def test_the_application_role_cannot_rewrite_or_delete_their_rows(roles: Roles, table: str) -> None:
    # Refused for want of the privilege, before the append-only trigger is even asked.
    assert "permission denied" in _refused(roles.app_engine, f"UPDATE {table} SET id = id")
    assert "permission denied" in _refused(roles.app_engine, f"DELETE FROM {table}")


def test_the_application_role_cannot_switch_the_guarding_triggers_off(roles: Roles) -> None:
    for table in AUDIT_TRAIL_AND_LEDGER:
        refusal = _refused(roles.app_engine, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        assert "must be owner" in refusal
    refusal = _refused(roles.app_engine, "SET session_replication_role = replica")
    assert "permission denied" in refusal


def test_the_application_role_cannot_drop_alter_or_create_tables(roles: Roles) -> None:
    assert "must be owner" in _refused(roles.app_engine, "DROP TABLE audit_events")
    assert "must be owner" in _refused(
        roles.app_engine, "ALTER TABLE affiliations ADD COLUMN note text"
    )
    assert "permission denied" in _refused(roles.app_engine, "CREATE TABLE scratch (id int)")
    assert "permission denied" in _refused(
        roles.app_engine, "UPDATE alembic_version SET version_num = '0001'"
    )


def test_the_application_works_through_its_role(roles: Roles, tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    database = Database(roles.app_engine)
    builders.seed(database, clock)
    proximus = builders.api_key(database, clock)
    container = builders.container(database, url=roles.app_url, clock=clock)
    with TestClient(create_app(container=container)) as api:
        created = builders.subscribe(api, by=proximus)
        path = f"/api/v1/affiliations/{created['id']}/withdrawal"
        withdrawn = builders.post(api, path, {}, by=proximus)
    assert withdrawn.status_code == 200, withdrawn.text

    outbox_builders.email(database, at=clock.now())  # a message for the worker to deliver
    mailbox = container.settings.model_copy(update={"mailbox_dir": tmp_path / "mailbox"})
    stats = run_from_container(replace(container, settings=mailbox), once=True, jobs=JobRegistry())
    assert (stats.delivered, stats.dead) == (1, 0)
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1


def test_a_table_a_later_migration_adds_is_granted_to_the_application(roles: Roles) -> None:
    with roles.owner_engine.begin() as connection:
        connection.execute(text("CREATE TABLE later_feature (id bigserial PRIMARY KEY, note text)"))
    try:
        with roles.app_engine.begin() as connection:
            connection.execute(text("INSERT INTO later_feature (note) VALUES ('granted')"))
    finally:
        with roles.owner_engine.begin() as connection:
            connection.execute(text("DROP TABLE later_feature"))


def test_the_owner_migrates_and_the_grants_follow(roles: Roles) -> None:
    head = migrate.current_revision(roles.owner_url)
    migrate.downgrade(roles.owner_url, "-1")
    upgrade = migrate.upgrade(roles.owner_url, app_role=roles.app)

    assert upgrade.migrated and upgrade.after == head
    assert "permission denied" in _refused(roles.app_engine, "DELETE FROM audit_events")


def test_setting_the_roles_up_again_changes_nothing(roles: Roles) -> None:
    result = CliRunner().invoke(cli, ["db", "roles"], env=roles.env())

    assert result.exit_code == 0, result.output
    assert f"role {roles.owner} updated" in result.output
    assert f"role {roles.app} updated" in result.output
    assert "now owned by" not in result.output  # everything already belongs to the owner


def test_a_superuser_is_never_turned_into_the_owner_or_the_application(roles: Roles) -> None:
    superuser = make_url(POSTGRES_ADMIN_URL).username or "postgres"
    database = make_url(roles.app_url).database or ""
    with pytest.raises(RoleSetupRefused, match=r"superuser|administrator"):
        set_up_roles(POSTGRES_ADMIN_URL, app_url=roles.app_url, owner_url=_url(database, superuser))
    with pytest.raises(RoleSetupRefused, match="two different roles"):
        set_up_roles(POSTGRES_ADMIN_URL, app_url=roles.app_url, owner_url=roles.app_url)


def test_a_database_migrated_by_a_superuser_is_handed_over_to_the_owner(
    postgresql_backend: Backend,
) -> None:
    # Deployments before issue 16 migrated and ran as one role, often the superuser.
    copy_url = postgresql_backend.make_copy()  # type: ignore[operator]
    database = make_url(copy_url).database or ""
    suffix = uuid.uuid4().hex[:8]
    app, owner = f"cybercare_app_{suffix}", f"cybercare_owner_{suffix}"
    app_engine = make_engine(_url(database, app))
    try:
        done = set_up_roles(
            POSTGRES_ADMIN_URL, app_url=_url(database, app), owner_url=_url(database, owner)
        )
        assert "table audit_events now owned by " + owner in done
        migrate.downgrade(_url(database, owner), "-1")  # the owner's migrations work on it
        migrate.upgrade(_url(database, owner), app_role=app)
        assert "permission denied" in _refused(app_engine, "TRUNCATE ledger_lines")
        with app_engine.begin() as connection:
            connection.execute(text("UPDATE outbox_messages SET attempts = attempts"))
    finally:
        app_engine.dispose()
        _admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _admin_execute(f'DROP ROLE IF EXISTS "{app}"')
        _admin_execute(f'DROP ROLE IF EXISTS "{owner}"')


def test_migrating_for_an_application_role_that_does_not_exist_says_what_to_run(
    roles: Roles,
) -> None:
    database = make_url(roles.app_url).database or ""
    env = roles.env() | {"CYBERCARE_DATABASE_URL": _url(database, "cybercare_nobody")}

    result = CliRunner().invoke(cli, ["migrate"], env=env)

    assert result.exit_code == 1
    assert "cybercare db roles" in result.output

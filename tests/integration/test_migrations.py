"""One head: the migrations build exactly the tables in code, up and down, on both engines."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import metadata


def test_migrations_have_a_single_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_models_and_migrations_never_drift(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    migrate.check(empty_database_url)  # raises when autogenerate would find a difference


def test_upgrade_downgrade_upgrade_round_trips(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    migrate.downgrade(empty_database_url, "base")
    engine = make_engine(empty_database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()

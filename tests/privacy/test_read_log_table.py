"""The read log's table holds ids and codes only, and no row can change (Art. 11, GDPR): an
append-only table could never erase a name or a free text, so it never holds one."""

from __future__ import annotations

import pytest
from sqlalchemy import String, inspect, text
from sqlalchemy.exc import DBAPIError

from cybercare.bootstrap import Container
from cybercare.db.tables import PersonalDataReadRow
from cybercare.privacy.read_log import Read, ReadKind, ReadPurpose
from cybercare.privacy.read_log_service import record_reads
from tests.assistance.builders import World, household_world
from tests.assistance.helpers import run

# Each column and what it may hold: an id (of a row elsewhere), a code, an instant.
IDS = {"id", "staff_user_id", "person_id", "household_id", "case_id"}
CODES = {"staff_function", "kind", "purpose"}
INSTANTS = {"read_at"}


@pytest.fixture
def world(container: Container) -> World:
    return household_world(container.database, container.clock)


def test_art_11_the_read_log_has_no_column_for_personal_data(container: Container) -> None:
    with container.database.reader() as uow:
        inspector = inspect(uow.session.connection())
        columns = inspector.get_columns("personal_data_reads")
        foreign = {
            fk["constrained_columns"][0] for fk in inspector.get_foreign_keys("personal_data_reads")
        }
    names = {c["name"] for c in columns}
    assert names == IDS | CODES | INSTANTS
    for column in columns:
        if isinstance(column["type"], String):
            assert (column["type"].length or 10_000) <= 32, column["name"]  # no room for text
    assert foreign == IDS - {"id"}  # every id points at its row; nothing else is free


def test_art_11_the_mapped_table_matches_the_migration(container: Container) -> None:
    assert set(PersonalDataReadRow.__table__.columns.keys()) == IDS | CODES | INSTANTS


def test_art_11_a_read_cannot_be_changed_nor_deleted(container: Container, world: World) -> None:
    read = Read(
        ReadKind.AFFILIATION_FILE, ReadPurpose.SEARCH, world.household_id, ("per_affiliate",)
    )
    run(container.database, lambda uow: record_reads(uow, world["legal"], [read], container.clock))
    for statement in (
        "UPDATE personal_data_reads SET purpose = 'lookup'",
        "DELETE FROM personal_data_reads",
    ):
        with pytest.raises(DBAPIError), container.database.uow() as uow:
            uow.session.execute(text(statement))


def test_art_11_a_code_outside_the_lists_is_refused_by_the_database(
    container: Container, world: World
) -> None:
    with pytest.raises(DBAPIError), container.database.uow() as uow:
        uow.session.execute(
            text(
                "INSERT INTO personal_data_reads (read_at, staff_user_id, staff_function, kind, "
                "purpose, person_id, household_id) VALUES (:at, :staff, 'legal', 'gossip', "
                "'search', 'per_affiliate', :household)"
            ),
            {
                "at": container.clock.now(),
                "staff": world["legal"].user_id,
                "household": world.household_id,
            },
        )

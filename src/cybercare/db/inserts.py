"""INSERT ... ON CONFLICT DO NOTHING: the one statement the two engines spell alike but
SQLAlchemy builds per dialect (outbox messages, idempotency keys, pot years, ledger entries)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from cybercare.db.tables.base import Base, table_of


def insert_new_rows(
    session: Session,
    entity: type[Base],
    rows: Sequence[dict[str, Any]],
    *,
    unique_on: Sequence[str],
    returning: InstrumentedAttribute[int],
) -> list[int]:
    """INSERT ... ON CONFLICT (`unique_on`) DO NOTHING RETURNING `returning`: the ids of the rows
    actually inserted. A racing transaction inserting the same key waits, then inserts nothing.

    The statement is built on the Core table with the rows as parameters (not embedded values),
    so its compiled form is cached and SQLAlchemy batches the rows ("insertmanyvalues")."""
    if not rows:
        return []
    session.flush()
    table = table_of(entity)
    dialect = session.get_bind().dialect.name
    statement = _statement(dialect, table, tuple(unique_on), returning.key)
    return sorted(session.scalars(statement, list(rows)))


@cache
def _statement(dialect: str, table: Table, unique_on: tuple[str, ...], returning: str) -> Any:
    module: Any = postgresql if dialect == "postgresql" else sqlite
    return (
        module.insert(table)
        .on_conflict_do_nothing(index_elements=list(unique_on))
        .returning(table.c[returning])
    )

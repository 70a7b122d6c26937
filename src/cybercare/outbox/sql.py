"""The one statement the two engines spell alike but SQLAlchemy builds per dialect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session


def insert_new_rows(
    session: Session,
    entity: type[Any],
    rows: Sequence[dict[str, Any]],
    *,
    unique_on: Sequence[str],
    returning: InstrumentedAttribute[int],
) -> list[int]:
    """INSERT ... ON CONFLICT (`unique_on`) DO NOTHING RETURNING `returning`: the ids of the rows
    actually inserted. A racing transaction inserting the same key waits, then inserts nothing."""
    if not rows:
        return []
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        pg_statement = postgresql.insert(entity).values(list(rows))
        statement: Any = pg_statement.on_conflict_do_nothing(index_elements=list(unique_on))
    else:
        lite_statement = sqlite.insert(entity).values(list(rows))
        statement = lite_statement.on_conflict_do_nothing(index_elements=list(unique_on))
    return sorted(session.scalars(statement.returning(returning)))

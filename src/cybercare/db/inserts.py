"""Core INSERTs for hot paths: ON CONFLICT DO NOTHING (the one statement the two engines spell
alike but SQLAlchemy builds per dialect: outbox messages, idempotency keys, pot years, ledger
entries), and the rows of new objects a command builds, uses and never reads back (a claim, its
evidence and decision)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from cybercare.db.tables.base import Base, insert_into, table_of


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
    if dialect == "postgresql" and len(rows) >= COPY_FROM_ROWS:
        return _copy_new_rows(session, table, rows, unique_on, returning.key)
    statement = _statement(dialect, table, tuple(unique_on), returning.key)
    return sorted(session.scalars(statement, list(rows)))


def _copy_new_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    unique_on: Sequence[str],
    returning: str,
) -> list[int]:
    """Many rows on PostgreSQL: COPY into a temporary table of the transaction, then one
    INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING. The multi-row INSERT costs more:
    psycopg rewrites each 1,000-row page's named parameters anew (it caches statements up to
    4 kB and 50 parameters), which took 60 % of a book import's webhook rows' time."""
    connection = session.connection()
    staging = f"new_{table.name}"
    names = ", ".join(f'"{name}"' for name in rows[0])
    connection.exec_driver_sql(f'DROP TABLE IF EXISTS pg_temp."{staging}"')
    # Names of our own tables and columns, never of the input: no injection.
    connection.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{staging}" ON COMMIT DROP AS '  # noqa: S608
        f'SELECT {names} FROM "{table.name}" WITH NO DATA'
    )
    _copy(session, table, staging, rows)
    keys = ", ".join(f'"{name}"' for name in unique_on)
    inserted = connection.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{staging}" '  # noqa: S608
        f'ON CONFLICT ({keys}) DO NOTHING RETURNING "{returning}"'
    )
    ids = sorted(int(row[0]) for row in inserted)
    connection.exec_driver_sql(f'DROP TABLE pg_temp."{staging}"')
    return ids


# psycopg rewrites a statement's named parameters for the server and caches the result only
# for statements up to 4 kB: SQLAlchemy's default 1,000-row pages are rewritten anew each time,
# which cost more than the rows' insertion (a book import: 60 % of its webhook rows' time). Pages
# of a size that stays under the cache's limit are rewritten once.
POSTGRES_PAGE_BYTES = 3_800


@cache
def _statement(dialect: str, table: Table, unique_on: tuple[str, ...], returning: str) -> Any:
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .on_conflict_do_nothing(index_elements=list(unique_on))
        .returning(table.c[returning])
    )
    if dialect == "postgresql":
        # About 20 bytes per column and row ("%(dedupe_key__12)s, "), besides the statement.
        per_row = 20 * len(table.c) + 4
        page = max(1, (POSTGRES_PAGE_BYTES - 60 * len(table.c)) // per_row)
        statement = statement.execution_options(insertmanyvalues_page_size=page)
    return statement


def insert_objects(session: Session, objects: Sequence[Base]) -> None:
    """INSERT new mapped objects of one class with Core, in one statement (SQLAlchemy batches
    the rows), without adding them to the session: they stay plain values for the rest of the
    command. Like the ORM's flush, a column left unset takes its scalar default, on the object
    too, and a generated primary key is put back on each object."""
    if not objects:
        return
    session.flush()  # rows the ORM holds (parents) go first
    columns, generated = _layout(type(objects[0]))
    rows = []
    for item in objects:
        values = {}
        for attribute, column in columns:
            if attribute in item.__dict__:
                values[column.key] = item.__dict__[attribute]
            elif column.default is not None and column.default.is_scalar:
                setattr(item, attribute, column.default.arg)
                values[column.key] = column.default.arg
        rows.append(values)
    # One statement takes its columns from the first row: a value only a later row sets would
    # be dropped without a word.
    if any(row.keys() != rows[0].keys() for row in rows[1:]):
        raise ValueError("the objects of one insert_objects call must set the same attributes")
    if generated is None:
        session.execute(insert_into(type(objects[0])), rows)
        return
    attribute = generated[0]
    statement = _returning_key(type(objects[0]))
    for item, key in zip(objects, session.scalars(statement, rows), strict=True):
        setattr(item, attribute, key)


@cache
def _returning_key(entity: type[Base]) -> Any:
    generated = _layout(entity)[1]
    assert generated is not None
    return insert_into(entity).returning(generated[1], sort_by_parameter_order=True)


@cache
def _layout(entity: type[Base]) -> tuple[list[tuple[str, Any]], tuple[str, Any] | None]:
    """(attribute, column) of each mapped column, and the primary key the database generates."""
    mapper = inspect(entity)
    columns = [(prop.key, prop.columns[0]) for prop in mapper.column_attrs]
    generated = next(
        (
            (attribute, column)
            for attribute, column in columns
            if column.primary_key
            and column.autoincrement in (True, "auto")
            and column.type.python_type is int
        ),
        None,
    )
    return columns, generated


# From this many rows on, PostgreSQL takes them with COPY: one stream instead of one EXECUTE per
# row in a pipeline (measured on a book import, docs/book-import.md: about 4x less time per row).
COPY_FROM_ROWS = 500


def insert_rows(session: Session, entity: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (every row with the same keys) into `entity`'s table, never read back: a
    batched Core INSERT, or on PostgreSQL for many rows a `COPY ... FROM STDIN` on the session's
    own connection, so in its transaction. Each value goes through its column type's bind
    processing, as the INSERT would (UTC instants, JSON); triggers and constraints apply."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        session.execute(insert_into(entity), list(rows))  # what the callers always ran
        return
    table = table_of(entity)
    session.flush()  # rows the ORM holds go first: COPY bypasses the session
    _copy(session, table, table.name, rows)


def _copy(session: Session, table: Table, target: str, rows: Sequence[dict[str, Any]]) -> None:
    """COPY `rows` into `target` (`table`, or a staging table of its columns), each value through
    its column type's bind processing."""
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    driver = connection.connection.driver_connection
    with (
        driver.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f'COPY "{target}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    value if process is None else process(value)
                    for value, process in zip(
                        (row[name] for name in columns), processors, strict=True
                    )
                ]
            )

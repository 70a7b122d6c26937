"""Set-based writes for the hot paths of a bank statement (issue 15: 100,000 lines in < 10 s):
many rows inserted and many rows' status set, below SQLAlchemy's per-row parameter handling.

- `insert_rows`: PostgreSQL COPY (psycopg's `cursor.copy`, the rows adapted by psycopg: dates,
  aware datetimes, booleans as such); SQLite one driver-level `executemany`, each value passed
  through its column type's bind processor first (the same text SQLAlchemy would store: an
  instant as naive UTC, a date as ISO text). Both in the session's transaction.
- `id_in`: a column among many ids as one bound array on PostgreSQL (`= ANY(:ids)`: one short
  statement psycopg prepares once, where an expanded IN of a thousand parameters is a new long
  text each time), the usual expanded IN on SQLite (where it costs nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Table, any_, bindparam, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from cybercare.db.tables.base import insert_into

CHUNK = 5000  # rows per SQLite executemany: bounded memory for the converted values


def _columns(table: Table, rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[Any]]:
    """The columns the rows name, plus the columns they leave out that have a scalar default
    (with that default); None when a left-out column has a default computed per row."""
    names = list(rows[0])
    defaults: list[Any] = []
    for column in table.columns:
        if column.name in rows[0] or column.primary_key:
            continue
        default = column.default
        if default is None:
            continue
        if not getattr(default, "is_scalar", False):
            raise ValueError(f"{table.name}.{column.name}: a per-row default, not bulk-insertable")
        names.append(column.name)
        defaults.append(default.arg)  # type: ignore[attr-defined]
    return names, defaults


def insert_rows(session: Session, entity: Any, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys; the primary key generated) into `entity`'s
    table, in the session's transaction."""
    if not rows:
        return
    session.flush()
    table: Table = insert_into(entity).table  # type: ignore[assignment]
    names, defaults = _columns(table, rows)
    keys = list(rows[0])
    if any(row.keys() != rows[0].keys() for row in rows):
        session.execute(insert_into(entity), list(rows))  # rare: rows of different shapes
        return
    connection = session.connection()
    dialect = connection.dialect
    raw: Any = connection.connection.driver_connection
    column_list = ", ".join(names)
    if dialect.name == "postgresql":
        tail = tuple(defaults)
        # table and column names come from our own metadata, never from the rows
        copy_sql = f"COPY {table.name} ({column_list}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(tuple(row[k] for k in keys) + tail)
        return
    processors: list[Callable[[Any], Any] | None] = [
        table.c[name].type._cached_bind_processor(dialect)  # SQLAlchemy's own, per dialect
        for name in names
    ]
    marks = ", ".join("?" * len(names))
    sql = f"INSERT INTO {table.name} ({column_list}) VALUES ({marks})"  # noqa: S608 - our names
    cursor = raw.cursor()
    try:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            # column by column: a statement's dates and instants repeat, each converted once
            columns = [
                _converted([row[key] for row in chunk], processors[index])
                for index, key in enumerate(keys)
            ]
            columns += [
                _converted([value] * len(chunk), processors[len(keys) + index])
                for index, value in enumerate(defaults)
            ]
            cursor.executemany(sql, list(zip(*columns, strict=True)))
    finally:
        cursor.close()


def _converted(values: list[Any], process: Callable[[Any], Any] | None) -> list[Any]:
    if process is None:
        return values
    memo: dict[Any, Any] = {None: None}
    out = []
    for value in values:
        try:
            out.append(memo[value])
        except KeyError:
            memo[value] = converted = process(value)
            out.append(converted)
        except TypeError:  # unhashable (a JSON value): converted each time
            out.append(process(value))
    return out


def id_in(session: Session, column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """`column IN ids`, as one bound array on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(BigInteger())))  # type: ignore[no-any-return]
    return column.in_(list(ids))  # type: ignore[no-any-return]


def set_values(
    session: Session, table: Table, ids: Sequence[int], values: dict[str, Any], *, chunk: int
) -> None:
    """UPDATE `table` SET `values` for many ids: one statement on PostgreSQL (an array), IN
    lists of `chunk` ids on SQLite."""
    if not ids:
        return
    step = len(ids) if session.get_bind().dialect.name == "postgresql" else chunk
    for start in range(0, len(ids), step):
        where = id_in(session, table.c.id, ids[start : start + step])
        session.execute(update(table).where(where).values(values))

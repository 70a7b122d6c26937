"""Declarative base with a naming convention so migrations name constraints predictably."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Insert, MetaData, Table, insert
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    metadata = metadata


def table_of(entity: type[Base]) -> Table:
    """The Core table of a mapped class: hot paths insert through it, skipping the ORM's
    per-row bookkeeping (a subscription writes a dozen rows it never reads back)."""
    table = entity.__table__
    if not isinstance(table, Table):  # pragma: no cover - every mapped class here is a table
        raise TypeError(f"{entity.__name__} is not mapped to a table")
    return table


@cache
def insert_into(entity: type[Base]) -> Insert:
    """The table's INSERT, built once: a statement object keeps its cache key, so executing it
    again (with new rows as parameters) skips rebuilding and re-keying it."""
    return insert(table_of(entity))

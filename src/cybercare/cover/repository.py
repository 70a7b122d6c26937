"""All SQL of the yearly pots: lazy rows, the row lock, compare-and-set writes, reservations.

`lock` creates the pot year's row if it does not exist yet (INSERT ... ON CONFLICT DO NOTHING,
so two first claims of a year cannot create it twice) and takes it FOR UPDATE (PostgreSQL; on
SQLite the writer already holds the database lock since BEGIN IMMEDIATE). `save` writes with
`WHERE version = :read_version` and bumps the version: a write based on a stale read changes
nothing and raises. The CHECK constraints of `pot_years` are the last guard.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from cybercare.cover.pots import PotYear
from cybercare.db.inserts import insert_new_rows
from cybercare.db.tables import AffiliationRow, PotReservationRow, PotYearRow
from cybercare.db.tables.base import table_of
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict
from cybercare.kernel.periods import InsuranceYear
from cybercare.product.model import Pot


class PotChangedConcurrently(Conflict):
    code = "pot.concurrent_update"


@dataclass(frozen=True, slots=True)
class LockedPot:
    row_id: int
    version: int
    affiliation_id: str
    year: InsuranceYear
    state: PotYear
    created: bool = False  # by this transaction: no reservation in it can exist yet


@dataclass(frozen=True, slots=True)
class Reservation:
    """What `holder` (a case, or a claim of `case_id`) holds in one pot year."""

    holder: str
    case_id: str
    reserved_cents: int = 0
    case_reserved: bool = False
    case_counted: bool = False
    row_id: int | None = None  # its pot_reservations row, None while it holds nothing

    @property
    def empty(self) -> bool:
        return not (self.reserved_cents or self.case_reserved or self.case_counted)


def _state(row: Any) -> PotYear:
    return PotYear(
        row.pot,
        row.money_limit_cents,
        row.case_limit,
        row.used_cents,
        row.reserved_cents,
        row.cases_used,
        row.cases_reserved,
    )


_POT_YEAR = (
    PotYearRow.id,
    PotYearRow.version,
    PotYearRow.pot,
    PotYearRow.money_limit_cents,
    PotYearRow.case_limit,
    PotYearRow.used_cents,
    PotYearRow.reserved_cents,
    PotYearRow.cases_used,
    PotYearRow.cases_reserved,
)


# The statements of every claim, built once (a statement object keeps its cache key).
_LOCK_POT_YEAR = (
    select(*_POT_YEAR)
    .where(
        PotYearRow.affiliation_id == bindparam("affiliation_id"),
        PotYearRow.year_start == bindparam("year_start"),
        PotYearRow.pot == bindparam("pot"),
    )
    .with_for_update()
)
_SAVE_POT_YEAR = (
    update(table_of(PotYearRow))
    .where(
        table_of(PotYearRow).c.id == bindparam("row_id"),
        table_of(PotYearRow).c.version == bindparam("read_version"),
    )
    .values(version=bindparam("read_version") + 1)
)
_INSERT_RESERVATION = insert(table_of(PotReservationRow)).returning(
    table_of(PotReservationRow).c.id
)
_SAVE_RESERVATION = update(table_of(PotReservationRow)).where(
    table_of(PotReservationRow).c.id == bindparam("row_id")
)
_SAVE_HOLDERS_RESERVATION = update(table_of(PotReservationRow)).where(
    table_of(PotReservationRow).c.pot_year_id == bindparam("pot_year"),
    table_of(PotReservationRow).c.holder == bindparam("for_holder"),
)


def lock(
    uow: UnitOfWork, affiliation_id: str, year: InsuranceYear, pot: Pot, *, at: datetime
) -> LockedPot:
    """The pot year's row, created lazily and locked for the rest of the transaction. Read
    with Core: the writes below are Core statements, no ORM object may go stale."""
    key = {"affiliation_id": affiliation_id, "year_start": year.start, "pot": pot.code}
    row = uow.session.execute(_LOCK_POT_YEAR, key).one_or_none()
    if row is None:
        fresh = PotYear(pot.code, pot.money_limit_cents, pot.case_limit)
        created = insert_new_rows(
            uow.session,
            PotYearRow,
            [
                {
                    "affiliation_id": affiliation_id,
                    "year_index": year.index,
                    "year_start": year.start,
                    "year_end": year.end,
                    "pot": pot.code,
                    "money_limit_cents": pot.money_limit_cents,
                    "case_limit": pot.case_limit,
                    "used_cents": 0,
                    "reserved_cents": 0,
                    "cases_used": 0,
                    "cases_reserved": 0,
                    "recovered_cents": 0,
                    "version": 0,
                    "updated_at": at,
                }
            ],
            unique_on=["affiliation_id", "year_start", "pot"],
            returning=PotYearRow.id,
        )
        if created:  # ours, locked until the commit: nobody has held anything in it yet
            return LockedPot(created[0], 0, affiliation_id, year, fresh, created=True)
        row = uow.session.execute(_LOCK_POT_YEAR, key).one()  # a twin created it first
    return LockedPot(row.id, row.version, affiliation_id, year, _state(row))


def save(uow: UnitOfWork, locked: LockedPot, new: PotYear, *, at: datetime) -> LockedPot:
    """Write the new figures if nobody wrote since `locked` was read (compare and set)."""
    result = uow.session.execute(
        _SAVE_POT_YEAR,
        {
            "row_id": locked.row_id,
            "read_version": locked.version,
            "used_cents": new.used_cents,
            "reserved_cents": new.reserved_cents,
            "cases_used": new.cases_used,
            "cases_reserved": new.cases_reserved,
            "updated_at": at,
        },
    )
    if getattr(result, "rowcount", 0) != 1:
        raise PotChangedConcurrently(
            f"pot {new.pot} changed since it was read; retry", params={"pot": new.pot}
        )
    # No longer "created": reservations may be written in it from now on, so read them.
    return replace(locked, version=locked.version + 1, state=new, created=False)


def add_recovery(uow: UnitOfWork, row_id: int, cents: int, *, at: datetime) -> None:
    uow.session.execute(
        update(PotYearRow)
        .where(PotYearRow.id == row_id)
        .values(
            recovered_cents=PotYearRow.recovered_cents + cents,
            version=PotYearRow.version + 1,
            updated_at=at,
        )
        .execution_options(synchronize_session=False)
    )


_RESERVATION = (
    PotReservationRow.holder,
    PotReservationRow.case_id,
    PotReservationRow.reserved_cents,
    PotReservationRow.case_reserved,
    PotReservationRow.case_counted,
    PotReservationRow.id,
    PotReservationRow.pot_year_id,
)


def _reservation(row: Any) -> Reservation:
    """Read with Core (no ORM object to go stale: the writes below are Core statements)."""
    return Reservation(
        row.holder,
        row.case_id,
        row.reserved_cents,
        bool(row.case_reserved),
        bool(row.case_counted),
        row.id,
    )


def reservations(
    uow: UnitOfWork, locked: LockedPot, holders: dict[str, str]
) -> dict[str, Reservation]:
    """What each holder (holder -> its case id) holds in the pot year, in one query (none when
    this transaction created the year)."""
    found: dict[str, Reservation] = {}
    if not locked.created:
        rows = uow.session.execute(
            select(*_RESERVATION).where(
                PotReservationRow.pot_year_id == locked.row_id,
                PotReservationRow.holder.in_(list(holders)),
            )
        )
        found = {row.holder: _reservation(row) for row in rows}
    return {
        holder: found.get(holder, Reservation(holder, case)) for holder, case in holders.items()
    }


def reservation(uow: UnitOfWork, locked: LockedPot, holder: str, case_id: str) -> Reservation:
    return reservations(uow, locked, {holder: case_id})[holder]


def save_reservation(
    uow: UnitOfWork,
    row_id: int,
    reservation: Reservation,
    *,
    at: datetime,
    before: Reservation | None = None,
) -> Reservation:
    """Write what a holder holds: nothing when it did not change (`before`, as read), an UPDATE of
    its known row, or an INSERT of a first holding (holding nothing needs no row)."""
    if before is not None and (
        before.reserved_cents,
        before.case_reserved,
        before.case_counted,
    ) == (reservation.reserved_cents, reservation.case_reserved, reservation.case_counted):
        return reservation
    values = {
        "reserved_cents": reservation.reserved_cents,
        "case_reserved": reservation.case_reserved,
        "case_counted": reservation.case_counted,
        "updated_at": at,
    }
    if reservation.row_id is None and before is not None and before.row_id is None:
        return reservation if reservation.empty else _insert(uow, row_id, reservation, values)
    key: dict[str, object] = {"row_id": reservation.row_id}
    query = _SAVE_RESERVATION
    if reservation.row_id is None:
        key = {"pot_year": row_id, "for_holder": reservation.holder}
        query = _SAVE_HOLDERS_RESERVATION
    result = uow.session.execute(query, {**key, **values})
    if getattr(result, "rowcount", 1) == 0:
        return _insert(uow, row_id, reservation, values)
    return reservation


def _insert(
    uow: UnitOfWork, row_id: int, reservation: Reservation, values: dict[str, object]
) -> Reservation:
    new_id = uow.session.execute(
        _INSERT_RESERVATION,
        {
            "holder": reservation.holder,
            "case_id": reservation.case_id,
            "pot_year_id": row_id,
            **values,
        },
    ).scalar_one()
    return replace(reservation, row_id=new_id)


def reservations_of(uow: UnitOfWork, holder: str) -> list[tuple[int, Reservation]]:
    rows = uow.session.execute(select(*_RESERVATION).where(PotReservationRow.holder == holder))
    return [(r.pot_year_id, _reservation(r)) for r in rows]


def pot_year_state(uow: UnitOfWork, row_id: int) -> PotYear:
    row = uow.session.execute(select(*_POT_YEAR).where(PotYearRow.id == row_id)).one()
    return _state(row)


def lock_by_id(uow: UnitOfWork, row_id: int) -> LockedPot:
    row = uow.session.scalars(
        select(PotYearRow)
        .where(PotYearRow.id == row_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    year = InsuranceYear(row.year_index, row.year_start, row.year_end)
    return LockedPot(row.id, row.version, row.affiliation_id, year, _state(row))


def pot_years(uow: UnitOfWork, affiliation_id: str, year_start: object) -> dict[str, PotYear]:
    rows = uow.session.scalars(
        select(PotYearRow).where(
            PotYearRow.affiliation_id == affiliation_id, PotYearRow.year_start == year_start
        )
    )
    return {row.pot: _state(row) for row in rows}


def latest_affiliation(uow: UnitOfWork, household_id: str) -> str | None:
    return uow.session.scalar(
        select(AffiliationRow.id)
        .where(AffiliationRow.household_id == household_id)
        .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
        .limit(1)
    )

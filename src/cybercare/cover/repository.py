"""All SQL of the yearly pots: lazy rows, the row lock, compare-and-set writes, reservations.

`lock` creates the pot year's row if it does not exist yet (INSERT ... ON CONFLICT DO NOTHING,
so two first claims of a year cannot create it twice) and takes it FOR UPDATE (PostgreSQL; on
SQLite the writer already holds the database lock since BEGIN IMMEDIATE). `save` writes with
`WHERE version = :read_version` and bumps the version: a write based on a stale read changes
nothing and raises. The CHECK constraints of `pot_years` are the last guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from cybercare.cover.pots import PotYear
from cybercare.db.tables import PotReservationRow, PotYearRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.errors import Conflict
from cybercare.kernel.periods import InsuranceYear
from cybercare.outbox.sql import insert_new_rows
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


@dataclass(frozen=True, slots=True)
class Reservation:
    """What `holder` (a case, or a claim of `case_id`) holds in one pot year."""

    holder: str
    case_id: str
    reserved_cents: int = 0
    case_reserved: bool = False
    case_counted: bool = False


def _state(row: PotYearRow) -> PotYear:
    return PotYear(
        row.pot,
        row.money_limit_cents,
        row.case_limit,
        row.used_cents,
        row.reserved_cents,
        row.cases_used,
        row.cases_reserved,
    )


def lock(
    uow: UnitOfWork, affiliation_id: str, year: InsuranceYear, pot: Pot, *, at: datetime
) -> LockedPot:
    """The pot year's row, created lazily and locked for the rest of the transaction."""
    query = (
        select(PotYearRow)
        .where(
            PotYearRow.affiliation_id == affiliation_id,
            PotYearRow.year_start == year.start,
            PotYearRow.pot == pot.code,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = uow.session.scalar(query)
    if row is None:
        insert_new_rows(
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
        row = uow.session.scalars(query).one()
    return LockedPot(row.id, row.version, affiliation_id, year, _state(row))


def save(uow: UnitOfWork, locked: LockedPot, new: PotYear, *, at: datetime) -> LockedPot:
    """Write the new figures if nobody wrote since `locked` was read (compare and set)."""
    result = uow.session.execute(
        update(PotYearRow)
        .where(PotYearRow.id == locked.row_id, PotYearRow.version == locked.version)
        .values(
            used_cents=new.used_cents,
            reserved_cents=new.reserved_cents,
            cases_used=new.cases_used,
            cases_reserved=new.cases_reserved,
            version=locked.version + 1,
            updated_at=at,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise PotChangedConcurrently(
            f"pot {new.pot} changed since it was read; retry", params={"pot": new.pot}
        )
    return LockedPot(locked.row_id, locked.version + 1, locked.affiliation_id, locked.year, new)


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


def reservation(uow: UnitOfWork, row_id: int, holder: str, case_id: str) -> Reservation:
    row = uow.session.scalar(
        select(PotReservationRow).where(
            PotReservationRow.pot_year_id == row_id, PotReservationRow.holder == holder
        )
    )
    if row is None:
        return Reservation(holder, case_id)
    return Reservation(holder, row.case_id, row.reserved_cents, row.case_reserved, row.case_counted)


def save_reservation(
    uow: UnitOfWork, row_id: int, reservation: Reservation, *, at: datetime
) -> None:
    row = uow.session.scalar(
        select(PotReservationRow).where(
            PotReservationRow.pot_year_id == row_id,
            PotReservationRow.holder == reservation.holder,
        )
    )
    if row is None:
        row = PotReservationRow(
            holder=reservation.holder, case_id=reservation.case_id, pot_year_id=row_id
        )
        uow.session.add(row)
    row.reserved_cents = reservation.reserved_cents
    row.case_reserved = reservation.case_reserved
    row.case_counted = reservation.case_counted
    row.updated_at = at


def reservations_of(uow: UnitOfWork, holder: str) -> list[tuple[int, Reservation]]:
    rows = uow.session.scalars(select(PotReservationRow).where(PotReservationRow.holder == holder))
    return [
        (
            r.pot_year_id,
            Reservation(holder, r.case_id, r.reserved_cents, r.case_reserved, r.case_counted),
        )
        for r in rows
    ]


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

"""The sandbox's SQL: test clocks, the affiliations on them, and what its bank sees (the open
direct debits of a batch and the IBAN each is collected from)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time

from sqlalchemy import func, select, update

from cybercare.db.tables import (
    AffiliationRow,
    CaseRow,
    DebitBatchRow,
    DistributorRow,
    DunningCaseRow,
    MandateRow,
    PremiumLineRow,
    TestClockAffiliationRow,
    TestClockRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.clock import BRUSSELS
from cybercare.sandbox.domain import ClockStatus, TestClock


def _clock(row: TestClockRow) -> TestClock:
    return TestClock(
        row.id,
        row.distributor_code,
        row.name,
        row.frozen_time,
        ClockStatus(row.status),
        row.advancing_to,
        row.created_at,
    )


def add_clock(uow: UnitOfWork, clock: TestClock) -> None:
    uow.session.add(
        TestClockRow(
            id=clock.id,
            distributor_code=clock.distributor,
            name=clock.name,
            frozen_time=clock.frozen_time,
            status=clock.status.value,
            advancing_to=clock.advancing_to,
            created_at=clock.created_at,
        )
    )


def find_clock(uow: UnitOfWork, clock_id: str, *, for_update: bool = False) -> TestClock | None:
    query = select(TestClockRow).where(TestClockRow.id == clock_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    return None if row is None else _clock(row)


def clocks_of(uow: UnitOfWork, distributor: str) -> list[TestClock]:
    query = (
        select(TestClockRow)
        .where(TestClockRow.distributor_code == distributor)
        .order_by(TestClockRow.created_at, TestClockRow.id)
    )
    return [_clock(row) for row in uow.session.scalars(query)]


def advancing_clock_ids(uow: UnitOfWork) -> list[str]:
    query = select(TestClockRow.id).where(TestClockRow.status == ClockStatus.ADVANCING.value)
    return list(uow.session.scalars(query.order_by(TestClockRow.id)))


def save_time(
    uow: UnitOfWork, clock_id: str, frozen_time: datetime, advancing_to: datetime | None
) -> None:
    status = ClockStatus.ADVANCING if advancing_to is not None else ClockStatus.READY
    uow.session.execute(
        update(TestClockRow)
        .where(TestClockRow.id == clock_id)
        .values(frozen_time=frozen_time, advancing_to=advancing_to, status=status.value)
    )


def affiliation_distributor(uow: UnitOfWork, affiliation_id: str) -> str | None:
    return uow.session.scalar(
        select(AffiliationRow.distributor_code).where(AffiliationRow.id == affiliation_id)
    )


def clock_of_affiliation(uow: UnitOfWork, affiliation_id: str) -> str | None:
    return uow.session.scalar(
        select(TestClockAffiliationRow.test_clock_id).where(
            TestClockAffiliationRow.affiliation_id == affiliation_id
        )
    )


def attach(uow: UnitOfWork, clock_id: str, affiliation_id: str, at: datetime) -> None:
    uow.session.add(
        TestClockAffiliationRow(
            affiliation_id=affiliation_id, test_clock_id=clock_id, attached_at=at
        )
    )


def affiliations_on(uow: UnitOfWork, clock_id: str) -> list[str]:
    query = select(TestClockAffiliationRow.affiliation_id).where(
        TestClockAffiliationRow.test_clock_id == clock_id
    )
    return list(uow.session.scalars(query.order_by(TestClockAffiliationRow.affiliation_id)))


def case_ids_of(uow: UnitOfWork, affiliation_ids: Collection[str]) -> set[str]:
    if not affiliation_ids:
        return set()
    query = select(CaseRow.id).where(CaseRow.affiliation_id.in_(list(affiliation_ids)))
    return set(uow.session.scalars(query))


def distributor_exists(uow: UnitOfWork, code: str) -> bool:
    return uow.session.get(DistributorRow, code) is not None


def batches_due(uow: UnitOfWork, on: date) -> list[int]:
    """Direct-debit batches whose collection date has come and that the bank has not settled."""
    query = select(DebitBatchRow.id).where(
        DebitBatchRow.collection_date <= on, DebitBatchRow.settled_on.is_(None)
    )
    return list(uow.session.scalars(query.order_by(DebitBatchRow.id)))


def open_debits(uow: UnitOfWork, batch_id: int) -> list[tuple[int, str, str]]:
    """(line id, affiliation id, the IBAN debited) of the batch's open lines: the IBAN of the
    affiliation's latest mandate."""
    latest = (
        select(MandateRow.iban)
        .where(MandateRow.affiliation_id == PremiumLineRow.affiliation_id)
        .order_by(MandateRow.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(PremiumLineRow.id, PremiumLineRow.affiliation_id, latest)
        .where(PremiumLineRow.debit_batch_id == batch_id, PremiumLineRow.status == "open")
        .order_by(PremiumLineRow.id)
    )
    return [(int(r[0]), str(r[1]), str(r[2] or "")) for r in uow.session.execute(query)]


LIVE_STATUSES = ("active", "suspended")
OPEN_DUNNING = ("notice_sent", "suspended")


def needs_every_day(uow: UnitOfWork, affiliation_ids: Collection[str]) -> bool:
    """Something of these affiliations may move on any day: unpaid premiums of a running cover
    (a formal notice is due) or an open non-payment case."""
    if not affiliation_ids:
        return False
    ids = list(affiliation_ids)
    arrears = (
        select(PremiumLineRow.id)
        .join(AffiliationRow, AffiliationRow.id == PremiumLineRow.affiliation_id)
        .where(
            PremiumLineRow.affiliation_id.in_(ids),
            PremiumLineRow.status == "unpaid",
            AffiliationRow.status.in_(LIVE_STATUSES),
        )
    )
    dunning = select(DunningCaseRow.id).where(
        DunningCaseRow.affiliation_id.in_(ids), DunningCaseRow.status.in_(OPEN_DUNNING)
    )
    return any(uow.session.scalar(q.limit(1)) is not None for q in (arrears, dunning))


def next_dates(uow: UnitOfWork, affiliation_ids: Collection[str], after: date) -> list[date]:
    """The next collection date of an unsettled batch, the next term end or notified end of
    these affiliations after `after` (the days the bank or the lifecycle job act), and the day
    of the next first-contact deadline of their cases (a breach is escalated the next day's run
    at the latest, and always at the advance's target time)."""
    found: list[date] = []
    batch = uow.session.scalar(
        select(DebitBatchRow.collection_date)
        .where(DebitBatchRow.settled_on.is_(None), DebitBatchRow.collection_date > after)
        .order_by(DebitBatchRow.collection_date)
        .limit(1)
    )
    if batch is not None:
        found.append(batch)
    if affiliation_ids:
        live = (
            AffiliationRow.id.in_(list(affiliation_ids)),
            AffiliationRow.status.in_(LIVE_STATUSES),
        )
        for column in (AffiliationRow.term_end, AffiliationRow.pending_end_date):
            day = uow.session.scalar(select(func.min(column)).where(*live, column > after))
            if day is not None:
                found.append(day)
        due = uow.session.scalar(  # the next first-contact deadline of a case (Art. 8.4)
            select(func.min(CaseRow.first_contact_due_at)).where(
                CaseRow.affiliation_id.in_(list(affiliation_ids)),
                CaseRow.status != "closed",
                CaseRow.first_contact_due_at >= datetime.combine(after, time(), BRUSSELS),
            )
        )
        if due is not None:
            found.append(due.astimezone(BRUSSELS).date())
    return found

"""Our open facts a bank document may answer, read for the references it carries: debit batches
and payment files by message id, collections and payouts by end-to-end id, premium lines by
structured communication, and a bounded set of open items to suggest for the rest."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from cybercare.banking.matching import Candidates, MatchKind, Target, TargetKind
from cybercare.billing.formats import END_TO_END_PREFIX
from cybercare.db.bulk import id_in
from cybercare.db.tables import DebitBatchRow, PaymentFileRow, PayoutRow, PremiumLineRow
from cybercare.db.uow import UnitOfWork
from cybercare.kernel.ids import is_row_id
from cybercare.payments.domain import payout_id_of

L = PremiumLineRow
CHUNK = 1000
OPEN_ITEMS_LIMIT = 2000  # suggestions read at most this many open items of each kind


def _chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _id_chunks(uow: UnitOfWork, ids: Collection[int]) -> Iterator[list[int]]:
    """Integer ids to look up: all at once on PostgreSQL (one bound array, `db.bulk.id_in`),
    in IN lists of CHUNK on SQLite."""
    if uow.session.get_bind().dialect.name == "sqlite":
        yield from _chunks(ids)
    elif ids:
        yield sorted(ids)


def _none() -> frozenset[MatchKind]:
    return frozenset()


def line_id_of_communication(digits: str) -> int | None:
    """The premium line of a structured communication (12 digits, modulo 97 checked: the
    Belgian OGM/VCS rule of `stdnum.be.ogm_vcs`, inlined: it runs for every line of a
    statement of 100,000)."""
    if len(digits) != 12 or not digits.isdigit():
        return None
    base, check = int(digits[:10]), int(digits[10:])
    if (base % 97 or 97) != check:
        return None
    return base or None


def candidates_for(
    uow: UnitOfWork,
    *,
    batch_ids: Collection[str],
    end_to_end_ids: Collection[str],
    communications: Collection[str],
    with_open_items: bool = True,
) -> Candidates:
    by_batch = {**_debit_batches(uow, batch_ids), **_payment_files(uow, batch_ids)}
    line_ids = {
        int(e2e.removeprefix(END_TO_END_PREFIX)): e2e
        for e2e in end_to_end_ids
        if e2e.startswith(END_TO_END_PREFIX) and e2e.removeprefix(END_TO_END_PREFIX).isdigit()
    }
    by_e2e: dict[str, Target] = {}
    for target in _collections(uow, line_ids):
        by_e2e[line_ids[int(target.target_id)]] = target
    # A payout travels under its EPC spelling (`pay-…`, payments.domain.end_to_end_id).
    payout_e2e = {payout_id_of(e2e): e2e for e2e in set(end_to_end_ids) - set(line_ids.values())}
    by_e2e.update((payout_e2e[t.target_id], t) for t in _payouts(uow, payout_e2e))
    by_line = {}
    for digits in communications:
        line_id = line_id_of_communication(digits)
        if line_id is not None:
            by_line[line_id] = digits
    by_communication = {by_line[int(t.target_id)]: t for t in _premiums(uow, by_line)}
    return Candidates(
        by_batch_id=by_batch,
        by_end_to_end_id=by_e2e,
        by_communication=by_communication,
        open_items=open_items(uow) if with_open_items else (),
    )


def _debit_batches(uow: UnitOfWork, message_ids: Collection[str]) -> dict[str, Target]:
    found: dict[str, Target] = {}
    for chunk in _chunks(message_ids):
        rows = list(
            uow.session.execute(
                select(
                    DebitBatchRow.id,
                    DebitBatchRow.message_id,
                    DebitBatchRow.settled_on,
                    DebitBatchRow.collection_date,
                ).where(DebitBatchRow.message_id.in_(chunk))
            )
        )
        open_cents = _open_of_batches(uow, [row.id for row in rows])
        for row in rows:
            cents = open_cents.get(row.id, 0)
            awaits = (
                frozenset({MatchKind.DEBIT_BATCH_COLLECTED})
                if row.settled_on is None and cents > 0
                else _none()
            )
            found[row.message_id] = Target(
                TargetKind.DEBIT_BATCH, str(row.id), cents, awaits, due_date=row.collection_date
            )
    return found


def _open_of_batches(uow: UnitOfWork, batch_ids: list[int]) -> dict[int, int]:
    if not batch_ids:
        return {}
    query = (
        select(L.debit_batch_id, func.sum(L.gross_cents))
        .where(L.debit_batch_id.in_(batch_ids), L.status == "open")
        .group_by(L.debit_batch_id)
    )
    return {int(row[0] or 0): int(row[1]) for row in uow.session.execute(query)}


def _payment_files(uow: UnitOfWork, file_ids: Collection[str]) -> dict[str, Target]:
    found: dict[str, Target] = {}
    for chunk in _chunks(file_ids):
        query = (
            select(
                PaymentFileRow.id, PaymentFileRow.execution_date, func.sum(PayoutRow.amount_cents)
            )
            .join(PayoutRow, PayoutRow.payment_file_id == PaymentFileRow.id, isouter=True)
            .where(PaymentFileRow.id.in_(chunk), PayoutRow.status == "in_file")
            .group_by(PaymentFileRow.id, PaymentFileRow.execution_date)
        )
        for file_id, execution_date, cents in uow.session.execute(query):
            found[file_id] = Target(
                TargetKind.PAYMENT_FILE,
                file_id,
                int(cents or 0),
                frozenset({MatchKind.PAYMENT_FILE_EXECUTED}),
                due_date=execution_date,
            )
    return found


def _collections(uow: UnitOfWork, line_ids: Collection[int]) -> Iterable[Target]:
    for chunk in _id_chunks(uow, line_ids):
        query = select(L.id, L.gross_cents, L.status, L.debit_batch_id)
        query = query.where(id_in(uow.session, L.id, chunk))
        for line_id, gross, status, batch_id in uow.session.execute(query):
            collectable = batch_id is not None and status in ("open", "paid")
            awaits = frozenset({MatchKind.DEBIT_RETURNED}) if collectable else _none()
            yield Target(TargetKind.COLLECTION, str(line_id), int(gross), awaits)


_PAYOUT_AWAITS = {
    "in_file": frozenset({MatchKind.PAYOUT_EXECUTED, MatchKind.PAYOUT_RETURNED}),
    "instructed": frozenset({MatchKind.PAYOUT_EXECUTED, MatchKind.PAYOUT_RETURNED}),
    "paid": frozenset({MatchKind.PAYOUT_RETURNED}),
}


def _payouts(uow: UnitOfWork, payout_ids: Collection[str]) -> Iterable[Target]:
    for chunk in _chunks(payout_ids):
        query = select(
            PayoutRow.id, PayoutRow.amount_cents, PayoutRow.status, PayoutRow.holder_name
        )
        for payout_id, amount, status, holder in uow.session.execute(
            query.where(PayoutRow.id.in_(chunk))
        ):
            awaits = _PAYOUT_AWAITS.get(status, _none())
            yield Target(TargetKind.PAYOUT, payout_id, int(amount), awaits, name=holder)


def _premiums(uow: UnitOfWork, line_ids: Collection[int]) -> Iterable[Target]:
    for chunk in _id_chunks(uow, line_ids):
        query = select(L.id, L.gross_cents, L.status, L.covered_from)
        query = query.where(id_in(uow.session, L.id, chunk))
        for line_id, gross, status, covered_from in uow.session.execute(query):
            awaits = (
                frozenset({MatchKind.PREMIUM_TRANSFER}) if status in ("open", "unpaid") else _none()
            )
            yield Target(
                TargetKind.PREMIUM, str(line_id), int(gross), awaits, due_date=covered_from
            )


def open_items(uow: UnitOfWork) -> list[Target]:
    """What an unmatched line could be, bounded: unpaid premiums (a partial index holds them),
    debit batches not collected, payouts in a file."""
    items: list[Target] = []
    unpaid = select(L.id, L.gross_cents, L.covered_from).where(L.status == "unpaid")
    for line_id, gross, covered_from in uow.session.execute(unpaid.limit(OPEN_ITEMS_LIMIT)):
        items.append(
            Target(
                TargetKind.PREMIUM,
                str(line_id),
                int(gross),
                frozenset({MatchKind.PREMIUM_TRANSFER}),
                due_date=covered_from,
            )
        )
    batches = select(DebitBatchRow.message_id).where(DebitBatchRow.settled_on.is_(None))
    message_ids = list(uow.session.scalars(batches.limit(OPEN_ITEMS_LIMIT)))
    items.extend(_debit_batches(uow, message_ids).values())
    payouts = select(PayoutRow.id).where(PayoutRow.status == "in_file")
    items.extend(_payouts(uow, list(uow.session.scalars(payouts.limit(OPEN_ITEMS_LIMIT)))))
    return [item for item in items if item.awaits]


@dataclass(frozen=True, slots=True)
class OriginalFile:
    """One of our files a pain.002 answers: a debit batch (its id) or a payment file."""

    kind: TargetKind
    file_id: str


def original_file(uow: UnitOfWork, message_id: str) -> OriginalFile | None:
    batch_id = uow.session.scalar(
        select(DebitBatchRow.id).where(DebitBatchRow.message_id == message_id)
    )
    if batch_id is not None:
        return OriginalFile(TargetKind.DEBIT_BATCH, str(batch_id))
    file_id = uow.session.scalar(select(PaymentFileRow.id).where(PaymentFileRow.id == message_id))
    return OriginalFile(TargetKind.PAYMENT_FILE, file_id) if file_id is not None else None


def end_to_end_ids_of(uow: UnitOfWork, original: OriginalFile) -> list[str]:
    """Every transaction of one of our files still waiting for the bank (a whole-file reject)."""
    if original.kind is TargetKind.DEBIT_BATCH:
        query = select(L.id).where(L.debit_batch_id == int(original.file_id), L.status == "open")
        return [f"{END_TO_END_PREFIX}{line_id}" for line_id in uow.session.scalars(query)]
    payouts = select(PayoutRow.id).where(
        PayoutRow.payment_file_id == original.file_id, PayoutRow.status == "in_file"
    )
    return list(uow.session.scalars(payouts))


def _row_id(text: str) -> int | None:
    """An integer id as typed, or None when it cannot name a row (beyond 64 bits: issue 16)."""
    return int(text) if text.isdigit() and is_row_id(int(text)) else None


def target(uow: UnitOfWork, kind: TargetKind, target_id: str) -> Target | None:
    """One of our facts by its own id, as finance picks it from the suggestions."""
    found: list[Target] = []
    row_id = _row_id(target_id)
    if kind is TargetKind.DEBIT_BATCH and row_id is not None:
        message_id = uow.session.scalar(
            select(DebitBatchRow.message_id).where(DebitBatchRow.id == row_id)
        )
        found = list(_debit_batches(uow, [message_id]).values()) if message_id else []
    elif kind is TargetKind.PAYMENT_FILE:
        found = list(_payment_files(uow, [target_id]).values())
    elif kind is TargetKind.PAYOUT:
        found = list(_payouts(uow, [target_id]))
    elif kind is TargetKind.COLLECTION and row_id is not None:
        found = list(_collections(uow, [row_id]))
    elif kind is TargetKind.PREMIUM and row_id is not None:
        found = list(_premiums(uow, [row_id]))
    return found[0] if found else None

"""The line checks of a book, batch by batch, in this process or in worker processes.

Checking is most of an import's work (national numbers, IBANs, e-mail addresses, the
subscription's rules) and needs nothing but the line: with `workers`, batches are checked in
that many processes while this one writes the previous batches, a few batches ahead at most
(memory stays flat), results in file order."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from itertools import islice

from cybercare.billing.mandate_service import debtor_account
from cybercare.book.domain import BookHousehold, LineRefused, Problem, RawHousehold, check_household
from cybercare.kernel.ids import new_id
from cybercare.product.model import ProductVersion

Record = RawHousehold | Problem
Checked = BookHousehold | Problem | tuple[Problem, ...]  # a problem of reading, or of checking
Batch = list[tuple[Record, Checked | None]]

_product: ProductVersion | None = None
_today: date | None = None


def check_one(record: Record, product: ProductVersion, today: date) -> Checked:
    if isinstance(record, Problem):
        return record
    try:
        return check_household(
            record, product=product, today=today, new_id=new_id, account=debtor_account
        )
    except LineRefused as refused:
        return refused.problems


def _start_worker(product: ProductVersion, today: date) -> None:
    global _product, _today
    _product, _today = product, today


def _check_in_worker(records: list[Record]) -> list[Checked]:
    assert _product is not None
    assert _today is not None
    return [check_one(record, _product, _today) for record in records]


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def checked_batches(
    records: Iterable[Record], product: ProductVersion, today: date, size: int, workers: int
) -> Iterator[list[tuple[Record, Checked]]]:
    """Each batch of `size` records with what its check found, in file order."""
    if workers <= 0:
        for batch in _batches(records, size):
            yield [(record, check_one(record, product, today)) for record in batch]
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(product, today)
    ) as pool:
        pending: deque[tuple[list[Record], Future[list[Checked]]]] = deque()
        for batch in _batches(records, size):
            pending.append((batch, pool.submit(_check_in_worker, batch)))
            if len(pending) > workers + 1:
                done, future = pending.popleft()
                yield list(zip(done, future.result(), strict=True))
        while pending:
            done, future = pending.popleft()
            yield list(zip(done, future.result(), strict=True))

"""`bank.file`: a SEPA file (pain.001 payments, pain.008 direct debits) to hand to the bank
connector after commit. Enqueued by whoever builds the file, in the transaction that records it;
delivered by the worker's `bank.file` handler (`cybercare.banking.file_delivery`).

The dedupe key is the file's message id: a file is enqueued once, and the bank answers a
redelivery of the same bytes with the first receipt (docs/banking.md).
"""

from __future__ import annotations

from datetime import datetime

from cybercare.db.uow import UnitOfWork
from cybercare.outbox.enqueue import enqueue_task

BANK_FILE = "bank.file"


def enqueue_bank_file(uow: UnitOfWork, *, message_id: str, xml: bytes, at: datetime) -> int | None:
    """The message's id, or None when this file was already enqueued."""
    return enqueue_task(
        uow,
        kind=BANK_FILE,
        dedupe_key=f"{BANK_FILE}:{message_id}",
        payload={"message_id": message_id, "xml": xml.decode("utf-8")},
        at=at,
    )

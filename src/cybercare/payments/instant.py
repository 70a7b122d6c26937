"""Payouts in seconds (issue 15): an STP decision paid to an account already approved for the
household leaves at once as a SEPA Instant transfer.

    decision (one transaction): payout `scheduled` + outbox `bank.instant` {payout_id}
    worker: read the payout, build the pain.001 INST (transaction 1, read only)
            -> BankConnector.send_instant, outside any transaction
            -> record the pain.002 (transaction 2): ACCC -> `instructed`;
               RJCT -> stays `scheduled` for the next batch file, with the bank's reason

The statement later confirms the execution (`confirm_payout_executed`). The message id is the
payout's (`INST-pay-...`): a redelivery after a crash sends the same message, which the bank
refuses as a duplicate instead of paying twice. Payments does not import the banking package
(it sits above): the worker is given the connector's `send_instant` as a plain callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cybercare.audit.trail import record
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.bank_account import BankAccount
from cybercare.kernel.clock import Clock
from cybercare.outbox.enqueue import enqueue_task
from cybercare.payments import repository
from cybercare.payments.domain import PAYMENT_CLAUSE, Payout, PayoutStatus, end_to_end_id
from cybercare.payments.instant_xml import InstantAnswer, build_instant_pain001, parse_pain002
from cybercare.payments.sepa import Pain001, Transfer

INSTANT = "bank.instant"
SendInstant = Callable[[bytes], bytes]


def instant_message_id(payout_id: str) -> str:
    return f"INST-{end_to_end_id(payout_id)}"[:35]


def enqueue_instant(uow: UnitOfWork, payout: Payout, *, at: datetime) -> None:
    """In the decision's transaction: the payout is handed to the worker at once."""
    enqueue_task(
        uow,
        kind=INSTANT,
        dedupe_key=f"{INSTANT}:{payout.payout_id}",
        payload={"payout_id": payout.payout_id},
        at=at,
    )


def instant_file(
    uow: UnitOfWork, payout_id: str, *, debtor: BankAccount, at: datetime
) -> Pain001 | None:
    """The pain.001 INST of a scheduled payout; None when it moved meanwhile (in a batch file,
    already instructed: nothing to send)."""
    payout = repository.find(uow, payout_id)
    if payout is None or payout.status is not PayoutStatus.SCHEDULED:
        return None
    if payout.bank_status == "RJCT":
        return None  # the bank refused it instantly once: the batch file takes it
    return build_instant_pain001(
        instant_message_id(payout.payout_id),
        debtor,
        Transfer(
            end_to_end_id(payout.payout_id),
            payout.holder_name,
            payout.iban,
            payout.amount_cents,
            payout.remittance,
        ),
        created_at=at,
        on=at.date(),
    )


def record_instant_answer(
    uow: UnitOfWork, payout_id: str, answer: InstantAnswer, *, at: datetime
) -> Payout:
    """ACCC: instructed (the statement will confirm it); RJCT: back to the batch path, with
    the bank's reason."""
    payout = repository.locked(uow, payout_id)
    if payout.status is not PayoutStatus.SCHEDULED:
        return payout  # answered already (a redelivery)
    if answer.accepted:
        moved = payout.instructed(answer.status, at)
        action = "payout.instant_accepted"
    else:
        moved = payout.instant_refused(answer.reason_code or "", at)
        action = "payout.instant_rejected"
    repository.save(uow, [moved])
    record(
        uow,
        at=at,
        actor="bank",
        action=action,
        subject_type="payout",
        subject_id=payout_id,
        clause=PAYMENT_CLAUSE,
        details={"status": answer.status, "reason_code": answer.reason_code},
    )
    return moved


@dataclass(frozen=True)
class InstantHandler:
    """The worker's handler of `bank.instant` messages (`Dispatcher.handlers`)."""

    database: Database
    clock: Clock
    send: SendInstant
    debtor: BankAccount

    def __call__(self, payload: Mapping[str, Any], now: datetime) -> None:
        payout_id = str(payload["payout_id"])
        with self.database.reader() as uow:
            pain = instant_file(uow, payout_id, debtor=self.debtor, at=self.clock.now())
        if pain is None:
            return
        answer = parse_pain002(self.send(pain.xml))  # BankUnavailable: the outbox retries
        with self.database.uow() as uow:
            record_instant_answer(uow, payout_id, answer, at=self.clock.now())
            uow.commit()

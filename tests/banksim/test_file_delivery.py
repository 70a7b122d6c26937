"""bank.file: a SEPA file enqueued with the change that made it reaches the bank after commit,
once, through the worker's handler — against the simulator process."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cybercare.banking.connector import BankConnector
from cybercare.banking.file_delivery import BankFileHandler
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.outbox.bank_files import BANK_FILE, enqueue_bank_file
from cybercare.outbox.dispatch import Dispatcher
from cybercare.outbox.runner import deliver_batch
from cybercare.outbox.transports import HttpWebhookTransport, MailboxTransport
from tests.banksim.conftest import Bank, _free_port, new_iban, pain001
from tests.outbox.builders import message

AT = FixedClock(datetime(2026, 12, 9, 16, 0, tzinfo=UTC))


def _dispatcher(connector: BankConnector | None, mailbox: Path) -> Dispatcher:
    handler = BankFileHandler(connector.send_file if connector else None)
    return Dispatcher(
        HttpWebhookTransport(), MailboxTransport(mailbox), "k" * 40, "a@b.c", {BANK_FILE: handler}
    )


def _enqueue(db: Database, message_id: str, xml: bytes) -> int:
    with db.uow() as uow:
        first = enqueue_bank_file(uow, message_id=message_id, xml=xml, at=AT.now())
        again = enqueue_bank_file(uow, message_id=message_id, xml=xml, at=AT.now())
        uow.commit()
    assert first is not None and again is None  # one message per file
    return first


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_file_enqueued_in_its_transaction_is_handed_to_the_bank_after_commit(
    bank: Bank, db: Database, tmp_path: Path
) -> None:
    message_id, xml = pain001(new_iban(), [(new_iban(), 4_500)], execution=date(2026, 12, 10))
    outbox_id = _enqueue(db, message_id, xml)
    with BankConnector(bank.url) as connector:
        stats = deliver_batch(db, AT, _dispatcher(connector, tmp_path))

    assert stats.delivered == 1 and message(db, outbox_id).status == "delivered"
    names = [d["name"] for d in bank.client.get("/documents").json()]
    assert sum(name.endswith(f"-{message_id}.xml") for name in names) == 1


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_bank_away_is_retried_and_no_bank_configured_is_dead_at_once(
    db: Database, tmp_path: Path
) -> None:
    away_id = _enqueue(
        db, "AWAY-1", pain001(new_iban(), [(new_iban(), 1)], execution=AT.today())[1]
    )
    with BankConnector(f"http://127.0.0.1:{_free_port()}", timeout_s=2) as connector:
        deliver_batch(db, AT, _dispatcher(connector, tmp_path))
    assert message(db, away_id).status == "pending"

    none_id = _enqueue(
        db, "NONE-1", pain001(new_iban(), [(new_iban(), 1)], execution=AT.today())[1]
    )
    later = FixedClock(datetime(2026, 12, 10, 16, 0, tzinfo=UTC))
    deliver_batch(db, later, _dispatcher(None, tmp_path))
    assert message(db, none_id).status == "dead"

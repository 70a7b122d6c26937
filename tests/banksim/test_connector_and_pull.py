"""The platform's side of the protocol against the real simulator process: the connector's
requests and errors, and the pull's cursor and order."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree

from cybercare.banking.connector import (
    BankConnector,
    BankDocumentRef,
    BankRefused,
    BankUnavailable,
    DuplicateFile,
)
from cybercare.banking.pull import pull_documents, sequence_of, source_of
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from cybercare.kernel.errors import InvalidInput
from tests.banksim.conftest import NS, Bank, _free_port, instant, new_iban, pain001

DAY = date(2026, 12, 10)
AT = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)


def test_the_connector_sends_a_file_and_reads_the_banks_documents(bank: Bank) -> None:
    account = new_iban()
    message_id, xml = pain001(account, [(new_iban(), 700)], execution=DAY)
    with BankConnector(bank.url) as connector:
        before = max((ref.seq for ref in connector.documents_after(0)), default=0)
        sent = connector.send_file(xml)
        again = connector.send_file(xml)  # a redelivery of the same bytes: the same receipt
        refs = connector.documents_after(before)
        (status,) = [ref for ref in refs if ref.name.endswith(f"-{message_id}.xml")]
        report = etree.fromstring(connector.document(status.name))

    assert sent.message_id == message_id and again == sent
    assert status.kind == "pain.002" and status.account_iban == account
    assert report.xpath("string(//p2:OrgnlMsgId)", namespaces=NS) == message_id


def test_another_file_under_a_known_message_id_is_a_duplicate(bank: Bank) -> None:
    account = new_iban()
    message_id, xml = pain001(account, [(new_iban(), 700)], execution=DAY)
    _, other = pain001(account, [(new_iban(), 800)], execution=DAY, message_id=message_id)
    with BankConnector(bank.url) as connector:
        sent = connector.send_file(xml)
        with pytest.raises(DuplicateFile) as caught:
            connector.send_file(other)
    assert caught.value.message_id == message_id and caught.value.file_id == sent.file_id


def test_the_connector_returns_the_instant_verdict_and_refuses_garbage(bank: Bank) -> None:
    with BankConnector(bank.url) as connector:
        report = etree.fromstring(connector.send_instant(instant(new_iban(), new_iban(), 990)))
        with pytest.raises(BankRefused):
            connector.send_file(b"<not-a-pain/>")
    assert report.xpath("string(//p2:TxSts)", namespaces=NS) == "ACCC"


def test_an_unreachable_bank_is_unavailable_so_the_outbox_retries() -> None:
    with (
        BankConnector(f"http://127.0.0.1:{_free_port()}", timeout_s=2) as connector,
        pytest.raises(BankUnavailable),
    ):
        connector.documents_after(0)


def test_the_pull_source_carries_the_banks_sequence() -> None:
    ref = BankDocumentRef(seq=42, kind="coda", name="x.cod", account_iban=None)
    assert sequence_of(source_of(ref)) == 42
    assert sequence_of("upload") is None


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_pull_imports_each_document_after_the_cursor_in_order_and_stops_at_a_refusal(
    bank: Bank, db: Database
) -> None:
    account = new_iban()
    for cents in (100, 200):
        bank.client.post(
            "/files", content=pain001(account, [(new_iban(), cents)], execution=DAY)[1]
        )
    bank.close_day(DAY, account)
    everything = bank.client.get("/documents").json()
    ours = [d["seq"] for d in everything if d["account_iban"] == account]
    start = ours[0] - 1
    seen: list[tuple[int, str]] = []

    def record(uow: UnitOfWork, data: bytes, ref: BankDocumentRef, at: datetime) -> None:
        seen.append((ref.seq, source_of(ref)))
        if ref.kind == "camt.053":
            raise InvalidInput("file", "refused for the test")

    with BankConnector(bank.url) as connector:
        report = pull_documents(
            db, connector, after=start, import_document=record, now=FixedClock(AT).now
        )

    kinds = [d["kind"] for d in everything if d["seq"] > start]
    assert [seq for seq, _ in seen] == [d["seq"] for d in everything if d["seq"] > start][
        : kinds.index("camt.053") + 1
    ]
    assert report.failed is not None and report.failed.kind == "camt.053"
    assert report.last_sequence == seen[-2][0]  # the next pull starts again at the refused one
    assert seen[0][1] == f"bank:{start + 1}"

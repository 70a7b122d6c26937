"""The cross-check: the platform's own readers (`banking.readers.read_bank_file`, written without
looking at the simulator) read every document the simulator writes, and the day's camt.053 and
CODA tell the same story entry by entry (references, directions, amounts, batches, returns)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.banksim.conftest import Bank, instant, new_iban, pain001, pain008

readers = pytest.importorskip("cybercare.banking.readers")

DAY = date(2026, 12, 10)


def _entry_facts(statement: Any) -> list[tuple[object, ...]]:
    return [
        (
            e.bank_reference,
            str(e.direction),
            e.amount_cents,
            e.batch_message_id,
            e.batch_count,
            e.is_return,
            e.return_reason,
            e.end_to_end_id,
            e.structured_communication,
            tuple((t.end_to_end_id, t.amount_cents) for t in e.transactions),
        )
        for e in statement.entries
    ]


def test_the_platform_reads_every_document_of_a_busy_day_and_the_formats_agree(
    bank: Bank,
) -> None:
    account, paying, bouncing, paid, closed = (new_iban() for _ in range(5))
    bank.add_rules(debit_returns={bouncing: "AM04"}, transfer_returns={closed: "AC04"})
    debits_id, debits = pain008(
        account, [(paying, 2500, "MDT-X1"), (bouncing, 1700, "MDT-X2")], collection=DAY
    )
    transfers_id, transfers = pain001(account, [(paid, 9000), (closed, 1000)], execution=DAY)
    for xml in (debits, transfers):
        bank.client.post("/files", content=xml).raise_for_status()
    bank.client.post("/instant", content=instant(account, paid, 4200)).raise_for_status()
    bank.client.post(
        "/control/incoming",
        json={
            "amount": "12.34",
            "debtor_name": "Jan Peeters",
            "debtor_iban": paying,
            "account_iban": account,
            "communication": "+++123/4567/89002+++",
            "date": DAY.isoformat(),
        },
    ).raise_for_status()
    bank.close_day(DAY, account)

    read: dict[str, list[Any]] = {}
    for ref in bank.client.get("/documents").json():
        if ref["account_iban"] == account:
            parsed = readers.read_bank_file(bank.document(ref["name"]), ref["name"])
            read.setdefault(ref["kind"], []).append(parsed)

    reports = {report.original_message_id: report for report in read["pain.002"]}
    assert set(reports) == {debits_id, transfers_id}
    assert all(str(r.group_status) == "accepted" for r in reports.values())
    ((camt053,),) = read["camt.053"]
    ((camt054,),) = read["camt.054"]
    ((coda,),) = read["coda"]
    assert _entry_facts(camt053) == _entry_facts(camt054) == _entry_facts(coda)
    assert (camt053.opening_balance_cents, camt053.closing_balance_cents) == (
        coda.opening_balance_cents,
        coda.closing_balance_cents,
    )
    assert camt053.closing_balance_cents == 4200 - 1700 - 10000 + 1000 - 4200 + 1234
    batches = {e.batch_message_id: e.batch_count for e in camt053.entries if e.batch_message_id}
    assert batches == {debits_id: 2, transfers_id: 2}
    returns = sorted((e.return_reason, e.mandate_reference) for e in coda.entries if e.is_return)
    assert returns == [("AC04", None), ("AM04", "MDT-X2")]


def test_the_platform_reads_the_banks_verdicts_rejections_and_instant_answers(
    bank: Bank,
) -> None:
    account, good, refused = new_iban(), new_iban(), new_iban()
    bank.add_rules(rejects={refused: "AC06"})
    message_id, xml = pain001(account, [(good, 100), (refused, 200)], execution=DAY)
    bank.client.post("/files", content=xml).raise_for_status()
    (ref,) = [
        d for d in bank.client.get("/documents").json() if d["name"].endswith(f"-{message_id}.xml")
    ]
    report = readers.read_bank_file(bank.document(ref["name"]), ref["name"])
    assert str(report.group_status) == "partial"
    assert [(str(t.status), t.reason) for t in report.transactions] == [("rejected", "AC06")]

    settled = bank.client.post("/instant", content=instant(account, good, 4200)).content
    rejected = bank.client.post("/instant", content=instant(account, refused, 4200)).content
    assert [str(t.status) for t in readers.read_bank_file(settled).transactions] == ["settled"]
    (line,) = readers.read_bank_file(rejected).transactions
    assert (str(line.status), line.reason) == ("rejected", "AC06")

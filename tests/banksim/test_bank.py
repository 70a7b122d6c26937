"""The bank simulator as the platform meets it: a real process, real files, real answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from banksim.__main__ import main as banksim_cli
from banksim.server import create_app
from tests.banksim.conftest import (
    CREDITOR_ID,
    NS,
    Bank,
    instant,
    new_iban,
    pain001,
    pain008,
)

DAY = date(2026, 12, 10)


def _pain002(bank: Bank, message_id: str) -> etree._Element:
    (ref,) = [
        d
        for d in bank.client.get("/documents").json()
        if d["kind"] == "pain.002" and d["name"].endswith(f"-{message_id}.xml")
    ]
    return bank.xml(ref["name"])


def _only(docs: list[dict[str, object]], kind: str) -> str:
    (name,) = [str(d["name"]) for d in docs if d["kind"] == kind]
    return name


def test_collected_debit_block_is_one_batch_credit_and_a_configured_return_one_debit(
    bank: Bank,
) -> None:
    account, paying, bouncing = new_iban(), new_iban(), new_iban()
    bank.add_rules(debit_returns={bouncing: "AM04"})
    message_id, xml = pain008(
        account, [(paying, 2500, "MDT-A1"), (bouncing, 1700, "MDT-A2")], collection=DAY
    )
    assert bank.client.post("/files", content=xml).status_code == 202
    assert _pain002(bank, message_id).xpath("string(//p2:GrpSts)", namespaces=NS) == "ACCP"

    docs = bank.close_day(DAY, account)

    assert sorted(str(d["kind"]) for d in docs) == ["camt.053", "camt.054", "coda"]
    statement_bytes = bank.document(_only(docs, "camt.053"))
    statement = etree.fromstring(statement_bytes)
    (credit,) = statement.xpath("//c53:Ntry[c53:CdtDbtInd='CRDT']", namespaces=NS)
    batch = credit.xpath("c53:NtryDtls/c53:Btch", namespaces=NS)[0]
    assert batch.findtext("c53:MsgId", namespaces=NS) == message_id
    assert batch.findtext("c53:NbOfTxs", namespaces=NS) == "2"
    assert batch.findtext("c53:PmtInfId", namespaces=NS)
    assert credit.findtext("c53:Amt", namespaces=NS) == "42.00"
    (debit,) = statement.xpath("//c53:Ntry[c53:CdtDbtInd='DBIT']", namespaces=NS)
    assert debit.findtext("c53:Amt", namespaces=NS) == "17.00"
    tx = debit.xpath("c53:NtryDtls/c53:TxDtls", namespaces=NS)[0]
    assert tx.xpath("string(c53:RtrInf/c53:Rsn/c53:Cd)", namespaces=NS) == "AM04"
    assert tx.xpath("string(c53:Refs/c53:EndToEndId)", namespaces=NS) == "DD-MDT-A2"
    assert tx.xpath("string(c53:Refs/c53:MndtId)", namespaces=NS) == "MDT-A2"
    balances = statement.xpath("//c53:Bal/c53:Amt/text()", namespaces=NS)
    assert balances == ["0.00", "25.00"]  # opening, closing: 42.00 collected, 17.00 returned
    assert statement.xpath("string(//c53:ElctrncSeqNb)", namespaces=NS) == "1"


def test_transfer_file_is_accepted_then_executed_as_one_batch_debit_and_a_return_credit(
    bank: Bank,
) -> None:
    account, paid, closed = new_iban(), new_iban(), new_iban()
    bank.add_rules(transfer_returns={closed: "AC04"})
    message_id, xml = pain001(account, [(paid, 12_000), (closed, 3_000)], execution=DAY)
    assert bank.client.post("/files", content=xml).status_code == 202
    status = _pain002(bank, message_id)
    assert status.xpath("string(//p2:OrgnlGrpInfAndSts/p2:GrpSts)", namespaces=NS) == "ACCP"
    assert status.xpath("string(//p2:OrgnlMsgNmId)", namespaces=NS) == "pain.001.001.09"

    docs = bank.close_day(DAY, account)

    statement = bank.xml(_only(docs, "camt.053"))
    (debit,) = statement.xpath("//c53:Ntry[c53:CdtDbtInd='DBIT']", namespaces=NS)
    assert debit.findtext("c53:Amt", namespaces=NS) == "150.00"
    assert debit.xpath("string(.//c53:Btch/c53:MsgId)", namespaces=NS) == message_id
    ends = debit.xpath(".//c53:TxDtls/c53:Refs/c53:EndToEndId/text()", namespaces=NS)
    assert len(ends) == 2
    (back,) = statement.xpath("//c53:Ntry[c53:CdtDbtInd='CRDT']", namespaces=NS)
    assert back.xpath("string(.//c53:RtrInf/c53:Rsn/c53:Cd)", namespaces=NS) == "AC04"
    assert back.xpath("string(.//c53:EndToEndId)", namespaces=NS) == ends[1]
    assert statement.xpath("//c53:Bal/c53:Amt/text()", namespaces=NS)[1] == "120.00"
    assert statement.xpath("string(//c53:Bal[2]/c53:CdtDbtInd)", namespaces=NS) == "DBIT"


def test_rejected_transactions_make_a_partial_file_with_reason_codes(bank: Bank) -> None:
    account, good, refused = new_iban(), new_iban(), new_iban()
    bank.add_rules(rejects={refused: "AC06"})
    broken = f"BE{(int(good[2:4]) + 1) % 100:02d}{good[4:]}"  # IBAN check digits off by one
    message_id, xml = pain001(account, [(good, 100), (refused, 200), (broken, 300)], execution=DAY)
    bank.client.post("/files", content=xml).raise_for_status()
    status = _pain002(bank, message_id)
    assert status.xpath("string(//p2:GrpSts)", namespaces=NS) == "PART"
    reasons = status.xpath("//p2:TxInfAndSts/p2:StsRsnInf/p2:Rsn/p2:Cd/text()", namespaces=NS)
    assert reasons == ["AC06", "AC01"]
    statement = bank.xml(_only(bank.close_day(DAY, account), "camt.053"))
    assert statement.xpath("string(//c53:Ntry/c53:Amt)", namespaces=NS) == "1.00"


def test_a_wrong_control_sum_rejects_the_whole_file(bank: Bank) -> None:
    message_id, xml = pain001(new_iban(), [(new_iban(), 100)], execution=DAY)
    xml = xml.replace(b"<CtrlSum>1.00</CtrlSum>", b"<CtrlSum>2.00</CtrlSum>", 1)
    bank.client.post("/files", content=xml).raise_for_status()
    status = _pain002(bank, message_id)
    assert status.xpath("string(//p2:GrpSts)", namespaces=NS) == "RJCT"
    assert status.xpath("string(//p2:OrgnlGrpInfAndSts//p2:Cd)", namespaces=NS) == "AM10"


def test_a_collection_date_before_the_banks_day_is_rejected_dt01(bank: Bank) -> None:
    account = new_iban()
    bank.client.post(
        "/control/incoming",
        json={
            "amount": "1.00",
            "debtor_name": "X",
            "debtor_iban": new_iban(),
            "account_iban": account,
            "date": DAY.isoformat(),
        },
    ).raise_for_status()
    bank.close_day(DAY, account)  # the bank's day for this account is now the 11th
    message_id, xml = pain008(account, [(new_iban(), 900, "MDT-OLD")], collection=DAY)
    bank.client.post("/files", content=xml).raise_for_status()
    status = _pain002(bank, message_id)
    assert status.xpath("string(//p2:PmtInfSts)", namespaces=NS) == "RJCT"
    assert status.xpath("string(//p2:OrgnlPmtInfAndSts/p2:StsRsnInf//p2:Cd)", namespaces=NS) == (
        "DT01"
    )


def test_a_duplicate_message_id_is_refused_and_the_same_bytes_again_are_the_same_receipt(
    bank: Bank,
) -> None:
    account, creditor = new_iban(), new_iban()
    message_id, xml = pain001(account, [(creditor, 500)], execution=DAY)
    first = bank.client.post("/files", content=xml)
    again = bank.client.post("/files", content=xml)
    _, other = pain001(account, [(creditor, 600)], execution=DAY, message_id=message_id)
    duplicate = bank.client.post("/files", content=other)

    assert first.status_code == 202
    assert again.status_code == 200
    assert again.json() == first.json()
    assert duplicate.status_code == 409
    assert duplicate.json()["file_id"] == first.json()["file_id"]
    names = [d["name"] for d in bank.client.get("/documents").json()]
    assert sum(name.endswith(f"-{message_id}.xml") for name in names) == 1


def test_an_instant_transfer_is_credited_at_once_accc_and_booked_at_the_close(
    bank: Bank,
) -> None:
    account, friend, closed = new_iban(), new_iban(), new_iban()
    bank.add_rules(rejects={closed: "AC04"})
    transfer = instant(account, friend, 4_200)
    accepted = bank.client.post("/instant", content=transfer)
    again = bank.client.post("/instant", content=transfer)  # a redelivery: the same answer
    refused = bank.client.post("/instant", content=instant(account, closed, 100))

    assert accepted.status_code == 200
    assert (again.status_code, again.content) == (200, accepted.content)
    report = etree.fromstring(accepted.content)
    assert report.xpath("string(//p2:TxInfAndSts/p2:TxSts)", namespaces=NS) == "ACCC"
    rejected = etree.fromstring(refused.content)
    assert rejected.xpath("string(//p2:TxInfAndSts/p2:TxSts)", namespaces=NS) == "RJCT"
    assert rejected.xpath("string(//p2:TxInfAndSts//p2:Cd)", namespaces=NS) == "AC04"
    statement = bank.xml(_only(bank.close_day(DAY, account), "camt.053"))
    (entry,) = statement.xpath("//c53:Ntry", namespaces=NS)
    assert entry.findtext("c53:Amt", namespaces=NS) == "42.00"
    assert entry.findtext("c53:CdtDbtInd", namespaces=NS) == "DBIT"


def test_an_incoming_transfer_carries_its_structured_communication(bank: Bank) -> None:
    account, member = new_iban(), new_iban()
    bank.client.post(
        "/control/incoming",
        json={
            "amount": "12.34",
            "debtor_name": "Jan Peeters",
            "debtor_iban": member,
            "account_iban": account,
            "communication": "+++123/4567/89002+++",
            "date": DAY.isoformat(),
        },
    ).raise_for_status()
    docs = bank.close_day(DAY, account)
    statement = bank.xml(_only(docs, "camt.053"))
    assert statement.xpath("string(//c53:Strd/c53:CdtrRefInf/c53:Ref)", namespaces=NS) == (
        "+++123/4567/89002+++"
    )
    notification = bank.xml(_only(docs, "camt.054"))
    assert notification.xpath("string(//c54:Ntry/c54:Amt)", namespaces=NS) == "12.34"
    coda = bank.document(_only(docs, "coda")).decode("ascii").splitlines()
    (movement,) = [line for line in coda if line.startswith("21")]
    assert movement[61] == "1" and movement[62:77] == "101123456789002"


def test_coda_trailer_counts_records_1_to_8_and_totals_the_movements(bank: Bank) -> None:
    account, paying, bouncing = new_iban(), new_iban(), new_iban()
    bank.add_rules(debit_returns={bouncing: "MD06"})
    message_id, xml = pain008(
        account, [(paying, 1000, "MDT-C1"), (bouncing, 2000, "MDT-C2")], collection=DAY
    )
    bank.client.post("/files", content=xml).raise_for_status()
    coda = bank.document(_only(bank.close_day(DAY, account), "coda")).decode("ascii")
    lines = coda.split("\r\n")[:-1]

    assert all(len(line) == 128 for line in lines)
    assert [line[0] for line in (lines[0], lines[1], lines[-2], lines[-1])] == list("0189")
    trailer = lines[-1]
    counted = [line for line in lines if line[0] in "12358"]
    assert int(trailer[16:22]) == len(counted)
    assert int(trailer[22:37]) == 2000 * 10  # debits: the return, in mills
    assert int(trailer[37:52]) == 3000 * 10  # credits: the batch total, not its details
    (batch,) = [line for line in lines if line.startswith("21") and line[124] == "1"]
    assert batch[62:115].split()[0] == message_id
    returned = [line for line in lines if line.startswith("22") and line[113:117] == "MD06"]
    assert len(returned) == 1 and returned[0][63:98].strip() == "DD-MDT-C2"
    sepa_debits = [  # structured communication 127 (SEPA direct debit) over 21, 22 and 23
        line[65:115] + lines[i + 1][10:63] + lines[i + 2][82:125]
        for i, line in enumerate(lines)
        if line.startswith("21") and line[61:65] == "1127"
    ]
    assert [(body[44:79].strip(), body[141], body[142:146]) for body in sepa_debits] == [
        ("MDT-C1", " ", "    "),  # collected (a detail of the batch)
        ("MDT-C2", " ", "    "),
        ("MDT-C2", "2", "MD06"),  # returned: R-type 2, the reason
    ]
    assert sepa_debits[0][9:44].strip() == CREDITOR_ID
    old, new = lines[1], lines[-2]
    assert int(old[43:58]) == 0 and int(new[42:57]) == 1000 * 10


def test_the_bank_remembers_after_a_restart(tmp_path: Path) -> None:
    """Its state is the data directory: a second bank on the same directory (here in this
    process, to keep the test fast) knows the file and its documents."""
    _, xml = pain001(new_iban(), [(new_iban(), 100)], execution=DAY)
    with TestClient(create_app(tmp_path)) as first:
        assert first.post("/files", content=xml).status_code == 202
    with TestClient(create_app(tmp_path)) as second:
        assert second.post("/files", content=xml).status_code == 200  # known: same receipt
        (status,) = second.get("/documents").json()
        assert second.get(f"/documents/{status['name']}").status_code == 200


def _amended(xml: bytes, *, original_iban: str | None) -> bytes:
    """The mandate of every debit flagged as amended (AmdmntInd), with the original debtor
    account in AmdmntInfDtls unless `original_iban` is None (details missing)."""
    root = etree.fromstring(xml)
    ns = root.nsmap[None]
    for mandate in root.iter(f"{{{ns}}}MndtRltdInf"):
        etree.SubElement(mandate, f"{{{ns}}}AmdmntInd").text = "true"
        if original_iban is not None:
            details = etree.SubElement(mandate, f"{{{ns}}}AmdmntInfDtls")
            account = etree.SubElement(details, f"{{{ns}}}OrgnlDbtrAcct")
            etree.SubElement(
                etree.SubElement(account, f"{{{ns}}}Id"), f"{{{ns}}}IBAN"
            ).text = original_iban
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_mandate_moved_to_another_account_needs_its_amendment_details_md02(bank: Bank) -> None:
    account, old, new = new_iban(), new_iban(), new_iban()
    first, xml = pain008(account, [(old, 1000, "MDT-MOVE")], collection=DAY)
    bank.client.post("/files", content=xml).raise_for_status()
    unannounced, xml = pain008(account, [(new, 1000, "MDT-MOVE")], collection=DAY)
    bank.client.post("/files", content=xml).raise_for_status()
    no_details, xml = pain008(account, [(new, 1000, "MDT-MOVE")], collection=DAY)
    bank.client.post("/files", content=_amended(xml, original_iban=None)).raise_for_status()
    announced, xml = pain008(account, [(new, 1000, "MDT-MOVE")], collection=DAY)
    bank.client.post("/files", content=_amended(xml, original_iban=old)).raise_for_status()

    def verdict(message_id: str) -> tuple[str, str]:
        status = _pain002(bank, message_id)
        return (
            status.xpath("string(//p2:GrpSts)", namespaces=NS),
            status.xpath("string(//p2:TxInfAndSts//p2:Cd)", namespaces=NS),
        )

    assert verdict(first) == ("ACCP", "")
    assert verdict(unannounced) == ("RJCT", "MD02")
    assert verdict(no_details) == ("RJCT", "MD02")
    assert verdict(announced) == ("ACCP", "")


def test_the_simulators_command_line_drives_the_running_bank(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    account = new_iban()
    banksim_cli(
        [
            "incoming",
            "--url",
            bank.url,
            "--amount",
            "5.00",
            "--debtor-name",
            "Seller",
            "--debtor-iban",
            new_iban(),
            "--account-iban",
            account,
            "--date",
            DAY.isoformat(),
        ]
    )
    banksim_cli(["close-day", "--url", bank.url, "--date", DAY.isoformat(), "--account", account])
    assert '"documents"' in capsys.readouterr().out
    kinds = {
        d["kind"] for d in bank.client.get("/documents").json() if d["account_iban"] == account
    }
    assert kinds == {"camt.054", "camt.053", "coda"}

"""One bank simulator process per test session (a real subprocess on a free port, its data in a
temporary directory), and builders of the files the platform sends it.

Each test uses accounts of its own (`ibans`), so tests share the process without sharing state.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from lxml import etree
from sepaxml import SepaDD

from cybercare.kernel.bank_account import BankAccount
from cybercare.payments.sepa import Transfer, build_pain001

NS = {
    "c53": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
    "c54": "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08",
    "p2": "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10",
}
CREDITOR_ID = "BE69ZZZ050D000000008"
_numbers = itertools.count(1)


def belgian_iban(number: int) -> str:
    """A valid Belgian IBAN (national mod-97 check digits, then the IBAN's)."""
    base = 7_350_000_000 + number
    national = f"{base:010d}{(base % 97) or 97:02d}"
    check = 98 - int(national + "111400") % 97  # B=11 E=14, "00" check placeholder
    return f"BE{check:02d}{national}"


def new_iban() -> str:
    return belgian_iban(next(_numbers) * 7919 + os.getpid() % 1000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Bank:
    url: str
    data_dir: Path
    client: httpx.Client

    def add_rules(self, **rules: dict[str, str]) -> None:
        current = self.client.get("/control/rules").json()
        for key, values in rules.items():
            current[key].update(values)
        self.client.put("/control/rules", json=current).raise_for_status()

    def close_day(self, day: date, account: str) -> list[dict[str, object]]:
        response = self.client.post(
            "/control/close-day", params={"date": day.isoformat(), "account": account}
        )
        response.raise_for_status()
        seqs = set(response.json()["documents"])
        return [d for d in self.client.get("/documents").json() if d["seq"] in seqs]

    def document(self, name: str) -> bytes:
        response = self.client.get(f"/documents/{name}")
        response.raise_for_status()
        return response.content

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.document(name))


def start_bank(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "banksim", "serve", "--port", str(port), "--data", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"banksim exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"{url}/health", timeout=0.5).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("banksim did not start within 20 s")


def stop_bank(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bank]:
    data_dir = tmp_path_factory.mktemp("bank")
    process, url = start_bank(data_dir)
    with httpx.Client(base_url=url, timeout=10) as client:
        yield Bank(url, data_dir, client)
    stop_bank(process)


def pain001(
    account: str, transfers: list[tuple[str, int]], *, execution: date, message_id: str = ""
) -> tuple[str, bytes]:
    """A payment file as the platform builds it (`payments.sepa.build_pain001`): (iban, cents)
    per transfer; returns (message id, xml)."""
    message_id = message_id or f"PAY-{uuid.uuid4().hex[:12]}"
    built = build_pain001(
        message_id,
        BankAccount("Cyber Care", account, "GKCCBEBB"),
        [
            Transfer(f"E2E-{message_id[-6:]}-{i}", f"Creditor {i}", iban, cents, f"claim {i}")
            for i, (iban, cents) in enumerate(transfers)
        ],
        execution,
        datetime(execution.year, execution.month, execution.day, 9, tzinfo=UTC),
    )
    return built.message_id, built.xml


def instant(account: str, iban: str, cents: int) -> bytes:
    """One SEPA Instant transfer: a pain.001 with PmtTpInf/LclInstrm/Cd INST."""
    _, xml = pain001(account, [(iban, cents)], execution=date(2026, 12, 10))
    root = etree.fromstring(xml)
    ns = {"p": root.nsmap[None]}
    (type_info,) = root.xpath("//p:PmtInf/p:PmtTpInf", namespaces=ns)
    local = etree.SubElement(type_info, f"{{{ns['p']}}}LclInstrm")
    etree.SubElement(local, f"{{{ns['p']}}}Cd").text = "INST"
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def pain008(
    account: str, debits: list[tuple[str, int, str]], *, collection: date
) -> tuple[str, bytes]:
    """A direct-debit file as billing builds it (sepaxml, pain.008.001.02): (iban, cents,
    mandate id) per debit; returns (message id, xml)."""
    sepa = SepaDD(
        {
            "name": "Cyber Care",
            "IBAN": account,
            "BIC": "GKCCBEBB",
            "batch": True,
            "creditor_id": CREDITOR_ID,
            "currency": "EUR",
        },
        schema="pain.008.001.02",
        clean=True,
    )
    for i, (iban, cents, mandate) in enumerate(debits):
        sepa.add_payment(
            {
                "name": f"Debtor {i}",
                "IBAN": iban,
                "BIC": "GKCCBEBB",
                "amount": cents,
                "type": "RCUR",
                "collection_date": collection,
                "mandate_id": mandate,
                "mandate_date": date(2025, 1, 1),
                "description": f"Cyber Care premium {i}",
                "endtoend_id": f"DD-{mandate}",
            }
        )
    xml = sepa.export(validate=False)
    return str(sepa.msg_id), xml

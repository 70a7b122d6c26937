"""The bank simulator under a month's load: one pain.008 of N debits (sepaxml, as billing builds
it) posted to a real `python -m banksim` process, the day closed, the documents fetched.

    .venv/bin/python bench/bank_simulator.py [N]
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from datetime import date

import httpx
from sepaxml import SepaDD

ACCOUNT = "BE68539007547034"
DAY = date(2026, 12, 10)


def _iban(number: int) -> str:
    base = 7_350_000_000 + number
    national = f"{base:010d}{(base % 97) or 97:02d}"
    return f"BE{98 - int(national + '111400') % 97:02d}{national}"


def main(count: int) -> None:
    sepa = SepaDD(
        {
            "name": "Cyber Care",
            "IBAN": ACCOUNT,
            "BIC": "GKCCBEBB",
            "batch": True,
            "creditor_id": "BE69ZZZ050D000000008",
            "currency": "EUR",
        },
        schema="pain.008.001.02",
        clean=True,
    )
    for i in range(count):
        sepa.add_payment(
            {
                "name": f"Member {i}",
                "IBAN": _iban(i),
                "BIC": "GKCCBEBB",
                "amount": 1250,
                "type": "RCUR",
                "collection_date": DAY,
                "mandate_id": f"MDT-{i}",
                "mandate_date": date(2025, 1, 1),
                "description": "Cyber Care premium",
                "endtoend_id": f"DD-{i}",
            }
        )
    xml = sepa.export(validate=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as data:
        process = subprocess.Popen(
            [sys.executable, "-m", "banksim", "serve", "--port", str(port), "--data", data]
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{url}/health", timeout=0.5)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            with httpx.Client(base_url=url, timeout=600) as client:
                started = time.perf_counter()
                client.post("/files", content=xml).raise_for_status()
                received = time.perf_counter()
                client.post("/control/close-day", params={"date": DAY.isoformat()})
                closed = time.perf_counter()
                sizes = {
                    ref["kind"]: len(client.get(f"/documents/{ref['name']}").content)
                    for ref in client.get("/documents").json()
                }
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(
        f"{count} debits ({len(xml) / 1e6:.1f} MB pain.008): received and judged in "
        f"{received - started:.2f} s, day closed in {closed - received:.2f} s; "
        f"documents (bytes): {sizes}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

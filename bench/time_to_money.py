"""Benchmark (issue 15): time to money. Members submit STP claims through the HTTP API (ECOM
non-delivery, approved IBAN, so each decision pays by SEPA Instant); the worker (a real
`cybercare worker` process, polling every 0.5 s) sends each pain.001 INST to the bank
connector; the bank is a real local HTTP server (tests/payments/local_bank.py, the protocol of
docs/banking.md) that notes when each instruction arrives. Latency is from sending the member's
submission to the instruction reaching the bank. Target p99 under 10 s; Lemonade's public
record is 3 s (a claim paid in 3 seconds, 2016), for reference.

    .venv/bin/python bench/time_to_money.py --db sqlite --claims 400 --clients 4
    .venv/bin/python bench/time_to_money.py --db postgresql --claims 400 --clients 4

Each submitting client waits `--pace` seconds between claims (a stream of members, not a
flood); `--pace 0` floods.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.payments.local_bank import local_bank

from claims import PDF, TYPES, bench_database, claim_body, free_port, seed, start_server

LEMONADE_S = 3.0
TARGET_P99_S = 10.0


def start_worker(url: str, bank_url: str, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_ENVIRONMENT": "development",
        "CYBERCARE_BANK_URL": bank_url,
        "CYBERCARE_MAILBOX_DIR": str(folder / "mailbox"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cybercare.cli", "worker", "--poll-interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def submit_all(
    base: str, clients: int, jobs: list[tuple[str, str]], pace_s: float
) -> tuple[dict[str, float], list[str]]:
    """Submit every claim; returns each payout's submission instant (monotonic) and errors."""
    local = threading.local()
    sent: dict[str, float] = {}
    errors: list[str] = []
    body = claim_body()

    def one(index: int) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=60)
        token, case_id = jobs[index]
        started = time.monotonic()
        response = local.client.post(
            f"/api/v1/cases/{case_id}/claims/upload",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"m{index}"},
            data={"claim": body, "evidence_types": TYPES},
            files=[("files", (f"{t}.pdf", PDF + t.encode(), "application/pdf")) for t in TYPES],
        )
        payouts = response.json().get("payouts") if response.status_code == 201 else None
        if not payouts:
            errors.append(response.text[:300])
        else:
            sent[str(payouts[0]["id"]).replace("_", "-")] = started
        if pace_s:
            time.sleep(pace_s)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(len(jobs))))
    return sent, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--pace", type=float, default=0.05, help="seconds between a client's claims"
    )
    parser.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args()
    measure(args.db, args.claims, args.clients, args.pace, args.deadline)


def measure(db: str, claims: int, clients: int, pace: float, deadline_s: float) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        bench_database(db) as url,
        local_bank() as bank,
    ):
        warm = 4  # claims that wait for the worker to start (imports), not measured
        jobs = seed(url, claims + warm)
        port = free_port()
        server = start_server(url, port)
        worker = start_worker(url, bank.url, Path(folder))
        try:
            early, _ = submit_all(f"http://127.0.0.1:{port}", 1, jobs[-warm:], 0)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(bank.received) < len(early):
                time.sleep(0.1)
            jobs = jobs[:-warm]
            started = time.monotonic()
            sent, errors = submit_all(f"http://127.0.0.1:{port}", clients, jobs, pace)
            submitted_s = time.monotonic() - started
            deadline = time.monotonic() + deadline_s
            while time.monotonic() < deadline:
                with bank.lock:
                    if len({r.end_to_end_id for r in bank.received} & sent.keys()) >= len(sent):
                        break
                time.sleep(0.1)
        finally:
            for process in (worker, server):
                process.terminate()
                process.wait(timeout=10)
        with bank.lock:
            arrived = {r.end_to_end_id: r.at for r in bank.received if r.end_to_end_id in sent}
        latencies = sorted(arrived[e2e] - at for e2e, at in sent.items() if e2e in arrived)
        missing = len(sent) - len(latencies)
        if not latencies:
            raise SystemExit(f"no instruction reached the bank; errors: {errors[:1]}")
        p50 = statistics.median(latencies)
        p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)]
        print(
            f"{db:10} {clients} clients pace {pace}s: {len(sent)} STP claims in "
            f"{submitted_s:.1f} s ({len(sent) / submitted_s:.1f}/s), submission -> instant "
            f"instruction at the bank p50 {p50:.2f} s p99 {p99:.2f} s max {latencies[-1]:.2f} s, "
            f"missing {missing}, errors {len(errors)} | target p99 < {TARGET_P99_S:.0f} s "
            f"({'met' if p99 < TARGET_P99_S and not missing else 'MISSED'}); "
            f"Lemonade's public record {LEMONADE_S:.0f} s"
        )
        if errors:
            print(f"  first error: {errors[0]}")


if __name__ == "__main__":
    main()

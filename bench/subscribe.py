"""Benchmark: subscriptions through the real distributor API, on SQLite and on PostgreSQL.

    .venv/bin/python bench/subscribe.py [--databases sqlite postgresql] [--workers 1 2]
                                         [--clients 32 4] [--subscriptions 480] [--time-limit 20]
                                         [--server serve|uvicorn]

For each database (a SQLite file in a temporary folder; a temporary database on the local
PostgreSQL server, dropped afterwards): migrate, publish the catalogue, create a distributor with
an API key and a webhook endpoint (so every event also writes its outbox row, as in production),
then for each worker count start the real app server on 127.0.0.1 (`cybercare serve --workers N`
in a subprocess) and, for each client count:

- baseline: `GET /health` through the same server and the same kind of client;
- load: every client (a thread with its own keep-alive httpx client) asks one quote, then posts
  subscriptions (`POST /api/v1/affiliations`, a unique Idempotency-Key and customer reference
  each) until its count or the time limit is reached.

It prints subscriptions/s and p50/p99 latency next to the baseline (as ratios), counts every
non-2xx answer by kind (e.g. "database is locked"), searches the server log for tracebacks, and
verifies afterwards that the database holds exactly one affiliation per 201 answer.

Targets on the 2-core reference machine, each database: >= 100 subscriptions/s with 32 clients,
p99 < 100 ms with 4 clients.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from _http import (  # bench/_http.py: run as a script, its folder is on sys.path
    HOST,
    LoadResult,
    Outcome,
    app_server,
    drive,
    free_port,
    postgres_available,
    postgres_database,
    python_command,
    sqlite_database,
)
from sqlalchemy import func, select

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import AffiliationRow, IdempotencyKeyRow, OutboxMessage, PartnerEventRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.outbox.endpoints import register_endpoint
from cybercare.partners.distributors import create_distributor, issue_api_key
from cybercare.product.catalog import default_catalog
from cybercare.publishing.service import publish_products

TARGET_RATE = 100.0  # subscriptions/s with 32 clients
TARGET_P99_MS = 100.0  # with 4 clients
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnop"
ERROR_MARKERS = ("database is locked", "Traceback", "deadlock detected", "could not serialize")
DECLARATIONS = {
    "credentials_kept_in_household": True,
    "pays_on_secure_pages": True,
    "effective_antivirus": True,
    "no_suspicious_emails_opened": True,
    "balances_checked_biweekly": True,
}


@dataclass
class Phase:
    database: str
    workers: int
    clients: int
    health: LoadResult
    subscriptions: LoadResult


# --- set-up ----------------------------------------------------------------------------------


def prepare_database(url: str) -> str:
    """Migrate, publish, create the distributor, its API key and a webhook endpoint."""
    migrate.upgrade(url)
    engine = make_engine(url)
    clock = SystemClock()
    try:
        with Database(engine).uow() as uow:
            publish_products(uow, list(default_catalog().all()), clock, actor="bench")
            create_distributor(
                uow, code="proximus", name="Proximus", commission_bp=0, clock=clock, actor="bench"
            )
            key = issue_api_key(
                uow, distributor="proximus", label="bench", clock=clock, actor="bench"
            )
            # never delivered (no worker runs): it makes every event write its outbox row
            register_endpoint(
                uow, distributor="proximus", url="http://127.0.0.1:9/hooks", at=clock.now()
            )
            uow.commit()
    finally:
        engine.dispose()
    return key.token


def database_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with Database(engine).reader() as uow:
            return {
                name: uow.session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in (
                    ("affiliations", AffiliationRow),
                    ("idempotency_keys", IdempotencyKeyRow),
                    ("partner_events", PartnerEventRow),
                    ("outbox_messages", OutboxMessage),
                )
            }
    finally:
        engine.dispose()


def server_command(kind: str, port: int, workers: int) -> list[str]:
    if kind == "uvicorn":
        return python_command(
            "-m", "uvicorn", "cybercare.app:create_app", "--factory",
            "--host", HOST, "--port", str(port), "--workers", str(workers),
            "--no-access-log", "--log-level", "warning",
        )  # fmt: skip
    return python_command(
        "-m", "cybercare.cli", "serve", "--host", HOST, "--port", str(port),
        "--workers", str(workers),
    )  # fmt: skip


# --- requests --------------------------------------------------------------------------------


def subscription_body(token: str, customer_ref: str) -> bytes:
    today = SystemClock().today().isoformat()  # the server's calendar day (Brussels)
    body: dict[str, Any] = {
        "customer_ref": customer_ref,
        "terms_token": token,
        "start_date": today,
        "affiliate": {
            "given_name": "Marie",
            "family_name": "Dubois",
            "birth_date": "1984-05-17",
            "language": "fr",
            "email": "marie.dubois@example.be",
            "phone": "+32 470 12 34 56",
        },
        "members": [
            {
                "given_name": "Luc",
                "family_name": "Dubois",
                "birth_date": "1982-02-03",
                "language": "fr",
                "relationship": "spouse",
            }
        ],
        "address": {"street": "Rue de la Loi", "number": "16", "postcode": "1000", "city": "Bxl"},
        "prevention_declarations": DECLARATIONS,
    }
    return json.dumps(body).encode()


def _problem_note(response: httpx.Response) -> str:
    text = response.text
    for marker in ERROR_MARKERS:
        if marker.lower() in text.lower():
            return f"HTTP {response.status_code}: {marker}"
    try:
        code = response.json().get("code", "")
    except ValueError:
        code = text[:80]
    return f"HTTP {response.status_code}: {code}"


class Subscriber:
    """What each client does: one quote, then subscriptions with unique keys and references."""

    def __init__(self, api_key: str, run: str) -> None:
        self.headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
        self.run = run
        self.tokens: dict[int, str] = {}

    def prepare(self, client: httpx.Client, index: int) -> None:
        response = client.post(
            "/api/v1/quotes",
            content=b'{"language": "fr"}',
            headers={**self.headers, "Idempotency-Key": f"quote-{self.run}-{index}"},
        )
        response.raise_for_status()
        self.tokens[index] = response.json()["terms_token"]

    def request(self, client: httpx.Client, index: int, n: int) -> Outcome:
        body = subscription_body(self.tokens[index], f"{self.run}-{index}-{n}")
        headers = {**self.headers, "Idempotency-Key": uuid.uuid4().hex}
        started = time.perf_counter()
        response = client.post("/api/v1/affiliations", content=body, headers=headers)
        elapsed = time.perf_counter() - started
        if response.status_code == 201:
            return Outcome(True, 201, elapsed)
        return Outcome(False, response.status_code, elapsed, _problem_note(response))


def health(client: httpx.Client, _index: int, _n: int) -> Outcome:
    started = time.perf_counter()
    response = client.get("/health")
    elapsed = time.perf_counter() - started
    return Outcome(response.status_code == 200, response.status_code, elapsed)


# --- running ---------------------------------------------------------------------------------


def run_database(
    name: str, url: str, args: argparse.Namespace, log_dir: Path
) -> tuple[list[Phase], list[str]]:
    api_key = prepare_database(url)
    phases: list[Phase] = []
    problems: list[str] = []
    created = 0
    env = {
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_SECRET_KEY": SECRET_KEY,
        "CYBERCARE_ENVIRONMENT": "development",
        # One key subscribes flat out: count every request (the cost is measured) but never refuse.
        "CYBERCARE_API_RATE_LIMIT": str(10**9),
    }
    for workers in args.workers:
        port = free_port()
        command = server_command(args.server, port, workers)
        with app_server(command, env, port=port, log_dir=log_dir) as server:
            # warm every worker process (imports, validators' metadata, connections): not timed
            warm = Subscriber(api_key, f"warm-w{workers}")
            warmup = drive(
                server.base_url,
                label="warm-up",
                clients=max(4, 2 * workers),
                per_client=5,
                request=warm.request,
                prepare=warm.prepare,
                time_limit_s=30,
            )
            created += warmup.statuses[201]
            for clients in args.clients:
                per_client = max(1, args.subscriptions // clients)
                baseline = drive(
                    server.base_url,
                    label="GET /health",
                    clients=clients,
                    per_client=per_client * 3,
                    request=health,
                    time_limit_s=args.time_limit,
                )
                subscriber = Subscriber(api_key, f"w{workers}c{clients}")
                load = drive(
                    server.base_url,
                    label="POST /affiliations",
                    clients=clients,
                    per_client=per_client,
                    request=subscriber.request,
                    prepare=subscriber.prepare,
                    time_limit_s=args.time_limit,
                )
                created += load.statuses[201]
                phases.append(Phase(name, workers, clients, baseline, load))
                report_phase(phases[-1])
            log = server.log()
        for marker in ERROR_MARKERS:
            if (count := log.count(marker)) > 0:
                problems.append(f"{name}, {workers} worker(s): server log has {count} x {marker!r}")
    counts = database_counts(url)
    if counts["affiliations"] != created:
        problems.append(
            f"{name}: {counts['affiliations']} affiliations in the database, {created} answered 201"
        )
    expected_events = 2 * created  # subscribed + the spouse joined
    if counts["partner_events"] != expected_events or counts["outbox_messages"] != expected_events:
        problems.append(f"{name}: events/outbox {counts} for {created} subscriptions")
    print(f"  {name}: database holds {counts} after {created} answered 201 (verified)")
    return phases, problems


def report_phase(phase: Phase) -> None:
    h, s = phase.health, phase.subscriptions
    print(
        f"  {phase.database:<10} workers={phase.workers} clients={phase.clients:>2}  "
        f"health {h.rate:7.1f}/s p50 {h.percentile_ms(50):6.1f} ms "
        f"p99 {h.percentile_ms(99):6.1f} ms"
        f" | subscriptions {s.ok:4d} in {s.wall_s:5.1f} s = {s.rate:6.1f}/s "
        f"p50 {s.percentile_ms(50):6.1f} ms p99 {s.percentile_ms(99):6.1f} ms"
        f" | errors {s.failed}{' ' + dict(s.errors).__repr__() if s.failed else ''}",
        flush=True,
    )


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else math.nan


def summary(phases: list[Phase], problems: list[str]) -> int:
    print()
    print(
        "| database | workers | clients | subscriptions/s | p50 ms | p99 ms | GET /health/s "
        "| health p50 ms | rate ratio | p50 ratio | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for p in phases:
        h, s = p.health, p.subscriptions
        print(
            f"| {p.database} | {p.workers} | {p.clients} | {s.rate:.1f} | "
            f"{s.percentile_ms(50):.1f} | {s.percentile_ms(99):.1f} | {h.rate:.1f} | "
            f"{h.percentile_ms(50):.1f} | {_ratio(s.rate, h.rate):.3f} | "
            f"{_ratio(s.percentile_ms(50), h.percentile_ms(50)):.1f}x | {s.failed + h.failed} |"
        )
    print()
    verdicts = []
    for database in dict.fromkeys(p.database for p in phases):
        for workers in dict.fromkeys(p.workers for p in phases):
            mine = [p for p in phases if p.database == database and p.workers == workers]
            rate = next((p.subscriptions.rate for p in mine if p.clients == 32), None)
            p99 = next((p.subscriptions.percentile_ms(99) for p in mine if p.clients == 4), None)
            rate_ok = rate is None or rate >= TARGET_RATE
            p99_ok = p99 is None or p99 < TARGET_P99_MS
            verdicts.append(rate_ok and p99_ok)
            print(
                f"{database}, {workers} worker(s): "
                f"32 clients {'-' if rate is None else f'{rate:.1f}/s'} "
                f"({'meets' if rate_ok else 'MISSES'} >= {TARGET_RATE:.0f}/s); "
                f"4 clients p99 {'-' if p99 is None else f'{p99:.1f} ms'} "
                f"({'meets' if p99_ok else 'MISSES'} < {TARGET_P99_MS:.0f} ms)"
            )
    errors = sum(p.subscriptions.failed + p.health.failed for p in phases)
    print(f"error responses: {errors}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 0 if not problems and errors == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--clients", nargs="+", type=int, default=[32, 4])
    parser.add_argument(
        "--subscriptions", type=int, default=480, help="per phase, shared by its clients"
    )
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--server", choices=["serve", "uvicorn"], default="serve")
    args = parser.parse_args()

    print(
        f"bench/subscribe.py on {platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, server: {args.server}, "  # noqa: TID251
        f"load average {_load()}"
    )
    phases: list[Phase] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cybercare-bench-logs-") as logs:
        for name in args.databases:
            if name == "sqlite":
                with sqlite_database() as url:
                    found, trouble = run_database(name, url, args, Path(logs))
            elif name == "postgresql":
                if reason := postgres_available():
                    problems.append(f"PostgreSQL skipped: {reason}")
                    continue
                with postgres_database() as url:
                    found, trouble = run_database(name, url, args, Path(logs))
            else:
                parser.error(f"unknown database {name!r}")
            phases += found
            problems += trouble
    print(f"load average at the end: {_load()} (other processes share these CPUs)")
    return summary(phases, problems)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())

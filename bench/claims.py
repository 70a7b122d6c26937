"""Benchmark: complete ECOM non-delivery claims through the HTTP API, each decided straight
through (engine decision, pot settlement, ledger entry, payout, letter e-mail in the outbox), on
SQLite and on PostgreSQL, next to GET /health through the same server and client in the same run.

    .venv/bin/python bench/claims.py --db sqlite --clients 16 4 --claims 800
    .venv/bin/python bench/claims.py --db postgresql --clients 16 4 --claims 800 --workers 2

Realistic load: every claim is on its own household (`--per-household 1`, the default; a
household has a few cases a year), so claims do not all queue on one pot row. The server is a
real uvicorn process on 127.0.0.1 (`--workers`, default 1, like `cybercare serve`); the clients
are threads with keep-alive connections. Latency is from sending the submission (claim and its
three evidence files in one multipart request) to receiving the decided claim: the response
carries the decision, the pot settlement and the payout.

Then (issue 14) the path to a human: `--call-backs N` members each ask "I need help now"
(POST /api/v1/call-backs, urgent, PAYF: legal and financial teams), and an agent's client reads
the financial team's queue (GET /api/v1/staff/queues/financial) until the new case is in it.
Latency is from sending the member's request to the first queue read that shows the row
(target: p99 under 1 s, Art. 8.4). `--claims 0` runs only this part:

    .venv/bin/python bench/claims.py --db postgresql --claims 0 --call-backs 300 --clients 4

Time to money (issue 15: submission to the SEPA Instant instruction reaching the bank, with a
real worker process and a local HTTP bank, target p99 < 10 s):

    .venv/bin/python bench/claims.py --time-to-money --db postgresql --claims 400 --clients 4

runs bench/time_to_money.py (built on this module; also runnable on its own).

Observability (issue 16: metrics and JSON logs cost under 5 %): `--observability off on` serves
the same database twice, one after the other, through `cybercare serve` as an operator runs it,
and measures the claims on each: `on` writes JSON log lines at INFO with the access log to a
file, counts the HTTP metrics and has a scraper read /metrics every 5 s; `off` logs warnings
only, without access log or metrics. Repeat the modes to interleave them on a busy machine:

    .venv/bin/python bench/claims.py --db postgresql --claims 400 --clients 4 --call-backs 0 \
        --observability off on off on
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import postgres_database, sqlite_database
from tests.claims.builders import IBAN, PDF, open_claim_case, respected, setup_world

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import PayoutAccountRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity.service import issue_token
from cybercare.kernel.clock import FixedClock, SystemClock

CLAIM_CENTS = 10_000  # 100 EUR: even 50 claims on one case stay within its 5,000 EUR pot
SEED_BATCH = 50  # households per seeding transaction
TYPES = ["order_confirmation", "proof_of_payment", "written_claim_to_seller"]


@contextmanager
def bench_database(kind: str) -> Iterator[str]:
    """A fresh database for one run, removed afterwards: a SQLite file in a temporary folder,
    or a temporary database on CYBERCARE_BENCH_POSTGRES_URL's server (bench/_http.py)."""
    with sqlite_database() if kind == "sqlite" else postgres_database() as url:
        yield url


def seed(url: str, claims: int, per_household: int = 1) -> list[tuple[str, str]]:
    """Households with one ECOM case each, a member token and an approved IBAN; the jobs go
    round the households, so a household's claims are spread over the run."""
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Database(engine)
    clock = FixedClock(SystemClock().now())
    cases: list[tuple[str, str]] = []
    households = (claims + per_household - 1) // per_household
    for first in range(0, households, SEED_BATCH):
        with database.uow() as uow:
            for index in range(first, min(first + SEED_BATCH, households)):
                cases.append(_household(uow, clock, index))
            uow.commit()
    engine.dispose()
    return [cases[i % households] for i in range(claims)]


def _household(uow: UnitOfWork, clock: FixedClock, index: int) -> tuple[str, str]:
    world = setup_world(uow, clock, start=date(clock.today().year, 1, 1), tag=str(index))
    case_id = open_claim_case(uow, world, clock, "ECOM", discovery=clock.today())
    token = issue_token(uow, user_id=world.member.user_id, label="b", clock=clock, actor="b")
    uow.session.add(
        PayoutAccountRow(
            household_id=world.household_id,
            iban=IBAN,
            holder_name="An Peeters",
            approved_by="bench",
            approved_at=clock.now(),
        )
    )
    uow.session.flush()
    return token.token, case_id


def seed_call_backs(url: str, count: int) -> tuple[str, list[tuple[str, str]]]:
    """`count` households, each with a member token; one agent token to read the queues."""
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Database(engine)
    clock = FixedClock(SystemClock().now())
    members: list[tuple[str, str]] = []
    agent = ""
    for first in range(0, count, SEED_BATCH):
        with database.uow() as uow:
            for index in range(first, min(first + SEED_BATCH, count)):
                world = setup_world(
                    uow, clock, start=date(clock.today().year, 1, 1), tag=f"cb{index}"
                )
                token = issue_token(
                    uow, user_id=world.member.user_id, label="b", clock=clock, actor="b"
                )
                members.append((token.token, world.affiliate_id))
                if not agent:
                    agent = issue_token(
                        uow, user_id=world.agent.user_id, label="b", clock=clock, actor="b"
                    ).token
            uow.commit()
    engine.dispose()
    return agent, members


def run_call_backs(
    base: str, clients: int, agent: str, members: list[tuple[str, str]]
) -> dict[str, float]:
    """Each member asks to be called back; the agent reads the team queue until the row is in."""
    local = threading.local()
    errors: list[str] = []

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=60)
        return local.client  # type: ignore[no-any-return]

    def one(index: int) -> float:
        token, person_id = members[index]
        started = time.perf_counter()
        response = client().post(
            "/api/v1/call-backs",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"cb{index}"},
            json={
                "person_id": person_id,
                "phone": "+32470123456",
                "what_is_happening": "Money is leaving my account right now",
                "urgency_reason": "ongoing_fraud",
                "guarantee_code": "PAYF",
            },
        )
        if response.status_code != 201:
            errors.append(response.text[:300])
            return time.perf_counter() - started
        case_id = response.json()["case_id"]
        for _ in range(100):
            queue = client().get(
                "/api/v1/staff/queues/financial", headers={"Authorization": f"Bearer {agent}"}
            )
            if any(row["case_id"] == case_id for row in queue.json()):
                return time.perf_counter() - started
            time.sleep(0.01)
        errors.append(f"{case_id} never reached the queue")
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(one, range(len(members))))
    elapsed = time.perf_counter() - started
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    return {
        "per_s": len(members) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
        "max_ms": latencies[-1] * 1000,
        "errors": float(len(errors)),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CYBERCARE_DATABASE_URL": url, "CYBERCARE_ENVIRONMENT": "development"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "cybercare.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        env=env,
    )
    deadline = time.perf_counter() + 90  # a loaded machine starts slowly
    while time.perf_counter() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


OBSERVED = {
    "on": {
        "CYBERCARE_LOG_FORMAT": "json",
        "CYBERCARE_LOG_LEVEL": "INFO",
        "CYBERCARE_ACCESS_LOG": "true",
        "CYBERCARE_METRICS_ENABLED": "true",
        "CYBERCARE_METRICS_TOKEN": "bench-metrics-token-0123456789abcdef",
    },
    "off": {
        "CYBERCARE_LOG_LEVEL": "WARNING",
        "CYBERCARE_ACCESS_LOG": "false",
        "CYBERCARE_METRICS_ENABLED": "false",
    },
}
SCRAPE_EVERY_S = 5.0


@contextmanager
def served(
    url: str, port: int, workers: int, mode: str, log_dir: Path
) -> Iterator[tuple[Path, list[float], int]]:
    """`cybercare serve` with observability `mode`; its stderr (the log lines) goes to a file.
    With `on`, a scraper reads /metrics every few seconds (Prometheus's job) meanwhile: the
    scrape durations are collected in the list yielded."""
    env = {
        **os.environ,
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_ENVIRONMENT": "development",
        **OBSERVED[mode],
    }
    log_path = log_dir / f"server-{mode}-{port}.log"
    command = [sys.executable, "-m", "cybercare.cli", "serve", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)], env=env, stdout=log, stderr=log
        )
        scrapes: list[float] = []
        stop = threading.Event()
        scraper = threading.Thread(target=_scrape, args=(port, stop, scrapes), daemon=True)
        try:
            _wait_for(port, process)
            if mode == "on":
                scraper.start()
            yield log_path, scrapes, process.pid
        finally:
            stop.set()
            if scraper.is_alive():
                scraper.join(timeout=30)
            process.terminate()
            process.wait(timeout=30)


def _scrape(port: int, stop: threading.Event, durations: list[float]) -> None:
    token = OBSERVED["on"]["CYBERCARE_METRICS_TOKEN"]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        while not stop.wait(SCRAPE_EVERY_S):
            started = time.perf_counter()
            answer = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
            if answer.status_code == 200:
                durations.append(time.perf_counter() - started)


def cpu_seconds(root: int) -> float:
    """User and system CPU time of process `root` and its descendants (a server's workers), from
    /proc: the cost of a request measured in CPU rather than in throughput, which other work on a
    busy machine moves by more than the few per cent being measured."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        spent[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(spent.get(pid, 0.0) for pid in tree)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + 120  # a loaded machine starts slowly
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def measure_observability(args: argparse.Namespace) -> None:
    """The claims of each `--observability` mode on one database, each on a server of its own
    (one after the other, same seeded households, same clients)."""
    modes: list[str] = args.observability
    clients = args.clients[0]
    with bench_database(args.db) as url, tempfile.TemporaryDirectory() as logs:
        jobs = seed(url, args.claims * len(modes), args.per_household)
        results: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
        for position, mode in enumerate(modes):
            port = free_port()
            with served(url, port, args.workers, mode, Path(logs)) as (log_path, scrapes, pid):
                base = f"http://127.0.0.1:{port}"
                run(base, 4, 200)  # warm-up: connections, imports
                batch = jobs[position * args.claims : (position + 1) * args.claims]
                cpu_before = cpu_seconds(pid)
                claims = run(base, clients, batch)
                claims["cpu_ms"] = (cpu_seconds(pid) - cpu_before) * 1000 / len(batch)
            lines = len(log_path.read_bytes().splitlines())
            results[mode].append(claims)
            slowest = max(scrapes, default=0.0) * 1000
            scraped = f", {len(scrapes)} scrapes, slowest {slowest:.0f} ms" if scrapes else ""
            print(
                f"{args.db:10} w{args.workers} {clients:2} clients observability {mode:3} "
                f"claims {claims['per_s']:7.1f}/s p50 {claims['p50_ms']:6.1f} ms "
                f"p99 {claims['p99_ms']:6.1f} ms errors {claims['errors']:.0f} "
                f"server CPU {claims['cpu_ms']:5.2f} ms/claim | "
                f"{lines} log lines{scraped}",
                flush=True,
            )
    if {"on", "off"} <= results.keys():
        on_rate = statistics.mean(r["per_s"] for r in results["on"])
        off_rate = statistics.mean(r["per_s"] for r in results["off"])
        on_p99 = statistics.mean(r["p99_ms"] for r in results["on"])
        off_p99 = statistics.mean(r["p99_ms"] for r in results["off"])
        print(
            f"{args.db:10} observability on vs off: claims/s {on_rate:.1f} vs {off_rate:.1f} "
            f"({(on_rate / off_rate - 1) * 100:+.1f} %), p99 {on_p99:.1f} vs {off_p99:.1f} ms "
            f"({(on_p99 / off_p99 - 1) * 100:+.1f} %)"
        )
        on_cpu = statistics.median(r["cpu_ms"] for r in results["on"])
        off_cpu = statistics.median(r["cpu_ms"] for r in results["off"])
        print(
            f"{args.db:10} observability on vs off: server CPU per claim {on_cpu:.2f} vs "
            f"{off_cpu:.2f} ms ({(on_cpu / off_cpu - 1) * 100:+.1f} %): the cost itself, which "
            "the throughput of a busy machine hides in its noise"
        )


def claim_body() -> str:
    return json.dumps(
        {
            "kind": "non_delivery",
            "amount_claimed": f"{CLAIM_CENTS // 100}.00",
            "circumstances": {
                "obligations_respected": sorted(respected("ECOM")),
                "seller_professional": True,
                "written_claim_sent": True,
                "promised_delivery_date": "2020-01-01",
            },
            "payee": {"iban": IBAN, "name": "An Peeters"},
        }
    )


def run(base: str, clients: int, jobs: list[tuple[str, str]] | int) -> dict[str, float]:
    """Send the jobs (claims) or `jobs` GET /health requests with `clients` threads."""
    local = threading.local()
    errors: list[str] = []
    body = claim_body()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=60)
        return local.client  # type: ignore[no-any-return]

    def one(index: int) -> float:
        started = time.perf_counter()
        if isinstance(jobs, int):
            response = client().get("/health")
            ok = response.status_code == 200
        else:
            token, case_id = jobs[index]
            response = client().post(
                f"/api/v1/cases/{case_id}/claims/upload",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"b{index}"},
                data={"claim": body, "evidence_types": TYPES},
                files=[("files", (f"{t}.pdf", PDF + t.encode(), "application/pdf")) for t in TYPES],
            )
            ok = response.status_code == 201 and response.json()["status"] == "decided"
        if not ok:
            errors.append(response.text[:300])
        return time.perf_counter() - started

    count = jobs if isinstance(jobs, int) else len(jobs)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(one, range(count)))
    elapsed = time.perf_counter() - started
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    return {
        "per_s": count / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
        "errors": float(len(errors)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--claims", type=int, default=1600)
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 4])
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--per-household", type=int, default=1, help="claims per household")
    parser.add_argument(
        "--call-backs", type=int, default=300, help="urgent call-backs (0: none), issue 14"
    )
    parser.add_argument(
        "--time-to-money",
        action="store_true",
        help="issue 15: submission to the SEPA Instant instruction at a local bank, with a worker",
    )
    parser.add_argument("--pace", type=float, default=0.05, help="time to money: s between claims")
    parser.add_argument("--deadline", type=float, default=120.0, help="time to money: s to wait")
    parser.add_argument(
        "--observability",
        nargs="+",
        choices=["on", "off"],
        help="issue 16: claims with metrics and JSON logs on and/or off, through cybercare serve",
    )
    args = parser.parse_args()
    if args.observability:
        measure_observability(args)
        return
    if args.time_to_money:
        from time_to_money import measure  # bench/time_to_money.py builds on this module

        measure(args.db, args.claims, args.clients[0], args.pace, args.deadline)
        return
    with bench_database(args.db) as url:
        jobs = seed(url, args.claims * len(args.clients), args.per_household)
        warm = 4 if args.call_backs else 0  # call-backs that warm the path up, not measured
        agent, members = seed_call_backs(url, args.call_backs * len(args.clients) + warm)
        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            run(base, 4, 200)  # warm-up: connections, imports
            if warm:
                run_call_backs(base, 2, agent, members[-warm:])
            for position, clients in enumerate(args.clients):
                if args.call_backs:
                    asked = members[position * args.call_backs : (position + 1) * args.call_backs]
                    human = run_call_backs(base, clients, agent, asked)
                    health = run(base, clients, 200)  # the machine's state, same server
                    print(
                        f"{args.db:10} w{args.workers} {clients:2} clients "
                        f"call-back to team queue {human['per_s']:6.1f}/s "
                        f"p50 {human['p50_ms']:6.1f} ms p99 {human['p99_ms']:6.1f} ms "
                        f"max {human['max_ms']:7.1f} ms errors {human['errors']:.0f} | "
                        f"health p50 {health['p50_ms']:5.1f} ms p99 {health['p99_ms']:5.1f} ms"
                    )
                if not args.claims:
                    continue
                batch = jobs[position * args.claims : (position + 1) * args.claims]
                health = run(base, clients, args.claims)
                claims = run(base, clients, batch)
                print(
                    f"{args.db:10} w{args.workers} {clients:2} clients "
                    f"claims {claims['per_s']:7.1f}/s "
                    f"p50 {claims['p50_ms']:6.1f} ms p99 {claims['p99_ms']:6.1f} ms "
                    f"max {claims['max_ms']:7.1f} ms errors {claims['errors']:.0f} | "
                    f"health {health['per_s']:7.1f}/s p50 {health['p50_ms']:5.1f} ms "
                    f"p99 {health['p99_ms']:5.1f} ms | "
                    f"ratio {health['per_s'] / claims['per_s']:.1f}x"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Benchmark of webhook delivery (issue 18): promptness under faults, and throughput.

    .venv/bin/python bench/webhooks.py --db sqlite --mode faults [--rate 20 --seconds 50]
    .venv/bin/python bench/webhooks.py --db postgresql --mode healthy [--events 4000]

Two real `cybercare worker` processes deliver to a receiver in a process of its own (this file
with `--serve`, DESIGN.md rule 15), which verifies every signature with the `standardwebhooks`
library and logs each request (status, webhook-id, wall time) to a file.

- `faults`: the receiver answers 500 to 20 % of requests, resets the connection on 10 %, hangs
  on 5 % (never answers; the worker's 10 s timeout ends it), and is killed for 20 s in the
  middle of the run (connection refused), then started again on the same port. Events are
  committed at `--rate` per second for `--seconds`. Measured: time from an event's commit to its
  first 2xx at the receiver, p50 / p99 (target p99 < 60 s); lost (never delivered) and
  duplicated (two 2xx for one webhook-id) events, target 0 / 0; and the attempts the workers
  made against the dead receiver during its 20 s down (the issue measured 374 before the
  circuit breaker).
- `healthy`: `--events` are committed first, then the two workers drain them: deliveries per
  second from the first 2xx to the last (target >= 200/s), with the same lost/duplicated counts.

The machine is shared (2 cores, other agents): the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

DOWN_S = 20.0
TARGET_P99_S = 60.0
TARGET_RATE = 200.0
DISTRIBUTOR = "benchco"


# --- the receiver (a process of its own) -------------------------------------------------------


def wall() -> float:
    """Unix seconds: the one time base of this process, the receiver and the producer."""
    from cybercare.kernel.clock import SystemClock

    return SystemClock().now().timestamp()


def serve(port: int, log_path: Path, secret: str, fail: float, reset: float, hang: float) -> None:
    from standardwebhooks import Webhook
    from standardwebhooks.webhooks import WebhookVerificationError

    verifier = Webhook(secret)
    lock = threading.Lock()
    log = log_path.open("a", buffering=1)
    rng = random.Random()

    def write(status: str, event_id: str) -> None:
        with lock:
            log.write(f"{status} {event_id} {wall():.6f}\n")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            event_id = self.headers.get("webhook-id", "-")
            roll = rng.random()
            if roll < reset:
                write("reset", event_id)
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self.connection.close()
                return
            if roll < reset + hang:
                write("hang", event_id)
                time.sleep(30)
                self.close_connection = True
                return
            status = 500 if roll < reset + hang + fail else 200
            if status == 200:
                try:
                    verifier.verify(body, dict(self.headers.items()), json_parse=False)
                except WebhookVerificationError:
                    status = 401
            payload = b"ok" if status == 200 else b"no"
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            write(str(status), event_id)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # resets and hangs end connections on purpose

    with Server(("127.0.0.1", port), Handler) as server:
        server.serve_forever(poll_interval=0.1)


def start_receiver(port: int, log_path: Path, secret: str, faults: bool) -> subprocess.Popen[bytes]:
    rates = ["0.2", "0.1", "0.05"] if faults else ["0", "0", "0"]
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), str(log_path), secret, *rates],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60  # the machine is shared: a start may take seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the receiver exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the receiver did not start")


# --- the platform side -------------------------------------------------------------------------


@dataclass
class World:
    url: str
    endpoint_id: int
    secret: str


def prepare(url: str, receiver_url: str) -> World:
    from cybercare.db import migrate
    from cybercare.db.engine import make_engine
    from cybercare.db.uow import Database
    from cybercare.kernel.clock import SystemClock
    from cybercare.partners.webhooks import create_endpoint
    from cybercare.settings import DEVELOPMENT_SECRET

    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with Database(engine).uow() as uow:
            created = create_endpoint(
                uow,
                distributor=DISTRIBUTOR,
                url=receiver_url,
                event_types=None,
                keys=DEVELOPMENT_SECRET,
                actor="bench",
                at=SystemClock().now(),
            )
            uow.commit()
    finally:
        engine.dispose()
    return World(url, created.endpoint.id, created.secret)


class Producer:
    """Commits events (one transaction each, as a command would) and remembers when."""

    def __init__(self, url: str) -> None:
        from cybercare.db.engine import make_engine
        from cybercare.db.uow import Database
        from cybercare.kernel.clock import SystemClock

        self.engine = make_engine(url)
        self.database = Database(self.engine)
        self.clock = SystemClock()
        self.created: dict[str, float] = {}

    def commit(self, count: int) -> None:
        from cybercare.kernel.ids import new_id
        from cybercare.outbox.enqueue import WebhookEvent, enqueue_webhooks

        events = [new_id("evt", 16) for _ in range(count)]
        with self.database.uow() as uow:
            enqueue_webhooks(
                uow,
                distributor=DISTRIBUTOR,
                events=[
                    WebhookEvent(e, "bench.event", {"id": e, "type": "bench.event", "n": i})
                    for i, e in enumerate(events)
                ],
                at=self.clock.now(),
            )
            uow.commit()
        now = wall()
        for event in events:
            self.created[event] = now

    def close(self) -> None:
        self.engine.dispose()


def raw_baseline(port: int, requests: int = 1000, threads: int = 64) -> float:
    """Requests per second of a bare httpx thread pool posting to the same receiver (no
    database, no outbox): the ceiling the workers are compared with, measured in the run."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    body = b'{"id":"base","type":"bench.event"}'
    headers = {"webhook-id": "base", "webhook-timestamp": "0", "webhook-signature": "v1,x"}
    with httpx.Client(limits=httpx.Limits(max_connections=threads)) as client:

        def one(_: int) -> None:
            client.post(f"http://127.0.0.1:{port}/hooks", content=body, headers=headers)

        started = time.monotonic()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(requests)))
        return requests / (time.monotonic() - started)


def start_worker(url: str, folder: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_ENVIRONMENT": "development",
        "CYBERCARE_MAILBOX_DIR": str(folder / "mailbox"),
        "CYBERCARE_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cybercare.cli", "worker", "--poll-interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / f"{name}.log").open("wb"),
    )


def wait_for_workers(url: str, count: int, timeout_s: float = 120.0) -> None:
    """Until `count` workers beat (worker_heartbeats), then their first jobs' seconds."""
    from sqlalchemy import create_engine, func, select

    from cybercare.db.tables.heartbeats import WorkerHeartbeatRow

    engine = create_engine(url)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                query = select(func.count()).select_from(WorkerHeartbeatRow)
                if (connection.scalar(query) or 0) >= count:
                    break
            time.sleep(0.5)
    finally:
        engine.dispose()
    time.sleep(3)


def read_log(path: Path) -> list[tuple[str, str, float]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        status, event_id, at = line.split(" ")
        rows.append((status, event_id, float(at)))
    return rows


def first_success(rows: list[tuple[str, str, float]]) -> tuple[dict[str, float], Counter[str]]:
    first: dict[str, float] = {}
    successes: Counter[str] = Counter()
    for status, event_id, at in rows:
        if status == "200":
            successes[event_id] += 1
            first.setdefault(event_id, at)
    return first, successes


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(int(len(ordered) * p) - 1, 0))]


def run(db: str, mode: str, rate: int, seconds: int, events: int, deadline_s: float) -> None:
    # Imported here: the receiver (`--serve`) starts fast, without the platform's modules.
    from _http import free_port

    from claims import bench_database

    faults = mode == "faults"
    with tempfile.TemporaryDirectory() as tmp, bench_database(db) as url:
        folder = Path(tmp)
        log_path = folder / "receiver.log"
        port = free_port()
        world = prepare(url, f"http://127.0.0.1:{port}/hooks")
        receiver = start_receiver(port, log_path, world.secret, faults)
        producer = Producer(url)
        workers: list[subprocess.Popen[bytes]] = []
        down_window = (0.0, 0.0)
        baseline = 0.0
        try:
            if not faults:
                baseline = raw_baseline(port)
                for start in range(0, events, 500):
                    producer.commit(min(500, events - start))
            workers = [start_worker(url, folder, f"worker{n}") for n in (1, 2)]
            if faults:
                wait_for_workers(url, 2)  # their imports and first jobs are not measured
                started = time.monotonic()
                down_at, up_at = seconds * 0.3, seconds * 0.3 + DOWN_S
                sent = 0
                while (elapsed := time.monotonic() - started) < seconds:
                    if receiver is not None and down_at <= elapsed < up_at:
                        receiver.send_signal(signal.SIGKILL)
                        receiver.wait()
                        receiver = None
                        down_window = (wall(), wall() + DOWN_S)
                    elif receiver is None and elapsed >= up_at:
                        receiver = start_receiver(port, log_path, world.secret, faults)
                        down_window = (down_window[0], wall())  # back up (the start took a while)
                    due = int(elapsed * rate) + 1 - sent
                    if due > 0:
                        producer.commit(due)
                        sent += due
                    time.sleep(0.02)
                if receiver is None:
                    receiver = start_receiver(port, log_path, world.secret, faults)
            deadline = time.monotonic() + deadline_s
            while time.monotonic() < deadline:
                first, _ = first_success(read_log(log_path))
                if len(first.keys() & producer.created.keys()) >= len(producer.created):
                    break
                time.sleep(0.5)
            time.sleep(2.0)  # a late duplicate would show up here
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
            if receiver is not None:
                receiver.kill()
                receiver.wait()
            producer.close()
        report(db, mode, folder, log_path, producer.created, down_window, baseline)


def report(
    db: str,
    mode: str,
    folder: Path,
    log_path: Path,
    created: dict[str, float],
    down_window: tuple[float, float],
    baseline: float = 0.0,
) -> None:
    rows = read_log(log_path)
    first, successes = first_success(rows)
    lost = [e for e in created if e not in first]
    duplicated = [e for e, n in successes.items() if n > 1]
    statuses = Counter(status for status, _, _ in rows)
    refused = sum(
        (folder / f"worker{n}.log").read_text(errors="replace").count("ConnectError")
        for n in (1, 2)
    )
    load = os.getloadavg()[0]
    figures: dict[str, Any] = {
        "db": db,
        "mode": mode,
        "events": len(created),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "requests": dict(statuses),
        "load_1min": round(load, 2),
    }
    latencies = [first[e] - created[e] for e in created if e in first]
    if latencies:
        figures["p50_s"] = round(statistics.median(latencies), 2)
        figures["p99_s"] = round(percentile(latencies, 0.99), 2)
        figures["max_s"] = round(max(latencies), 2)
    if mode == "faults":
        start, end = down_window
        outside = [
            first[e] - created[e]
            for e in created
            if e in first and not start - 1 <= created[e] <= end
        ]
        if outside:  # the events committed while the receiver was up (not in its 20 s down)
            figures["p50_outside_down_s"] = round(statistics.median(outside), 2)
            figures["p99_outside_down_s"] = round(percentile(outside, 0.99), 2)
        figures["attempts_while_down"] = refused
        figures["down_window_s"] = round(down_window[1] - down_window[0], 1)
        met = figures.get("p99_s", 1e9) < TARGET_P99_S and not lost and not duplicated
        figures["target"] = f"p99 < {TARGET_P99_S:.0f} s, 0 lost, 0 duplicated: " + (
            "met" if met else "MISSED"
        )
    else:
        times = sorted(first.values())
        span = times[-1] - times[0] if len(times) > 1 else 0.0
        rate = (len(times) - 1) / span if span else 0.0
        figures["deliveries_per_s"] = round(rate, 1)
        figures["raw_http_baseline_per_s"] = round(baseline, 1)
        figures["ratio_to_raw"] = round(rate / baseline, 2) if baseline else None
        figures["target"] = f">= {TARGET_RATE:.0f}/s, 0 lost, 0 duplicated: " + (
            "met" if rate >= TARGET_RATE and not lost and not duplicated else "MISSED"
        )
    print(json.dumps(figures))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        port, log_path, secret, fail, reset, hang = sys.argv[2:8]
        serve(int(port), Path(log_path), secret, float(fail), float(reset), float(hang))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--mode", choices=["faults", "healthy"], default="faults")
    parser.add_argument("--rate", type=int, default=20, help="faults: events per second")
    parser.add_argument("--seconds", type=int, default=50, help="faults: seconds of events")
    parser.add_argument("--events", type=int, default=4000, help="healthy: events to drain")
    parser.add_argument("--deadline", type=float, default=150.0)
    args = parser.parse_args()
    run(args.db, args.mode, args.rate, args.seconds, args.events, args.deadline)


if __name__ == "__main__":
    main()

"""Many processes, one truth (issue 16): three API processes and two workers on one PostgreSQL
database, under load from a distributor's system; one API process and one worker are killed
with SIGKILL in the middle. Afterwards:

- every subscription the distributor saw acknowledged (201) exists exactly once, including those
  whose answer was lost with the killed process and that the client sent again with the same
  Idempotency-Key to another process;
- every webhook event reached the local receiver, and a receiver that keeps the event ids it has
  processed (as the docs ask of partners) processed each exactly once; deliveries repeated
  because a worker died between sending and recording are at most the messages it held;
- every daily job ran once for the day, though two workers asked.

Real processes (`cybercare serve`, `cybercare worker`), a real HTTP receiver, a private database
on the shared PostgreSQL server; no part is simulated.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import AffiliationRow
from cybercare.db.tables.outbox import JobRun, OutboxMessage
from cybercare.db.uow import Database
from cybercare.kernel.clock import SystemClock
from cybercare.outbox.endpoints import register_endpoint
from cybercare.outbox.signing import EVENT_ID_HEADER
from cybercare.partners.idempotency import LEASE as IDEMPOTENCY_LEASE
from tests.api import builders
from tests.conftest import Backend, _admin_execute, _pg_url
from tests.operations.processes import free_port, wait_until_ready
from tests.outbox.receivers import Receipt, Receiver

SECRET = "test-only-secret-key-for-the-topology-test-0123456789"
SUBSCRIPTIONS = 48
KILL_AFTER = 16  # acknowledged subscriptions before one API process and one worker are killed
CLIENTS = 4


@pytest.fixture
def database_url(postgresql_backend: Backend) -> Iterator[str]:
    """A private database on the shared server (the topology is PostgreSQL's: several
    processes writing at once; skipped, with the reason, where PostgreSQL does not answer)."""
    name = f"cybercare_topology_{uuid.uuid4().hex[:8]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    url = _pg_url(name)
    migrate.upgrade(url)
    yield url
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CYBERCARE_ENVIRONMENT": "development",
        "CYBERCARE_DATABASE_URL": url,
        "CYBERCARE_SECRET_KEY": SECRET,
        "CYBERCARE_MAILBOX_DIR": str(folder / "mailbox"),
        # a killed worker's claimed messages are due again after 3 s, not 5 minutes
        "CYBERCARE_OUTBOX_LEASE_S": "3",
    }


def _start(arguments: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "cybercare.cli", *arguments],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _letters(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': a name has no digits."""
    word = ""
    while True:
        index, rest = divmod(index, 26)
        word = chr(ord("a") + rest) + word
        if index == 0:
            return word


class Distributor:
    """The distributor's system: sends each subscription to one API process, and on a lost
    answer sends the very same request (same Idempotency-Key) to the next process."""

    def __init__(self, ports: list[int], token: str) -> None:
        self.ports = ports
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.acknowledged: dict[str, str] = {}  # customer_ref -> affiliation id
        self.resent = 0  # requests sent again to another process after a lost answer
        self.lock = threading.Lock()

    def _post(self, first: int, path: str, body: dict[str, Any]) -> httpx.Response:
        key = f"topology-{uuid.uuid4().hex}"
        # A process killed while it held the key leaves it "in progress" until its lease runs
        # out (partners.idempotency.LEASE): the partner is told to retry later, and does.
        deadline = time.monotonic() + IDEMPOTENCY_LEASE.total_seconds() + 30
        attempt = 0
        while time.monotonic() < deadline:
            port = self.ports[(first + attempt) % len(self.ports)]
            attempt += 1
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}{path}",
                    content=builders.encode(body),
                    headers={**self.headers, "Idempotency-Key": key},
                    timeout=20,
                )
            except httpx.TransportError:
                with self.lock:
                    self.resent += 1
                continue  # that process is gone: the same request to the next one
            if answer.status_code == 409 and "idempotency.in_progress" in answer.text:
                time.sleep(1.0)
                continue
            return answer
        raise AssertionError(f"no API process answered {path}")

    def subscribe(self, index: int) -> None:
        quote = self._post(index, "/api/v1/quotes", {"language": "fr"})
        assert quote.status_code == 200, quote.text
        # the server processes run on the system clock: today in Brussels, as they see it
        today = SystemClock().now().astimezone(ZoneInfo("Europe/Brussels")).date()
        body = builders.subscription(
            terms_token=quote.json()["terms_token"],
            customer_ref=f"TOPO-{index:04d}",
            start_date=today,
            affiliate=builders.person(
                family_name=f"Topo{_letters(index)}", email=f"topo{index}@example.be", phone=None
            ),
            members=[],
        )
        created = self._post(index, "/api/v1/affiliations", body)
        assert created.status_code == 201, created.text
        with self.lock:
            self.acknowledged[body["customer_ref"]] = created.json()["id"]


def _seed(database: Database, receiver: Receiver) -> str:
    clock = SystemClock()
    builders.seed(database, clock, distributors=("proximus",))
    with database.uow() as uow:
        register_endpoint(uow, distributor="proximus", url=receiver.url, at=clock.now())
        uow.commit()
    return builders.api_key(database, clock).token


def _event_ids(receipts: list[Receipt]) -> list[str]:
    return [receipt.headers[EVENT_ID_HEADER] for receipt in receipts if receipt.status == 200]


def test_three_api_processes_and_two_workers_keep_one_truth_when_one_of_each_is_killed(
    database_url: str, tmp_path: Path
) -> None:
    receiver = Receiver().start()
    engine = make_engine(database_url)
    database = Database(engine)
    token = _seed(database, receiver)
    env = _environment(database_url, tmp_path)
    ports = [free_port() for _ in range(3)]
    apis = [
        _start(["serve", "--port", str(port)], env, tmp_path / f"api-{port}.log") for port in ports
    ]
    workers = [
        _start(["worker", "--poll-interval", "0.2"], env, tmp_path / f"worker-{n}.log")
        for n in range(2)
    ]
    try:
        for port, process in zip(ports, apis, strict=True):
            # five processes import the platform at once on 2 cores: a generous deadline
            wait_until_ready(
                f"http://127.0.0.1:{port}",
                process,
                180.0,
                path="/health",
                log=tmp_path / f"api-{port}.log",
            )
        distributor = Distributor(ports, token)
        killed = threading.Event()

        def subscribe(index: int) -> None:
            distributor.subscribe(index)
            if len(distributor.acknowledged) >= KILL_AFTER and not killed.is_set():
                killed.set()
                apis[0].send_signal(signal.SIGKILL)
                workers[0].send_signal(signal.SIGKILL)

        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(subscribe, range(SUBSCRIPTIONS)))
        assert killed.is_set()

        # the surviving worker delivers what the killed one held, once its lease ran out
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with database.reader() as uow:
                waiting = uow.session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.kind == "webhook", OutboxMessage.status != "delivered")
                )
            if waiting == 0:
                break
            time.sleep(0.3)
    finally:
        for process in (*apis, *workers):
            if process.poll() is None:
                process.terminate()
        for process in (*apis, *workers):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        receiver.stop()

    acknowledged = distributor.acknowledged
    assert len(acknowledged) == SUBSCRIPTIONS
    with database.reader() as uow:
        stored = list(
            uow.session.execute(
                select(AffiliationRow.customer_ref, AffiliationRow.id).where(
                    AffiliationRow.distributor_code == "proximus"
                )
            )
        )
        webhooks = list(
            uow.session.execute(
                select(OutboxMessage.status, OutboxMessage.payload).where(
                    OutboxMessage.kind == "webhook"
                )
            )
        )
        runs = list(uow.session.execute(select(JobRun.job, JobRun.run_key, JobRun.status)))
    engine.dispose()

    # every acknowledged write exists once (and nothing unacknowledged was kept twice)
    assert len(stored) == len({ref for ref, _id in stored})
    assert dict(stored) == acknowledged
    # every event was delivered; a receiver keeping event ids processed each exactly once
    assert {status for status, _payload in webhooks} == {"delivered"}
    received = Counter(_event_ids(receiver.receipts))
    events = {str(payload["event_id"]) for _status, payload in webhooks}
    assert set(received) == events
    repeated = sum(count - 1 for count in received.values())
    print(  # noqa: T201 - the figures of the closing note (pytest -s)
        f"topology: {len(acknowledged)} subscriptions acknowledged and stored once, "
        f"{distributor.resent} requests sent again after the kill, {len(events)} events "
        f"delivered, {repeated} repeated deliveries, {len(runs)} job runs for "
        f"{len({job for job, _key, _status in runs})} jobs"
    )
    assert repeated <= 50, f"{repeated} repeated deliveries: more than one batch a worker holds"
    # every daily job ran at most once a day, though two workers asked
    assert len(runs) == len({(job, key) for job, key, _status in runs})
    assert runs, "the workers ran no job"

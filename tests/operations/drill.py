"""The backup drill's parts, shared by test_backup_drill.py and bench/backup.py: a world to serve,
the real server, clients that keep writing through the API while the backup
runs, the command line's backup and restore, and the comparisons of the restored database with
the source.

Why the comparisons are honest: the archive's manifest counts the rows, the ledger and the audit
trail inside the very snapshot the database was copied from (figures.py), so the restored
database must equal those figures exactly. The source kept changing afterwards, so it is
compared where it cannot have changed: the audit trail and the ledger are append-only (every
restored event and line is in the source, identical), a write acknowledged before the backup
began must be restored, a write sent after it ended must not, and a change never comes back
without the audit event of its transaction.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from cybercare.app import create_app
from cybercare.bootstrap import build_container
from cybercare.cli import app
from cybercare.db.backup.figures import audit_events, audit_line
from cybercare.db.engine import make_engine
from cybercare.db.tables import (
    AffiliationRow,
    AuditEvent,
    ClaimRow,
    EvidenceRow,
    LedgerEntryRow,
    LedgerLineRow,
    PayoutAccountRow,
)
from cybercare.db.uow import Database
from cybercare.identity.service import issue_token
from cybercare.kernel.clock import FixedClock, SystemClock
from cybercare.partners.distributors import issue_api_key
from cybercare.product.catalog import reference_product
from cybercare.settings import Environment, Settings
from tests.claims.builders import IBAN, PDF, open_claim_case, respected, setup_world
from tests.operations.processes import free_port

SECRET_KEY = "drill-only-secret-key-0123456789-abcdefghijklmnop"
EVIDENCE = ("order_confirmation", "proof_of_payment", "written_claim_to_seller")
CLAIM_PAUSE_S = 0.05  # a member does not submit claims back to back: leaves room for the rest


# --- the world -------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    api_key: str  # the distributor's, for subscriptions
    cases: list[tuple[str, str]]  # (member token, case id) to claim on


def seed_world(url: str, households: int) -> World:
    """`households` affiliated households, each with an ECOM case, a member token and an approved
    payout account, and the distributor's API key: what the drill's clients write with."""
    engine = make_engine(url)
    clock = FixedClock(SystemClock().now())
    cases = []
    try:
        with Database(engine).uow() as uow:
            for index in range(households):
                world = setup_world(
                    uow, clock, start=date(clock.today().year, 1, 1), tag=f"{index}"
                )
                case_id = open_claim_case(uow, world, clock, "ECOM", discovery=clock.today())
                token = issue_token(
                    uow, user_id=world.member.user_id, label="d", clock=clock, actor="d"
                )
                uow.session.add(
                    PayoutAccountRow(
                        household_id=world.household_id,
                        iban=IBAN,
                        holder_name="An Peeters",
                        approved_by="drill",
                        approved_at=clock.now(),
                    )
                )
                cases.append((token.token, case_id))
            key = issue_api_key(uow, distributor="proximus", label="drill", clock=clock, actor="d")
            uow.commit()
    finally:
        engine.dispose()
    return World(key.token, cases)


# --- the server ------------------------------------------------------------------------------


@contextmanager
def server(url: str, *, start_timeout_s: float = 60) -> Iterator[str]:
    """The application served by uvicorn on 127.0.0.1 until the block ends: the real server,
    in threads of this process (a process of its own would spend seconds importing it)."""
    settings = Settings(
        environment=Environment.TEST, database_url=url, secret_key=SecretStr(SECRET_KEY)
    )
    container = build_container(settings)
    config = uvicorn.Config(
        create_app(container=container),
        host="127.0.0.1",
        port=free_port(),
        access_log=False,
        log_level="warning",
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    try:
        while not served.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{config.port}"
    finally:
        served.should_exit = True
        thread.join(timeout=30)
        container.engine.dispose()


# --- the clients -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    kind: str  # "affiliation" or "claim": the table and the audit subject it writes
    id: str
    sent_at: float  # time.monotonic() when the request left
    acked_at: float  # ... and when its 201 came back


@dataclass
class Traffic:
    """A distributor subscribing households and members submitting claims with their evidence,
    each in its own thread, until stopped (bounded by `limit_s`)."""

    base_url: str
    world: World
    limit_s: float = 120.0
    writes: list[Write] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Traffic:
        for target in (self._subscribe, self._claim):
            thread = threading.Thread(target=self._guarded, args=(target,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def of(self, kind: str) -> list[Write]:
        with self._lock:
            return [write for write in self.writes if write.kind == kind]

    def wait_until(self, condition: Callable[[Traffic], bool], timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition(self):
            if self.errors:
                raise AssertionError(f"a client failed: {self.errors[0]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the clients did not get there in {timeout_s} s")
            time.sleep(0.05)

    def _guarded(self, target: Callable[[httpx.Client, float], None]) -> None:
        deadline = time.monotonic() + self.limit_s
        try:
            with httpx.Client(base_url=self.base_url, timeout=60) as client:
                target(client, deadline)
        except Exception as error:  # reported to the test by wait_until
            self.errors.append(f"{type(error).__name__}: {error}")

    def _record(self, kind: str, response: httpx.Response, sent_at: float) -> None:
        if response.status_code != 201:
            self.errors.append(f"{kind}: HTTP {response.status_code} {response.text[:300]}")
            self._stop.set()
            return
        with self._lock:
            self.writes.append(Write(kind, response.json()["id"], sent_at, time.monotonic()))

    def _subscribe(self, client: httpx.Client, deadline: float) -> None:
        headers = {"Authorization": f"Bearer {self.world.api_key}"}
        quote = client.post(
            "/api/v1/quotes",
            json={"language": "fr"},
            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        quote.raise_for_status()
        token = quote.json()["terms_token"]
        n = 0
        while not self._stop.is_set() and time.monotonic() < deadline:
            n += 1
            sent_at = time.monotonic()
            response = client.post(
                "/api/v1/affiliations",
                json=_subscription(token, f"drill-{n}"),
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )
            self._record("affiliation", response, sent_at)

    def _claim(self, client: httpx.Client, deadline: float) -> None:
        n = 0
        while not self._stop.is_set() and time.monotonic() < deadline:
            token, case_id = self.world.cases[n % len(self.world.cases)]
            n += 1
            sent_at = time.monotonic()
            response = client.post(
                f"/api/v1/cases/{case_id}/claims/upload",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
                data={"claim": _claim_body(), "evidence_types": list(EVIDENCE)},
                files=[
                    ("files", (f"{t}.pdf", PDF + f"{t} {n}".encode(), "application/pdf"))
                    for t in EVIDENCE
                ],
            )
            self._record("claim", response, sent_at)
            self._stop.wait(CLAIM_PAUSE_S)


def _subscription(terms_token: str, customer_ref: str) -> dict[str, Any]:
    return {
        "customer_ref": customer_ref,
        "terms_token": terms_token,
        "start_date": SystemClock().today().isoformat(),
        "affiliate": {
            "given_name": "Marie",
            "family_name": "Dubois",
            "birth_date": "1984-05-17",
            "language": "fr",
            "email": "marie.dubois@example.be",
        },
        "members": [],
        "address": {"street": "Rue de la Loi", "number": "16", "postcode": "1000", "city": "Bxl"},
        "prevention_declarations": {
            item.code: True for item in reference_product().obligations.items
        },
    }


def _claim_body() -> str:
    return json.dumps(
        {
            "kind": "non_delivery",
            "amount_claimed": "40.00",
            "circumstances": {
                "obligations_respected": sorted(respected("ECOM")),
                "seller_professional": True,
                "written_claim_sent": True,
                "promised_delivery_date": "2020-01-01",
            },
            "payee": {"iban": IBAN, "name": "An Peeters"},
        }
    )


# --- the command line ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    summary: dict[str, Any]
    started_at: float  # time.monotonic()
    ended_at: float


def cli(*args: str) -> Run:
    """`cybercare <args> --json --quiet`, as an operator or cron runs it."""
    started = time.monotonic()
    result = CliRunner().invoke(app, [*args, "--json", "--quiet"])
    ended = time.monotonic()
    if result.exit_code:
        raise AssertionError(f"cybercare {args[0]} failed ({result.exit_code}): {result.output}")
    return Run(json.loads(result.stdout), started, ended)


# --- the comparisons -------------------------------------------------------------------------


@contextmanager
def engine_on(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def ids_in(url: str, kind: str, ids: list[str]) -> set[str]:
    """Which of `ids` the database at `url` holds (`kind`: affiliation or claim)."""
    column = {"affiliation": AffiliationRow.id, "claim": ClaimRow.id}[kind]
    with engine_on(url) as engine, engine.connect() as connection:
        return {str(found) for found in connection.scalars(select(column).where(column.in_(ids)))}


def audit_trail(url: str) -> dict[int, bytes]:
    """Every audit event by id, as the backup's fingerprint reads it."""
    with engine_on(url) as engine, engine.connect() as connection:
        rows = connection.execute(audit_events())
        return {int(row.id): audit_line(row) for row in rows}


def ledger(url: str) -> dict[str, dict[int, tuple[Any, ...]]]:
    """Every ledger entry and line by id."""
    with engine_on(url) as engine, engine.connect() as connection:
        entries = connection.execute(
            select(
                LedgerEntryRow.id,
                LedgerEntryRow.dedupe_key,
                LedgerEntryRow.total_cents,
                LedgerEntryRow.line_count,
            )
        )
        lines = connection.execute(
            select(
                LedgerLineRow.id,
                LedgerLineRow.entry_id,
                LedgerLineRow.account,
                LedgerLineRow.party,
                LedgerLineRow.debit_cents,
                LedgerLineRow.credit_cents,
            )
        )
        return {
            "entries": {row[0]: tuple(row[1:]) for row in entries},
            "lines": {row[0]: tuple(row[1:]) for row in lines},
        }


def not_in_source(restored: dict[Any, Any], source: dict[Any, Any]) -> list[Any]:
    """Keys of `restored` the source lacks or holds otherwise (append-only: none)."""
    return [key for key, value in restored.items() if source.get(key) != value]


def audited_subjects(url: str, action: str, ids: list[str]) -> set[str]:
    with engine_on(url) as engine, engine.connect() as connection:
        found = connection.scalars(
            select(AuditEvent.subject_id).where(
                AuditEvent.action == action, AuditEvent.subject_id.in_(ids)
            )
        )
        return {str(subject) for subject in found}


def evidence_not_matching_its_checksum(url: str) -> list[int]:
    with engine_on(url) as engine, engine.connect() as connection:
        rows = connection.execute(select(EvidenceRow.id, EvidenceRow.content, EvidenceRow.sha256))
        return [row.id for row in rows if hashlib.sha256(row.content).hexdigest() != row.sha256]

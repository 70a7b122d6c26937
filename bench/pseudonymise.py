"""Time the retention job (`privacy.retention`) on N households whose every period has ended.

    PYTHONPATH=src .venv/bin/python bench/pseudonymise.py 10000 [--only sqlite|postgresql]

For each database: a fresh migrated database, N households seeded with set-based SQL (one
INSERT ... SELECT per table over a numbers table: a person with e-mail, phone and national
number, an address, an ended affiliation, a member account, a closed case with a general and a
psychological note, a decided claim with an evidence file, a paid payout), then the job run once
with the clock in 2040, timed, with its progress; then run again (it must find nothing: idempotent).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from typing import Any

from _http import postgres_available, postgres_database, sqlite_database
from sqlalchemy import Engine, String, cast, insert, literal, select, text

from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.tables import metadata
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.privacy.pseudonymise_service import pseudonymise_expired
from cybercare.privacy.schedule import load_schedule

T = metadata.tables
AT = datetime(2015, 3, 2, 10, 0, tzinfo=UTC)
CLOSED = datetime(2016, 1, 10, tzinfo=UTC)


def seed(engine: Engine, n: int) -> float:
    started = time.perf_counter()
    with engine.begin() as c:
        c.execute(text("CREATE TABLE bench_n (i INTEGER PRIMARY KEY)"))
        c.execute(
            text(
                "INSERT INTO bench_n (i) WITH RECURSIVE s(i) AS "
                "(SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :n) SELECT i FROM s"
            ),
            {"n": n},
        )
        c.execute(insert(T["distributors"]).values(code="bn", name="Bench", created_at=AT))
        c.execute(
            insert(T["product_versions"]).values(
                code="bn",
                version="v1",
                rules_sha256="0" * 64,
                sales_open_from=date(2015, 1, 1),
                published_at=AT,
            )
        )
        c.execute(
            insert(T["users"]).values(
                id="bn-staff",
                email="staff@bench.test",
                kind="staff",
                display_name="Staff",
                language="nl",
                active=True,
                created_at=AT,
            )
        )
        for table, values in _rows().items():
            columns = list(values)
            source = select(
                *[_expr(T[table].c[k], v).label(k) for k, v in values.items()]
            ).select_from(text("bench_n"))
            c.execute(insert(T[table]).from_select(columns, source))
        _payouts(c)
    return time.perf_counter() - started


def _payouts(c: Any) -> None:
    """A final decision and a paid payout (to the member's IBAN) per claim, from the claims."""
    claims, decisions, payouts = T["claims"], T["claim_decisions"], T["payouts"]
    c.execute(
        insert(decisions).from_select(
            [
                "claim_id",
                "sequence",
                "kind",
                "state",
                "outcome",
                "payable_cents",
                "product_code",
                "product_version",
                "decision",
                "decided_by",
                "decided_at",
            ],
            select(
                claims.c.id,
                literal(1),
                literal("handler"),
                literal("final"),
                literal("accepted"),
                literal(5000),
                literal("bn"),
                literal("v1"),
                literal({"reasons": []}, decisions.c.decision.type),
                literal("bn-staff"),
                literal(CLOSED, decisions.c.decided_at.type),
            ),
        )
    )
    c.execute(
        insert(payouts).from_select(
            [
                "id",
                "claim_id",
                "decision_id",
                "household_id",
                "amount_cents",
                "iban",
                "holder_name",
                "remittance",
                "status",
                "instructed_at",
                "instant",
                "created_at",
                "updated_at",
            ],
            select(
                literal("po") + cast(decisions.c.id, String),
                claims.c.id,
                decisions.c.id,
                claims.c.household_id,
                literal(5000),
                claims.c.payee_iban,
                claims.c.payee_name,
                literal("claim ") + claims.c.id,
                literal("paid"),
                literal(CLOSED, payouts.c.instructed_at.type),
                literal(True),
                literal(CLOSED, payouts.c.created_at.type),
                literal(CLOSED, payouts.c.updated_at.type),
            ).join_from(claims, decisions, decisions.c.claim_id == claims.c.id),
        )
    )


def _id(prefix: str) -> Any:
    return literal(prefix) + cast(text("i"), String)


def _expr(column: Any, value: Any) -> Any:
    if hasattr(value, "label"):
        return value
    return literal(value, column.type)


def _rows() -> dict[str, dict[str, Any]]:
    ended, on = date(2016, 3, 1), date(2015, 3, 2)
    return {
        "households": {"id": _id("hh"), "created_at": AT},
        "persons": {
            "id": _id("p"),
            "household_id": _id("hh"),
            "given_name": _id("Given"),
            "family_name": _id("Family"),
            "birth_date": date(1985, 7, 30),
            "language": "nl",
            "email": _id("member@") + literal(".example"),
            "phone": _id("+3247"),
            "national_register_number": literal("85") + cast(text("i"), String),
        },
        "household_addresses": {
            "household_id": _id("hh"),
            "street": _id("Street "),
            "number": "1",
            "postcode": "9000",
            "city": "Gent",
            "country": "BE",
            "from_date": on,
        },
        "affiliations": {
            "id": _id("aff"),
            "distributor_code": "bn",
            "customer_ref": _id("c"),
            "household_id": _id("hh"),
            "product_code": "bn",
            "product_version": "v1",
            "subscribed_on": on,
            "start_date": on,
            "status": "terminated",
            "term_end": ended,
            "prevention_declarations": {},
            "terms_token_sha256": "0" * 64,
            "row_version": 1,
            "created_at": AT,
        },
        "affiliation_status_periods": {
            "affiliation_id": _id("aff"),
            "status": "terminated",
            "start_date": ended,
        },
        "users": {
            "id": _id("u"),
            "email": _id("user@") + literal(".example"),
            "kind": "member",
            "person_id": _id("p"),
            "display_name": _id("Given"),
            "language": "nl",
            "active": True,
            "created_at": AT,
        },
        "assistance_cases": {
            "id": _id("case"),
            "affiliation_id": _id("aff"),
            "household_id": _id("hh"),
            "person_id": _id("p"),
            "narrative": _id("What happened to Given"),
            "discovery_date": on,
            "urgent": False,
            "channel": "phone",
            "language": "nl",
            "status": "closed",
            "opened_by": "bn-staff",
            "opened_at": AT,
            "first_contact_due_at": AT,
            "closed_at": CLOSED,
            "row_version": 1,
        },
        "case_notes": {
            "case_id": _id("case"),
            "author_user_id": "bn-staff",
            "compartment": "general",
            "body": _id("Note on Given"),
            "created_at": AT,
        },
        "claims": {
            "id": _id("cl"),
            "case_id": _id("case"),
            "affiliation_id": _id("aff"),
            "household_id": _id("hh"),
            "person_id": _id("p"),
            "guarantee": "ECOM",
            "claimed_cents": 5000,
            "payable_cents": 5000,
            "paid_cents": 5000,
            "recovered_cents": 0,
            "discovery_date": on,
            "declaration_date": on,
            "circumstances": {"story": "x"},
            "language": "nl",
            "status": "decided",
            "outcome": "accepted",
            "payee_iban": _id("BE71"),
            "payee_name": _id("Given"),
            "submitted_by": "bn-staff",
            "submitted_at": AT,
        },
        "claim_evidence": {
            "claim_id": _id("cl"),
            "evidence_type": "bank_statement",
            "filename": _id("f"),
            "content_type": "application/pdf",
            "size_bytes": 2048,
            "sha256": "e" * 64,
            "content": b"x" * 2048,
            "received_at": AT,
            "uploaded_by": "bn-staff",
        },
    }


def bench(name: str, url: str, n: int, batch: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    seconds = seed(engine, n)
    if engine.dialect.name == "postgresql":  # as autovacuum would have, on tables this size
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE"))
    print(f"{name}: seeded {n} households in {seconds:.1f} s", flush=True)
    database = Database(engine)
    clock = FixedClock(datetime(2040, 1, 1, 3, tzinfo=UTC))
    last = [time.perf_counter()]

    def progress(code: str, done: int) -> None:
        if done % (batch * 5) == 0 or done == n:
            print(f"  {code}: {done} ({time.perf_counter() - last[0]:.1f} s)", flush=True)

    started = time.perf_counter()
    counts = pseudonymise_expired(database, load_schedule(), clock, batch=batch, progress=progress)
    elapsed = time.perf_counter() - started
    print(f"{name}: job {elapsed:.1f} s for {n} households ({n / elapsed:.0f}/s): {counts}")
    started = time.perf_counter()
    again = pseudonymise_expired(database, load_schedule(), clock, batch=batch)
    print(f"{name}: second run {time.perf_counter() - started:.2f} s: {again}", flush=True)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    if args.only != "postgresql":
        with sqlite_database() as url:
            bench("sqlite", url, args.n, args.batch)
    if args.only != "sqlite":
        reason = postgres_available()
        if reason:
            print(f"postgresql: skipped ({reason})", file=sys.stderr)
            return
        with postgres_database() as url:
            bench("postgresql", url, args.n, args.batch)


if __name__ == "__main__":
    main()
